#!/usr/bin/env bash
# Whittle's private Docker test engine: a loopback registry mirror, a private
# containerd + dockerd, and stand-in base images under their official names
# (python:3.9-slim, node:20, ...) built from Debian bookworm and bullseye, so Dockerfiles
# build unchanged on a machine that cannot reach Docker Hub.
#
#   scripts/test-engine.sh up      idempotent; last stdout line is DOCKER_HOST=...
#   scripts/test-engine.sh down    stops only what `up` started (own pidfiles)
#   scripts/test-engine.sh status  is it up, which stand-in images exist
#
# Everything except up's final line goes to stderr. Must run as root.
# Env: WHITTLE_ENGINE_JOBS (parallel image builds, default 3).
set -euo pipefail

ENGINE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/engine"
# shellcheck source=engine/lib.sh
. "$ENGINE_DIR/lib.sh"
# shellcheck source=engine/daemons.sh
. "$ENGINE_DIR/daemons.sh"
# shellcheck source=engine/build.sh
. "$ENGINE_DIR/build.sh"

usage() {
  sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

# One `up`/`down` at a time (parallel test runners may all call `up`).
take_lock() {
  mkdir -p "$ENGINE_RUN"
  exec 9>"$ENGINE_RUN/engine.lock"
  if ! flock -n 9; then
    log "another test-engine.sh up/down is running; waiting for it"
    flock 9
  fi
}

cmd_up() {
  local start=$SECONDS
  # Keep stdout for the final line only.
  exec 3>&1 1>&2
  take_lock
  ensure_packages
  engine_up_daemons
  log "images: checking/building stand-ins (up to $BUILD_JOBS builds at once)"
  build_all || die "some images failed; logs in $LOG_DIR (the daemon stays up)"
  log "engine up in $((SECONDS - start))s; export DOCKER_HOST=$ENGINE_DOCKER_HOST (and DOCKER_BUILDKIT=0 for the docker CLI)"
  echo "DOCKER_HOST=$ENGINE_DOCKER_HOST" >&3
}

cmd_down() {
  take_lock
  engine_down_daemons
  log "engine down (state kept in $ENGINE_STATE)"
}

cmd_status() {
  local pid up=0
  echo "whittle test engine ($ENGINE_DOCKER_HOST)"
  if pid=$(pid_alive_with "$REGISTRY_PID" "$ENGINE_STATE/registry.yml") && registry_ping; then
    echo "  registry:   up (pid $pid) http://$REGISTRY_ADDR"
  else
    echo "  registry:   down"
    up=1
  fi
  if pid=$(pid_alive_with "$CONTAINERD_PID" "$ENGINE_STATE/containerd.toml"); then
    echo "  containerd: up (pid $pid) $CONTAINERD_SOCK"
  else
    echo "  containerd: down"
    up=1
  fi
  if pid=$(pid_alive_with "$DOCKERD_PID" "$ENGINE_SOCK") && docker_ping; then
    echo "  dockerd:    up (pid $pid) $ENGINE_DOCKER_HOST"
    echo "stand-in images:"
    load_images_conf
    local key tag line
    for key in "${IMG_KEYS[@]}"; do
      for tag in ${IMG_TAGS[$key]}; do
        line=$(docker image ls --format '{{.ID}}  {{.Size}}' "$tag" 2>/dev/null | head -n 1)
        printf '  %-45s %s\n' "$tag" "${line:-MISSING}"
        [ -n "$line" ] || up=1
      done
    done
  else
    echo "  dockerd:    down"
    up=1
  fi
  return "$up"
}

case "${1:-}" in
  up) require_root "$@" && cmd_up ;;
  down) require_root "$@" && cmd_down ;;
  status) require_root "$@" && cmd_status ;;
  *) usage ;;
esac
