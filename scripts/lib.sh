# Shared by run.sh and test.sh: installs and starts the local stack's parts. Source it; do not run it.
# Everything lives under the repository: tools in .local/, state and secrets in .paralus/ (both ignored).

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOCAL="$ROOT/.local"
# PARALUS_STATE moves all local state elsewhere (the walkthrough check uses it to stay off your running stack).
STATE="${PARALUS_STATE:-$ROOT/.paralus}"
AZURITE_VERSION="3.37.0"

log() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

# Azurite from npm, pinned, into .local/azurite (idempotent).
ensure_azurite() {
  local bin="$LOCAL/azurite/node_modules/.bin/azurite-table"
  if [[ -x "$bin" ]] && grep -q "\"version\": \"$AZURITE_VERSION\"" "$LOCAL/azurite/node_modules/azurite/package.json" 2>/dev/null; then
    return
  fi
  command -v npm >/dev/null || die "npm is required to install Azurite (apt-get install nodejs npm)"
  log "installing Azurite $AZURITE_VERSION into .local/azurite"
  mkdir -p "$LOCAL/azurite"
  [[ -f "$LOCAL/azurite/package.json" ]] || echo '{"name":"paralus-local-azurite","private":true}' > "$LOCAL/azurite/package.json"
  npm install --prefix "$LOCAL/azurite" --no-audit --no-fund --loglevel=error "azurite@$AZURITE_VERSION" >&2
}

azurite_table_bin() { echo "$LOCAL/azurite/node_modules/.bin/azurite-table"; }

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
