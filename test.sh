#!/usr/bin/env bash
# Runs every test the way CI does. Installs what is missing (Azurite and oidc-provider from npm, RabbitMQ from
# Debian, and for the client matrix python3-kubernetes from Debian and @kubernetes/client-node from npm); each test run
# starts its own Azurite and brokers on free ports, so it never touches the data of ./run.sh.
set -euo pipefail
source "$(dirname "$0")/scripts/lib.sh"
cd "$ROOT"

ensure_dotnet
ensure_azurite
export PARALUS_AZURITE_BIN="$(azurite_table_bin)"
ensure_oidc_provider
export PARALUS_OIDC_PROVIDER_DIR="$(oidc_provider_dir)"
ensure_rabbitmq
export PARALUS_RABBITMQ_SERVER="$RABBITMQ_SERVER"

log "building"
dotnet build Paralus.Cloud.sln -c Release -nologo -v quiet

results="$ROOT/.local/test-results"
rm -rf "$results"; mkdir -p "$results"
log "running tests"
status=0
dotnet test Paralus.Cloud.sln -c Release --no-build -nologo --logger "trx" --results-directory "$results" -- RunConfiguration.TreatNoTestsAsError=true || status=$?

# One closing line CI can read: 'N passed, N failed'.
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [[ -e "$trx" ]] || continue
  line=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$line"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$line")
  n=$(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$line")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${n:-0}))
done
log "running the README walkthrough (./run.sh --detach, the CLI session, restart, down)"
walk_status=0
scripts/walkthrough.sh | tee "$results/walkthrough.log" || walk_status=$?
w=$(sed -n 's/^walkthrough: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' "$results/walkthrough.log")
w=${w:-0 1}  # no summary line: the walkthrough died, count it as a failure
passed=$((passed + ${w%% *})); failed=$((failed + ${w##* }))
(( walk_status == 0 )) || status=$walk_status

log "running the client matrix (kubectl 1.27-1.33, Python, C#, JavaScript; through the relay and directly)"
matrix_status=0
tests/client-matrix/run.sh | tee "$results/client-matrix.log" || matrix_status=$?
m=$(sed -n 's/^client-matrix: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' "$results/client-matrix.log")
m=${m:-0 1}  # no summary line: the matrix died, count it as a failure
passed=$((passed + ${m%% *})); failed=$((failed + ${m##* }))
(( matrix_status == 0 )) || status=$matrix_status

echo "${passed} passed, ${failed} failed, ${skipped} skipped"
if (( passed == 0 )); then echo "no test ran" >&2; exit 1; fi
exit $status
