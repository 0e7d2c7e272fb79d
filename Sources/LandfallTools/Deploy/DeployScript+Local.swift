extension DeployScript {
  /// The functions that run on the person's machine: settings, the clean-tree check, and the SSH call.
  static let localPart = #"""
# ---------------------------------------------------------------------------------------------
# This machine.

fail() { printf 'deploy: %s\n' "$*" >&2; exit 1; }

load_settings() {
  local file line key value
  file="$(dirname "${BASH_SOURCE[0]}")/.landfall/deploy.env"
  [ -f "$file" ] || return 0
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in '' | '#'*) continue ;; esac
    key=${line%%=*}
    value=${line#*=}
    value=${value#[\"\']}
    value=${value%[\"\']}
    case "$key" in
      LANDFALL_[A-Z_]*) [ -n "${!key+set}" ] || printf -v "$key" '%s' "$value" ;;
      *) fail "$file: unknown setting '$key' (settings start with LANDFALL_)" ;;
    esac
  done <"$file"
}

# The program the server runs: the settings, the server_ functions, then the one call.
server_program() {
  STATE_DIR=${LANDFALL_STATE_DIR:-/srv/landfall/deploy}
  NGINX_UPSTREAM=${LANDFALL_NGINX_UPSTREAM:-/etc/nginx/conf.d/landfall-$APP.conf}
  NGINX_SITE=${LANDFALL_NGINX_SITE:-/etc/nginx/sites-available/landfall}
  NGINX_PID=${LANDFALL_NGINX_PID:-/run/nginx.pid}
  SERVER_DOCKER=${LANDFALL_DOCKER:-docker}
  SERVER_NGINX=${LANDFALL_NGINX:-nginx}
  SERVER_PORTS=${LANDFALL_PORTS:-$DEFAULT_PORTS}
  LOCK_WAIT=${LANDFALL_LOCK_WAIT:-300}
  HEALTH_TIMEOUT=${LANDFALL_HEALTH_TIMEOUT:-60}
  DRAIN_TIMEOUT=${LANDFALL_DRAIN_TIMEOUT:-30}
  KEEP_IMAGES=${LANDFALL_KEEP_IMAGES:-5}
  NGINX_URL=${LANDFALL_NGINX_URL:-http://127.0.0.1}
  COMPOSE_FILE=${LANDFALL_COMPOSE_FILE:-$DEFAULT_COMPOSE_FILE}
  WHO="$(id -un 2>/dev/null || echo someone)@$(hostname 2>/dev/null || echo here)"
  declare -p APP IMAGE APP_PORT HEALTH_PATH HEALTH_CODES RELEASE_COMMAND ENV_FILE HTTP_GROUP PROCESS_GROUPS KILL_TIMEOUT \
    RUNTIME COMPOSE_FILE COMPOSE_PROJECT NGINX_URL STATE_DIR NGINX_UPSTREAM NGINX_SITE NGINX_PID SERVER_DOCKER SERVER_NGINX SERVER_PORTS LOCK_WAIT \
    HEALTH_TIMEOUT DRAIN_TIMEOUT KEEP_IMAGES WHO
  local functions
  mapfile -t functions < <(declare -F | awk '$3 ~ /^server_/ { print $3 }')
  printf 'set -euo pipefail\n'
  declare -f group_settings "${functions[@]}"
  printf 'server_main %s %s; exit\n' "$1" "${2:-}"
}

on_server() {
  local ssh=(ssh -o BatchMode=yes -o ConnectTimeout=15 -o StrictHostKeyChecking=accept-new -p "${LANDFALL_SSH_PORT:-22}")
  [ -z "${LANDFALL_SSH_KEY:-}" ] || ssh+=(-i "$LANDFALL_SSH_KEY" -o IdentitiesOnly=yes)
  [ -z "${LANDFALL_KNOWN_HOSTS:-}" ] || ssh+=(-o "UserKnownHostsFile=$LANDFALL_KNOWN_HOSTS")
  "${ssh[@]}" "${LANDFALL_USER:-cloud}@$LANDFALL_HOST" bash -s
}

main() {
  local command=${1:-deploy} commit
  case "$command" in
    deploy | rollback | status) ;;
    -h | --help | help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; return ;;
    *) fail "unknown command '$command' (deploy, rollback or status)" ;;
  esac
  load_settings
  [ -n "${LANDFALL_HOST:-}" ] || fail "set LANDFALL_HOST (the server's address) in the environment or in .landfall/deploy.env"
  if [ "$command" != deploy ]; then
    server_program "$command" | on_server
    return
  fi
  cd "$(dirname "${BASH_SOURCE[0]}")"
  git rev-parse --git-dir >/dev/null 2>&1 || fail "$(pwd) is not a git repository"
  if [ -n "$(git status --porcelain --untracked-files=no)" ]; then
    git status --short --untracked-files=no >&2
    fail "commit or stash these changes first: only committed code is deployed"
  fi
  commit=$(git rev-parse --short=12 HEAD)
  printf 'deploying %s (%s) to %s\n' "$commit" "$(git log -1 --format=%s HEAD)" "$LANDFALL_HOST"
  { server_program deploy "$commit"; git archive --format=tar HEAD; } | on_server
}

main "$@"
"""#
}
