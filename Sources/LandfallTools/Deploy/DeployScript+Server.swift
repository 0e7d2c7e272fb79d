extension DeployScript {
  /// The functions that run on the server: sent over SSH with the app's settings and run by bash there.
  static let serverPart = #"""
# ---------------------------------------------------------------------------------------------
# Server side. These functions are sent over SSH with the settings and run there under bash.

server_say() { printf '%s\n' "$*"; }
server_fail() { printf 'deploy: %s\n' "$*" >&2; exit 1; }
server_now() { date +%s%3N; }
server_since() { local ms=$(( $(server_now) - $1 )); printf '%d.%02d s' $((ms / 1000)) $((ms % 1000 / 10)); }

server_setup() {
  SUDO=()
  [ "$(id -u)" -eq 0 ] || SUDO=(sudo -n)
  read -r -a DOCKER <<<"$SERVER_DOCKER"
  read -r -a NGINX <<<"$SERVER_NGINX"
  if [ ! -r "$ENV_FILE" ] && [ ${#SUDO[@]} -gt 0 ]; then DOCKER=("${SUDO[@]}" "${DOCKER[@]}"); fi
  read -r -a PORTS <<<"$SERVER_PORTS"
  [ ${#PORTS[@]} -eq 2 ] || server_fail "LANDFALL_PORTS must name two ports, not '$SERVER_PORTS'"
  if ! mkdir -p "$STATE_DIR" 2>/dev/null; then
    "${SUDO[@]}" mkdir -p "$STATE_DIR" && "${SUDO[@]}" chown "$(id -u):$(id -g)" "$STATE_DIR"
  fi
  touch "$STATE_DIR/state" "$STATE_DIR/history"
}

# The lock is held by file descriptor 9 until this shell exits, so a deploy that dies never
# leaves it behind.
server_lock() {
  exec 9>>"$STATE_DIR/lock"
  if ! flock -n 9; then
    server_say "another deploy holds the lock: $(cat "$STATE_DIR/lock.holder" 2>/dev/null || echo unknown); waiting up to $LOCK_WAIT s"
    flock -w "$LOCK_WAIT" 9 || server_fail "gave up after $LOCK_WAIT s: another deploy still holds the lock ($(cat "$STATE_DIR/lock.holder" 2>/dev/null || echo unknown))"
  fi
  printf '%s %s by %s since %s\n' "$1" "$2" "$WHO" "$(date -u +%FT%TZ)" >"$STATE_DIR/lock.holder"
}

server_state() { sed -n "s/^$1=//p" "$STATE_DIR/state" | tail -n 1; }

server_record() {
  local current=$1 slot=$2 previous=$3 previous_slot=$4
  if [ "$current" = "$previous" ]; then previous=$(server_state previous); fi
  printf 'current=%s\nslot=%s\nprevious=%s\nprevious_slot=%s\nupdated=%s\n' \
    "$current" "$slot" "$previous" "$previous_slot" "$(date -u +%FT%TZ)" >"$STATE_DIR/state.new"
  mv "$STATE_DIR/state.new" "$STATE_DIR/state"
}

server_log() { printf '%s %s %s\n' "$(date -u +%FT%TZ)" "$WHO" "$*" >>"$STATE_DIR/deploy.log"; }

# The container of group $1 in slot $2 (no slot: what the migration started).
server_container() {
  if [ "$RUNTIME" = compose ]; then
    printf '%s%s-%s-1' "$COMPOSE_PROJECT" "${2:+-$2}" "$1"
  else
    printf '%s-%s-%s' "$APP" "$1" "$2"
  fi
}

server_port() {
  case "$1" in
    a) echo "${PORTS[0]}" ;;
    b) echo "${PORTS[1]}" ;;
    *) echo "$APP_PORT" ;;
  esac
}

# docker compose for slot $1: the project NAME-SLOT with that slot's image and HTTP port (no
# slot: the project the migration started, with the file's defaults).
server_compose() {
  local slot=$1 project=$COMPOSE_PROJECT options=()
  shift
  if [ -n "$slot" ]; then
    project="$COMPOSE_PROJECT-$slot"
    options=(--env-file "$STATE_DIR/compose-$slot.env")
  fi
  "${DOCKER[@]}" compose "${options[@]}" -p "$project" -f "$COMPOSE_FILE" "$@"
}

server_upstream_name() { printf 'landfall_%s' "${APP//[^A-Za-z0-9_]/_}"; }

# Starts every process group of $1 in slot $2 beside whatever runs now.
server_start() {
  local version=$1 slot=$2 group name
  if [ "$RUNTIME" = compose ]; then
    printf 'LANDFALL_IMAGE=%s\nLANDFALL_HTTP_PORT=%s\nLANDFALL_OTHER_PORTS=\n' "$IMAGE:$version" "$(server_port "$slot")" >"$STATE_DIR/compose-$slot.env"
    server_compose "$slot" up -d --no-build --remove-orphans "${PROCESS_GROUPS[@]}" >"$STATE_DIR/compose.out" 2>&1 || { cat "$STATE_DIR/compose.out" >&2; return 1; }
    return 0
  fi
  for group in "${PROCESS_GROUPS[@]}"; do
    group_settings "$group"
    name=$(server_container "$group" "$slot")
    "${DOCKER[@]}" rm -f "$name" >/dev/null 2>&1 || true
    local publish=()
    [ "$group" = "$HTTP_GROUP" ] && publish=(-p "127.0.0.1:$(server_port "$slot"):$APP_PORT")
    "${DOCKER[@]}" run -d --name "$name" --restart unless-stopped --env-file "$ENV_FILE" \
      --label "landfall.app=$APP" --label "landfall.version=$version" "${publish[@]}" "${VOLUMES[@]}" \
      "$IMAGE:$version" "${COMMAND[@]}" >/dev/null || return 1
  done
}

server_stop() {
  local slot=$1 group name
  if [ "$RUNTIME" = compose ]; then
    server_compose "$slot" down --remove-orphans -t "$KILL_TIMEOUT" >/dev/null 2>&1 || true
    return 0
  fi
  if [ -z "$slot" ]; then
    "${DOCKER[@]}" rm -f "$APP" >/dev/null 2>&1 || true
    return 0
  fi
  for group in "${PROCESS_GROUPS[@]}"; do
    name=$(server_container "$group" "$slot")
    "${DOCKER[@]}" stop -t "$KILL_TIMEOUT" "$name" >/dev/null 2>&1 || true
    "${DOCKER[@]}" rm -f "$name" >/dev/null 2>&1 || true
  done
}

server_running() {
  [ "$("${DOCKER[@]}" inspect -f '{{.State.Running}}' "$1" 2>/dev/null)" = true ]
}

# Waits until the new HTTP container answers its health check and every other group still runs.
server_healthy() {
  local slot=$1 started deadline code group polls=0
  started=$(server_now)
  deadline=$((started + HEALTH_TIMEOUT * 1000))
  if [ -n "$HTTP_GROUP" ]; then
    while :; do
      code=$(curl -s -o /dev/null -m 5 -w '%{http_code}' "http://127.0.0.1:$(server_port "$slot")$HEALTH_PATH" || true)
      [[ $code =~ $HEALTH_CODES ]] && break
      polls=$((polls + 1))
      if [ $((polls % 10)) -eq 0 ]; then server_running "$(server_container "$HTTP_GROUP" "$slot")" || return 1; fi
      [ "$(server_now)" -lt "$deadline" ] || return 1
      sleep 0.1
    done
  fi
  for group in "${PROCESS_GROUPS[@]}"; do
    server_running "$(server_container "$group" "$slot")" || return 1
  done
  server_say "healthy after $(server_since "$started")"
}

# Points nginx at slot $1 and returns once no nginx worker from before the reload is left, so
# the old version can stop without a request in flight.
server_switch() {
  local slot=$1 upstream old_workers master pid deadline
  upstream=$(server_upstream_name)
  printf 'upstream %s {\n    server 127.0.0.1:%s;\n}\n' "$upstream" "$(server_port "$slot")" >"$STATE_DIR/upstream.conf"
  if [ -f "$NGINX_UPSTREAM" ]; then "${SUDO[@]}" cp "$NGINX_UPSTREAM" "$STATE_DIR/upstream.conf.before"; fi
  "${SUDO[@]}" cp "$STATE_DIR/upstream.conf" "$NGINX_UPSTREAM" || return 1
  if [ -f "$NGINX_SITE" ] && ! grep -q "proxy_pass http://$upstream;" "$NGINX_SITE"; then
    "${SUDO[@]}" sed -i "s#proxy_pass http://127\.0\.0\.1:$APP_PORT;#proxy_pass http://$upstream;#" "$NGINX_SITE"
  fi
  if ! "${SUDO[@]}" "${NGINX[@]}" -t -q; then
    if [ -f "$STATE_DIR/upstream.conf.before" ]; then "${SUDO[@]}" cp "$STATE_DIR/upstream.conf.before" "$NGINX_UPSTREAM"; fi
    return 1
  fi
  master=$(cat "$NGINX_PID" 2>/dev/null || true)
  old_workers=$(pgrep -P "$master" 2>/dev/null || true)
  "${SUDO[@]}" "${NGINX[@]}" -s reload 2>"$STATE_DIR/nginx.out" || { cat "$STATE_DIR/nginx.out" >&2; return 1; }
  deadline=$(($(server_now) + DRAIN_TIMEOUT * 1000))
  for pid in $old_workers; do
    while [ -d "/proc/$pid" ] && [ "$(server_now)" -lt "$deadline" ]; do sleep 0.05; done
  done
  [ -n "$master" ] || sleep 2
}

# One request through nginx after the switch: what users reach, not only the new container.
server_through_nginx() {
  local code tries=0
  while [ "$tries" -lt 20 ]; do
    code=$(curl -s -o /dev/null -m 5 -w '%{http_code}' "$NGINX_URL$HEALTH_PATH" || true)
    [[ $code =~ $HEALTH_CODES ]] && return 0
    tries=$((tries + 1))
    sleep 0.25
  done
  return 1
}

# Moves traffic to $1 (already built): start beside the old, health, switch, check through
# nginx (switching back when that fails), stop the old.
server_roll() {
  local version=$1 current slot old_slot healthy_at
  current=$(server_state current)
  old_slot=$(server_state slot)
  if [ "$old_slot" = a ]; then slot=b; else slot=a; fi
  server_say "starting $IMAGE:$version on 127.0.0.1:$(server_port "$slot")"
  if ! server_start "$version" "$slot" || ! server_healthy "$slot"; then
    [ -z "$HTTP_GROUP" ] || "${DOCKER[@]}" logs --tail 20 "$(server_container "$HTTP_GROUP" "$slot")" 2>&1 | sed 's/^/  | /' >&2 || true
    server_stop "$slot"
    server_log "unhealthy $version"
    server_fail "$IMAGE:$version did not pass its health check ($HEALTH_PATH) within $HEALTH_TIMEOUT s; ${current:-nothing new} still serves"
  fi
  healthy_at=$(server_now)
  if [ -n "$HTTP_GROUP" ]; then
    if ! server_switch "$slot"; then
      server_stop "$slot"
      server_fail "nginx rejected the new upstream (nginx -t); ${current:-the old version} still serves"
    fi
    server_say "switched nginx to 127.0.0.1:$(server_port "$slot") in $(server_since "$healthy_at") after the health check"
    if ! server_through_nginx; then
      server_switch "$old_slot" || true
      server_stop "$slot"
      server_log "unhealthy-through-nginx $version"
      server_fail "$IMAGE:$version passed its health check but not through nginx ($NGINX_URL$HEALTH_PATH); switched back, ${current:-the version the migration started} still serves"
    fi
  fi
  server_stop "$old_slot"
  server_record "$version" "$slot" "$current" "$old_slot"
}

server_prune() {
  local keep=$KEEP_IMAGES version current previous
  current=$(server_state current)
  previous=$(server_state previous)
  tac "$STATE_DIR/history" | awk '!seen[$0]++' >"$STATE_DIR/history.new"
  : >"$STATE_DIR/history.kept"
  while read -r version; do
    if [ "$keep" -gt 0 ] || [ "$version" = "$current" ] || [ "$version" = "$previous" ]; then
      printf '%s\n' "$version" >>"$STATE_DIR/history.kept"
      keep=$((keep - 1))
    else
      "${DOCKER[@]}" rmi "$IMAGE:$version" >/dev/null 2>&1 || true
    fi
  done <"$STATE_DIR/history.new"
  tac "$STATE_DIR/history.kept" >"$STATE_DIR/history"
  rm -f "$STATE_DIR/history.new" "$STATE_DIR/history.kept"
}

server_deploy() {
  local version=$1 started build_started build_time release_started source current
  server_lock deploy "$version"
  started=$(server_now)
  current=$(server_state current)
  source="$STATE_DIR/source-$version"
  rm -rf "$source" && mkdir -p "$source"
  tar -x -C "$source"
  build_started=$(server_now)
  server_say "building $IMAGE:$version"
  "${DOCKER[@]}" build -q -t "$IMAGE:$version" "$source" >/dev/null || server_fail "the image build failed; ${current:-nothing} still serves"
  rm -rf "$source"
  build_time=$(server_since "$build_started")
  server_say "built $IMAGE:$version in $build_time"
  if [ ${#RELEASE_COMMAND[@]} -gt 0 ]; then
    release_started=$(server_now)
    server_say "running the release command: ${RELEASE_COMMAND[*]}"
    if ! "${DOCKER[@]}" run --rm --env-file "$ENV_FILE" --label "landfall.app=$APP" "$IMAGE:$version" "${RELEASE_COMMAND[@]}"; then
      server_log "release-failed $version"
      server_fail "the release command failed; nothing was switched and ${current:-nothing} still serves"
    fi
    server_say "release command finished in $(server_since "$release_started")"
  fi
  server_roll "$version"
  printf '%s\n' "$version" >>"$STATE_DIR/history"
  server_prune
  server_log "deployed $version (was ${current:-nothing})"
  server_say "deployed $IMAGE:$version in $(server_since "$started") of which the image build took $build_time"
}

server_rollback() {
  local started current previous
  server_lock rollback "$(server_state previous)"
  started=$(server_now)
  current=$(server_state current)
  previous=$(server_state previous)
  [ -n "$previous" ] || server_fail "there is no previous version to go back to"
  "${DOCKER[@]}" image inspect "$IMAGE:$previous" >/dev/null 2>&1 || server_fail "the image $IMAGE:$previous is no longer on the server"
  server_roll "$previous"
  server_log "rolled back to $previous (was $current)"
  server_say "rolled back to $IMAGE:$previous in $(server_since "$started")"
}

server_status() {
  local current previous
  current=$(server_state current)
  previous=$(server_state previous)
  server_say "current:  ${current:-none} (slot ${current:+$(server_state slot)}, since $(server_state updated))"
  server_say "previous: ${previous:-none}"
  server_say "kept images: $(tr '\n' ' ' <"$STATE_DIR/history")"
  [ -f "$NGINX_UPSTREAM" ] && server_say "nginx upstream: $(grep -o 'server [^;]*' "$NGINX_UPSTREAM" | head -n 1)"
  if [ "$RUNTIME" = compose ]; then
    "${DOCKER[@]}" ps --filter "name=$COMPOSE_PROJECT-" --format '{{.Names}}  {{.Image}}  {{.Status}}'
  else
    "${DOCKER[@]}" ps --filter "label=landfall.app=$APP" --format '{{.Names}}  {{.Image}}  {{.Status}}'
  fi
  tail -n 5 "$STATE_DIR/deploy.log" 2>/dev/null | sed 's/^/log: /' || true
}

server_main() {
  server_setup
  case "$1" in
    deploy) server_deploy "$2" ;;
    rollback) server_rollback ;;
    status) server_status ;;
  esac
}

"""#
}
