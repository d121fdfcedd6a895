# shellcheck shell=bash
# Shared constants and helpers for scripts/test-engine.sh (sourced, never run).
# Every path here belongs to the private engine only; nothing points at a system
# daemon, and nothing listens anywhere but a unix socket or 127.0.0.1.

# shellcheck disable=SC2034 # constants used by the other sourced files
ENGINE_STATE=/var/lib/whittle-engine
ENGINE_RUN=/run/whittle-engine
ENGINE_SOCK="$ENGINE_RUN/docker.sock"
ENGINE_DOCKER_HOST="unix://$ENGINE_SOCK"
# Not :5000: images under test run on the host network and bind the ports apps use (Flask's
# 5000 among them), so the mirror keeps to a port no app in the examples or tests takes.
REGISTRY_ADDR=127.0.0.1:5999
DEBIAN_MIRROR=http://deb.debian.org/debian
DEBIAN_SUITE=bookworm

LOG_DIR="$ENGINE_STATE/logs"
CACHE_DIR="$ENGINE_STATE/cache"
PUSH_STATE_DIR="$ENGINE_STATE/state/pushed"
TMP_DIR="$ENGINE_STATE/tmp"

DOCKERD_PID="$ENGINE_RUN/dockerd.pid"
CONTAINERD_PID="$ENGINE_RUN/containerd.pid"
REGISTRY_PID="$ENGINE_RUN/registry.pid"
CONTAINERD_SOCK="$ENGINE_RUN/containerd/containerd.sock"

# Every docker CLI call in these scripts talks to the private daemon only, with
# a private CLI config so no credential helper or context of the host applies.
export DOCKER_HOST="$ENGINE_DOCKER_HOST"
export DOCKER_CONFIG="$ENGINE_STATE/docker-cli"
unset DOCKER_CONTEXT DOCKER_TLS_VERIFY DOCKER_CERT_PATH

ts() { date '+%H:%M:%S'; }

# All progress goes to stderr; stdout is reserved for the final DOCKER_HOST line.
log() { printf '%s [whittle-engine] %s\n' "$(ts)" "$*" >&2; }

die() {
  log "ERROR: $*"
  exit 1
}

require_root() {
  if [ "$(id -u)" != 0 ]; then
    echo "test-engine.sh must run as root (it starts dockerd, containerd and a registry)." >&2
    echo "Try: sudo $0 $*" >&2
    exit 1
  fi
}

# pid_alive_with PIDFILE PATTERN -> prints the pid if the pidfile names a live
# process whose command line contains PATTERN (guards against reused pids).
pid_alive_with() {
  local pidfile=$1 pattern=$2 pid
  [ -s "$pidfile" ] || return 1
  pid=$(tr -dc '0-9' <"$pidfile")
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$pattern" || return 1
  echo "$pid"
}

# stop_pidfile NAME PIDFILE PATTERN TIMEOUT: SIGTERM, wait, then SIGKILL. Only
# ever signals the pid recorded in our own pidfile, and only if it still is ours.
stop_pidfile() {
  local name=$1 pidfile=$2 pattern=$3 timeout=${4:-20} pid i
  if ! pid=$(pid_alive_with "$pidfile" "$pattern"); then
    log "$name: not running"
    rm -f "$pidfile"
    return 0
  fi
  log "$name: stopping pid $pid"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < timeout * 10; i++)); do
    [ -d "/proc/$pid" ] || break
    sleep 0.1
  done
  if [ -d "/proc/$pid" ]; then
    log "$name: still alive after ${timeout}s, sending SIGKILL to $pid"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.5
  fi
  rm -f "$pidfile"
}

docker_ping() {
  [ -S "$ENGINE_SOCK" ] &&
    [ "$(curl -s --max-time 3 --unix-socket "$ENGINE_SOCK" http://localhost/_ping 2>/dev/null)" = OK ]
}

registry_ping() {
  [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 "http://$REGISTRY_ADDR/v2/" 2>/dev/null)" = 200 ]
}

# wait_for SECONDS DESCRIPTION COMMAND...: poll COMMAND every 0.2s.
wait_for() {
  local secs=$1 what=$2 i
  shift 2
  for ((i = 0; i < secs * 5; i++)); do
    "$@" && return 0
    sleep 0.2
  done
  log "timed out after ${secs}s waiting for $what"
  return 1
}

# Installs the host packages the engine needs, only those that are missing.
ensure_packages() {
  local need=() dockerd_pkg=docker.io
  command -v dockerd >/dev/null || need+=("$dockerd_pkg")
  command -v docker >/dev/null || need+=("$dockerd_pkg")
  command -v containerd >/dev/null || need+=(containerd)
  command -v runc >/dev/null || need+=(runc)
  [ -x /usr/bin/docker-registry ] || need+=(docker-registry)
  command -v debootstrap >/dev/null || need+=(debootstrap)
  command -v skopeo >/dev/null || need+=(skopeo)
  command -v curl >/dev/null || need+=(curl)
  command -v flock >/dev/null || need+=(util-linux)
  # The floor (electron/core/verify/floor) copies this machine's strace into the containers it traces.
  command -v strace >/dev/null || need+=(strace)
  # The busybox image needs a statically linked busybox binary.
  dpkg-query -W -f '${Status}' busybox-static 2>/dev/null | grep -q 'ok installed' || need+=(busybox-static)
  # With AppArmor enabled in the kernel, runc needs apparmor_parser to load
  # docker's default profile.
  if [ "$(cat /sys/module/apparmor/parameters/enabled 2>/dev/null)" = Y ] &&
    ! command -v apparmor_parser >/dev/null; then
    need+=(apparmor)
  fi
  [ ${#need[@]} -eq 0 ] && return 0
  mapfile -t need < <(printf '%s\n' "${need[@]}" | sort -u)
  log "installing missing packages: ${need[*]}"
  # Keep the packages' own system services (dockerd, Debian's registry on :5000) from
  # starting: we run private instances instead. Only if no policy exists yet.
  local policy=/usr/sbin/policy-rc.d added_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && added_policy=1
  fi
  local rc=0
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    --no-install-recommends "${need[@]}"; } >&2 || rc=$?
  [ "$added_policy" = 1 ] && rm -f "$policy"
  [ "$rc" = 0 ] || die "apt-get install ${need[*]} failed (rc=$rc)"
  log "packages installed"
}
