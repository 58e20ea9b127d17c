# Renders the client matrix's results (client, path, operation, ok|fail|n/a, detail; tab-separated) as Markdown:
# one row per operation, one column per client, each cell "direct / relay"; then every failure with its detail.
function mark(result) { return result == "ok" ? "✓" : result == "fail" ? "✗" : result == "" ? "·" : "–" }
{
  if (!($1 in seen_client)) { seen_client[$1] = 1; clients[++nclients] = $1 }
  if (!($3 in seen_op)) { seen_op[$3] = 1; ops[++nops] = $3 }
  result[$1, $2, $3] = $4
  if ($4 == "fail") failures[++nfailures] = "- " $1 ", " $2 ", " $3 ": " $5
  # How long an exec took, exit status included: through the relay, the Python client used to wait 5 s for it.
  if ($3 == "exec" && $4 == "ok" && match($5, /[0-9.]+ s/)) exec_took[$1, $2] = substr($5, RSTART, RLENGTH)
}
END {
  printf "| operation |"; for (c = 1; c <= nclients; c++) printf " %s |", clients[c]; print ""
  printf "|---|"; for (c = 1; c <= nclients; c++) printf ":---:|"; print ""
  for (o = 1; o <= nops; o++) {
    printf "| %s |", ops[o]
    for (c = 1; c <= nclients; c++) printf " %s %s |", mark(result[clients[c], "direct", ops[o]]), mark(result[clients[c], "relay", ops[o]])
    print ""
  }
  print ""
  print "Each cell: directly against the sandbox, then through the relay. ✓ works, ✗ fails, – the client cannot do it, · not run."
  printf "exec with its exit status, direct / relay:"
  for (c = 1; c <= nclients; c++) printf "%s %s %s / %s", (c > 1 ? ";" : ""), clients[c], exec_took[clients[c], "direct"], exec_took[clients[c], "relay"]
  print "."
  if (missing != "") { gsub(/;/, ", ", missing); print "Not installed, left out: " missing "." }
  if (nfailures > 0) { print ""; print "Failures:"; for (f = 1; f <= nfailures; f++) print failures[f] }
}
