# shellcheck shell=bash
# The lab's hosts beyond the first three: sourced by lab.sh, which calls extra_up, extra_status and extra_down.
# It uses lab.sh's helpers (say, die, answers, wait_for, alive, stop_pidfile, build_tarball) and directories.
#
#   podman-rootless  Podman's API service run by the unprivileged user crosshost-rootless (subuid/subgid ranges of
#                    65536, as useradd gives), on that user's socket, with runc and the cgroupfs manager: crun
#                    refuses rootless here ("cgroups in hybrid mode not supported"; the machine mounts cgroup v1).
#                    Inside, uid 0 is the user and 1-65535 are 100000-165535: chown outside that range, mknod and
#                    /proc/sys writes fail; an image with a file owned by uid 200000 cannot even be stored.
#   docker-userns    a dockerd with --userns-remap=default (the user dockremap and its subordinate ranges), its own
#                    socket, data root and exec root.
#   docker-crun      a dockerd whose default runtime is Debian's crun instead of runc (--add-runtime); the matrix
#                    column also names the runtime, so the same engine could be a second column of another runtime.
#
# The lab's TLS registry (harness/lab/registry.sh) is up before these start; how each trusts it: see
# start_podman_rootless and start_extra_dockerd.

EXTRA_HOSTS=(podman-rootless docker-userns docker-crun)

ROOTLESS_USER=crosshost-rootless
ROOTLESS_RUNTIME_DIR=$RUN_DIR/podman-rootless   # the user's XDG_RUNTIME_DIR; the socket is Podman's usual one in it
ROOTLESS_SOCK=$ROOTLESS_RUNTIME_DIR/podman/podman.sock
ROOTLESS_PIDFILE=$ROOTLESS_RUNTIME_DIR/service.pid
USERNS_SOCK=$RUN_DIR/docker-userns.sock
CRUN_SOCK=$RUN_DIR/docker-crun.sock

# An image with a file owned by uid and gid 200000, as real images have (e.g. files unpacked from a tarball made on
# a build machine): above every 65536-id mapping, so rootless Podman cannot store it (containers/podman#2542).
HIGH_UID_IMAGE=crosshost.test/high-uid:latest
HIGH_UID=200000
# The same image as `docker save` writes it: the matrix lets the harness load it where it is missing, so the grid shows
# the engine's own words for a host that cannot store it.
HIGH_UID_ARCHIVE=$CACHE_DIR/high-uid.docker-archive.tar

extra_socket_of() {
  case "$1" in
    podman-rootless) echo "$ROOTLESS_SOCK" ;;
    docker-userns) echo "$USERNS_SOCK" ;;
    docker-crun) echo "$CRUN_SOCK" ;;
  esac
}

extra_install_packages() {
  local missing=()
  command -v crun >/dev/null || missing+=(crun)
  command -v newuidmap >/dev/null || missing+=(uidmap)
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

rootless_home() { getent passwd "$ROOTLESS_USER" | cut -d: -f6; }

# Runs a command as the rootless user, in its home, with its runtime directory.
as_rootless() {
  local home
  home=$(rootless_home)
  (cd "$home" && runuser -u "$ROOTLESS_USER" -- env -i PATH=/usr/local/bin:/usr/bin:/bin HOME="$home" \
    XDG_RUNTIME_DIR="$ROOTLESS_RUNTIME_DIR" "$@")
}

setup_rootless_user() {
  if ! id "$ROOTLESS_USER" >/dev/null 2>&1; then
    say "creating user $ROOTLESS_USER for rootless Podman"
    useradd -m -s /bin/bash -c "crosshost lab rootless Podman" "$ROOTLESS_USER"
  fi
  # useradd gives a range of SUB_UID_COUNT (65536) ids; a machine whose useradd gave none gets one the same size.
  grep -q "^$ROOTLESS_USER:" /etc/subuid || usermod --add-subuids 300000-365535 "$ROOTLESS_USER"
  grep -q "^$ROOTLESS_USER:" /etc/subgid || usermod --add-subgids 300000-365535 "$ROOTLESS_USER"
  local home
  home=$(rootless_home)
  install -d -o "$ROOTLESS_USER" -g "$ROOTLESS_USER" -m 700 "$ROOTLESS_RUNTIME_DIR" "$ROOTLESS_RUNTIME_DIR/podman"
  install -d -o "$ROOTLESS_USER" -g "$ROOTLESS_USER" "$home/.config" "$home/.config/containers"
  # runc and cgroupfs: crun and the systemd manager both refuse rootless on this cgroup-v1 machine; no journald.
  # The rlimits are those of lab.sh's rootful Podman: the defaults fail at start here.
  cat >"$home/.config/containers/containers.conf" <<'CONF'
# Written by crosshost harness/lab/hosts-extra.sh
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
  # Native rootless overlay (kernel >= 5.13); without this Podman 4.3 picks vfs, which copies each rootfs whole.
  cat >"$home/.config/containers/storage.conf" <<'CONF'
# Written by crosshost harness/lab/hosts-extra.sh
[storage]
driver = "overlay"
CONF
  chown "$ROOTLESS_USER:" "$home/.config/containers/containers.conf" "$home/.config/containers/storage.conf"
}

start_podman_rootless() {
  if answers "$ROOTLESS_SOCK"; then return 0; fi
  say "starting host podman-rootless on $ROOTLESS_SOCK (user $ROOTLESS_USER)"
  setup_rootless_user
  local log=$LOG_DIR/podman-rootless.log
  : >"$log"
  chown "$ROOTLESS_USER:" "$log"
  # The service writes its own pid (runuser's would not stop it), in the user's directory it may write to.
  rm -f "$ROOTLESS_PIDFILE"
  nohup runuser -u "$ROOTLESS_USER" -- env -i PATH=/usr/local/bin:/usr/bin:/bin HOME="$(rootless_home)" \
    XDG_RUNTIME_DIR="$ROOTLESS_RUNTIME_DIR" sh -c 'cd && echo $$ >"$0" && exec podman system service --time=0 "$1"' \
    "$ROOTLESS_PIDFILE" "unix://$ROOTLESS_SOCK" >>"$log" 2>&1 </dev/null &
  wait_for podman-rootless "$ROOTLESS_SOCK" "$log"
  # The lab registry: rootless Podman reads /etc/containers/certs.d too (registry_up put the lab CA there), and
  # Crosshost sends the credentials with each pull, so the user needs no login of its own.
}

# A dockerd of its own, as lab.sh starts docker-legacy: own socket, data root, exec root and pid file.
start_extra_dockerd() {
  local name=$1 sock=$2; shift 2
  if answers "$sock"; then return 0; fi
  say "starting host $name on $sock"
  mkdir -p "$STATE_DIR/$name" "$RUN_DIR/$name-exec"
  nohup dockerd --host "unix://$sock" \
    --data-root "$STATE_DIR/$name" --exec-root "$RUN_DIR/$name-exec" \
    --pidfile "$RUN_DIR/$name.pid" \
    --bridge none --iptables=false --ip6tables=false \
    "$@" >"$LOG_DIR/$name.log" 2>&1 &
  wait_for "$name" "$sock" "$LOG_DIR/$name.log"
  # The lab registry: every dockerd reads /etc/docker/certs.d (registry_up put the lab CA there); the login proves
  # that this engine trusts it.
  registry_login_docker "$sock"
}

start_docker_userns() {
  # "default" makes dockerd create the user dockremap with subordinate ranges of 65536.
  start_extra_dockerd docker-userns "$USERNS_SOCK" --userns-remap=default
}

# crun 1.8.1 refuses to run on a cgroup-v1 machine whose cgroup2 mount has a controller: "cgroups in hybrid mode not
# supported, drop all controllers from cgroupv2". This machine kind leaves hugetlb on cgroup2 (mounted nowhere on v1);
# binding it to a v1 hierarchy of its own empties cgroup2's controllers, which is what crun asks. runc and Podman
# only gain a hugetlb cgroup for their new containers.
cgroup2_without_controllers() {
  local unified=/sys/fs/cgroup/unified
  [ -f "$unified/cgroup.controllers" ] || return 0
  local c
  for c in $(cat "$unified/cgroup.controllers"); do
    say "moving the $c controller from cgroup2 to cgroup v1 (crun refuses hybrid mode with controllers on cgroup2)"
    mkdir -p "/sys/fs/cgroup/$c"
    mount -t cgroup -o "$c" cgroup "/sys/fs/cgroup/$c" || die "could not mount the $c controller on /sys/fs/cgroup/$c"
  done
}

start_docker_crun() {
  cgroup2_without_controllers
  start_extra_dockerd docker-crun "$CRUN_SOCK" --add-runtime "crun=$(command -v crun)" --default-runtime crun
}

extra_cli() {
  local host=$1; shift
  case "$host" in
    podman-rootless) as_rootless podman "$@" ;;
    podman) podman "$@" ;;
    docker | docker-legacy) "$DOCKER_CLI" -H "unix://$(socket_of "$host")" "$@" ;;
    *) "$DOCKER_CLI" -H "unix://$(extra_socket_of "$host")" "$@" ;;
  esac
}

extra_has_image() { extra_cli "$1" image inspect "$2" >/dev/null 2>&1; }

# The busybox root filesystem plus /opt/high-uid owned by 200000:200000, kept in the cache like the others.
build_high_uid_tarball() {
  local tar=$CACHE_DIR/crosshost.test_high-uid_latest.tar
  if [ -s "$tar" ]; then echo "$tar"; return 0; fi
  local busybox root=$CACHE_DIR/rootfs-high-uid.$$
  busybox=$(build_tarball crosshost.test/busybox:latest)
  rm -rf "$root"; mkdir -p "$root"
  tar -C "$root" -xf "$busybox"
  mkdir -p "$root/opt"
  echo "owned by uid $HIGH_UID" >"$root/opt/high-uid"
  chown "$HIGH_UID:$HIGH_UID" "$root/opt/high-uid"
  tar -C "$root" --numeric-owner -cf "$tar.tmp" . && mv "$tar.tmp" "$tar"
  rm -rf "$root"
  echo "$tar"
}

import_extra_images() {
  local ref host tar
  # The lab's four images into the new hosts.
  for ref in "${IMAGES[@]}"; do
    for host in "${EXTRA_HOSTS[@]}"; do
      extra_has_image "$host" "$ref" && continue
      tar=$(build_tarball "$ref")
      say "importing $ref into $host"
      extra_cli "$host" import --change 'CMD ["/bin/sh"]' - "$ref" <"$tar" >"$LOG_DIR/import.log" 2>&1 \
        || { cat "$LOG_DIR/import.log" >&2; die "could not import $ref into $host"; }
    done
  done
  # The high-uid image into every host that can store it. podman-rootless and docker-userns cannot, and that is the
  # point: the harness loads the archive there at run time, and the grid shows the engine's own answer ("potentially
  # insufficient UIDs or GIDs available in user namespace", "Container ID 200000 cannot be mapped to a host ID").
  tar=$(build_high_uid_tarball)
  for host in "${HOSTS[@]}" docker-crun; do
    extra_has_image "$host" "$HIGH_UID_IMAGE" && continue
    say "importing $HIGH_UID_IMAGE into $host"
    extra_cli "$host" import --change 'CMD ["/bin/sh"]' - "$HIGH_UID_IMAGE" <"$tar" >"$LOG_DIR/import.log" 2>&1 \
      || { cat "$LOG_DIR/import.log" >&2; die "could not import $HIGH_UID_IMAGE into $host"; }
  done
  if [ ! -s "$HIGH_UID_ARCHIVE" ]; then
    "$DOCKER_CLI" -H "unix://$DOCKER_SOCK" save -o "$HIGH_UID_ARCHIVE.tmp" "$HIGH_UID_IMAGE"
    chmod 644 "$HIGH_UID_ARCHIVE.tmp" && mv "$HIGH_UID_ARCHIVE.tmp" "$HIGH_UID_ARCHIVE"
  fi
}

extra_up() {
  extra_install_packages
  start_podman_rootless
  start_docker_userns
  start_docker_crun
  import_extra_images
}

extra_status() {
  local host sock images ok=0
  for host in "${EXTRA_HOSTS[@]}"; do
    sock=$(extra_socket_of "$host")
    images=$(for ref in "${IMAGES[@]}" "$HIGH_UID_IMAGE"; do extra_has_image "$host" "$ref" && printf '%s ' "$ref"; done)
    print_host_status "$host" "$sock" "$images" || ok=1
  done
  return $ok
}

extra_down() {
  stop_pidfile docker-crun "$RUN_DIR/docker-crun.pid"
  stop_pidfile docker-userns "$RUN_DIR/docker-userns.pid"
  stop_pidfile podman-rootless "$ROOTLESS_PIDFILE"
}
