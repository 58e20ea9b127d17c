#!/usr/bin/env bash
# A private RabbitMQ (AMQP 1.0 plugin) instance whose data, logs, cookie and password live in one folder.
# Used by run.sh and by the tests' RabbitMqBroker fixture, so the start logic exists once.
#
#   scripts/broker.sh start --dir DIR --port AMQP_PORT [--dist-port N] [--epmd-port N]
#   scripts/broker.sh stop --dir DIR
#   scripts/broker.sh password --dir DIR      prints the path of the password file (mode 0600)
#
# Everything listens on 127.0.0.1 only: AMQP on AMQP_PORT, Erlang distribution on --dist-port and a private epmd
# on --epmd-port (by default AMQP_PORT+20000 and +20001, or another offset outside the ephemeral range), so several
# instances (./run.sh's, each test's) coexist with each other and with a system RabbitMQ.
# The entities come from infra/broker/definitions.json, loaded at every boot. Loading definitions at boot
# suppresses RabbitMQ's default guest user: the only user is 'paralus', with a random password made once per DIR.
# start returns once the broker accepts connections; it is idempotent, and data survives stop/start with the same DIR.
set -euo pipefail
umask 077

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# The server script under /usr/lib: the /usr/sbin wrapper would switch to the rabbitmq user. rabbitmqctl is beside it.
SERVER="${PARALUS_RABBITMQ_SERVER:-/usr/lib/rabbitmq/bin/rabbitmq-server}"
START_TIMEOUT=60
USER_NAME=paralus

die() { printf 'broker.sh: %s\n' "$*" >&2; exit 1; }
usage() { die "usage: broker.sh start --dir DIR --port AMQP_PORT [--dist-port N] [--epmd-port N] | stop --dir DIR | password --dir DIR"; }

command=${1:-}; [[ -n "$command" ]] || usage; shift
DIR="" PORT="" DIST_PORT="" EPMD_PORT=""
while (( $# )); do
  case "$1" in
    --dir) DIR=${2:?}; shift 2 ;;
    --port) PORT=${2:?}; shift 2 ;;
    --dist-port) DIST_PORT=${2:?}; shift 2 ;;
    --epmd-port) EPMD_PORT=${2:?}; shift 2 ;;
    *) usage ;;
  esac
done
[[ -n "$DIR" ]] || usage
[[ "$command" != start ]] || mkdir -p "$DIR"
[[ -d "$DIR" ]] || { [[ "$command" == stop ]] && exit 0; die "no broker folder $DIR"; }
DIR="$(cd "$DIR" && pwd)"
PASSWORD_FILE="$DIR/broker-password"
ENV_FILE="$DIR/broker.env"
PID_FILE="$DIR/rabbitmq.pid"
EPMD_PID_FILE="$DIR/epmd.pid"
CONSOLE_LOG="$DIR/log/console.log"

# The environment rabbitmq-server and rabbitmqctl share: node name, cookie (in HOME), ports and paths.
# start writes it to DIR/broker.env; stop reads it back, so stop needs only the folder.
write_env() {
  local node_hash
  node_hash=$(printf '%s' "$DIR" | sha256sum | cut -c1-12)
  cat > "$ENV_FILE" <<EOF
BROKER_PORT=$PORT
export HOME="$DIR/home"
export RABBITMQ_NODENAME="paralus-$node_hash@localhost"
export RABBITMQ_CONF_ENV_FILE="$DIR/rabbitmq-env.conf"
export RABBITMQ_CONFIG_FILE="$DIR/rabbitmq.conf"
export RABBITMQ_MNESIA_BASE="$DIR/mnesia"
export RABBITMQ_LOG_BASE="$DIR/log"
export RABBITMQ_PID_FILE="$PID_FILE"
export RABBITMQ_ENABLED_PLUGINS_FILE="$DIR/enabled_plugins"
export RABBITMQ_FEATURE_FLAGS_FILE="$DIR/feature_flags"
export RABBITMQ_DIST_PORT=$DIST_PORT
export ERL_EPMD_ADDRESS=127.0.0.1
export ERL_EPMD_PORT=$EPMD_PORT
export ERL_CRASH_DUMP="$DIR/log/erl_crash.dump"
# The distribution listener on loopback only, from the very start of the VM.
export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
# rabbitmqctl is an Erlang node too: it only dials out, so it needs no listening socket at all.
export RABBITMQ_CTL_ERL_ARGS="-dist_listen false"
EOF
}

load_env() {
  [[ -f "$ENV_FILE" ]] || return 1
  # shellcheck source=/dev/null
  source "$ENV_FILE"
}

ctl() { "$(dirname "$SERVER")/rabbitmqctl" "$@"; }

# The beam process of this DIR's node, if it runs.
server_pid() {
  local pid
  [[ -s "$PID_FILE" ]] || return 1
  pid=$(<"$PID_FILE")
  # The VM's command line does not name the node; its environment does.
  tr '\0' '\n' < "/proc/$pid/environ" 2>/dev/null | grep -qx "RABBITMQ_PID_FILE=$PID_FILE" || return 1
  echo "$pid"
}

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

fail_with_log() {
  printf 'broker.sh: %s\n' "$1" >&2
  for log in "$CONSOLE_LOG" "$DIR/log/$RABBITMQ_NODENAME.log"; do
    [[ -s "$log" ]] && { printf -- '--- last lines of %s\n' "$log" >&2; tail -n 30 "$log" >&2; }
  done
  exit 1
}

ensure_password() {
  if [[ ! -s "$PASSWORD_FILE" ]]; then
    head -c 24 /dev/urandom | base64 | tr -d '/+=\n' > "$PASSWORD_FILE"
  fi
  chmod 600 "$PASSWORD_FILE"
}

# RabbitMQ's rabbit_password_hashing_sha256: base64(salt ++ sha256(salt ++ utf8 password)), 4-byte random salt.
password_hash() {
  local salt digest
  salt=$(head -c 4 /dev/urandom | od -An -tx1 | tr -d ' \n')
  digest=$({ unhex "$salt"; printf '%s' "$(<"$PASSWORD_FILE")"; } | sha256sum | cut -c1-64)
  { unhex "$salt"; unhex "$digest"; } | base64 -w0
}

unhex() { printf '%b' "$(sed 's/../\\x&/g' <<<"$1")"; }

# Boot-time definitions: the committed entities, then the user in a file of its own (it holds the hash).
# RabbitMQ loads a folder's files in name order and stops at the first that fails, without failing the boot.
write_definitions() {
  rm -rf "$DIR/definitions"; mkdir -p "$DIR/definitions"
  cp "$REPO/infra/broker/definitions.json" "$DIR/definitions/10-entities.json"
  cat > "$DIR/definitions/20-user.json" <<EOF
{
  "vhosts": [ { "name": "/" } ],
  "users": [ { "name": "$USER_NAME", "password_hash": "$(password_hash)", "hashing_algorithm": "rabbit_password_hashing_sha256", "tags": ["administrator"] } ],
  "permissions": [ { "user": "$USER_NAME", "vhost": "/", "configure": ".*", "write": ".*", "read": ".*" } ]
}
EOF
}

write_config() {
  mkdir -p "$DIR/home" "$DIR/log" "$DIR/mnesia"
  if [[ ! -s "$HOME/.erlang.cookie" ]]; then
    head -c 30 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' > "$HOME/.erlang.cookie"
  fi
  chmod 400 "$HOME/.erlang.cookie"
  : > "$RABBITMQ_CONF_ENV_FILE"  # keeps /etc/rabbitmq/rabbitmq-env.conf out
  echo '[rabbitmq_amqp1_0].' > "$RABBITMQ_ENABLED_PLUGINS_FILE"
  cat > "$RABBITMQ_CONFIG_FILE" <<EOF
listeners.tcp.default = 127.0.0.1:$PORT
distribution.listener.interface = 127.0.0.1
distribution.listener.port_range.min = $DIST_PORT
distribution.listener.port_range.max = $DIST_PORT
load_definitions = $DIR/definitions
# No anonymous AMQP 1.0 connections: every client signs in with SASL PLAIN.
amqp1_0.default_user = none
log.console = false
log.file.level = info
EOF
}

# Distribution and epmd default to AMQP_PORT+20000 and +1, RabbitMQ's own convention, but never inside the kernel's
# ephemeral range: there any outgoing connection may hold the port, and the VM dies at boot with dist_port_already_used.
# Then the first of AMQP_PORT-20000, +1000 and -1000 that lies outside it (and above 1023) is used.
default_ports() {
  [[ "$PORT" =~ ^[0-9]+$ ]] && (( PORT > 0 && PORT < 65536 )) || die "--port must be a TCP port"
  local low=32768 high=60999 base="" offset
  read -r low high < /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || true
  for offset in 20000 -20000 1000 -1000; do
    local candidate=$((PORT + offset))
    (( candidate >= 1024 && candidate + 1 <= 65535 )) || continue
    (( candidate + 1 < low || candidate > high )) || continue
    base=$candidate; break
  done
  [[ -n "$base" || ( -n "$DIST_PORT" && -n "$EPMD_PORT" ) ]] \
    || die "no distribution port near $PORT lies outside the ephemeral range $low-$high; pass --dist-port and --epmd-port"
  DIST_PORT=${DIST_PORT:-$base}
  EPMD_PORT=${EPMD_PORT:-$((base + 1))}
}

start_epmd() {
  if listening "$EPMD_PORT"; then return; fi
  # Our own epmd, on loopback, so stop can end it without touching anyone else's.
  setsid epmd -address 127.0.0.1 -port "$EPMD_PORT" > "$DIR/log/epmd.log" 2>&1 < /dev/null &
  echo $! > "$EPMD_PID_FILE"
  local deadline=$((SECONDS + 10))
  until listening "$EPMD_PORT"; do
    (( SECONDS < deadline )) || fail_with_log "epmd did not start on 127.0.0.1:$EPMD_PORT"
    sleep 0.1
  done
}

start() {
  [[ -n "$PORT" ]] || usage
  [[ -x "$SERVER" ]] || die "$SERVER not found; install the Debian package rabbitmq-server (scripts/lib.sh: ensure_rabbitmq)"
  if load_env && server_pid > /dev/null; then
    [[ "$BROKER_PORT" == "$PORT" ]] || die "the broker of $DIR already runs on port $BROKER_PORT"
    ctl wait --timeout "$START_TIMEOUT" "$PID_FILE" > /dev/null 2>&1 || fail_with_log "the running broker of $DIR does not answer"
    return
  fi
  default_ports
  write_env; load_env
  for port in "$PORT" "$DIST_PORT"; do
    listening "$port" && die "port $port is already in use (AMQP $PORT, distribution $DIST_PORT)"
  done
  ensure_password
  write_config
  write_definitions
  rm -f "$PID_FILE"
  start_epmd
  # In its own session with every stream redirected, so whoever started us (a test's Process) is not kept waiting
  # on our output, and Ctrl-C in a terminal reaches run.sh, which stops us gracefully.
  setsid "$SERVER" > "$CONSOLE_LOG" 2>&1 < /dev/null &
  local launcher=$! deadline=$((SECONDS + START_TIMEOUT))
  until [[ -s "$PID_FILE" ]]; do
    kill -0 "$launcher" 2>/dev/null || fail_with_log "the broker exited during start"
    (( SECONDS < deadline )) || fail_with_log "the broker did not start within ${START_TIMEOUT}s"
    sleep 0.1
  done
  ctl wait --timeout $((deadline - SECONDS)) "$PID_FILE" > /dev/null 2>&1 \
    || fail_with_log "the broker did not become ready within ${START_TIMEOUT}s"
  # The user is imported last: its permissions prove that every definitions file was applied.
  ctl -q list_permissions 2>/dev/null | grep -q "^$USER_NAME\b" \
    || fail_with_log "the broker started, but did not apply its definitions (is infra/broker/definitions.json valid?)"
}

stop() {
  load_env || return 0
  local pid
  if pid=$(server_pid); then
    ctl stop "$PID_FILE" > /dev/null 2>&1 || true
    # rabbitmqctl stop waits for the node; if it could not reach it, end the VM the hard way.
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$PID_FILE"
  if [[ -s "$EPMD_PID_FILE" ]]; then
    pid=$(<"$EPMD_PID_FILE")
    if [[ -r "/proc/$pid/cmdline" ]] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q "epmd.*-port $ERL_EPMD_PORT"; then
      kill -TERM "$pid" 2>/dev/null || true
    fi
    rm -f "$EPMD_PID_FILE"
  fi
}

case "$command" in
  start) start ;;
  stop) stop ;;
  password) [[ -s "$PASSWORD_FILE" ]] || die "no password yet in $DIR: start the broker first"; echo "$PASSWORD_FILE" ;;
  *) usage ;;
esac
