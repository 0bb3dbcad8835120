# The lab's registry: Debian's docker-registry (distribution 2.8) on loopback, TLS from a lab-made CA, htpasswd auth.
# Sourced by lab.sh (it uses STATE_DIR, RUN_DIR, LOG_DIR, say, die, alive, stop_pidfile); an engine lab.sh adds
# calls registry_trust and registry_login_* below to trust the CA and log in.
#
# Why the name resolves to ::1 and not 127.0.0.1: Docker 20.10 treats every registry whose name resolves into
# 127.0.0.0/8 as insecure (`docker info`: "Insecure Registries: 127.0.0.0/8"; moby registry.isCIDRMatch looks the
# name up), and for an insecure registry it sets InsecureSkipVerify and even falls back to plain HTTP: TLS would not
# be checked at all. ::1 is loopback too, but not in that list (Docker 20.10; later releases add ::1/128, see the
# Engine API's RegistryServiceConfig), so Docker verifies the certificate against certs.d like any registry's; the
# lab proves it (RegistryFaultsIT: an untrusted CA is refused on both Docker hosts and Podman).

REGISTRY_NAME=registry.crosshost.test
REGISTRY_PORT=${CROSSHOST_LAB_REGISTRY_PORT:-5443}
REGISTRY=$REGISTRY_NAME:$REGISTRY_PORT
REGISTRY_USER=crosshost
REGISTRY_DIR=$STATE_DIR/registry
REGISTRY_PID=$RUN_DIR/registry.pid
# Where the lab's images are pushed, and what the lab matrix pulls: registry.crosshost.test:5443/lab/debian:12, ...
REGISTRY_PUSHED=(crosshost.test/debian:12 crosshost.test/busybox:latest)

# On a machine with systemd, installing Debian's package starts its own registry on :5000, every address, with
# the package's config: not the lab's, and not loopback only. Stop and disable that one; the lab runs its own.
registry_quiet_package_service() {
  if command -v systemctl >/dev/null && systemctl is-enabled docker-registry >/dev/null 2>&1; then
    systemctl disable --now docker-registry >/dev/null 2>&1 || true
  fi
}

registry_ref() { local ref=$1; echo "$REGISTRY/lab/${ref#crosshost.test/}"; }

registry_password() { cat "$REGISTRY_DIR/password"; }

# The name on loopback (IPv6 only, see above), in /etc/hosts once.
registry_resolve() {
  grep -qE "^::1[[:space:]]+$REGISTRY_NAME([[:space:]]|$)" /etc/hosts \
    || printf '::1 %s  # crosshost lab registry (harness/lab/registry.sh)\n' "$REGISTRY_NAME" >>/etc/hosts
}

# A CA of the lab's own and a server certificate for the registry's name, made once and kept.
registry_certificates() {
  local d=$REGISTRY_DIR
  [ -s "$d/server.crt" ] && [ -s "$d/ca.crt" ] && return 0
  say "making the registry's CA and certificate (openssl)"
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=Crosshost lab CA" \
    -keyout "$d/ca.key" -out "$d/ca.crt" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=$REGISTRY_NAME" -keyout "$d/server.key" -out "$d/server.csr" 2>/dev/null
  printf 'subjectAltName=DNS:%s\nextendedKeyUsage=serverAuth\n' "$REGISTRY_NAME" >"$d/server.ext"
  openssl x509 -req -in "$d/server.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" -CAcreateserial -days 3650 \
    -extfile "$d/server.ext" -out "$d/server.crt" 2>/dev/null
  chmod 600 "$d/ca.key" "$d/server.key"
}

registry_credentials() {
  local d=$REGISTRY_DIR
  [ -s "$d/password" ] && [ -s "$d/htpasswd" ] && return 0
  (umask 077; openssl rand -hex 16 >"$d/password")
  htpasswd -Bbn "$REGISTRY_USER" "$(registry_password)" >"$d/htpasswd" 2>/dev/null
  chmod 600 "$d/htpasswd"
}

registry_config() {
  cat >"$REGISTRY_DIR/config.yml" <<YAML
# Written by crosshost harness/lab/registry.sh
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $REGISTRY_DIR/data
  delete:
    enabled: true
http:
  addr: "[::1]:$REGISTRY_PORT"
  tls:
    certificate: $REGISTRY_DIR/server.crt
    key: $REGISTRY_DIR/server.key
auth:
  htpasswd:
    realm: crosshost-lab
    path: $REGISTRY_DIR/htpasswd
YAML
}

# Does the registry answer, with TLS checked against the lab CA? (401 without credentials is an answer.)
registry_answers() {
  local code
  code=$(curl -sS -o /dev/null -w '%{http_code}' --max-time 3 --cacert "$REGISTRY_DIR/ca.crt" "https://$REGISTRY/v2/" 2>/dev/null) || return 1
  [ "$code" = 401 ] || [ "$code" = 200 ]
}

registry_start() {
  registry_quiet_package_service
  mkdir -p "$REGISTRY_DIR/data"
  registry_resolve
  registry_certificates
  registry_credentials
  if alive "$REGISTRY_PID" && registry_answers; then return 0; fi
  registry_config
  say "starting the registry on https://$REGISTRY ([::1]:$REGISTRY_PORT)"
  nohup docker-registry serve "$REGISTRY_DIR/config.yml" >"$LOG_DIR/registry.log" 2>&1 &
  echo $! >"$REGISTRY_PID"
  for _ in $(seq 1 40); do
    registry_answers && return 0
    alive "$REGISTRY_PID" || break
    sleep 0.25
  done
  tail -n 20 "$LOG_DIR/registry.log" >&2 || true
  die "the registry did not answer on https://$REGISTRY within 10 s; its log is $LOG_DIR/registry.log"
}

# Trust the lab CA in a certs.d folder: Docker's /etc/docker/certs.d, Podman's /etc/containers/certs.d (rootless:
# ~/.config/containers/certs.d). Both read it at each pull: no engine restarts.
registry_trust() {
  local certs_d=$1
  mkdir -p "$certs_d/$REGISTRY"
  cmp -s "$REGISTRY_DIR/ca.crt" "$certs_d/$REGISTRY/ca.crt" 2>/dev/null || cp "$REGISTRY_DIR/ca.crt" "$certs_d/$REGISTRY/ca.crt"
}

# Log a Docker engine in: `docker login` asks the engine to check the credentials against the registry (so it proves
# the engine's trust too) and writes them, base64 `auth`, into the client's config.json (default ~/.docker), which is
# where Crosshost reads them. Args: the engine's socket, optionally a docker config folder.
registry_login_docker() {
  local sock=$1 config=${2:-}
  registry_password | "$DOCKER_CLI" ${config:+--config "$config"} -H "unix://$sock" login "$REGISTRY" \
    -u "$REGISTRY_USER" --password-stdin >"$LOG_DIR/registry-login.log" 2>&1 \
    || { cat "$LOG_DIR/registry-login.log" >&2; die "the engine on $sock could not log in to $REGISTRY"; }
}

# Log Podman in: podman login writes its auth file (root: /run/containers/0/auth.json; $REGISTRY_AUTH_FILE or
# --authfile when given). Extra args go to podman (--authfile FILE, --cert-dir DIR, ...).
registry_login_podman() {
  registry_password | podman login "$@" -u "$REGISTRY_USER" --password-stdin "$REGISTRY" >"$LOG_DIR/registry-login.log" 2>&1 \
    || { cat "$LOG_DIR/registry-login.log" >&2; die "podman could not log in to $REGISTRY"; }
}

registry_has() {
  local ref=$1 repo tag
  repo=${ref#"$REGISTRY"/}; tag=${repo##*:}; repo=${repo%:*}
  curl -fs -o /dev/null --max-time 10 --cacert "$REGISTRY_DIR/ca.crt" -u "$REGISTRY_USER:$(registry_password)" \
    -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' "https://$REGISTRY/v2/$repo/manifests/$tag"
}

# Push the lab's images once, from host docker; then untag them there, so the first run pulls them everywhere
# (the layers are still there: Docker's pull says "Already exists").
registry_push_images() {
  local ref target
  for ref in "${REGISTRY_PUSHED[@]}"; do
    target=$(registry_ref "$ref")
    registry_has "$target" && continue
    say "pushing $ref to $target"
    { "$DOCKER_CLI" -H "unix://$DOCKER_SOCK" tag "$ref" "$target" \
        && "$DOCKER_CLI" -H "unix://$DOCKER_SOCK" push "$target" \
        && "$DOCKER_CLI" -H "unix://$DOCKER_SOCK" rmi "$target"; } >"$LOG_DIR/registry-push.log" 2>&1 \
      || { cat "$LOG_DIR/registry-push.log" >&2; die "could not push $ref to $target"; }
  done
}

# Everything `lab.sh up` does for the registry, after the hosts are up and the images imported.
registry_up() {
  registry_start
  registry_trust /etc/docker/certs.d
  registry_trust /etc/containers/certs.d
  # Both Docker hosts share root's client config; one login each still proves each engine trusts the CA.
  registry_login_docker "$DOCKER_SOCK"
  registry_login_docker "$LEGACY_SOCK"
  registry_login_podman
  registry_push_images
}

registry_status() {
  if alive "$REGISTRY_PID" && registry_answers; then
    local repos
    repos=$(curl -fsS --max-time 3 --cacert "$REGISTRY_DIR/ca.crt" -u "$REGISTRY_USER:$(registry_password)" "https://$REGISTRY/v2/_catalog" \
      | sed 's/.*\[\(.*\)\].*/\1/; s/"//g; s/,/ /g')
    printf '%-15s up    https://%s  docker-registry %s, TLS (lab CA %s), htpasswd user %s\n%-15s       repositories: %s\n' \
      registry "$REGISTRY" "$(docker-registry --version 2>/dev/null | awk '{print $3}')" "$REGISTRY_DIR/ca.crt" "$REGISTRY_USER" "" "${repos:-none}"
  else
    printf '%-15s DOWN  https://%s\n' registry "$REGISTRY"
    return 1
  fi
}

registry_down() {
  stop_pidfile registry "$REGISTRY_PID"
}
