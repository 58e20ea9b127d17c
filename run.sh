#!/usr/bin/env bash
# Paralus Cloud local stack.
#   ./run.sh            build and run everything in the foreground (Ctrl-C stops it)
#   ./run.sh --detach   start in the background and return once healthy
#   ./run.sh down       stop what --detach started
#   ./run.sh agent [--kubeconfig FILE]
#                       run, beside a sandbox (by default the stack's), the agent of the manifest applied to it
# Writes .paralus/env: `source .paralus/env` sets PARALUS_API and friends and puts `paralus` on PATH.
set -euo pipefail
source "$(dirname "$0")/scripts/lib.sh"
CALLER_DIR="$PWD"
cd "$ROOT"

AZURITE_PORT="${PARALUS_AZURITE_PORT:-10002}"
API_PORT="${PARALUS_API_PORT:-7071}"
RELAY_PORT="${PARALUS_RELAY_PORT:-7443}"
RELAY_AGENT_PORT="${PARALUS_RELAY_AGENT_PORT:-7444}"
SANDBOX_PORT="${PARALUS_SANDBOX_PORT:-6443}"
BROKER_PORT="${PARALUS_BROKER_PORT:-5672}"
BROKER_DIR="$STATE/data/broker"
PIDS="$STATE/pids"
BIN_DIR="bin/Release/net10.0"
STORAGE="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:$AZURITE_PORT/devstoreaccount1;"

# Settings every Paralus process shares: the same tables, the same session-signing key, the same CA folder.
export Paralus__Storage__ConnectionString="$STORAGE"
export Paralus__Auth__SigningKeyFile="$STATE/keys/session-signing.key"
export Paralus__Secrets__KeyFile="$STATE/keys/secrets.key"
export Paralus__Certificates__Folder="$STATE/ca"

stop_all() {
  [[ -d "$PIDS" ]] || return 0
  # Reverse start order: clients of storage and of the broker go before them; agents of imported clusters first.
  local imported; imported=$(cd "$PIDS" && ls agent-*.pid 2>/dev/null | sed 's/\.pid$//' || true)
  for name in $imported sandbox relay functions broker azurite; do
    if [[ "$name" == broker ]]; then
      [[ -e "$BROKER_DIR/rabbitmq.pid" ]] && log "stopping the broker"
      "$ROOT/scripts/broker.sh" stop --dir "$BROKER_DIR" || true
      continue
    fi
    local pidfile="$PIDS/$name.pid"
    [[ -e "$pidfile" ]] || continue
    local pid; pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then
      log "stopping $name ($pid)"
      # Azurite saves its data only on SIGINT. The .NET apps stop gracefully (the sandbox saves its state) on SIGTERM:
      # background jobs of a script start with SIGINT ignored, and .NET keeps it that way.
      if [[ "$name" == azurite ]]; then kill -INT "$pid" 2>/dev/null || true; else kill -TERM "$pid" 2>/dev/null || true; fi
      for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$pidfile"
  done
}

start() {
  local detach=$1
  ensure_dotnet
  ensure_azurite
  ensure_rabbitmq
  mkdir -p "$STATE/data/azurite" "$STATE/logs" "$STATE/bin" "$PIDS"
  chmod 700 "$STATE"
  stop_all

  log "building"
  dotnet build Paralus.Cloud.sln -c Release -nologo -v quiet >&2
  dotnet publish cli/Paralus.Cli.csproj -c Release -nologo -v quiet -o "$STATE/bin" >&2

  start_azurite
  start_broker
  start_control_plane
  start_relay
  start_sandbox
  import_sandbox
  start_agent
  write_env
  grep -h "First administrator" "$STATE/logs/functions.log" >&2 || true
  log "ready. Next:"
  cat >&2 <<EON
    source .paralus/env
    paralus login --server "\$PARALUS_API" --user "\$PARALUS_ADMIN_USER" --password-stdin < "\$PARALUS_ADMIN_PASSWORD_FILE"
    paralus get projects
    kubectl --kubeconfig "\$PARALUS_ADMIN_KUBECONFIG" get pods -A     # through the relay and the agent to the sandbox
EON
  if [[ "$detach" == "no" ]]; then
    trap 'stop_all; exit 0' INT TERM
    log "running in the foreground; Ctrl-C stops everything (logs in .paralus/logs)"
    tail -n +1 -f "$STATE"/logs/*.log &
    wait
  fi
}

# run NAME COMMAND...: starts a process in the background with its log in .paralus/logs/NAME.log.
run() {
  local name=$1; shift
  "$@" > "$STATE/logs/$name.log" 2>&1 &
  echo $! > "$PIDS/$name.pid"
}

start_azurite() {
  log "starting Azurite (tables on 127.0.0.1:$AZURITE_PORT, data in .paralus/data/azurite)"
  run azurite "$(azurite_table_bin)" --tableHost 127.0.0.1 --tablePort "$AZURITE_PORT" --location "$STATE/data/azurite" \
    --skipApiVersionCheck --loose --silent
  wait_for_port 127.0.0.1 "$AZURITE_PORT" 30 || die "Azurite did not start; see .paralus/logs/azurite.log"
}

# RabbitMQ with AMQP 1.0 on loopback, mirroring the Service Bus entities (infra/broker/definitions.json). Its only
# user is 'paralus', with a random password made on first start (mode 0600, in the broker's folder).
start_broker() {
  log "starting the broker (AMQP 1.0 on 127.0.0.1:$BROKER_PORT, data in .paralus/data/broker)"
  "$ROOT/scripts/broker.sh" start --dir "$BROKER_DIR" --port "$BROKER_PORT" \
    || die "the broker did not start; see .paralus/data/broker/log"
  export Paralus__Messaging__Broker=Local
  export Paralus__Messaging__Host=127.0.0.1
  export Paralus__Messaging__Port="$BROKER_PORT"
  export Paralus__Messaging__UserName=paralus
  Paralus__Messaging__PasswordFile="$("$ROOT/scripts/broker.sh" password --dir "$BROKER_DIR")"
  export Paralus__Messaging__PasswordFile
}

start_control_plane() {
  log "starting the control plane on http://127.0.0.1:$API_PORT"
  Paralus__ControlPlane__AdminPasswordFile="$STATE/admin-password" \
  Paralus__Kubeconfig__RelayUrl="https://127.0.0.1:$RELAY_PORT" \
  Paralus__Kubeconfig__RelayCaFile="$STATE/relay/relay-ca.crt" \
  Paralus__Registration__ControlPlaneUrl="http://127.0.0.1:$API_PORT" \
  Paralus__Registration__RelayAgentUrls="https://127.0.0.1:$RELAY_AGENT_PORT" \
  Paralus__ControlPlane__ApiReference=true \
  ASPNETCORE_URLS="http://127.0.0.1:$API_PORT" \
    run functions dotnet "functions/$BIN_DIR/Paralus.Functions.dll"
  wait_for_url "http://127.0.0.1:$API_PORT/readyz" 60 || die "the control plane did not become ready; see .paralus/logs/functions.log"
}

start_relay() {
  log "starting a relay (kubectl on https://127.0.0.1:$RELAY_PORT, agents on :$RELAY_AGENT_PORT)"
  Paralus__Relay__UserPort="$RELAY_PORT" \
  Paralus__Relay__AgentPort="$RELAY_AGENT_PORT" \
  Paralus__Relay__CertificateFolder="$STATE/relay" \
  Paralus__Relay__AuditSpoolFolder="$STATE/data/audit-spool" \
  Paralus__Relay__AgentCaCertificateFile="$STATE/ca/agent-ca.crt" \
  Paralus__Relay__UserCaCertificateFile="$STATE/ca/user-ca.crt" \
    run relay dotnet "relay/$BIN_DIR/Paralus.Relay.dll"
  wait_for_port 127.0.0.1 "$RELAY_PORT" 60 || die "the relay did not start; see .paralus/logs/relay.log"
}

start_sandbox() {
  log "starting the sandbox cluster on https://127.0.0.1:$SANDBOX_PORT (state in .paralus/data/sandbox.json)"
  run sandbox dotnet "sandbox/$BIN_DIR/paralus-sandbox.dll" --port "$SANDBOX_PORT" \
    --kubeconfig-out "$STATE/sandbox.kubeconfig" --state-file "$STATE/data/sandbox.json" --name sandbox
  wait_for_port 127.0.0.1 "$SANDBOX_PORT" 30 || die "the sandbox did not start; see .paralus/logs/sandbox.log"
}

# Imports the sandbox as cluster 'sandbox' in project 'default' the way a user imports a cluster: 'paralus create
# cluster --kubeconfig' applies the agent's bootstrap manifest to it; start_agent then runs that agent. The CLI session
# uses its own config file.
import_sandbox() {
  export PARALUS_CONFIG="$STATE/cli-config"
  local paralus="$STATE/bin/paralus" sandbox="$STATE/sandbox.kubeconfig"
  "$paralus" login --server "http://127.0.0.1:$API_PORT" --user admin@paralus.local --password-stdin < "$STATE/admin-password" >/dev/null 2>&1 \
    || die "could not sign in as admin@paralus.local with the password in .paralus/admin-password; if you changed it, write the current one there"
  replace_generated_password "$paralus"
  if ! "$paralus" get cluster sandbox -o name >/dev/null 2>&1; then
    log "importing the sandbox as cluster 'sandbox' in project 'default' (its agent's manifest applied with kubectl)"
    "$paralus" create cluster sandbox --project default --kubeconfig "$sandbox" >> "$STATE/logs/import.log" 2>&1 \
      || die "importing the sandbox failed; see .paralus/logs/import.log"
  elif ! kubectl --kubeconfig "$sandbox" -n paralus-system get configmap paralus-agent >/dev/null 2>&1; then
    log "the sandbox lost its agent's manifest: applying a fresh one"
    "$paralus" get clusterbootstrap sandbox 2>> "$STATE/logs/import.log" | kubectl --kubeconfig "$sandbox" apply -f - >> "$STATE/logs/import.log" 2>&1 \
      || die "applying the sandbox's agent manifest failed; see .paralus/logs/import.log"
  fi
}

# The first sign-in with the generated password gets a session that may only change it. For the local stack, run.sh
# does that first change: a new random password, written (0600) before it is set, so it is never lost.
replace_generated_password() {
  local paralus=$1 next="$STATE/admin-password.next"
  "$paralus" whoami -o json | grep -q '"restriction": *"password_change"' || return 0
  (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$next")
  if ! printf '%s\n%s\n' "$(cat "$STATE/admin-password")" "$(cat "$next")" | "$paralus" passwd --password-stdin >/dev/null; then
    rm -f "$next"; die "changing the generated admin password failed"
  fi
  mv "$next" "$STATE/admin-password"
  log "first sign-in: the generated admin password was replaced, as the first sign-in must (the new one is in .paralus/admin-password)"
}

start_agent() {
  start_manifest_agent "$STATE/sandbox.kubeconfig"
  local paralus="$STATE/bin/paralus"
  local deadline=$((SECONDS + 60))
  until "$paralus" kubeconfig --cluster sandbox -o "$STATE/admin.kubeconfig" >/dev/null 2>&1 \
        && kubectl --kubeconfig "$STATE/admin.kubeconfig" get namespaces >/dev/null 2>&1; do
    (( SECONDS < deadline )) || die "kubectl through the relay did not work; see the agent's and the relay's logs in .paralus/logs"
    sleep 0.5
  done
}

# start_manifest_agent KUBECONFIG: a sandbox runs no containers, so when a cluster's bootstrap manifest is applied to it
# ('paralus create cluster NAME --project P --kubeconfig FILE'), this process stands in for the Deployment's container.
# It reads what the pod would mount (the ConfigMap's settings and relay CA, the registration Secret's token), keeps its
# certificate in the cluster's Secret as it would in a real cluster, and logs to .paralus/logs/agent-<cluster-id>.log.
start_manifest_agent() {
  local sandbox=$1 ns=paralus-system
  [[ -s "$sandbox" ]] || die "no kubeconfig at $sandbox"
  kubectl --kubeconfig "$sandbox" -n "$ns" get configmap paralus-agent >/dev/null 2>&1 \
    || die "no agent manifest is applied to that cluster: run 'paralus create cluster NAME --project P --kubeconfig $sandbox' first"
  local settings cluster_id
  settings=$(kubectl --kubeconfig "$sandbox" -n "$ns" get configmap paralus-agent \
    -o go-template='{{range $k, $v := .data}}{{if ne $k "relay-ca.crt"}}{{$k}}={{$v}}{{"\n"}}{{end}}{{end}}')
  cluster_id=$(sed -n 's/^Paralus__Agent__ClusterId=//p' <<<"$settings")
  [[ "$cluster_id" =~ ^[a-z0-9-]+$ ]] || die "the sandbox's paralus-agent ConfigMap names no cluster id"
  local dir="$STATE/agents/$cluster_id"
  mkdir -p "$dir"; chmod 700 "$dir"
  kubectl --kubeconfig "$sandbox" -n "$ns" get configmap paralus-agent -o jsonpath='{.data.relay-ca\.crt}' > "$dir/relay-ca.crt"
  # Gone once the agent registered and someone deleted it; the agent then starts from the certificate in its Secret.
  (umask 077; kubectl --kubeconfig "$sandbox" -n "$ns" get secret paralus-agent-registration -o jsonpath='{.data.token}' 2>/dev/null \
    | base64 -d > "$dir/registration-token" || true)
  local pidfile="$PIDS/agent-$cluster_id.pid"
  if [[ -e "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then log "the agent of cluster $cluster_id is already running"; return; fi
  log "starting the agent of cluster $cluster_id beside the sandbox, as its manifest describes (log: .paralus/logs/agent-$cluster_id.log)"
  (
    while IFS='=' read -r key value; do [[ "$key" == Paralus__Agent__* ]] && export "$key=$value"; done <<<"$settings"
    # The pod's mounts, as local files; the cluster is the sandbox.
    export Paralus__Agent__RegistrationTokenFile="$dir/registration-token" Paralus__Agent__RelayCaFile="$dir/relay-ca.crt" \
      Paralus__Agent__CertificateFile="$dir/agent.crt" Paralus__Agent__KeyFile="$dir/agent.key" Paralus__Agent__Kubeconfig="$sandbox"
    run "agent-$cluster_id" dotnet "agent/$BIN_DIR/Paralus.Agent.dll"
  )
}

write_env() {
  cat > "$STATE/env" <<EON
# Generated by ./run.sh — source it.
export PARALUS_API="http://127.0.0.1:$API_PORT"
export PARALUS_ADMIN_USER="admin@paralus.local"
export PARALUS_ADMIN_PASSWORD_FILE="$STATE/admin-password"
export PARALUS_RELAY="https://127.0.0.1:$RELAY_PORT"
export PARALUS_BROKER="amqp://127.0.0.1:$BROKER_PORT"
export PARALUS_ADMIN_KUBECONFIG="$STATE/admin.kubeconfig"
export PARALUS_SANDBOX_KUBECONFIG="$STATE/sandbox.kubeconfig"
export PATH="$STATE/bin:\$PATH"
EON
}

case "${1:-}" in
  "") start no ;;
  --detach|-d) start yes ;;
  down|stop) stop_all; log "stopped" ;;
  agent)
    [[ -d "$PIDS" && -s "$STATE/env" ]] || die "the local stack is not running: start it with ./run.sh --detach"
    case "${2:-}" in
      "") start_manifest_agent "$STATE/sandbox.kubeconfig" ;;
      --kubeconfig)
        [[ -n "${3:-}" ]] || die "usage: ./run.sh agent [--kubeconfig FILE]"
        if [[ "$3" == /* ]]; then start_manifest_agent "$3"; else start_manifest_agent "$CALLER_DIR/$3"; fi ;;
      *) die "usage: ./run.sh agent [--kubeconfig FILE]" ;;
    esac ;;
  *) die "usage: ./run.sh [--detach | down | agent [--kubeconfig FILE]]" ;;
esac
