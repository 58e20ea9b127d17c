#!/usr/bin/env bash
# The kubectl column of the client matrix: every operation a user runs, with one kubectl binary against one
# kubeconfig. Prints one line per operation, "<operation>\t<ok|fail|n/a>\t<detail>", like the library clients.
# Usage: kubectl.sh KUBECTL --kubeconfig FILE --namespace NS --pod POD   (the library clients' arguments)
set -uo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
KUBECTL=$1 KUBECONFIG_FILE=$3 NS=$5 POD=$7
[[ $# == 7 && $2 == --kubeconfig && $4 == --namespace && $6 == --pod ]] || { echo "usage: $0 KUBECTL --kubeconfig FILE --namespace NS --pod POD" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
k() { timeout 30 "$KUBECTL" --kubeconfig "$KUBECONFIG_FILE" "$@"; }

# run_op NAME: runs op_NAME, whose stdout is the detail and whose exit status says ok (0), fail (1) or n/a (2).
run_op() {
  local name=$1 started detail status
  started=$(date +%s.%N)
  # Each operation runs in a subshell of its own; what it started in the background (background) ends with it.
  detail=$(background_pids=(); "op_${name//-/_}" 2>&1; s=$?; for p in "${background_pids[@]}"; do kill "$p" 2>/dev/null; done; exit $s); status=$?
  detail=$(tr '\n\t' '  ' <<<"$detail" | cut -c1-160)
  local took; took=$(awk -v s="$started" -v e="$(date +%s.%N)" 'BEGIN { printf "%.2f", e - s }')
  case $status in
    0) printf '%s\tok\t%s (%s s)\n' "$name" "$detail" "$took" ;;
    2) printf '%s\tn/a\t%s\n' "$name" "$detail" ;;
    *) printf '%s\tfail\t%s (%s s)\n' "$name" "$detail" "$took" ;;
  esac
}

# background FILE COMMAND...: runs kubectl in the background, its output to FILE, until the operation ends.
background() {
  local file=$1; shift
  "$KUBECTL" --kubeconfig "$KUBECONFIG_FILE" "$@" > "$file" 2>&1 &
  background_pids+=($!)
}

# wait_for_line FILE PATTERN SECONDS: the first line of FILE matching PATTERN, once it appears.
wait_for_line() {
  local deadline=$((SECONDS + $3))
  while (( SECONDS < deadline )); do
    grep -m1 -E "$2" "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

op_version() { k version -o json | grep -o '"gitVersion": *"[^"]*"' | tail -1; }
op_get_raw() { k get --raw /version | grep -o '"gitVersion":"[^"]*"'; }
op_list() { k get pods -n "$NS" -o name | grep -x "pod/$POD"; }
op_apply() { k apply -n "$NS" -f "$HERE/manifests/app.yaml"; }
op_server_side_apply() { k apply --server-side --field-manager=matrix -n "$NS" -f "$HERE/manifests/ssa.yaml"; }
op_diff() {
  local out; out=$(k diff -n "$NS" -f "$HERE/manifests/app-scaled.yaml"); local status=$?
  # kubectl diff: 1 means "differences found", anything above is an error.
  [[ $status == 1 ]] && grep -q '^+  replicas: 3' <<<"$out" && { echo "replicas 2 -> 3"; return 0; }
  echo "exit $status: $out"; return 1
}
op_explain() { local out; out=$(k explain pods.spec.containers) && grep -m1 '^FIELD:' <<<"$out"; }
op_wait() { k wait -n "$NS" --for=condition=Available deployment/web --timeout=20s; }
op_rollout_status() { k rollout status -n "$NS" deployment/web --timeout=20s | tail -1; }
op_watch() {
  background "$work/watch" get configmaps -n "$NS" -l matrix=watch --watch -o name
  sleep 0.5
  k create configmap watched -n "$NS" --from-literal=a=1 >/dev/null && k label configmap watched -n "$NS" matrix=watch >/dev/null || return 1
  wait_for_line "$work/watch" 'configmap/watched' 5
}
op_logs_follow() {
  timeout 4 "$KUBECTL" --kubeconfig "$KUBECONFIG_FILE" logs -f -n "$NS" "$POD" > "$work/logs" 2>&1
  local lines; lines=$(wc -l < "$work/logs")
  echo "$lines lines in 4 s"; (( lines >= 2 ))
}
op_exec() {
  local out; out=$(k exec -n "$NS" "$POD" -- sh -c 'echo hi; exit 3'); local status=$?
  echo "exit $status, stdout \"$out\""; [[ $status == 3 && $out == hi ]]
}
op_exec_stdin() {
  local out; out=$(printf 'ping\n' | k exec -i -n "$NS" "$POD" -- cat); local status=$?
  echo "exit $status, stdout \"$out\""; [[ $status == 0 && $out == ping ]]
}
op_cp() {
  head -c 100000 /dev/urandom > "$work/upload"
  k cp "$work/upload" "$NS/$POD:/tmp/upload" && k cp "$NS/$POD:/tmp/upload" "$work/download" && cmp "$work/upload" "$work/download" && echo "100000 bytes there and back"
}
op_port_forward() {
  background "$work/pf" port-forward -n "$NS" "pod/$POD" :8080
  local line; line=$(wait_for_line "$work/pf" 'Forwarding from 127.0.0.1:[0-9]+' 10) || { cat "$work/pf"; return 1; }
  local port=${line##*127.0.0.1:}; port=${port%% *}
  /usr/bin/python3 - "$port" <<'PY'
import socket, sys
with socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10) as s:
    s.sendall(b"hello")
    got = b""
    while len(got) < 5:
        chunk = s.recv(5 - len(got))
        if not chunk: break
        got += chunk
print("echoed %r" % got.decode())
sys.exit(0 if got == b"hello" else 1)
PY
}
op_proxy() {
  background "$work/proxy" proxy --port=0
  local line; line=$(wait_for_line "$work/proxy" 'Starting to serve on 127.0.0.1:[0-9]+' 10) || { cat "$work/proxy"; return 1; }
  curl -sf "http://127.0.0.1:${line##*:}/version" | grep -o '"gitVersion": *"[^"]*"'
}
op_crd() {
  k apply -n "$NS" -f "$HERE/manifests/widget.yaml" >/dev/null || return 1
  k get widgets -n "$NS" | grep -E '^kubectl-widget +3( |$)' && k delete widget kubectl-widget -n "$NS" >/dev/null
}
op_run_rm() {
  local out; out=$(printf 'echo from-run\n' | k run "run-$RANDOM" -n "$NS" --rm -i --restart=Never --image=busybox -- sh 2>&1); local status=$?
  echo "exit $status: $out"; [[ $status == 0 && $out == *from-run* ]]
}
op_debug() {
  k debug -n "$NS" "$POD" --image=busybox --target="$POD" -- sh -c 'echo debugged' >/dev/null || return 1
  k get pod -n "$NS" "$POD" -o jsonpath='{.spec.ephemeralContainers[*].name}'
}
op_cleanup() { k delete -n "$NS" -f "$HERE/manifests/app.yaml" -f "$HERE/manifests/ssa.yaml" --ignore-not-found >/dev/null && k delete configmap watched -n "$NS" --ignore-not-found; }

for op in version get-raw list apply server-side-apply diff explain wait rollout-status watch logs-follow exec exec-stdin cp port-forward proxy crd run-rm debug cleanup; do
  run_op "$op"
done
