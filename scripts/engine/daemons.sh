# shellcheck shell=bash
# Start/stop of the private registry, containerd and dockerd (sourced).
# Each process is started detached (setsid) and records its own pid, so `down`
# can stop exactly what `up` started and nothing else.

# close_fds: close every inherited descriptor above 2 in the current (sub)shell.
# Daemons must not keep our lock fd or the caller's stdout pipe open: a caller
# doing $(test-engine.sh up) would otherwise wait forever.
close_fds() {
  local fd
  for fd in "/proc/$BASHPID/fd"/*; do
    fd=${fd##*/}
    [ "$fd" -gt 2 ] 2>/dev/null && eval "exec $fd>&-" 2>/dev/null
  done
  return 0
}

# spawn PIDFILE LOGFILE CMD...: run CMD detached; the child writes its own pid.
spawn() {
  local pidfile=$1 logfile=$2
  shift 2
  (
    close_fds
    # shellcheck disable=SC2016 # $$ and $@ belong to the inner sh
    exec setsid sh -c 'echo $$ >"$0"; exec "$@"' "$pidfile" "$@"
  ) </dev/null >>"$logfile" 2>&1 &
  local i
  for ((i = 0; i < 50; i++)); do
    [ -s "$pidfile" ] && return 0
    sleep 0.1
  done
  die "could not start $1"
}

write_registry_config() {
  cat >"$ENGINE_STATE/registry.yml" <<EOF
# Written by scripts/test-engine.sh: a loopback-only pull-through target.
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $ENGINE_STATE/registry
  delete:
    enabled: true
  cache:
    blobdescriptor: inmemory
http:
  addr: $REGISTRY_ADDR
  headers:
    X-Content-Type-Options: [nosniff]
health:
  storagedriver:
    enabled: false
EOF
}

start_registry() {
  local pid
  if pid=$(pid_alive_with "$REGISTRY_PID" "$ENGINE_STATE/registry.yml"); then
    if wait_for 10 "registry on $REGISTRY_ADDR" registry_ping; then
      log "registry: already running (pid $pid) on http://$REGISTRY_ADDR"
      return 0
    fi
    log "registry: pid $pid does not answer; restarting it"
    stop_pidfile registry "$REGISTRY_PID" "$ENGINE_STATE/registry.yml" 10
  fi
  if registry_ping || curl -s -o /dev/null --max-time 2 "http://$REGISTRY_ADDR/"; then
    die "something that is not ours already listens on $REGISTRY_ADDR (a system docker-registry service?). Stop it or free the port; this script never touches it."
  fi
  write_registry_config
  mkdir -p "$ENGINE_STATE/registry"
  log "registry: starting on http://$REGISTRY_ADDR (storage $ENGINE_STATE/registry)"
  spawn "$REGISTRY_PID" "$LOG_DIR/registry.log" /usr/bin/docker-registry serve "$ENGINE_STATE/registry.yml"
  wait_for 20 "registry on $REGISTRY_ADDR" registry_ping ||
    die "registry did not come up; see $LOG_DIR/registry.log"
  log "registry: up (pid $(cat "$REGISTRY_PID"))"
}

write_containerd_config() {
  # Our own containerd, never the system one: if dockerd is given no
  # --containerd it reuses /run/containerd/containerd.sock whenever that exists
  # (e.g. after apt starts the system service) and would share the "moby"
  # namespace with the system daemon. CRI is off (it would open a streaming port).
  cat >"$ENGINE_STATE/containerd.toml" <<EOF
# Written by scripts/test-engine.sh
version = 2
root = "$ENGINE_STATE/containerd"
state = "$ENGINE_RUN/containerd"
disabled_plugins = ["io.containerd.grpc.v1.cri"]

[grpc]
  address = "$CONTAINERD_SOCK"
  tcp_address = ""

[ttrpc]
  address = "$CONTAINERD_SOCK.ttrpc"

[debug]
  address = ""

[metrics]
  address = ""

[plugins."io.containerd.internal.v1.opt"]
  path = "$ENGINE_STATE/containerd/opt"
EOF
}

containerd_ready() { [ -S "$CONTAINERD_SOCK" ]; }

start_containerd() {
  local pid
  if pid=$(pid_alive_with "$CONTAINERD_PID" "$ENGINE_STATE/containerd.toml"); then
    log "containerd: already running (pid $pid)"
    return 0
  fi
  write_containerd_config
  mkdir -p "$ENGINE_RUN/containerd" "$ENGINE_STATE/containerd"
  rm -f "$CONTAINERD_SOCK" "$CONTAINERD_SOCK.ttrpc"
  log "containerd: starting (socket $CONTAINERD_SOCK)"
  spawn "$CONTAINERD_PID" "$LOG_DIR/containerd.log" containerd --config "$ENGINE_STATE/containerd.toml"
  wait_for 20 containerd containerd_ready || die "containerd did not come up; see $LOG_DIR/containerd.log"
  log "containerd: up (pid $(cat "$CONTAINERD_PID"))"
}

write_dockerd_config() {
  # An explicit (empty) config file, so /etc/docker/daemon.json of a system
  # daemon (hosts, mirrors, storage) never leaks into the private one.
  echo '{}' >"$ENGINE_STATE/daemon.json"
}

start_dockerd() {
  local pid
  # A dockerd started with another mirror address (an older version of this script) is
  # restarted: it would pull from a registry that is no longer there.
  if pid_alive_with "$DOCKERD_PID" "$ENGINE_SOCK" >/dev/null &&
    [ "$(cat "$ENGINE_RUN/dockerd.mirror" 2>/dev/null)" != "http://$REGISTRY_ADDR" ]; then
    log "dockerd: restarting (its registry mirror is not http://$REGISTRY_ADDR)"
    stop_pidfile dockerd "$DOCKERD_PID" "$ENGINE_SOCK" 40
  fi
  if pid=$(pid_alive_with "$DOCKERD_PID" "$ENGINE_SOCK"); then
    if wait_for 30 "dockerd ping" docker_ping; then
      log "dockerd: already running (pid $pid) on $ENGINE_DOCKER_HOST"
      return 0
    fi
    die "dockerd pid $pid is alive but does not answer on $ENGINE_SOCK; run '$0 down' and retry (see $LOG_DIR/dockerd.log)"
  fi
  if docker_ping; then
    die "a daemon not started by this script answers on $ENGINE_SOCK; refusing to touch it"
  fi
  write_dockerd_config
  mkdir -p "$ENGINE_STATE/docker" "$ENGINE_RUN/exec"
  rm -f "$ENGINE_SOCK" "$DOCKERD_PID"
  log "dockerd: starting ($ENGINE_DOCKER_HOST, data-root $ENGINE_STATE/docker, mirror http://$REGISTRY_ADDR)"
  # Networking: no bridge, no iptables/ip_forward/masquerade changes on the
  # host; builds that need the network use --network host.
  local dpid
  (
    close_fds
    exec setsid dockerd \
      --config-file "$ENGINE_STATE/daemon.json" \
      --host "$ENGINE_DOCKER_HOST" \
      --data-root "$ENGINE_STATE/docker" \
      --exec-root "$ENGINE_RUN/exec" \
      --pidfile "$DOCKERD_PID" \
      --containerd "$CONTAINERD_SOCK" \
      --bridge=none --iptables=false --ip6tables=false \
      --ip-forward=false --ip-masq=false --userland-proxy=false \
      --registry-mirror "http://$REGISTRY_ADDR" \
      --max-concurrent-uploads 4
  ) </dev/null >>"$LOG_DIR/dockerd.log" 2>&1 &
  dpid=$!
  echo "http://$REGISTRY_ADDR" >"$ENGINE_RUN/dockerd.mirror"
  if ! wait_for 60 "dockerd ping" docker_ping; then
    tail -n 20 "$LOG_DIR/dockerd.log" >&2
    die "dockerd did not come up; see $LOG_DIR/dockerd.log"
  fi
  pid=$(pid_alive_with "$DOCKERD_PID" "$ENGINE_SOCK") || pid="?"
  log "dockerd: up (pid $pid, launcher $dpid, storage driver $(docker info -f '{{.Driver}}' 2>/dev/null))"
}

engine_up_daemons() {
  mkdir -p "$ENGINE_RUN" "$LOG_DIR" "$CACHE_DIR" "$PUSH_STATE_DIR" "$TMP_DIR" "$DOCKER_CONFIG"
  [ -f "$DOCKER_CONFIG/config.json" ] || echo '{}' >"$DOCKER_CONFIG/config.json"
  start_registry
  start_containerd
  start_dockerd
}

engine_down_daemons() {
  # dockerd first: it stops its containers and then releases containerd.
  stop_pidfile dockerd "$DOCKERD_PID" "$ENGINE_SOCK" 40
  stop_pidfile containerd "$CONTAINERD_PID" "$ENGINE_STATE/containerd.toml" 20
  stop_pidfile registry "$REGISTRY_PID" "$ENGINE_STATE/registry.yml" 10
  rm -f "$ENGINE_SOCK"
}
