#!/usr/bin/env bash
# Local services for result-store: NATS with JetStream and a CQL server (Apache Cassandra).
#
#   scripts/services.sh start  [nats|cql]...   start (or reuse) the services, write the env file
#   scripts/services.sh stop   [--purge] [nats|cql]...  stop what this script started
#   scripts/services.sh status [nats|cql]...   what answers, what this script started
#   scripts/services.sh env                    print the env file written by `start`
#
# A service that already answers at the configured address is reused, whoever started it.
# Otherwise nats-server (installed with apt-get when missing and running as root) and
# Apache Cassandra (downloaded once from Maven Central with Maven) run as detached background
# processes with their pid files, logs and data in the state directory.
# See docs/local-services.md for details.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly SCRIPT_DIR

STATE_DIR="${RESULT_STORE_SERVICES_DIR:-${TMPDIR:-/tmp}/result-store-services}"
[[ $STATE_DIR == /* ]] || STATE_DIR="$PWD/$STATE_DIR"
readonly STATE_DIR
readonly NATS_URL="${RESULT_STORE_NATS_URL:-nats://127.0.0.1:4222}"
readonly NATS_MONITOR_PORT="${RESULT_STORE_NATS_MONITOR_PORT:-8222}"
readonly NATS_START_TIMEOUT="${RESULT_STORE_NATS_START_TIMEOUT:-30}"
readonly CQL_CONTACT_POINTS="${RESULT_STORE_CQL_CONTACT_POINTS:-127.0.0.1:9042}"
readonly CASSANDRA_VERSION="${RESULT_STORE_CASSANDRA_VERSION:-5.0.6}"
readonly CASSANDRA_HEAP="${RESULT_STORE_CASSANDRA_HEAP:-1G}"
readonly CASSANDRA_START_TIMEOUT="${RESULT_STORE_CASSANDRA_START_TIMEOUT:-180}"
readonly DEPENDENCY_PLUGIN="org.apache.maven.plugins:maven-dependency-plugin:3.6.1"

readonly NATS_DIR="$STATE_DIR/nats"
readonly NATS_CONF="$NATS_DIR/nats.conf"
readonly NATS_PID="$NATS_DIR/nats.pid"
readonly NATS_LOG="$NATS_DIR/nats.log"
readonly CASS_DIR="$STATE_DIR/cassandra"
readonly CASS_CONF="$CASS_DIR/conf/cassandra.yaml"
readonly CASS_PID="$CASS_DIR/cassandra.pid"
readonly CASS_LOG="$CASS_DIR/cassandra.log"
readonly CASS_LIB="$STATE_DIR/lib/cassandra-$CASSANDRA_VERSION"
readonly ENV_FILE="$STATE_DIR/env"

LOCK_FD=
NATS_SUMMARY=
CQL_SUMMARY=
CQL_DATACENTER=

log() { printf 'services: %s\n' "$*" >&2; }
die() {
  printf 'services: error: %s\n' "$*" >&2
  exit 1
}

usage() {
  cat >&2 <<'EOF'
usage: scripts/services.sh start  [nats|cql]...
       scripts/services.sh stop   [--purge] [nats|cql]...
       scripts/services.sh status [nats|cql]...
       scripts/services.sh env
EOF
  exit 64
}

# ---------------------------------------------------------------------------------------------
# helpers

is_loopback() {
  case "$1" in
    127.* | localhost | ::1 | '[::1]') return 0 ;;
    *) return 1 ;;
  esac
}

# port_open HOST PORT: something accepts TCP connections there.
port_open() {
  # shellcheck disable=SC2016 # expanded by the child shell
  timeout 3 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$1" "$2" 2>/dev/null
}

# pid_of PIDFILE MARKER: prints the pid when the pid file names a live process whose command
# line contains MARKER (so a stale pid file or a recycled pid is never taken for ours).
pid_of() {
  local pidfile=$1 marker=$2 pid cmdline
  [[ -f $pidfile ]] || return 1
  pid=$(<"$pidfile")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  if [[ -r /proc/$pid/cmdline ]]; then
    cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline")
    [[ $cmdline == *"$marker"* ]] || return 1
  fi
  printf '%s\n' "$pid"
}

# clean_stale_pid PIDFILE MARKER NAME
clean_stale_pid() {
  if [[ -f $1 ]] && ! pid_of "$1" "$2" >/dev/null; then
    log "$3: removing stale pid file $1"
    rm -f "$1"
  fi
}

# launch PIDFILE LOGFILE WORKDIR COMMAND...: runs COMMAND detached (own session, no stdin,
# output appended to LOGFILE); the process writes its own pid to PIDFILE before exec.
launch() {
  local pidfile=$1 logfile=$2 workdir=$3 what=$4
  shift 3
  rm -f "$pidfile"
  (
    cd "$workdir"
    # The child closes every other inherited descriptor (the lock, a CI runner's pipes) so that
    # nothing waits on the service, writes its pid, and becomes the service.
    # shellcheck disable=SC2016 # expanded by the child shell
    setsid bash -c '
      for fd in /proc/$$/fd/*; do
        fd=${fd##*/}
        if [[ $fd =~ ^[0-9]+$ ]] && ((fd > 2)); then eval "exec $fd>&-" 2>/dev/null || true; fi
      done
      echo $$ >"$0"
      exec "$@"' "$pidfile" "$@" </dev/null >>"$logfile" 2>&1 {LOCK_FD}>&- &
  )
  local tries=0
  while ((tries < 50)); do
    [[ -s $pidfile ]] && return 0
    sleep 0.1
    tries=$((tries + 1))
  done
  die "could not launch $what (no pid file $pidfile)"
}

# stop_pid PID NAME GRACE_SECONDS: SIGTERM, wait, then SIGKILL.
stop_pid() {
  local pid=$1 name=$2 grace=$3 waited=0
  kill -TERM "$pid" 2>/dev/null || return 0
  while kill -0 "$pid" 2>/dev/null; do
    if ((waited >= grace * 10)); then
      log "$name: still running after ${grace}s, killing pid $pid"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.5
      break
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
}

show_log_tail() {
  if [[ -f $1 ]]; then
    log "last lines of $1:"
    tail -n "${2:-40}" "$1" | sed 's/^/    /' >&2
  fi
}

acquire_lock() {
  mkdir -p "$STATE_DIR"
  exec {LOCK_FD}>"$STATE_DIR/.lock"
  if command -v flock >/dev/null 2>&1; then
    if ! flock -n "$LOCK_FD"; then
      log "another services.sh start/stop is running; waiting for it"
      flock -w 900 "$LOCK_FD" || die "timed out waiting for the lock $STATE_DIR/.lock"
    fi
  fi
}

java_bin() {
  if [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/java ]]; then
    printf '%s\n' "$JAVA_HOME/bin/java"
  elif command -v java >/dev/null 2>&1; then
    command -v java
  else
    die "java is not on PATH (a JDK 17 is needed)"
  fi
}

java_major() {
  local v
  v=$("$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')
  printf '%s\n' "${v#1.}"
}

# ---------------------------------------------------------------------------------------------
# NATS

NATS_HOST=
NATS_PORT=
NATS_USER=
NATS_PASS=
NATS_TOKEN=

parse_nats_url() {
  local url=${NATS_URL%%,*} rest userinfo hostport
  case "$url" in
    nats://*) rest=${url#nats://} ;;
    tls://* | wss://* | ws://*) die "RESULT_STORE_NATS_URL=$NATS_URL: only nats:// URLs can be checked by this script" ;;
    *://*) die "RESULT_STORE_NATS_URL=$NATS_URL: not a nats:// URL" ;;
    *) rest=$url ;;
  esac
  rest=${rest%%/*}
  if [[ $rest == *@* ]]; then
    userinfo=${rest%@*}
    hostport=${rest##*@}
    if [[ $userinfo == *:* ]]; then
      NATS_USER=${userinfo%%:*}
      NATS_PASS=${userinfo#*:}
    else
      NATS_TOKEN=$userinfo
    fi
  else
    hostport=$rest
  fi
  if [[ $hostport == *:* ]]; then
    NATS_HOST=${hostport%:*}
    NATS_PORT=${hostport##*:}
  else
    NATS_HOST=$hostport
    NATS_PORT=4222
  fi
  [[ -n $NATS_HOST && $NATS_PORT =~ ^[0-9]+$ ]] || die "RESULT_STORE_NATS_URL=$NATS_URL: cannot read host and port"
}

# nats_probe_raw HOST PORT CONNECT_JSON: talks the NATS client protocol over bash's /dev/tcp,
# then asks the JetStream API ($JS.API.INFO) for the account info.
# Returns 0 JetStream answers, 1 nothing listens, 2 NATS answers without JetStream (or denies
# us), 3 something listens that is not NATS.
nats_probe_raw() {
  local host=$1 port=$2 connect=$3 fd line rc=2 inbox="_INBOX.services.$$"
  { exec {fd}<>"/dev/tcp/$host/$port"; } 2>/dev/null || return 1
  if ! IFS= read -r -t 3 line <&"$fd" || [[ $line != INFO* ]]; then
    exec {fd}>&-
    return 3
  fi
  printf 'CONNECT %s\r\nSUB %s 1\r\nPUB %s %s 0\r\n\r\nPING\r\n' \
    "$connect" "$inbox" "\$JS.API.INFO" "$inbox" >&"$fd"
  while IFS= read -r -t 5 line <&"$fd"; do
    line=${line%$'\r'}
    case "$line" in
      "MSG $inbox "*)
        if IFS= read -r -t 3 line <&"$fd" &&
          [[ $line == *'io.nats.jetstream.api.v1.account_info_response'* && $line != *'"error"'* ]]; then
          rc=0
        fi
        break
        ;;
      "HMSG $inbox "*) break ;; # a status message, e.g. 503 no responders: JetStream is off
      -ERR*)
        printf '%s\n' "$line" >&2
        break
        ;;
      PING) printf 'PONG\r\n' >&"$fd" ;;
    esac
  done
  exec {fd}>&-
  return "$rc"
}

nats_probe() {
  local connect='{"verbose":false,"pedantic":false,"headers":true,"no_responders":true,"protocol":1,"name":"result-store-services"'
  if [[ -n $NATS_USER ]]; then
    connect+=",\"user\":\"$NATS_USER\",\"pass\":\"$NATS_PASS\""
  elif [[ -n $NATS_TOKEN ]]; then
    connect+=",\"auth_token\":\"$NATS_TOKEN\""
  fi
  connect+='}'
  local rc=0
  timeout 12 bash -c "$(declare -f nats_probe_raw); nats_probe_raw \"\$@\"" _ "$1" "$2" "$connect" 2>/dev/null || rc=$?
  ((rc == 124)) && rc=3
  return "$rc"
}

# find_nats_server: prints the nats-server binary (the Debian package puts it in /usr/sbin,
# which is not on every user's PATH).
find_nats_server() {
  if command -v nats-server >/dev/null 2>&1; then
    command -v nats-server
  elif [[ -x /usr/sbin/nats-server ]]; then
    echo /usr/sbin/nats-server
  else
    return 1
  fi
}

# nats_system_service_active: the Debian package's own service (no JetStream) runs under systemd.
nats_system_service_active() {
  command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet nats-server.service 2>/dev/null
}

ensure_nats_server() {
  if find_nats_server; then
    return
  fi
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    log "NATS: nats-server is not installed; installing the Debian package nats-server with apt-get"
    local aptlog="$STATE_DIR/apt-nats-server.log"
    if ! { DEBIAN_FRONTEND=noninteractive apt-get update -q &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends nats-server; } \
      >"$aptlog" 2>&1 </dev/null; then
      show_log_tail "$aptlog" 20
      die "NATS: installing nats-server with apt-get failed (log: $aptlog)"
    fi
    # On a systemd machine the package starts its own service on 127.0.0.1:4222 without
    # JetStream. It was installed just now for this script, so turn that service off.
    if nats_system_service_active; then
      log "NATS: disabling the nats-server system service the package started (it has no JetStream)"
      systemctl disable --now nats-server.service >>"$aptlog" 2>&1 || true
    fi
    find_nats_server || die "NATS: apt-get installed nats-server but the nats-server binary is not found"
    return
  fi
  die "NATS: nothing answers at $NATS_URL and nats-server is not installed.
  Install it (Debian/Ubuntu: 'sudo apt-get install nats-server', 2.2 or newer) and run this again,
  or point RESULT_STORE_NATS_URL at a running NATS server with JetStream enabled."
}

write_nats_conf() {
  mkdir -p "$NATS_DIR"
  {
    echo "# generated by scripts/services.sh; rewritten on every start"
    echo "server_name: result-store-dev"
    echo "listen: \"127.0.0.1:$NATS_PORT\""
    if [[ $NATS_MONITOR_PORT != 0 ]]; then
      echo "http: \"127.0.0.1:$NATS_MONITOR_PORT\""
    fi
    echo "max_payload: 8MB"
    echo "jetstream {"
    echo "  store_dir: \"$NATS_DIR\"" # nats-server adds the jetstream/ folder
    echo "  max_memory_store: 512MB"
    echo "  max_file_store: 8GB"
    echo "}"
  } >"$NATS_CONF"
}

# wait_for_nats PID: until JetStream answers, the process dies, or the timeout passes.
wait_for_nats() {
  local pid=$1 deadline=$((SECONDS + NATS_START_TIMEOUT)) rc
  while :; do
    rc=0
    nats_probe "$NATS_HOST" "$NATS_PORT" || rc=$?
    ((rc == 0)) && return 0
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$NATS_PID"
      show_log_tail "$NATS_LOG"
      die "NATS: nats-server exited during startup (log: $NATS_LOG)"
    fi
    if ((SECONDS >= deadline)); then
      show_log_tail "$NATS_LOG"
      stop_pid "$pid" NATS 10
      rm -f "$NATS_PID"
      die "NATS: JetStream did not answer at $NATS_URL within ${NATS_START_TIMEOUT}s (log: $NATS_LOG)"
    fi
    sleep 0.3
  done
}

start_nats() {
  parse_nats_url
  local rc=0 pid
  clean_stale_pid "$NATS_PID" "$NATS_CONF" NATS
  nats_probe "$NATS_HOST" "$NATS_PORT" || rc=$?
  if ((rc == 0)); then
    if pid=$(pid_of "$NATS_PID" "$NATS_CONF"); then
      log "NATS: reusing nats-server started by this script (pid $pid) at $NATS_URL"
    else
      log "NATS: reusing the NATS server with JetStream that answers at $NATS_URL"
    fi
    NATS_SUMMARY="NATS  $NATS_URL (JetStream)"
    return
  fi
  if pid=$(pid_of "$NATS_PID" "$NATS_CONF"); then
    log "NATS: nats-server started by this script (pid $pid) does not answer yet; waiting"
    wait_for_nats "$pid"
    NATS_SUMMARY="NATS  $NATS_URL (JetStream)"
    return
  fi
  case $rc in
    2)
      if nats_system_service_active; then
        die "NATS: the nats-server system service answers at $NATS_URL without JetStream.
  Stop it ('sudo systemctl disable --now nats-server') or enable JetStream in /etc/nats-server.conf."
      fi
      die "NATS: a NATS server answers at $NATS_URL but JetStream is not enabled there (or it refused the connection).
  Enable JetStream on it (nats-server -js) or stop it so this script can start its own."
      ;;
    3) die "NATS: something that is not a NATS server listens on $NATS_HOST:$NATS_PORT; free the port or set RESULT_STORE_NATS_URL" ;;
  esac
  is_loopback "$NATS_HOST" ||
    die "NATS: nothing answers at $NATS_URL and it is not a local address, so this script cannot start it there"
  if [[ $NATS_MONITOR_PORT != 0 ]] && port_open 127.0.0.1 "$NATS_MONITOR_PORT"; then
    die "NATS: the monitoring port 127.0.0.1:$NATS_MONITOR_PORT is in use; set RESULT_STORE_NATS_MONITOR_PORT to another port (0 turns monitoring off)"
  fi

  local bin
  bin=$(ensure_nats_server)
  write_nats_conf
  [[ -f $NATS_LOG ]] && mv -f "$NATS_LOG" "$NATS_LOG.1"
  log "NATS: starting $("$bin" --version 2>/dev/null || echo nats-server) on 127.0.0.1:$NATS_PORT with JetStream (log: $NATS_LOG)"
  launch "$NATS_PID" "$NATS_LOG" "$NATS_DIR" "$bin" -c "$NATS_CONF"
  pid=$(<"$NATS_PID")
  wait_for_nats "$pid"
  log "NATS: JetStream answers (pid $pid)"
  NATS_SUMMARY="NATS  $NATS_URL (JetStream)"
}

nats_jsz_summary() {
  [[ $NATS_MONITOR_PORT != 0 ]] || return 0
  command -v curl >/dev/null 2>&1 || return 0
  local jsz
  jsz=$(curl -fsS --max-time 3 "http://127.0.0.1:$NATS_MONITOR_PORT/jsz" 2>/dev/null) || return 0
  local streams consumers
  streams=$(printf '%s' "$jsz" | sed -n 's/.*"streams": *\([0-9]*\).*/\1/p' | head -n 1)
  consumers=$(printf '%s' "$jsz" | sed -n 's/.*"consumers": *\([0-9]*\).*/\1/p' | head -n 1)
  printf 'monitoring http://127.0.0.1:%s/jsz: %s streams, %s consumers\n' \
    "$NATS_MONITOR_PORT" "${streams:-?}" "${consumers:-?}"
}

stop_nats() {
  local pid
  if pid=$(pid_of "$NATS_PID" "$NATS_CONF"); then
    log "NATS: stopping nats-server (pid $pid)"
    stop_pid "$pid" NATS 15
    log "NATS: stopped"
  elif [[ -f $NATS_PID ]]; then
    log "NATS: removing stale pid file $NATS_PID"
  else
    log "NATS: nothing started by this script is running"
  fi
  rm -f "$NATS_PID"
}

status_nats() {
  parse_nats_url
  local rc=0 pid line
  nats_probe "$NATS_HOST" "$NATS_PORT" || rc=$?
  case $rc in
    0) line="answers, JetStream enabled" ;;
    1) line="nothing answers" ;;
    2) line="a NATS server answers, but JetStream is not enabled (or it refused us)" ;;
    *) line="something that is not NATS listens on $NATS_HOST:$NATS_PORT" ;;
  esac
  echo "NATS  $NATS_URL: $line"
  if pid=$(pid_of "$NATS_PID" "$NATS_CONF"); then
    echo "      started by this script: pid $pid, log $NATS_LOG, data $NATS_DIR/jetstream"
    nats_jsz_summary | sed 's/^/      /'
  else
    echo "      not started by this script"
  fi
  return "$((rc == 0 ? 0 : 1))"
}

# ---------------------------------------------------------------------------------------------
# CQL / Cassandra

CQL_HOST=
CQL_PORT=

parse_contact_points() {
  local first=${CQL_CONTACT_POINTS%%,*}
  first=${first// /}
  if [[ $first == \[*\]:* ]]; then
    CQL_HOST=${first%%]*}
    CQL_HOST=${CQL_HOST#[}
    CQL_PORT=${first##*]:}
  elif [[ $first == *:*:* ]]; then
    CQL_HOST=$first
    CQL_PORT=9042
  elif [[ $first == *:* ]]; then
    CQL_HOST=${first%:*}
    CQL_PORT=${first##*:}
  else
    CQL_HOST=$first
    CQL_PORT=9042
  fi
  [[ -n $CQL_HOST && $CQL_PORT =~ ^[0-9]+$ ]] ||
    die "RESULT_STORE_CQL_CONTACT_POINTS=$CQL_CONTACT_POINTS: cannot read host and port"
}

# The CQL check is scripts/CqlPing.java, compiled once into the state dir.
CQLPING_CP=
cqlping_classpath() {
  [[ -n $CQLPING_CP ]] && return 0
  local src="$SCRIPT_DIR/CqlPing.java" java javac hash dir tmp
  [[ -f $src ]] || die "missing $src"
  java=$(java_bin)
  hash=$(cksum <"$src" | cut -d' ' -f1)
  dir="$STATE_DIR/tools/cqlping-$hash"
  if [[ ! -f $dir/CqlPing.class ]]; then
    javac="$(dirname "$(readlink -f "$java")")/javac"
    [[ -x $javac ]] || javac=$(command -v javac || true)
    [[ -n $javac ]] || die "javac is not available (a JDK, not only a JRE, is needed)"
    tmp="$dir.tmp.$$"
    rm -rf "$tmp"
    mkdir -p "$tmp"
    "$javac" -nowarn -d "$tmp" "$src" >&2 || die "could not compile $src"
    rm -rf "$dir"
    mv "$tmp" "$dir"
  fi
  CQLPING_CP=$dir
}

# cql_probe CONTACT_POINTS: prints "host:port release_version data_center".
# Returns 0 answers, 1 nothing answers, 2 answers but is not usable (auth, errors).
cql_probe() {
  cqlping_classpath
  local rc=0
  "$(java_bin)" -Xshare:auto -XX:TieredStopAtLevel=1 -cp "$CQLPING_CP" CqlPing "$1" 5 2>"$STATE_DIR/.cqlping.err" || rc=$?
  return "$rc"
}

ensure_cassandra_libs() {
  if [[ -f $CASS_LIB/.complete ]]; then
    return 0
  fi
  command -v mvn >/dev/null 2>&1 || die "CQL: Maven (mvn) is needed to download Apache Cassandra $CASSANDRA_VERSION"
  local tmp="$CASS_LIB.tmp.$$" started=$SECONDS
  rm -rf "$tmp"
  mkdir -p "$tmp"
  cat >"$tmp/pom.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<!-- generated by scripts/services.sh: only used to download Apache Cassandra and its dependencies -->
<project xmlns="http://maven.apache.org/POM/4.0.0"
         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 http://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.resultstore.local</groupId>
  <artifactId>cassandra-runtime</artifactId>
  <version>$CASSANDRA_VERSION</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.apache.cassandra</groupId>
      <artifactId>cassandra-all</artifactId>
      <version>$CASSANDRA_VERSION</version>
    </dependency>
  </dependencies>
</project>
EOF
  log "CQL: downloading Apache Cassandra $CASSANDRA_VERSION and its dependencies with Maven (only once)"
  if ! mvn -q -B -f "$tmp/pom.xml" "$DEPENDENCY_PLUGIN:copy-dependencies" \
    -DincludeScope=runtime -DoutputDirectory="$tmp/lib" >"$tmp/mvn.log" 2>&1 </dev/null; then
    show_log_tail "$tmp/mvn.log" 30
    die "CQL: Maven could not download org.apache.cassandra:cassandra-all:$CASSANDRA_VERSION (log: $tmp/mvn.log)"
  fi
  [[ -f $tmp/lib/cassandra-all-$CASSANDRA_VERSION.jar ]] ||
    die "CQL: Maven finished but $tmp/lib/cassandra-all-$CASSANDRA_VERSION.jar is missing"
  touch "$tmp/.complete"
  rm -rf "$CASS_LIB"
  mv "$tmp" "$CASS_LIB"
  log "CQL: $(find "$CASS_LIB/lib" -name '*.jar' | wc -l) jars in $CASS_LIB/lib ($((SECONDS - started))s)"
}

write_cassandra_conf() {
  mkdir -p "$CASS_DIR/conf" "$CASS_DIR/data" "$CASS_DIR/commitlog" "$CASS_DIR/hints" \
    "$CASS_DIR/saved_caches" "$CASS_DIR/cdc_raw" "$CASS_DIR/triggers"
  cat >"$CASS_CONF" <<EOF
# generated by scripts/services.sh; rewritten on every start
# A single-node development server: not for production.
cluster_name: result-store-dev
num_tokens: 16
allocate_tokens_for_local_replication_factor: 1
partitioner: org.apache.cassandra.dht.Murmur3Partitioner
endpoint_snitch: SimpleSnitch
seed_provider:
  - class_name: org.apache.cassandra.locator.SimpleSeedProvider
    parameters:
      - seeds: "127.0.0.1:7000"
listen_address: 127.0.0.1
rpc_address: 127.0.0.1
storage_port: 7000
native_transport_port: $CQL_PORT
start_native_transport: true

data_file_directories:
  - $CASS_DIR/data
commitlog_directory: $CASS_DIR/commitlog
hints_directory: $CASS_DIR/hints
saved_caches_directory: $CASS_DIR/saved_caches
cdc_raw_directory: $CASS_DIR/cdc_raw

commitlog_sync: periodic
commitlog_sync_period: 10000ms
commitlog_segment_size: 32MiB
disk_failure_policy: stop
commit_failure_policy: stop

authenticator: AllowAllAuthenticator
authorizer: AllowAllAuthorizer
role_manager: CassandraRoleManager
network_authorizer: AllowAllNetworkAuthorizer

# development friendly: no snapshot on DROP/TRUNCATE, small caches
auto_snapshot: false
key_cache_size: 16MiB
counter_cache_size: 8MiB
concurrent_reads: 16
concurrent_writes: 16
concurrent_counter_writes: 16
concurrent_compactors: 1
EOF
  cat >"$CASS_DIR/conf/logback.xml" <<'EOF'
<configuration scan="false">
  <appender name="STDOUT" class="ch.qos.logback.core.ConsoleAppender">
    <encoder>
      <pattern>%-5level [%thread] %date{ISO8601} %logger{0} - %msg%n</pattern>
    </encoder>
  </appender>
  <root level="INFO">
    <appender-ref ref="STDOUT"/>
  </root>
</configuration>
EOF
}

# wait_for_cassandra PID
wait_for_cassandra() {
  local pid=$1 started=$SECONDS next_note=$((SECONDS + 20)) out rc
  local deadline=$((SECONDS + CASSANDRA_START_TIMEOUT))
  while :; do
    if port_open 127.0.0.1 "$CQL_PORT"; then
      rc=0
      out=$(cql_probe "127.0.0.1:$CQL_PORT") || rc=$?
      if ((rc == 0)); then
        cql_set_summary "$out"
        log "CQL: answers after $((SECONDS - started))s (pid $pid)"
        return 0
      fi
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$CASS_PID"
      show_log_tail "$CASS_LOG" 60
      die "CQL: Cassandra exited during startup (log: $CASS_LOG)"
    fi
    if ((SECONDS >= deadline)); then
      show_log_tail "$CASS_LOG" 60
      log "CQL: stopping the Cassandra that did not come up (pid $pid)"
      stop_pid "$pid" CQL 30
      rm -f "$CASS_PID"
      die "CQL: Cassandra did not answer CQL within ${CASSANDRA_START_TIMEOUT}s (log: $CASS_LOG; RESULT_STORE_CASSANDRA_START_TIMEOUT raises the limit)"
    fi
    if ((SECONDS >= next_note)); then
      log "CQL: still waiting for Cassandra ($((SECONDS - started))s)"
      next_note=$((SECONDS + 20))
    fi
    sleep 2
  done
}

# cql_set_summary "host:port version dc"
cql_set_summary() {
  local addr version dc
  read -r addr version dc <<<"$1"
  CQL_DATACENTER=$dc
  CQL_SUMMARY="CQL   $addr (Cassandra $version, datacenter $dc)"
}

cassandra_jvm_options() {
  local heap=$CASSANDRA_HEAP jamm
  CASS_JVM_OPTS=(
    "-Xms$heap" "-Xmx$heap"
    -XX:+UseG1GC -XX:+ParallelRefProcEnabled -XX:MaxTenuringThreshold=1 -XX:G1HeapRegionSize=4m
    -XX:MaxGCPauseMillis=300 -XX:InitiatingHeapOccupancyPercent=70
    -XX:+UseThreadPriorities -XX:+PerfDisableSharedMem -XX:+ExitOnOutOfMemoryError
    "-XX:ErrorFile=$CASS_DIR/hs_err_%p.log"
    -ea -da:net.openhft...
    -Djava.net.preferIPv4Stack=true
    -Djdk.attach.allowAttachSelf=true
    # JDK 17 module access, as in Cassandra's conf/jvm17-server.options
    --add-exports java.base/jdk.internal.misc=ALL-UNNAMED
    --add-exports java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED
    --add-exports java.rmi/sun.rmi.registry=ALL-UNNAMED
    --add-exports java.rmi/sun.rmi.server=ALL-UNNAMED
    --add-exports java.sql/java.sql=ALL-UNNAMED
    --add-exports java.base/java.lang.ref=ALL-UNNAMED
    --add-exports jdk.unsupported/sun.misc=ALL-UNNAMED
    --add-exports jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED
    --add-exports jdk.attach/sun.tools.attach=ALL-UNNAMED
    --add-opens java.base/java.lang.module=ALL-UNNAMED
    --add-opens java.base/jdk.internal.loader=ALL-UNNAMED
    --add-opens java.base/jdk.internal.ref=ALL-UNNAMED
    --add-opens java.base/jdk.internal.reflect=ALL-UNNAMED
    --add-opens java.base/jdk.internal.math=ALL-UNNAMED
    --add-opens java.base/jdk.internal.module=ALL-UNNAMED
    --add-opens java.base/jdk.internal.util.jar=ALL-UNNAMED
    --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED
    --add-opens java.base/sun.nio.ch=ALL-UNNAMED
    --add-opens java.base/java.io=ALL-UNNAMED
    --add-opens java.base/java.lang.reflect=ALL-UNNAMED
    --add-opens jdk.compiler/com.sun.tools.javac=ALL-UNNAMED
    --add-opens java.base/java.lang=ALL-UNNAMED
    --add-opens java.base/java.util=ALL-UNNAMED
    --add-opens java.base/java.nio=ALL-UNNAMED
    -Dio.netty.tryReflectionSetAccessible=true
    -Dio.netty.allocator.useCacheForAllThreads=true
    -Dio.netty.allocator.maxOrder=11
    # single node, fast start
    -Dcassandra.skip_wait_for_gossip_to_settle=0
    -Dcassandra.ring_delay_ms=100
    -Dcassandra.superuser_setup_delay_ms=0
    -Dcassandra.unsafesystem=true
    "-Dcassandra.config=file://$CASS_CONF"
    "-Dcassandra.storagedir=$CASS_DIR"
    "-Dcassandra.logdir=$CASS_DIR"
    "-Dcassandra.triggers_dir=$CASS_DIR/triggers"
    "-Dlogback.configurationFile=$CASS_DIR/conf/logback.xml"
    -Dcassandra-foreground=yes
  )
  # Cassandra measures object sizes with jamm; its agent is what Cassandra's own scripts load
  for jamm in "$CASS_LIB"/lib/jamm-*.jar; do
    if [[ -f $jamm ]]; then CASS_JVM_OPTS+=("-javaagent:$jamm"); fi
  done
}

start_cql() {
  parse_contact_points
  cqlping_classpath
  local rc=0 pid out
  clean_stale_pid "$CASS_PID" "$CASS_CONF" CQL
  out=$(cql_probe "$CQL_CONTACT_POINTS") || rc=$?
  if ((rc == 0)); then
    cql_set_summary "$out"
    if pid=$(pid_of "$CASS_PID" "$CASS_CONF"); then
      log "CQL: reusing Cassandra started by this script (pid $pid) at ${out%% *}"
    else
      log "CQL: reusing the CQL server that answers at ${out%% *}"
    fi
    return
  fi
  if pid=$(pid_of "$CASS_PID" "$CASS_CONF"); then
    log "CQL: Cassandra started by this script (pid $pid) does not answer yet; waiting"
    wait_for_cassandra "$pid"
    return
  fi
  if ((rc == 2)); then
    die "CQL: a server answers at $CQL_CONTACT_POINTS but cannot be used: $(cat "$STATE_DIR/.cqlping.err" 2>/dev/null)"
  fi
  if port_open "$CQL_HOST" "$CQL_PORT"; then
    die "CQL: something listens on $CQL_HOST:$CQL_PORT but does not answer CQL: $(cat "$STATE_DIR/.cqlping.err" 2>/dev/null)"
  fi
  is_loopback "$CQL_HOST" ||
    die "CQL: nothing answers at $CQL_CONTACT_POINTS and $CQL_HOST is not a local address, so this script cannot start it there"
  if port_open 127.0.0.1 7000; then
    die "CQL: the Cassandra storage port 127.0.0.1:7000 is in use by another process"
  fi

  local java major
  java=$(java_bin)
  major=$(java_major "$java")
  case "$major" in
    11 | 17) ;;
    *) die "CQL: Cassandra $CASSANDRA_VERSION needs Java 11 or 17, but $java is Java $major (set JAVA_HOME)" ;;
  esac

  ensure_cassandra_libs
  write_cassandra_conf
  local -a CASS_JVM_OPTS
  cassandra_jvm_options
  [[ -f $CASS_LOG ]] && mv -f "$CASS_LOG" "$CASS_LOG.1"
  log "CQL: starting Apache Cassandra $CASSANDRA_VERSION on 127.0.0.1:$CQL_PORT, heap $CASSANDRA_HEAP (log: $CASS_LOG)"
  launch "$CASS_PID" "$CASS_LOG" "$CASS_DIR" "$java" "${CASS_JVM_OPTS[@]}" \
    -cp "$CASS_DIR/conf:$CASS_LIB/lib/*" org.apache.cassandra.service.CassandraDaemon
  pid=$(<"$CASS_PID")
  wait_for_cassandra "$pid"
}

stop_cql() {
  local pid
  if pid=$(pid_of "$CASS_PID" "$CASS_CONF"); then
    log "CQL: stopping Cassandra (pid $pid); it flushes its memtables first"
    stop_pid "$pid" CQL 60
    log "CQL: stopped"
  elif [[ -f $CASS_PID ]]; then
    log "CQL: removing stale pid file $CASS_PID"
  else
    log "CQL: nothing started by this script is running"
  fi
  rm -f "$CASS_PID"
}

status_cql() {
  parse_contact_points
  cqlping_classpath
  local rc=0 out pid addr version dc
  out=$(cql_probe "$CQL_CONTACT_POINTS") || rc=$?
  if ((rc == 0)); then
    read -r addr version dc <<<"$out"
    echo "CQL   $CQL_CONTACT_POINTS: answers at $addr (Cassandra $version, datacenter $dc)"
  elif ((rc == 2)); then
    echo "CQL   $CQL_CONTACT_POINTS: answers but cannot be used: $(cat "$STATE_DIR/.cqlping.err" 2>/dev/null)"
  else
    echo "CQL   $CQL_CONTACT_POINTS: nothing answers"
  fi
  if pid=$(pid_of "$CASS_PID" "$CASS_CONF"); then
    echo "      started by this script: pid $pid, log $CASS_LOG, data $CASS_DIR/data"
  else
    echo "      not started by this script"
  fi
  return "$((rc == 0 ? 0 : 1))"
}

# ---------------------------------------------------------------------------------------------
# commands

write_env_file() {
  local tmp="$ENV_FILE.tmp.$$" old=/dev/null
  [[ -f $ENV_FILE ]] && old=$ENV_FILE
  {
    echo "# written by scripts/services.sh start; load with: eval \"\$(scripts/services.sh env)\""
    if [[ -n $NATS_SUMMARY ]]; then
      echo "export RESULT_STORE_NATS_URL='$NATS_URL'"
    else # not started in this run: keep what an earlier start wrote
      grep '^export RESULT_STORE_NATS_' "$old" || true
    fi
    if [[ -n $CQL_SUMMARY ]]; then
      echo "export RESULT_STORE_CQL_CONTACT_POINTS='$CQL_CONTACT_POINTS'"
      echo "export RESULT_STORE_CQL_DATACENTER='$CQL_DATACENTER'"
    else
      grep '^export RESULT_STORE_CQL_' "$old" || true
    fi
  } >"$tmp"
  mv -f "$tmp" "$ENV_FILE"
}

select_services() {
  SERVICES=()
  local s
  for s in "$@"; do
    case "$s" in
      nats) SERVICES+=(nats) ;;
      cql | cassandra) SERVICES+=(cql) ;;
      *) usage ;;
    esac
  done
  ((${#SERVICES[@]} > 0)) || SERVICES=(nats cql)
}

cmd_start() {
  select_services "$@"
  acquire_lock
  local s
  for s in "${SERVICES[@]}"; do
    case "$s" in
      nats) start_nats ;;
      cql) start_cql ;;
    esac
  done
  write_env_file
  [[ -z $NATS_SUMMARY ]] || echo "$NATS_SUMMARY"
  [[ -z $CQL_SUMMARY ]] || echo "$CQL_SUMMARY"
  log "env file: $ENV_FILE (load it with: eval \"\$(scripts/services.sh env)\")"
}

cmd_stop() {
  local purge=false args=() s
  for s in "$@"; do
    if [[ $s == --purge ]]; then purge=true; else args+=("$s"); fi
  done
  select_services "${args[@]+"${args[@]}"}"
  acquire_lock
  for s in "${SERVICES[@]}"; do
    case "$s" in
      nats)
        stop_nats
        if $purge; then
          log "NATS: deleting $NATS_DIR"
          rm -rf "$NATS_DIR"
        fi
        ;;
      cql)
        stop_cql
        if $purge; then
          log "CQL: deleting $CASS_DIR (downloaded jars in $STATE_DIR/lib are kept)"
          rm -rf "$CASS_DIR"
        fi
        ;;
    esac
  done
  if $purge; then rm -f "$ENV_FILE"; fi
}

cmd_status() {
  select_services "$@"
  mkdir -p "$STATE_DIR"
  local s rc=0
  echo "state dir: $STATE_DIR"
  for s in "${SERVICES[@]}"; do
    case "$s" in
      nats) status_nats || rc=1 ;;
      cql) status_cql || rc=1 ;;
    esac
  done
  return "$rc"
}

cmd_env() {
  [[ -f $ENV_FILE ]] || die "no env file at $ENV_FILE; run scripts/services.sh start first"
  cat "$ENV_FILE"
}

main() {
  (($# > 0)) || usage
  local cmd=$1
  shift
  case "$cmd" in
    start) cmd_start "$@" ;;
    stop) cmd_stop "$@" ;;
    status) cmd_status "$@" ;;
    env)
      (($# == 0)) || usage
      cmd_env
      ;;
    -h | --help | help) usage ;;
    *) usage ;;
  esac
}

main "$@"
