#!/usr/bin/env bash
# TLS material and TLS-only servers for the fault suite (scenario 7). Nothing here is committed:
# every key is generated at run time into the state dir.
#
#   scripts/tls.sh certs [--force]        generate the files below (kept if they exist)
#   scripts/tls.sh start [nats|cql]...    TLS NATS on 127.0.0.1:4223, TLS Cassandra on 127.0.0.1:19142
#   scripts/tls.sh stop [--purge] [nats|cql]...
#   scripts/tls.sh status
#   scripts/tls.sh env                    export lines for the tests (RSDEV_TLS_*)
#
# Files in $RSDEV_SERVICES_DIR/tls/ (keys are PKCS#8 PEM, "BEGIN PRIVATE KEY"):
#   ca.pem, ca.key                   the test CA that signs the servers' certificates
#   server.pem, server.key           server certificate for 127.0.0.1 and localhost
#   server.p12, server.jks           the same key and chain as a key store (password in
#                                    keystore.password), for Cassandra's client_encryption_options
#   client.pem, client.key           a client certificate signed by the CA (for mutual TLS)
#   untrusted-ca.pem, untrusted-ca.key  a second CA that signs nothing of ours: a client that
#                                    trusts only it must refuse our servers
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly SCRIPT_DIR
# shellcheck source=lib/common.sh
source "$SCRIPT_DIR/lib/common.sh"

readonly TLS_DIR="$STATE_DIR/tls"
readonly LOG_PREFIX=tls
readonly DAYS=30


ensure_openssl() {
  command -v openssl >/dev/null 2>&1 && return 0
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    log "openssl is not installed; installing the Debian package openssl with apt-get"
    { DEBIAN_FRONTEND=noninteractive apt-get update -q &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends openssl; } \
      >"$STATE_DIR/apt-openssl.log" 2>&1 </dev/null ||
      die "installing openssl failed (log: $STATE_DIR/apt-openssl.log)"
    return 0
  fi
  die "openssl is needed (Debian/Ubuntu: sudo apt-get install openssl)"
}

keytool_bin() {
  local java
  java=$(readlink -f "$(java_bin)")
  if [[ -x $(dirname "$java")/keytool ]]; then
    echo "$(dirname "$java")/keytool"
  else
    command -v keytool || die "keytool (from the JDK) is needed"
  fi
}

# The functions below write into $OUT.
OUT=

# new_key FILE: an EC P-256 key in PKCS#8 PEM
new_key() {
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null
  chmod 600 "$1"
}

# new_ca NAME SUBJECT
new_ca() {
  new_key "$OUT/$1.key"
  openssl req -x509 -new -key "$OUT/$1.key" -sha256 -days "$DAYS" -subj "$2" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -out "$OUT/$1.pem" 2>/dev/null
}

# new_leaf NAME SUBJECT EXTENDED_KEY_USAGE [SAN]: signed by ca
new_leaf() {
  local name=$1 subject=$2 eku=$3 san=${4:-}
  new_key "$OUT/$name.key"
  {
    echo "basicConstraints=critical,CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    echo "extendedKeyUsage=$eku"
    [[ -z $san ]] || echo "subjectAltName=$san"
  } >"$OUT/$name.ext"
  openssl req -new -key "$OUT/$name.key" -subj "$subject" -out "$OUT/$name.csr" 2>/dev/null
  openssl x509 -req -in "$OUT/$name.csr" -CA "$OUT/ca.pem" -CAkey "$OUT/ca.key" \
    -CAcreateserial -days "$DAYS" -sha256 -extfile "$OUT/$name.ext" \
    -out "$OUT/$name.pem" 2>/dev/null
  rm -f "$OUT/$name.csr" "$OUT/$name.ext"
}

cmd_certs() {
  if [[ ${1:-} != --force && -f $TLS_DIR/.complete ]]; then
    log "TLS files exist in $TLS_DIR (--force makes new ones)"
    return 0
  fi
  ensure_openssl
  local keytool password
  keytool=$(keytool_bin)
  OUT="$TLS_DIR.tmp.$$"
  rm -rf "$OUT"
  mkdir -p "$OUT"
  chmod 700 "$OUT"
  new_ca ca "/O=result-store/CN=result-store test CA"
  new_ca untrusted-ca "/O=somebody else/CN=untrusted test CA"
  new_leaf server "/O=result-store/CN=localhost" serverAuth "IP:127.0.0.1,DNS:localhost"
  new_leaf client "/O=result-store/CN=result-store-runner" clientAuth
  password=$(openssl rand -hex 16)
  printf '%s\n' "$password" >"$OUT/keystore.password"
  openssl pkcs12 -export -name server -inkey "$OUT/server.key" -in "$OUT/server.pem" \
    -certfile "$OUT/ca.pem" -passout "pass:$password" -out "$OUT/server.p12"
  "$keytool" -importkeystore -noprompt -srckeystore "$OUT/server.p12" -srcstoretype PKCS12 \
    -srcstorepass "$password" -destkeystore "$OUT/server.jks" -deststoretype JKS \
    -deststorepass "$password" >/dev/null 2>&1 || die "keytool could not write $OUT/server.jks"
  # the contract of these files
  grep -q 'BEGIN PRIVATE KEY' "$OUT/server.key" || die "server.key is not PKCS#8 PEM"
  grep -q 'BEGIN PRIVATE KEY' "$OUT/client.key" || die "client.key is not PKCS#8 PEM"
  openssl verify -CAfile "$OUT/ca.pem" "$OUT/server.pem" >/dev/null || die "server.pem does not verify"
  if openssl verify -CAfile "$OUT/untrusted-ca.pem" "$OUT/server.pem" >/dev/null 2>&1; then
    die "server.pem verifies against the untrusted CA"
  fi
  touch "$OUT/.complete"
  rm -rf "$TLS_DIR"
  mv "$OUT" "$TLS_DIR"
  log "TLS files in $TLS_DIR (CA, server for 127.0.0.1/localhost, client, untrusted CA; valid $DAYS days)"
}

cluster() {
  "$SCRIPT_DIR/cassandra-cluster.sh" --name tls \
    --client-tls "$TLS_DIR/server.jks:$(cat "$TLS_DIR/keystore.password" 2>/dev/null):$TLS_DIR/ca.pem" "$@"
}

select_services() {
  SERVICES=()
  local s
  for s in "$@"; do
    case "$s" in
      nats) SERVICES+=(nats) ;;
      cql | cassandra) SERVICES+=(cql) ;;
      --purge) ;;
      *) usage ;;
    esac
  done
  ((${#SERVICES[@]} > 0)) || SERVICES=(nats cql)
}

cmd_start() {
  cmd_certs
  local s
  select_services "$@"
  for s in "${SERVICES[@]}"; do
    case "$s" in
      nats) "$SCRIPT_DIR/nats-instance.sh" --name tls start >/dev/null ;;
      cql) cluster start >/dev/null ;;
    esac
  done
  cmd_env
}

cmd_stop() {
  local s purge=()
  [[ " $* " == *" --purge "* ]] && purge=(--purge)
  select_services "$@"
  for s in "${SERVICES[@]}"; do
    case "$s" in
      nats) "$SCRIPT_DIR/nats-instance.sh" --name tls stop "${purge[@]+"${purge[@]}"}" ;;
      cql) cluster stop "${purge[@]+"${purge[@]}"}" ;;
    esac
  done
}

cmd_status() {
  local rc=0
  echo "TLS files: $TLS_DIR$([[ -f $TLS_DIR/.complete ]] || echo ' (missing: run scripts/tls.sh certs)')"
  "$SCRIPT_DIR/nats-instance.sh" --name tls status || rc=1
  cluster status || rc=1
  return "$rc"
}

cmd_env() {
  cat <<EOF
export RSDEV_TLS_DIR='$TLS_DIR'
export RSDEV_TLS_CA='$TLS_DIR/ca.pem'
export RSDEV_TLS_UNTRUSTED_CA='$TLS_DIR/untrusted-ca.pem'
export RSDEV_TLS_NATS_URL='$("$SCRIPT_DIR/nats-instance.sh" --name tls url)'
export RSDEV_TLS_CQL_CONTACT_POINTS='$(cluster contact-points)'
EOF
}

main() {
  (($# > 0)) || usage
  local cmd=$1
  shift
  case "$cmd" in
    certs) cmd_certs "$@" ;;
    start) cmd_start "$@" ;;
    stop) cmd_stop "$@" ;;
    status) cmd_status ;;
    env) cmd_env ;;
    *) usage ;;
  esac
}

main "$@"
