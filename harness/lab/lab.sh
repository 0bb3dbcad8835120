#!/usr/bin/env bash
# The Crosshost lab: three real container hosts and a Debian image matrix on one Debian machine.
#
#   lab.sh up      install what is missing, start the hosts, build and import the images (idempotent)
#   lab.sh status  each host's reachability, engine version and lab images
#   lab.sh down    stop what `up` started, by the pid files it wrote
#   lab.sh down-extra  stop only the hosts of hosts-extra.sh
#   lab.sh purge [--packages]  `down`, then remove everything `up` made (engines' storage, images, registry, CA,
#                  users, configuration), and with --packages the Debian packages it installed: the next `up` is a
#                  fresh machine's cold start
#   lab.sh run     `up`, then `crosshost run` on the lab matrix (the README's main job); extra args go to run
#
# Hosts (see shared DESIGN.md, "The local lab"):
#   docker         dockerd on unix:///var/run/docker.sock
#   docker-legacy  a second dockerd whose seccomp profile answers clone3 and faccessat2 with EPERM,
#                  the way Docker < 20.10 / libseccomp < 2.4.4 did (moby/moby#42680, faccessat2 bug)
#   podman         the Podman API service on unix:///run/podman/podman.sock
#   podman-rootless, docker-userns, docker-crun: see hosts-extra.sh
# Images: crosshost.test/debian:11, :12, :13 (debootstrap minbase) and crosshost.test/busybox:latest.
# Registry: https://registry.crosshost.test:5443 on [::1] (registry.sh), with :12 and busybox pushed to it.
set -euo pipefail

LAB_NAME=crosshost-lab
RUN_DIR=/run/$LAB_NAME
STATE_DIR=${CROSSHOST_LAB_STATE:-/var/lib/$LAB_NAME}
CACHE_DIR=${CROSSHOST_LAB_CACHE:-/var/cache/$LAB_NAME}
LOG_DIR=/var/log/$LAB_NAME
DEBIAN_MIRROR=${CROSSHOST_DEBIAN_MIRROR:-http://deb.debian.org/debian}

DOCKER_SOCK=/var/run/docker.sock
LEGACY_SOCK=$RUN_DIR/docker-legacy.sock
PODMAN_SOCK=/run/podman/podman.sock

# Use Debian's docker client: it matches the engines the lab runs.
DOCKER_CLI=/usr/bin/docker

HOSTS=(docker docker-legacy podman)
declare -A DEBIAN_SUITES=([11]=bullseye [12]=bookworm [13]=trixie)
IMAGES=(crosshost.test/debian:11 crosshost.test/debian:12 crosshost.test/debian:13 crosshost.test/busybox:latest)

# shellcheck source=registry.sh
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/registry.sh"
# The hosts beyond the first three (rootless Podman, userns-remapped Docker, crun), in their own file.
# shellcheck source=hosts-extra.sh
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/hosts-extra.sh"

say() { printf '[lab] %s\n' "$*"; }
die() { printf '[lab] error: %s\n' "$*" >&2; exit 1; }

need_root() { [ "$(id -u)" = 0 ] || die "the lab needs root (it installs packages and starts engines); run it with sudo"; }

socket_of() {
  case "$1" in
    docker) echo "$DOCKER_SOCK" ;;
    docker-legacy) echo "$LEGACY_SOCK" ;;
    podman) echo "$PODMAN_SOCK" ;;
  esac
}

# Is the engine behind this socket answering its API?
answers() { [ -S "$1" ] && curl -fsS --max-time 3 --unix-socket "$1" http://localhost/_ping >/dev/null 2>&1; }

wait_for() {
  local name=$1 sock=$2 log=$3
  for _ in $(seq 1 60); do
    answers "$sock" && return 0
    sleep 0.5
  done
  tail -n 20 "$log" >&2 || true
  die "host $name did not answer on $sock within 30 s; its log is $log"
}

# A pid file is live when its process still runs.
alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

install_packages() {
  local missing=()
  command -v dockerd >/dev/null || missing+=(docker.io)
  command -v podman >/dev/null || missing+=(podman)
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  [ -x /bin/busybox ] && /bin/busybox --help 2>&1 | grep -q 'statically linked' || dpkg -s busybox-static >/dev/null 2>&1 || missing+=(busybox-static)
  command -v curl >/dev/null || missing+=(curl)
  # The registry (registry.sh): distribution 2.8, htpasswd for its bcrypt password file, openssl for its CA.
  command -v docker-registry >/dev/null || missing+=(docker-registry)
  command -v htpasswd >/dev/null || missing+=(apache2-utils)
  command -v openssl >/dev/null || missing+=(openssl)
  # The harness itself: Java 17 and Maven (a fresh Debian has neither).
  command -v java >/dev/null || missing+=(openjdk-17-jdk-headless)
  command -v mvn >/dev/null || missing+=(maven)
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

write_seccomp_profile() {
  # Allow everything, but answer the two syscalls that old libseccomp did not know with EPERM
  # instead of ENOSYS, so that glibc >= 2.33 / 2.34 cannot fall back (the faccessat2 and clone3 bugs).
  cat >"$STATE_DIR/legacy-seccomp.json" <<'JSON'
{
  "defaultAction": "SCMP_ACT_ALLOW",
  "syscalls": [
    { "names": ["clone3", "faccessat2"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1 }
  ]
}
JSON
}

start_docker() {
  if answers "$DOCKER_SOCK"; then return 0; fi
  say "starting host docker on $DOCKER_SOCK"
  # No docker0 bridge exists here and cells run with network none.
  nohup dockerd --host "unix://$DOCKER_SOCK" --pidfile "$RUN_DIR/docker.pid" \
    --bridge none --iptables=false --ip6tables=false \
    >"$LOG_DIR/docker.log" 2>&1 &
  wait_for docker "$DOCKER_SOCK" "$LOG_DIR/docker.log"
}

start_docker_legacy() {
  if answers "$LEGACY_SOCK"; then return 0; fi
  say "starting host docker-legacy on $LEGACY_SOCK"
  write_seccomp_profile
  mkdir -p "$STATE_DIR/docker-legacy" "$RUN_DIR/docker-legacy-exec"
  nohup dockerd --host "unix://$LEGACY_SOCK" \
    --data-root "$STATE_DIR/docker-legacy" --exec-root "$RUN_DIR/docker-legacy-exec" \
    --pidfile "$RUN_DIR/docker-legacy.pid" \
    --bridge none --iptables=false --ip6tables=false \
    --seccomp-profile "$STATE_DIR/legacy-seccomp.json" \
    >"$LOG_DIR/docker-legacy.log" 2>&1 &
  wait_for docker-legacy "$LEGACY_SOCK" "$LOG_DIR/docker-legacy.log"
}

start_podman() {
  if answers "$PODMAN_SOCK"; then return 0; fi
  say "starting host podman on $PODMAN_SOCK"
  # As root on this machine kind, podman's default rlimits fail with
  # "error setting rlimit type 6/7: operation not permitted".
  # The runtime is pinned to runc: Podman prefers crun once it is installed (docker-crun installs it), so on a fresh
  # machine this host silently became a crun host while on an older one it stayed runc.
  mkdir -p /etc/containers/containers.conf.d /run/podman
  cat >/etc/containers/containers.conf.d/50-crosshost-lab.conf <<'CONF'
# Written by crosshost harness/lab/lab.sh
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]

[engine]
runtime = "runc"
CONF
  nohup podman system service --time=0 "unix://$PODMAN_SOCK" >"$LOG_DIR/podman.log" 2>&1 &
  echo $! >"$RUN_DIR/podman.pid"
  wait_for podman "$PODMAN_SOCK" "$LOG_DIR/podman.log"
}

# docker -H for the docker hosts, podman for the podman host (it has its own storage).
cli() {
  local host=$1; shift
  if [ "$host" = podman ]; then podman "$@"; else "$DOCKER_CLI" -H "unix://$(socket_of "$host")" "$@"; fi
}

has_image() { cli "$1" image inspect "$2" >/dev/null 2>&1; }

# Build a root filesystem tarball once; it is kept in the cache for every later `up`.
build_tarball() {
  local ref=$1 tar
  tar=$CACHE_DIR/$(echo "$ref" | tr '/:' '__').tar
  if [ -s "$tar" ]; then echo "$tar"; return 0; fi
  local root=$CACHE_DIR/rootfs.$$
  rm -rf "$root"; mkdir -p "$root"
  case "$ref" in
    crosshost.test/debian:*)
      local version=${ref##*:} suite
      suite=${DEBIAN_SUITES[$version]}
      say "building $ref with debootstrap $suite (about 75 s)" >&2
      debootstrap --variant=minbase "$suite" "$root" "$DEBIAN_MIRROR" >"$LOG_DIR/debootstrap-$suite.log" 2>&1 \
        || { tail -n 20 "$LOG_DIR/debootstrap-$suite.log" >&2; die "debootstrap $suite failed; log: $LOG_DIR/debootstrap-$suite.log"; }
      rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
      ;;
    crosshost.test/busybox:*)
      say "building $ref from Debian's busybox-static" >&2
      mkdir -p "$root"/{bin,etc,tmp,proc,sys,dev,root}
      cp /bin/busybox "$root/bin/busybox"
      chroot "$root" /bin/busybox --install -s /bin
      printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$root/etc/passwd"
      printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
      chmod 1777 "$root/tmp"
      ;;
  esac
  tar -C "$root" -cf "$tar.tmp" . && mv "$tar.tmp" "$tar"
  rm -rf "$root"
  echo "$tar"
}

import_images() {
  mkdir -p "$CACHE_DIR"
  local ref host tar
  for ref in "${IMAGES[@]}"; do
    local wanted=()
    for host in "${HOSTS[@]}"; do has_image "$host" "$ref" || wanted+=("$host"); done
    [ ${#wanted[@]} -eq 0 ] && continue
    tar=$(build_tarball "$ref")
    for host in "${wanted[@]}"; do
      say "importing $ref into $host"
      cli "$host" import --change 'CMD ["/bin/sh"]' "$tar" "$ref" >"$LOG_DIR/import.log" 2>&1 \
        || { cat "$LOG_DIR/import.log" >&2; die "could not import $ref into $host"; }
    done
  done
}

cmd_up() {
  need_root
  mkdir -p "$RUN_DIR" "$STATE_DIR" "$CACHE_DIR" "$LOG_DIR"
  install_packages
  start_docker
  start_docker_legacy
  start_podman
  import_images
  registry_up
  extra_up
  cmd_status
}

# One host's lines in `lab.sh status` (lab.sh's hosts and hosts-extra.sh's alike): up with its engine's version and
# the lab images it holds (given, space-separated), or DOWN, returning 1.
print_host_status() {
  local host=$1 sock=$2 images=$3 version
  if ! answers "$sock"; then
    printf '%-15s DOWN  unix://%s\n' "$host" "$sock"
    return 1
  fi
  version=$(curl -fsS --max-time 3 --unix-socket "$sock" http://localhost/version 2>/dev/null | sed -n 's/.*"Version":"\([^"]*\)".*"ApiVersion":"\([^"]*\)".*/\1 (API \2)/p' | head -n 1) \
    || version="unknown (no answer to /version within 3 s)"  # a loaded Podman takes that long; status goes on
  printf '%-15s up    unix://%s  engine %s\n%-15s       images: %s\n' "$host" "$sock" "$version" "" "${images:-none}"
}

cmd_status() {
  local host sock images ok=0
  for host in "${HOSTS[@]}"; do
    sock=$(socket_of "$host")
    images=$(for ref in "${IMAGES[@]}"; do has_image "$host" "$ref" && printf '%s ' "$ref"; done)
    print_host_status "$host" "$sock" "$images" || ok=1
  done
  registry_status || ok=1
  extra_status || ok=1
  return $ok
}

stop_pidfile() {
  local name=$1 pidfile=$2
  if alive "$pidfile"; then
    say "stopping $name (pid $(cat "$pidfile"))"
    kill "$(cat "$pidfile")"
    for _ in $(seq 1 40); do alive "$pidfile" || break; sleep 0.25; done
  fi
  rm -f "$pidfile"
}

cmd_down() {
  need_root
  registry_down
  extra_down
  stop_pidfile podman "$RUN_DIR/podman.pid"
  stop_pidfile docker-legacy "$RUN_DIR/docker-legacy.pid"
  stop_pidfile docker "$RUN_DIR/docker.pid"
}

# Everything `up` made, removed, so that the next `up` starts as on a fresh machine (and a user can take the lab off
# a machine). The cgroup v1 hugetlb hierarchy that hosts-extra.sh mounts stays until a reboot: unmounting it while
# the engines' cgroups may still hold tasks is not safe, and crun only needs it again.
cmd_purge() {
  need_root
  local packages=0
  [ "${1:-}" = --packages ] && packages=1
  cmd_down
  local paths=(/var/lib/docker /var/lib/containers /run/containers /run/podman "$STATE_DIR" "$CACHE_DIR" "$LOG_DIR" "$RUN_DIR")
  local p mounts
  for p in "${paths[@]}"; do
    # Mounts an engine leaves: dockerd bind-mounts its data root onto itself (still there after it exits), and a
    # killed daemon leaves its overlay and shm mounts. Deepest first, the path itself last, then the tree.
    mounts=$(findmnt -rn -o TARGET | awk -v p="$p" '$0 == p || index($0, p "/") == 1' | sort -r)
    [ -n "$mounts" ] && xargs -r umount -l <<<"$mounts"
    [ -e "$p" ] && { say "removing $p"; rm -rf "$p"; }
  done
  rm -f /etc/containers/containers.conf.d/50-crosshost-lab.conf
  rm -rf "/etc/docker/certs.d/$REGISTRY" "/etc/containers/certs.d/$REGISTRY"
  sed -i '/# crosshost lab registry (harness\/lab\/registry.sh)$/d' /etc/hosts
  [ -x "$DOCKER_CLI" ] && "$DOCKER_CLI" logout "$REGISTRY" >/dev/null 2>&1 || true
  local user
  for user in "$ROOTLESS_USER" dockremap; do
    if id "$user" >/dev/null 2>&1; then
      say "removing user $user"
      pkill -KILL -u "$user" 2>/dev/null || true
      userdel -r "$user" >/dev/null 2>&1 || userdel "$user"
    fi
    sed -i "/^$user:/d" /etc/subuid /etc/subgid
  done
  if [ $packages = 1 ]; then
    local installed=() pkg
    for pkg in docker.io podman crun uidmap docker-registry debootstrap busybox-static apache2-utils; do
      dpkg -s "$pkg" >/dev/null 2>&1 && installed+=("$pkg")
    done
    if [ ${#installed[@]} -gt 0 ]; then
      say "purging ${installed[*]} and what only they needed"
      DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq "${installed[@]}" >/dev/null
      DEBIAN_FRONTEND=noninteractive apt-get autoremove --purge -y -qq >/dev/null
    fi
  fi
  say "purged; harness/lab/lab.sh up starts the lab from nothing"
}

case "${1:-}" in
  up) cmd_up ;;
  status) cmd_status ;;
  down) cmd_down ;;
  down-extra) need_root; extra_down ;;
  purge) shift; cmd_purge "$@" ;;
  run)
    shift
    cmd_up
    exec "$(dirname "$(readlink -f "$0")")/../../crosshost" run "$@"
    ;;
  *) echo "usage: $0 up|status|down|down-extra|purge [--packages]|run [crosshost run options]" >&2; exit 2 ;;
esac
