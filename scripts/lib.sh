# Shared by run.sh and test.sh: installs and starts the local stack's parts. Source it; do not run it.
# Everything lives under the repository: tools in .local/, state and secrets in .paralus/ (both ignored).

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOCAL="$ROOT/.local"
# PARALUS_STATE moves all local state elsewhere (the walkthrough check uses it to stay off your running stack).
STATE="${PARALUS_STATE:-$ROOT/.paralus}"
AZURITE_VERSION="3.37.0"
# The tests' OpenID Connect provider (tests/idp/server.mjs runs it).
OIDC_PROVIDER_VERSION="9.13.3"
# Run directly, not through the /usr/sbin wrapper, which switches to the rabbitmq user (see scripts/broker.sh).
RABBITMQ_SERVER="/usr/lib/rabbitmq/bin/rabbitmq-server"

log() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

# An npm package at a pinned version in a private prefix under .local (idempotent: nothing to do when that version
# is there already): npm_install_pinned FOLDER PACKAGE VERSION.
npm_install_pinned() {
  local dir="$LOCAL/$1" package="$2" version="$3"
  grep -q "\"version\": \"$version\"" "$dir/node_modules/$package/package.json" 2>/dev/null && return
  command -v npm >/dev/null || die "npm is required to install $package (apt-get install nodejs npm)"
  log "installing $package $version into .local/$1"
  mkdir -p "$dir"
  [[ -f "$dir/package.json" ]] || echo "{\"name\":\"paralus-local-$1\",\"private\":true}" > "$dir/package.json"
  npm install --prefix "$dir" --no-audit --no-fund --loglevel=error "$package@$version" >&2
}

# Azurite from npm, pinned, into .local/azurite.
ensure_azurite() { npm_install_pinned azurite azurite "$AZURITE_VERSION"; }

azurite_table_bin() { echo "$LOCAL/azurite/node_modules/.bin/azurite-table"; }

# oidc-provider from npm, pinned, into .local/oidc-provider: the tests' identity provider.
ensure_oidc_provider() {
  command -v node >/dev/null || die "Node.js 20 or later is required for the test identity provider (apt-get install nodejs npm)"
  local major
  major=$(node -p 'process.versions.node.split(".")[0]')
  (( major >= 20 )) || die "the test identity provider (oidc-provider $OIDC_PROVIDER_VERSION) needs Node.js 20 or later; this is $(node --version)"
  npm_install_pinned oidc-provider oidc-provider "$OIDC_PROVIDER_VERSION"
}

oidc_provider_dir() { echo "$LOCAL/oidc-provider"; }

# RabbitMQ from Debian (with its AMQP 1.0 plugin), when missing. scripts/broker.sh runs private instances of it, so
# the system service the package may start is stopped and disabled again at once.
ensure_rabbitmq() {
  [[ -x "$RABBITMQ_SERVER" ]] && return
  log "installing RabbitMQ (Debian package rabbitmq-server)"
  apt_install rabbitmq-server
  [[ -x "$RABBITMQ_SERVER" ]] || die "rabbitmq-server is installed, but $RABBITMQ_SERVER is missing"
  stop_system_rabbitmq as_root
}

# The client matrix's Python client: Debian's python3-kubernetes, for Debian's own /usr/bin/python3.
ensure_python_kubernetes() {
  /usr/bin/python3 -c 'import kubernetes' 2>/dev/null && return
  log "installing the Python Kubernetes client (Debian package python3-kubernetes)"
  apt_install python3-kubernetes
}

# as_root COMMAND...: runs it as root, through sudo when not root already.
as_root() {
  if (( EUID == 0 )); then "$@"; else sudo "$@"; fi
}

# apt_install PACKAGE...: installs Debian packages, refreshing the package lists once if they are stale.
apt_install() {
  command -v apt-get >/dev/null || die "this needs the Debian packages $*: install them"
  (( EUID == 0 )) || command -v sudo >/dev/null || die "installing $* needs root: run 'apt-get install $*' as root"
  local install=(as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@")
  "${install[@]}" >&2 || { as_root apt-get update -q >&2 && "${install[@]}" >&2; } || die "could not install $*"
}

# Stops and disables what the package's postinst may have started (on a systemd machine, or through init scripts):
# the rabbitmq-server service and the epmd it spawned as the rabbitmq user, which listens on every interface.
stop_system_rabbitmq() {
  if [[ -d /run/systemd/system ]]; then
    "$@" systemctl disable --now rabbitmq-server.service epmd.socket epmd.service >/dev/null 2>&1 || true
  elif [[ -x /etc/init.d/rabbitmq-server ]]; then
    "$@" /etc/init.d/rabbitmq-server stop >/dev/null 2>&1 || true
    "$@" update-rc.d rabbitmq-server disable >/dev/null 2>&1 || true
  fi
  local pid
  for pid in $(pgrep -u rabbitmq -x epmd 2>/dev/null; pgrep -u rabbitmq -x beam.smp 2>/dev/null); do
    "$@" kill "$pid" 2>/dev/null || true
  done
}

# wait_for_port HOST PORT SECONDS
wait_for_port() {
  local host=$1 port=$2 deadline=$((SECONDS + $3))
  until (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; do
    (( SECONDS < deadline )) || return 1
    sleep 0.2
  done
}

# wait_for_url URL SECONDS
wait_for_url() {
  local url=$1 deadline=$((SECONDS + $2))
  until curl -fsS -o /dev/null "$url" 2>/dev/null; do
    (( SECONDS < deadline )) || return 1
    sleep 0.3
  done
}

ensure_dotnet() {
  command -v dotnet >/dev/null || die "the .NET 10 SDK is required (dotnet not on PATH)"
}
