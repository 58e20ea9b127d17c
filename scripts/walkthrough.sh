#!/usr/bin/env bash
# Runs the README walkthrough for real: ./run.sh --detach, source the env file, the exact paralus CLI session,
# a restart that must keep every change, ./run.sh down. Prints 'walkthrough: N passed, N failed'.
# Uses its own state folder, ports and CLI config, so a stack you are running is left alone.
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

work="$(mktemp -d)"
export PARALUS_STATE="$work/state" PARALUS_CONFIG="$work/cli-config"
export PARALUS_API_PORT=17071 PARALUS_AZURITE_PORT=17002 PARALUS_RELAY_PORT=17443 PARALUS_RELAY_AGENT_PORT=17444 PARALUS_SANDBOX_PORT=17643 PARALUS_BROKER_PORT=17672
passed=0; failed=0

check() { # check "what" command...   (passes when the command exits 0)
  local what=$1; shift
  if out=$("$@" 2>&1); then passed=$((passed + 1)); echo "  ok   $what"
  else failed=$((failed + 1)); echo "  FAIL $what"; sed 's/^/       /' <<<"$out"; fi
}
expect_output() { # expect_output "what" "needle" command...
  local what=$1 needle=$2; shift 2
  local out; out=$("$@" 2>&1)
  if grep -qF -- "$needle" <<<"$out"; then passed=$((passed + 1)); echo "  ok   $what"
  else failed=$((failed + 1)); echo "  FAIL $what (wanted '$needle')"; sed 's/^/       /' <<<"$out"; fi
}
expect_eventually() { # expect_eventually "what" "needle" command...   (retries for up to 10 s: some effects, like the agent deleting a service account, follow an event)
  local what=$1 needle=$2; shift 2
  local out deadline=$((SECONDS + 10))
  while :; do
    out=$("$@" 2>&1)
    if grep -qF -- "$needle" <<<"$out"; then passed=$((passed + 1)); echo "  ok   $what"; return; fi
    if (( SECONDS >= deadline )); then failed=$((failed + 1)); echo "  FAIL $what (wanted '$needle')"; sed 's/^/       /' <<<"$out"; return; fi
    sleep 0.5
  done
}
fails() { # fails "what" command...   (passes when the command exits non-zero)
  local what=$1; shift
  if "$@" >/dev/null 2>&1; then failed=$((failed + 1)); echo "  FAIL $what (should have failed)"; else passed=$((passed + 1)); echo "  ok   $what"; fi
}
finish() {
  ./run.sh down >/dev/null 2>&1
  [[ -n "${dev_sandbox_pid:-}" ]] && kill "$dev_sandbox_pid" 2>/dev/null
  rm -rf "$work"
  echo "walkthrough: ${passed} passed, ${failed} failed"
}
trap finish EXIT

check "run.sh --detach starts the stack" ./run.sh --detach
# shellcheck disable=SC1091
source "$PARALUS_STATE/env"
check "env file sets the API, admin and PATH" test -n "$PARALUS_API" -a -r "$PARALUS_ADMIN_PASSWORD_FILE" -a -x "$(command -v paralus)"
check "env file names the relay and the kubeconfigs" test -n "$PARALUS_RELAY" -a -r "$PARALUS_ADMIN_KUBECONFIG" -a -r "$PARALUS_SANDBOX_KUBECONFIG"
check "kubectl get pods -A through the relay works right away" kubectl --kubeconfig "$PARALUS_ADMIN_KUBECONFIG" get pods -A
expect_output "kubectl get namespaces through the relay" "kube-system" kubectl --kubeconfig "$PARALUS_ADMIN_KUBECONFIG" get namespaces
check "create namespace apple through the relay" kubectl --kubeconfig "$PARALUS_ADMIN_KUBECONFIG" create namespace apple
check "admin password file is 0600" test "$(stat -c %a "$PARALUS_ADMIN_PASSWORD_FILE")" = 600

echo "sally-password-1" > "$work/sally-password.txt"
check "login" paralus login --server "$PARALUS_API" --user "$PARALUS_ADMIN_USER" --password-stdin < "$PARALUS_ADMIN_PASSWORD_FILE"
# run.sh made the first sign-in, which replaced the generated password: this session is a full one.
fails "the admin's session is not restricted" grep -q restriction <(paralus whoami -o yaml)
check "CLI config is 0600" test "$(stat -c %a "$PARALUS_CONFIG")" = 600
expect_output "create project aws" "project/aws created" paralus create project aws
expect_output "create group" "group/AWS Project Members created" paralus create group "AWS Project Members"
check "create user virat" paralus create user virat.kohli@paralus.local --first-name Virat --last-name Kohli
check "add virat to the group" paralus update group "AWS Project Members" --add-users virat.kohli@paralus.local
check "bind PROJECT_ADMIN on aws to the group" paralus create rolebinding --group "AWS Project Members" --role PROJECT_ADMIN --project aws
check "create sally with a password" paralus create user sally@example.com --first-name Sally --password-stdin < "$work/sally-password.txt"
check "bind NAMESPACE_ADMIN on aws/apple to sally" paralus create rolebinding --user sally@example.com --role NAMESPACE_ADMIN --project aws --namespace apple
check "bind NAMESPACE_ADMIN on default/apple to sally" paralus create rolebinding --user sally@example.com --role NAMESPACE_ADMIN --project default --namespace apple
expect_output "rolebindings as JSON" '"namespace": "apple"' paralus get rolebindings -o json
expect_output "can-i says yes and why" "via group 'AWS Project Members'" paralus can-i --user virat.kohli@paralus.local --project aws cluster.read
check "can-i exits 0 when allowed" paralus can-i --user virat.kohli@paralus.local --project aws cluster.read
check "remove virat from the group" paralus update group "AWS Project Members" --remove-users virat.kohli@paralus.local
fails "can-i exits non-zero once removed" paralus can-i --user virat.kohli@paralus.local --project aws cluster.read
expect_output "get users" "virat.kohli@paralus.local" paralus get users
expect_output "get projects" "aws" paralus get projects
expect_output "get groups" "AWS Project Members" paralus get groups
expect_output "get roles" "NAMESPACE_READ_ONLY" paralus get roles
check "delete the group" paralus delete group "AWS Project Members"
expect_output "audit shows the delete" '"action": "group.delete"' paralus audit system --since 1h -o json
key_id=$(paralus create apikey -o json | sed -n 's/.*"id": "\([^"]*\)".*/\1/p' | head -1)
check "create apikey" test -n "$key_id"
expect_output "get apikeys" "$key_id" paralus get apikeys
check "delete apikey" paralus delete apikey "$key_id"
fails "a duplicate project is refused" paralus create project aws
expect_output "the refusal says why" "already exists" paralus create project aws

# ./run.sh imported the sandbox as a user imports a cluster: the manifest applied with kubectl, the agent registered
# with its token and keeps its certificate in the cluster.
expect_output "the sandbox is registered and connected" "-$PARALUS_RELAY_PORT" paralus get cluster sandbox
expect_output "the sandbox's agent keeps its certificate in the cluster" "paralus-agent-certificate" kubectl --kubeconfig "$PARALUS_SANDBOX_KUBECONFIG" get secrets -n paralus-system
spent_token=$(kubectl --kubeconfig "$PARALUS_SANDBOX_KUBECONFIG" get secret paralus-agent-registration -n paralus-system -o jsonpath='{.data.token}' | base64 -d)
expect_output "the spent registration token cannot register again" "already used" curl -s -X POST -H 'Content-Type: application/json' \
  "$PARALUS_API/api/v1/clusters/register" -d "{\"token\":\"$spent_token\",\"csr\":\"-\",\"fingerprint\":\"-\"}"

# Import a second Kubernetes cluster (another sandbox) into project aws with its admin kubeconfig. A sandbox runs no
# containers, so './run.sh agent --kubeconfig' runs the agent its Deployment describes; 'create cluster --wait' returns
# once that agent is connected.
dotnet sandbox/bin/Release/net10.0/paralus-sandbox.dll --port 17644 --name dev-1 --kubeconfig-out "$work/dev-1-admin.kubeconfig" > "$work/dev-1.log" 2>&1 &
dev_sandbox_pid=$!
for _ in $(seq 60); do [[ -s "$work/dev-1-admin.kubeconfig" ]] && kubectl --kubeconfig "$work/dev-1-admin.kubeconfig" get namespaces >/dev/null 2>&1 && break; sleep 0.5; done
paralus create cluster dev-1 --project aws --kubeconfig "$work/dev-1-admin.kubeconfig" --wait --timeout 90s > "$work/import.out" 2>&1 &
import_pid=$!
for _ in $(seq 120); do
  grep -qF "deployment.apps/paralus-agent created" "$work/import.out" || ! kill -0 "$import_pid" 2>/dev/null && break
  sleep 0.5
done
expect_output "create cluster applies the agent's manifest" "deployment.apps/paralus-agent created" cat "$work/import.out"
check "run.sh agent runs it beside that sandbox" ./run.sh agent --kubeconfig "$work/dev-1-admin.kubeconfig"
import_status=0; wait "$import_pid" || import_status=$?
check "create cluster --wait returns once the agent is connected" test "$import_status" = 0
expect_output "create cluster --wait says which relays" "cluster/dev-1 connected (relays: " cat "$work/import.out"
expect_output "get clusters shows dev-1 registered and connected" "-$PARALUS_RELAY_PORT" paralus get cluster dev-1
check "the admin gets a kubeconfig for dev-1" paralus kubeconfig --cluster dev-1 -o "$work/dev-1.kubeconfig"
check "kubectl through dev-1's agent creates a namespace" kubectl --kubeconfig "$work/dev-1.kubeconfig" create namespace only-on-dev-1
check "it is in dev-1" kubectl --kubeconfig "$work/dev-1-admin.kubeconfig" get namespace only-on-dev-1
fails "and not in the stack's sandbox" kubectl --kubeconfig "$PARALUS_SANDBOX_KUBECONFIG" get namespace only-on-dev-1
agent_pids=$(cat "$PARALUS_STATE"/pids/agent-*.pid | tr "\n" " ")
check "two agents run, one per sandbox" test "$(wc -w <<<"$agent_pids")" = 2

# Sally signs in and uses kubectl on the sandbox (project default) with her own kubeconfig.
sally_config="$work/sally-cli-config"
check "sally logs in" env PARALUS_CONFIG="$sally_config" paralus login --server "$PARALUS_API" --user sally@example.com --password-stdin < "$work/sally-password.txt"
check "sally gets a kubeconfig (0600)" env PARALUS_CONFIG="$sally_config" paralus kubeconfig --cluster sandbox -o "$work/sally.kubeconfig"
check "sally's kubeconfig is 0600" test "$(stat -c %a "$work/sally.kubeconfig")" = 600
check "sally creates in apple" kubectl --kubeconfig "$work/sally.kubeconfig" create configmap hello --from-literal=a=b -n apple
check "sally reads in apple" kubectl --kubeconfig "$work/sally.kubeconfig" get configmaps -n apple
expect_output "sally may not list namespaces" 'cannot list resource "namespaces"' kubectl --kubeconfig "$work/sally.kubeconfig" get namespaces
expect_output "sally may not read default" 'in the namespace "default"' kubectl --kubeconfig "$work/sally.kubeconfig" get pods -n default
expect_output "sally's JIT service account exists" "sally-64example-46com" kubectl --kubeconfig "$PARALUS_SANDBOX_KUBECONFIG" get serviceaccounts -n paralus-system
# Seed scenario 2: access taken away ends what is already open, everywhere, within a second.
kubectl --kubeconfig "$work/sally.kubeconfig" get configmaps -n apple -w > /dev/null 2>&1 &
watch_pid=$!
sleep 2
check "sally's watch is open" kill -0 "$watch_pid"
check "deactivate sally" paralus deactivate user sally@example.com
check "sally's open watch ends" timeout 3 tail --pid="$watch_pid" -f /dev/null
expect_eventually "sally is refused" "You must be logged in" kubectl --kubeconfig "$work/sally.kubeconfig" get configmaps -n apple
expect_eventually "sally's JIT service account is deleted" "NotFound" kubectl --kubeconfig "$PARALUS_SANDBOX_KUBECONFIG" get serviceaccount sally-64example-46com -n paralus-system
check "activate sally" paralus activate user sally@example.com
expect_eventually "sally works again" "hello" kubectl --kubeconfig "$work/sally.kubeconfig" get configmaps -n apple
kill "$watch_pid" 2>/dev/null
check "revoke sally's kubeconfig" paralus kubeconfig revoke --user sally@example.com
expect_eventually "a revoked kubeconfig is refused" "You must be logged in" kubectl --kubeconfig "$work/sally.kubeconfig" get configmaps -n apple
expect_eventually "the audit log shows who created the configmap" '"resource": "configmaps"' paralus audit kubectl --user sally@example.com --verb create --since 1h -o json
expect_eventually "and sally's denied request, with its reason" '"decision": "deny"' paralus audit kubectl --user sally@example.com --decision deny --namespace default -o json
expect_output "the audit exports as Kubernetes audit Events" '"apiVersion":"audit.k8s.io/v1"' paralus audit export --format k8s --user sally@example.com --since 1h
expect_output "paralus audit verify finds the kubectl audit as it was stored" "are as they were stored" paralus audit verify
# Sally's kubeconfig is revoked by now: the administrator's on dev-1 makes the next request.
paralus audit kubectl --follow --cluster dev-1 --since 1m > "$work/follow.out" 2>&1 &
follow_pid=$!
kubectl --kubeconfig "$work/dev-1.kubeconfig" get configmap followed-by-audit -n default >/dev/null 2>&1 || true
expect_eventually "audit kubectl --follow shows the next request as it comes" "followed-by-audit" cat "$work/follow.out"
kill "$follow_pid" 2>/dev/null; wait "$follow_pid" 2>/dev/null || true

check "run.sh down" ./run.sh down
check "run.sh down stopped both agents" bash -c "for pid in $agent_pids; do ! kill -0 \$pid 2>/dev/null || exit 1; done"
kill "$dev_sandbox_pid" 2>/dev/null
check "run.sh --detach again" ./run.sh --detach
expect_output "projects survive the restart" "aws" paralus get projects
expect_output "users survive the restart" "sally@example.com" paralus get users
check "sally can log in after the restart" paralus login --server "$PARALUS_API" --user sally@example.com --password-stdin < "$work/sally-password.txt"
expect_output "the sandbox kept its objects across the restart" "hello" kubectl --kubeconfig "$PARALUS_SANDBOX_KUBECONFIG" get configmaps -n apple

(( failed == 0 ))
