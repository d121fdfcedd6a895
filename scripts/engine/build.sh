# shellcheck shell=bash
# Builds, caches and mirrors the stand-in images listed in images.conf (sourced).
#
# Cache: every image carries LABEL org.whittle.recipe=<sha256 of its build
# context, target, build args and its parents' image ids>. An image is rebuilt
# only when a tag is missing or its label differs; a push is skipped when the
# registry already serves the digest recorded at the last push of that image.

ENGINE_DIR=${ENGINE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)}
IMAGES_CONF="$ENGINE_DIR/images.conf"
BUILD_JOBS=${WHITTLE_ENGINE_JOBS:-3}

declare -A IMG_DIR IMG_TARGET IMG_DEPS IMG_TAGS
IMG_KEYS=()

load_images_conf() {
  local key dir target deps tags
  while read -r key dir target deps tags; do
    case "$key" in '' | '#'*) continue ;; esac
    IMG_KEYS+=("$key")
    IMG_DIR[$key]=$dir
    IMG_TARGET[$key]=$target
    IMG_DEPS[$key]=$deps
    IMG_TAGS[$key]=$tags
  done <"$IMAGES_CONF"
}

first_tag() { local t; read -r t _ <<<"${IMG_TAGS[$1]}"; echo "$t"; }
image_id() { docker image inspect -f '{{.Id}}' "$1" 2>/dev/null; }
image_recipe() { docker image inspect -f '{{index .Config.Labels "org.whittle.recipe"}}' "$1" 2>/dev/null; }

# image_current KEY HASH: every tag exists, all name one image, label matches.
image_current() {
  local key=$1 hash=$2 t id="" tid
  for t in ${IMG_TAGS[$key]}; do
    tid=$(image_id "$t") || return 1
    [ -z "$id" ] && id=$tid
    [ "$tid" = "$id" ] || return 1
  done
  [ "$(image_recipe "$(first_tag "$key")")" = "$hash" ]
}

# Everything that decides the rootfs: the overlay files and this recipe's code.
rootfs_hash() {
  {
    echo "$DEBIAN_SUITE $DEBIAN_MIRROR $(dpkg --print-architecture)"
    declare -f build_rootfs_tar
    (cd "$ENGINE_DIR/rootfs" && find . -type f | LC_ALL=C sort | xargs sha256sum)
  } | sha256sum | cut -c1-32
}

# build_rootfs_tar OUT: debootstrap minbase, made to look like debian:*-slim.
build_rootfs_tar() {
  local out=$1 root="$CACHE_DIR/rootfs.work"
  rm -rf "$root"
  log "[debian-slim] debootstrap --variant=minbase $DEBIAN_SUITE (about 30-60 s)"
  debootstrap --variant=minbase --arch="$(dpkg --print-architecture)" \
    "$DEBIAN_SUITE" "$root" "$DEBIAN_MIRROR" >"$LOG_DIR/debootstrap.log" 2>&1 ||
    { tail -n 30 "$LOG_DIR/debootstrap.log" >&2; die "debootstrap failed; see $LOG_DIR/debootstrap.log"; }
  log "[debian-slim] debootstrap done; slimming the rootfs"
  cp -a "$ENGINE_DIR/rootfs/." "$root/"
  rm -f "$root/etc/apt/sources.list"
  # Same trimming as debuerreotype-slimify does for the official -slim images.
  find "$root/usr/share/doc" -mindepth 1 -not -type d -not -name copyright -delete
  find "$root/usr/share/doc" -mindepth 1 -type d -empty -delete
  rm -rf "$root"/usr/share/{man,info,groff,linda,locale}/* "$root"/usr/share/lintian/overrides/*
  # No host leftovers: apt caches, logs, the host's resolv.conf and hostname.
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb \
    "$root"/var/log/bootstrap.log "$root"/var/log/apt/* "$root"/var/log/dpkg.log \
    "$root"/var/cache/ldconfig/aux-cache "$root"/var/cache/debconf/*-old "$root"/var/lib/dpkg/*-old
  mkdir -p "$root/var/lib/apt/lists/partial"
  rm -f "$root/etc/resolv.conf" "$root/etc/hostname" "$root/etc/machine-id"
  : >"$root/etc/resolv.conf"
  echo localhost >"$root/etc/hostname"
  tar --numeric-owner --xattrs -C "$root" -cf "$out.partial" . && mv "$out.partial" "$out"
  rm -rf "$root"
}

# use_rootfs_suite SUITE: point DEBIAN_SUITE and the overlay (ENGINE_DIR/rootfs)
# at SUITE. Called in build_one's own subshell, so nothing leaks. bookworm keeps
# the defaults, so its cache key (which hashes build_rootfs_tar's text and the
# overlay) is unchanged; another suite gets rootfs/ with rootfs-<suite>/ on top
# (its apt sources), and its own cache dir (work dir, tar) and debootstrap log,
# so it can debootstrap while bookworm does.
use_rootfs_suite() {
  local suite=$1 stage
  [ "$suite" = "$DEBIAN_SUITE" ] && return 0
  [ -d "$ENGINE_DIR/rootfs-$suite" ] || die "no overlay $ENGINE_DIR/rootfs-$suite for suite $suite"
  stage="$TMP_DIR/rootfs-overlay-$suite"
  rm -rf "$stage" && mkdir -p "$stage/rootfs"
  cp -a "$ENGINE_DIR/rootfs/." "$ENGINE_DIR/rootfs-$suite/." "$stage/rootfs/"
  DEBIAN_SUITE=$suite
  ENGINE_DIR=$stage
  LOG_DIR="$LOG_DIR/rootfs-$suite"
  CACHE_DIR="$CACHE_DIR/rootfs-$suite"
  mkdir -p "$LOG_DIR" "$CACHE_DIR"
}

build_rootfs_image() {
  local key=$1 hash tar tag old_id
  hash=$(rootfs_hash)
  if image_current "$key" "$hash"; then
    log "[$key] up to date"
    return 0
  fi
  tar="$CACHE_DIR/rootfs-$DEBIAN_SUITE-$hash.tar"
  if [ -s "$tar" ]; then
    log "[$key] using cached rootfs $tar"
  else
    rm -f "$CACHE_DIR"/rootfs-"$DEBIAN_SUITE"-*.tar
    build_rootfs_tar "$tar"
  fi
  old_id=$(image_id "$(first_tag "$key")") || old_id=""
  log "[$key] docker import"
  docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["bash"]' \
    --change 'LABEL org.whittle.standin="true"' \
    --change "LABEL org.whittle.standin-for=\"docker.io/library/debian:$DEBIAN_SUITE-slim\"" \
    --change "LABEL org.whittle.recipe=\"$hash\"" \
    "$tar" "$(first_tag "$key")" >/dev/null || return 1
  for tag in ${IMG_TAGS[$key]}; do docker tag "$(first_tag "$key")" "$tag"; done
  drop_if_dangling "$old_id"
}

# stage_context KEY DIR: copy the recipe, plus the extra files it asks for.
stage_context() {
  local key=$1 ctx=$2 src="$ENGINE_DIR/images/${IMG_DIR[$1]}"
  [ -f "$src/Dockerfile" ] || die "[$key] missing $src/Dockerfile"
  cp -a "$src/." "$ctx/"
  if grep -q 'whittle-ca.crt' "$ctx/Dockerfile"; then
    # The machine's CA bundle, so HTTPS (npm) works from builds behind a
    # TLS-inspecting proxy.
    cp /etc/ssl/certs/ca-certificates.crt "$ctx/whittle-ca.crt"
  fi
  if grep -q 'whittle-extra-cas' "$ctx/Dockerfile"; then
    # The machine's extra CAs (a TLS-inspecting proxy's), for the image's own
    # system store (update-ca-certificates): pip, Go, curl and Java's cacerts
    # then reach PyPI, the Go proxy and Maven Central. Empty on a machine
    # without any.
    mkdir -p "$ctx/whittle-extra-cas"
    if [ -d /usr/local/share/ca-certificates ]; then
      find /usr/local/share/ca-certificates -name '*.crt' -type f -exec cp {} "$ctx/whittle-extra-cas/" \;
    fi
  fi
  if grep -q '^COPY busybox ' "$ctx/Dockerfile"; then
    cp "$(readlink -f /bin/busybox)" "$ctx/busybox"
  fi
}

# Build args: the machine's npm registry (replicated into node images).
build_args() {
  local reg=https://registry.npmjs.org/
  command -v npm >/dev/null && reg=$(npm config get registry 2>/dev/null || echo "$reg")
  echo "NPM_REGISTRY=$reg"
}

context_hash() {
  local key=$1 ctx=$2 dep
  {
    (cd "$ctx" && find . -type f | LC_ALL=C sort | xargs sha256sum)
    echo "target=${IMG_TARGET[$key]}"
    build_args
    for dep in ${IMG_DEPS[$key]//,/ }; do
      [ "$dep" = - ] || echo "parent $dep $(image_id "$(first_tag "$dep")")"
    done
  } | sha256sum | cut -c1-32
}

docker_build() {
  local key=$1 ctx=$2 hash=$3 args=() tag a
  for tag in ${IMG_TAGS[$key]}; do args+=(-t "$tag"); done
  [ "${IMG_TARGET[$key]}" != - ] && args+=(--target "${IMG_TARGET[$key]}")
  while read -r a; do args+=(--build-arg "$a"); done < <(build_args)
  DOCKER_BUILDKIT=0 docker build --network host --force-rm \
    --label "org.whittle.recipe=$hash" "${args[@]}" "$ctx" 2>&1 |
    while IFS= read -r line; do
      printf '%s\n' "$line" >>"$LOG_DIR/build-$key.log"
      case "$line" in "Step "*) log "[$key] ${line:0:110}" ;; esac
    done
  return "${PIPESTATUS[0]}"
}

build_dockerfile_image() {
  local key=$1 ctx hash attempt old_id
  ctx=$(mktemp -d "$TMP_DIR/ctx-$key.XXXXXX")
  stage_context "$key" "$ctx"
  hash=$(context_hash "$key" "$ctx")
  if image_current "$key" "$hash"; then
    log "[$key] up to date"
    rm -rf "$ctx"
    return 0
  fi
  : >"$LOG_DIR/build-$key.log"
  old_id=$(image_id "$(first_tag "$key")") || old_id=""
  for attempt in 1 2; do
    log "[$key] building ${IMG_TAGS[$key]} (attempt $attempt; log $LOG_DIR/build-$key.log)"
    if docker_build "$key" "$ctx" "$hash"; then
      rm -rf "$ctx"
      drop_if_dangling "$old_id"
      return 0
    fi
    log "[$key] build failed; last lines:"
    tail -n 15 "$LOG_DIR/build-$key.log" >&2
  done
  rm -rf "$ctx"
  return 1
}

registry_digest() {
  curl -sfI --max-time 10 \
    -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
    "http://$REGISTRY_ADDR/v2/$1/manifests/$2" 2>/dev/null |
    tr -d '\r' | awk -F': ' 'tolower($1)=="docker-content-digest"{print $2}'
}

# Pushes every docker.io tag of KEY to the mirror as <repo>:<tag> (library/
# for official names). Images named after another registry (gcr.io/...) stay
# local: a registry mirror only ever serves docker.io.
push_image() {
  local key=$1 tag name repo ref id state rec_id rec_digest digest out
  id=$(image_id "$(first_tag "$key")") || return 1
  for tag in ${IMG_TAGS[$key]}; do
    name=${tag%:*} ref=${tag##*:}
    case "${name%%/*}" in *.* | *:* | localhost) [[ $name == */* ]] && continue ;; esac
    [[ $name == */* ]] && repo=$name || repo=library/$name
    state="$PUSH_STATE_DIR/${repo//\//_}_$ref"
    rec_id="" rec_digest=""
    [ -f "$state" ] && read -r rec_id rec_digest <"$state"
    if [ "$rec_id" = "$id" ] && [ -n "$rec_digest" ] &&
      [ "$(registry_digest "$repo" "$ref")" = "$rec_digest" ]; then
      continue
    fi
    log "[$key] pushing $tag to the mirror as $REGISTRY_ADDR/$repo:$ref"
    docker tag "$tag" "$REGISTRY_ADDR/$repo:$ref"
    if ! out=$(docker push "$REGISTRY_ADDR/$repo:$ref" 2>&1); then
      printf '%s\n' "$out" | tail -n 10 >&2
      docker rmi "$REGISTRY_ADDR/$repo:$ref" >/dev/null 2>&1
      return 1
    fi
    # Drop the registry-named tag again so `docker images` shows official names.
    docker rmi "$REGISTRY_ADDR/$repo:$ref" >/dev/null 2>&1 || true
    digest=$(registry_digest "$repo" "$ref")
    [ -n "$digest" ] || { log "[$key] push of $tag not visible in the registry"; return 1; }
    echo "$id $digest" >"$state"
  done
}

build_one() {
  local key=$1 start=$SECONDS
  if [[ ${IMG_DIR[$key]} == @rootfs* ]]; then
    # "@rootfs" is bookworm; "@rootfs:<suite>" another Debian suite.
    [[ ${IMG_DIR[$key]} == @rootfs:* ]] && use_rootfs_suite "${IMG_DIR[$key]#@rootfs:}"
    build_rootfs_image "$key" || return 1
  else
    build_dockerfile_image "$key" || return 1
  fi
  push_image "$key" || return 1
  log "[$key] ready ($((SECONDS - start))s): ${IMG_TAGS[$key]}"
}

# A small dependency-aware scheduler: up to BUILD_JOBS builds at once, each
# started as soon as its parents are done, in images.conf order.
build_all() {
  load_images_conf
  local -A state pid_of
  local key dep ready running=0 failed=() done_pid rc
  for key in "${IMG_KEYS[@]}"; do state[$key]=pending; done
  while :; do
    for key in "${IMG_KEYS[@]}"; do
      [ "${state[$key]}" = pending ] || continue
      ready=1
      for dep in ${IMG_DEPS[$key]//,/ }; do
        [ "$dep" = - ] && continue
        case "${state[$dep]}" in
          done) ;;
          failed | skipped) state[$key]=skipped ready=0 && log "[$key] skipped: $dep failed" && break ;;
          *) ready=0 ;;
        esac
      done
      if [ "$ready" != 1 ] || [ "$running" -ge "$BUILD_JOBS" ]; then continue; fi
      build_one "$key" &
      pid_of[$!]=$key
      state[$key]=running
      running=$((running + 1))
    done
    [ "$running" -eq 0 ] && break
    rc=0
    wait -n -p done_pid || rc=$?
    key=${pid_of[$done_pid]}
    running=$((running - 1))
    if [ "$rc" = 0 ]; then
      state[$key]="done"
    else
      state[$key]="failed"
      failed+=("$key")
    fi
  done
  for key in "${IMG_KEYS[@]}"; do
    [ "${state[$key]}" = skipped ] && failed+=("$key")
  done
  if [ ${#failed[@]} -gt 0 ]; then
    log "images that failed or were skipped: ${failed[*]}"
    return 1
  fi
  return 0
}

# drop_if_dangling ID: remove a replaced stand-in once no tag names it. Never a
# daemon-wide prune: tests may be holding untagged images of their own.
drop_if_dangling() {
  local id=$1
  [ -n "$id" ] || return 0
  [ "$(docker image inspect -f '{{len .RepoTags}}' "$id" 2>/dev/null)" = 0 ] || return 0
  docker rmi "$id" >/dev/null 2>&1 || true
}
