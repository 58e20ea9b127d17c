#!/usr/bin/env bash
# The client matrix: real Kubernetes clients nobody here wrote, each through the Paralus relay and directly against
# the sandbox apiserver, operation by operation. Starts a stack of its own (own state folder and ports, like the
# walkthrough), prints a table of client x operation x path, saves it to .local/test-results/client-matrix.md and
# ends with 'client-matrix: N passed, N failed'. A kubectl version that is not installed is left out, and says so.
# Usage: tests/client-matrix/run.sh        (after a build: the C# client runs from its Release output)
set -uo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
cd "$ROOT"
source scripts/lib.sh

work="$(mktemp -d)"
export PARALUS_STATE="$work/state" PARALUS_CONFIG="$work/cli-config"
export PARALUS_API_PORT=18071 PARALUS_AZURITE_PORT=18002 PARALUS_RELAY_PORT=18443 PARALUS_RELAY_AGENT_PORT=18444 PARALUS_SANDBOX_PORT=18643 PARALUS_BROKER_PORT=18672
trap './run.sh down >/dev/null 2>&1; rm -rf "$work"' EXIT

log "client matrix: installing what is missing (python3-kubernetes, @kubernetes/client-node), building the C# client"
ensure_python_kubernetes
(cd "$HERE/javascript" && npm ci --no-audit --no-fund --loglevel=error >&2) || die "npm ci in $HERE/javascript failed"
dotnet build "$HERE/csharp/Paralus.ClientMatrix.CSharp.csproj" -c Release -nologo -v quiet >&2 || die "the C# client did not build"

log "client matrix: starting a stack of its own"
./run.sh --detach > "$work/run.log" 2>&1 || { cat "$work/run.log"; die "the stack did not start"; }
# shellcheck disable=SC1091
source "$PARALUS_STATE/env"
declare -A KUBECONFIG_OF=([direct]="$PARALUS_SANDBOX_KUBECONFIG" [relay]="$PARALUS_ADMIN_KUBECONFIG")
PATHS=(direct relay)
direct() { kubectl --kubeconfig "$PARALUS_SANDBOX_KUBECONFIG" "$@"; }

# Clients: a name and the command that runs the client's operations, given KUBECONFIG NAMESPACE POD.
CLIENTS=(); declare -A COMMAND_OF
add_client() { CLIENTS+=("$1"); COMMAND_OF[$1]=$2; }
SDK_BIN=/usr/lib/google-cloud-sdk/bin
missing=()
for version in 1.27 1.30 1.33; do
  if [[ -x "$SDK_BIN/kubectl.$version" ]]; then add_client "kubectl $version" "$HERE/kubectl.sh $SDK_BIN/kubectl.$version"
  else missing+=("kubectl $version ($SDK_BIN/kubectl.$version)"); fi
done
add_client "kubectl $(kubectl version --client -o json | sed -n 's/.*"gitVersion": *"v\([0-9]*\.[0-9]*\).*/\1/p' | head -1) (PATH)" "$HERE/kubectl.sh $(command -v kubectl)"
add_client "Python" "/usr/bin/python3 $HERE/python/matrix.py"
add_client "C#" "dotnet $HERE/csharp/bin/Release/net10.0/Paralus.ClientMatrix.CSharp.dll"
add_client "JavaScript" "node $HERE/javascript/matrix.mjs"

direct apply -f "$HERE/manifests/widget-crd.yaml" >/dev/null || die "the Widget CRD was not created"
results="$work/results.tsv"; : > "$results"
for client in "${CLIENTS[@]}"; do
  for path in "${PATHS[@]}"; do
    ns="matrix-$(tr -cd 'a-z0-9' <<<"${client,,}")-$path"
    direct create namespace "$ns" >/dev/null
    direct run probe -n "$ns" --image=busybox --restart=Never --command -- sleep 3600 >/dev/null
    direct wait -n "$ns" --for=condition=Ready pod/probe --timeout=30s >/dev/null
    log "client matrix: $client, $path"
    # shellcheck disable=SC2086  # the command is words: a program and its fixed arguments
    ${COMMAND_OF[$client]} --kubeconfig "${KUBECONFIG_OF[$path]}" --namespace "$ns" --pod probe 2> "$work/stderr" \
      | awk -F'\t' -v client="$client" -v path="$path" 'NF >= 2 { print client "\t" path "\t" $0 }' >> "$results"
    grep -q "^$client	$path	" "$results" || { printf '%s\t%s\tstart\tfail\t%s\n' "$client" "$path" "$(tail -1 "$work/stderr")" >> "$results"; }
  done
done

table="$ROOT/.local/test-results/client-matrix.md"; mkdir -p "$(dirname "$table")"
awk -F'\t' -f "$HERE/table.awk" -v missing="$(IFS=';'; echo "${missing[*]}")" "$results" | tee "$table"
passed=$(awk -F'\t' '$4 == "ok"' "$results" | wc -l); failed=$(awk -F'\t' '$4 == "fail"' "$results" | wc -l)
echo "client-matrix: $passed passed, $failed failed"
(( failed == 0 ))
