#!/usr/bin/env bash
# Local services for result-store: NATS with JetStream, a CQL server (Apache Cassandra) and an
# S3-compatible object store (S3Proxy on a local directory).
#
#   scripts/services.sh start  [nats|cql|s3]...   start (or reuse) the services, write the env file
#   scripts/services.sh stop   [--purge] [nats|cql|s3]...  stop what this script started
#   scripts/services.sh status [nats|cql|s3]...   what answers, what this script started
#   scripts/services.sh env                    print the env file written by `start`
#
# A service that already answers at the configured address is reused, whoever started it.
# Otherwise nats-server (installed with apt-get when missing and running as root), Apache
# Cassandra and S3Proxy (both downloaded once from Maven Central with Maven) run as detached
# background processes with their pid files, logs and data in the state directory. `start` also
# installs the Debian package of the shell linter (as root) that `mvn verify` runs over scripts/.
# See docs/local-services.md for details.
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly SCRIPT_DIR

# shellcheck source=lib/common.sh
source "$SCRIPT_DIR/lib/common.sh"

readonly NATS_URL="${RSDEV_NATS_URL:-nats://127.0.0.1:4222}"
readonly NATS_MONITOR_PORT="${RSDEV_NATS_MONITOR_PORT:-8222}"
readonly NATS_START_TIMEOUT="${RSDEV_NATS_START_TIMEOUT:-30}"
readonly CQL_CONTACT_POINTS="${RSDEV_CQL_CONTACT_POINTS:-127.0.0.1:9042}"
readonly CASSANDRA_VERSION="${RSDEV_CASSANDRA_VERSION:-5.0.6}"
readonly CASSANDRA_HEAP="${RSDEV_CASSANDRA_HEAP:-1G}"
readonly CASSANDRA_START_TIMEOUT="${RSDEV_CASSANDRA_START_TIMEOUT:-180}"
readonly S3_ENDPOINT="${RSDEV_S3_ENDPOINT:-http://127.0.0.1:9000}"

readonly NATS_DIR="$STATE_DIR/nats"
readonly NATS_CONF="$NATS_DIR/nats.conf"
readonly NATS_PID="$NATS_DIR/nats.pid"
readonly NATS_LOG="$NATS_DIR/nats.log"
readonly CASS_DIR="$STATE_DIR/cassandra"
readonly CASS_CONF="$CASS_DIR/conf/cassandra.yaml"
readonly CASS_PID="$CASS_DIR/cassandra.pid"
readonly CASS_LOG="$CASS_DIR/cassandra.log"
readonly CASS_LIB="$STATE_DIR/lib/cassandra-$CASSANDRA_VERSION"
readonly S3_DIR="$STATE_DIR/s3proxy"
readonly S3_PID="$S3_DIR/s3proxy.pid"
readonly S3_LOG="$S3_DIR/s3proxy.log"
readonly ENV_FILE="$STATE_DIR/env"

NATS_SUMMARY=
CQL_SUMMARY=
CQL_DATACENTER=
S3_SUMMARY=

readonly LOG_PREFIX=services
# shellcheck source=lib/nats.sh
source "$SCRIPT_DIR/lib/nats.sh"
# shellcheck source=lib/cassandra.sh
source "$SCRIPT_DIR/lib/cassandra.sh"
# shellcheck source=lib/s3proxy.sh
source "$SCRIPT_DIR/lib/s3proxy.sh"

usage() {
  cat >&2 <<'EOF'
usage: scripts/services.sh start  [nats|cql|s3]...
       scripts/services.sh stop   [--purge] [nats|cql|s3]...
       scripts/services.sh status [nats|cql|s3]...
       scripts/services.sh env
EOF
  exit 64
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
    tls://* | wss://* | ws://*) die "RSDEV_NATS_URL=$NATS_URL: only nats:// URLs can be checked by this script" ;;
    *://*) die "RSDEV_NATS_URL=$NATS_URL: not a nats:// URL" ;;
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
  [[ -n $NATS_HOST && $NATS_PORT =~ ^[0-9]+$ ]] || die "RSDEV_NATS_URL=$NATS_URL: cannot read host and port"
}

# stop_started NAME WHAT PIDFILE MARKER GRACE [NOTE]: stops the WHAT this script started, if any.
stop_started() {
  local name=$1 what=$2 pidfile=$3 marker=$4 grace=$5 note=${6:-} pid
  if pid=$(pid_of "$pidfile" "$marker"); then
    log "$name: stopping $what (pid $pid)$note"
    stop_pid "$pid" "$name" "$grace"
    log "$name: stopped"
  elif [[ -f $pidfile ]]; then
    log "$name: removing stale pid file $pidfile"
  else
    log "$name: nothing started by this script is running"
  fi
  rm -f "$pidfile"
}

# wait_for_nats PID: until JetStream answers, the process dies, or the timeout passes.
wait_for_nats() {
  await_start NATS nats-server "$1" "$NATS_PID" "$NATS_LOG" "$NATS_START_TIMEOUT" \
    "JetStream did not answer at $NATS_URL within ${NATS_START_TIMEOUT}s" \
    nats_probe "$NATS_HOST" "$NATS_PORT"
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
    3) die "NATS: something that is not a NATS server listens on $NATS_HOST:$NATS_PORT; free the port or set RSDEV_NATS_URL" ;;
  esac
  is_loopback "$NATS_HOST" ||
    die "NATS: nothing answers at $NATS_URL and it is not a local address, so this script cannot start it there"
  if [[ $NATS_MONITOR_PORT != 0 ]] && port_open 127.0.0.1 "$NATS_MONITOR_PORT"; then
    die "NATS: the monitoring port 127.0.0.1:$NATS_MONITOR_PORT is in use; set RSDEV_NATS_MONITOR_PORT to another port (0 turns monitoring off)"
  fi

  local bin
  bin=$(ensure_nats_server)
  nats_write_conf "$NATS_CONF" scripts/services.sh result-store-dev "$NATS_PORT" "$NATS_MONITOR_PORT" "$NATS_DIR"
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
  stop_started NATS nats-server "$NATS_PID" "$NATS_CONF" 15
}

status_nats() {
  parse_nats_url
  local rc=0 line
  nats_probe "$NATS_HOST" "$NATS_PORT" || rc=$?
  case $rc in
    0) line="answers, JetStream enabled" ;;
    1) line="nothing answers" ;;
    2) line="a NATS server answers, but JetStream is not enabled (or it refused us)" ;;
    *) line="something that is not NATS listens on $NATS_HOST:$NATS_PORT" ;;
  esac
  echo "NATS  $NATS_URL: $line"
  if started_line "$NATS_PID" "$NATS_CONF" "log $NATS_LOG, data $NATS_DIR/jetstream"; then
    nats_jsz_summary | sed 's/^/      /'
  fi
  return "$((rc == 0 ? 0 : 1))"
}

# started_line PIDFILE MARKER DETAILS: the status line saying whether this script started the
# server (with its pid and DETAILS); 1 when it did not.
started_line() {
  local pid
  if pid=$(pid_of "$1" "$2"); then
    echo "      started by this script: pid $pid, $3"
    return 0
  fi
  echo "      not started by this script"
  return 1
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
    die "RSDEV_CQL_CONTACT_POINTS=$CQL_CONTACT_POINTS: cannot read host and port"
}

# wait_for_cassandra PID
wait_for_cassandra() {
  cassandra_wait CQL "$1" "$CASS_PID" "$CASS_LOG" 127.0.0.1 "$CQL_PORT" "$CASSANDRA_START_TIMEOUT"
  cql_set_summary "$CQL_PROBE_OUT"
}

# cql_set_summary "host:port version dc"
cql_set_summary() {
  local addr version dc
  read -r addr version dc <<<"$1"
  CQL_DATACENTER=$dc
  CQL_SUMMARY="CQL   $addr (Cassandra $version, datacenter $dc)"
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

  cassandra_check_java
  ensure_cassandra_libs
  cassandra_write_conf "$CASS_DIR" scripts/services.sh "A single-node development server" \
    result-store-dev 127.0.0.1 7000 "$CQL_PORT" "127.0.0.1:7000" 1
  log "CQL: starting Apache Cassandra $CASSANDRA_VERSION on 127.0.0.1:$CQL_PORT, heap $CASSANDRA_HEAP (log: $CASS_LOG)"
  # single node, fast start
  cassandra_launch "$CASS_DIR" "$CASS_PID" "$CASS_LOG" \
    -Dcassandra.skip_wait_for_gossip_to_settle=0 \
    -Dcassandra.ring_delay_ms=100 \
    -Dcassandra.superuser_setup_delay_ms=0 \
    -Dcassandra.unsafesystem=true
  pid=$(<"$CASS_PID")
  wait_for_cassandra "$pid"
}

stop_cql() {
  stop_started CQL Cassandra "$CASS_PID" "$CASS_CONF" 60 "; it flushes its memtables first"
}

status_cql() {
  parse_contact_points
  cqlping_classpath
  local rc=0 out addr version dc
  out=$(cql_probe "$CQL_CONTACT_POINTS") || rc=$?
  if ((rc == 0)); then
    read -r addr version dc <<<"$out"
    echo "CQL   $CQL_CONTACT_POINTS: answers at $addr (Cassandra $version, datacenter $dc)"
  elif ((rc == 2)); then
    echo "CQL   $CQL_CONTACT_POINTS: answers but cannot be used: $(cat "$STATE_DIR/.cqlping.err" 2>/dev/null)"
  else
    echo "CQL   $CQL_CONTACT_POINTS: nothing answers"
  fi
  started_line "$CASS_PID" "$CASS_CONF" "log $CASS_LOG, data $CASS_DIR/data" || true
  return "$((rc == 0 ? 0 : 1))"
}

# ---------------------------------------------------------------------------------------------
# S3 / S3Proxy

S3_HOST=
S3_PORT=

parse_s3_endpoint() {
  local rest=${S3_ENDPOINT#http://}
  [[ $S3_ENDPOINT == http://* ]] ||
    die "RSDEV_S3_ENDPOINT=$S3_ENDPOINT: only http:// endpoints can be checked by this script"
  rest=${rest%%/*}
  if [[ $rest == *:* ]]; then
    S3_HOST=${rest%:*}
    S3_PORT=${rest##*:}
  else
    S3_HOST=$rest
    S3_PORT=80
  fi
  [[ -n $S3_HOST && $S3_PORT =~ ^[0-9]+$ ]] || die "RSDEV_S3_ENDPOINT=$S3_ENDPOINT: cannot read host and port"
}

start_s3() {
  parse_s3_endpoint
  local rc=0 pid
  clean_stale_pid "$S3_PID" "$S3_DIR/s3proxy.conf" S3
  s3_probe "$S3_HOST" "$S3_PORT" || rc=$?
  if ((rc == 0)); then
    if pid=$(pid_of "$S3_PID" "$S3_DIR/s3proxy.conf"); then
      log "S3: reusing S3Proxy started by this script (pid $pid) at $S3_ENDPOINT"
    else
      log "S3: reusing the S3-compatible server that answers at $S3_ENDPOINT"
    fi
    S3_SUMMARY="S3    $S3_ENDPOINT (S3-compatible)"
    return
  fi
  if pid=$(pid_of "$S3_PID" "$S3_DIR/s3proxy.conf"); then
    log "S3: S3Proxy started by this script (pid $pid) does not answer yet; waiting"
    s3proxy_wait S3 "$pid" "$S3_PID" "$S3_LOG" "$S3_PORT"
    S3_SUMMARY="S3    $S3_ENDPOINT (S3Proxy $S3PROXY_VERSION)"
    return
  fi
  ((rc != 3)) || die "S3: something that is not an S3 server listens on $S3_HOST:$S3_PORT; free the port or set RSDEV_S3_ENDPOINT"
  is_loopback "$S3_HOST" ||
    die "S3: nothing answers at $S3_ENDPOINT and it is not a local address, so this script cannot start it there"
  ensure_s3proxy_libs
  s3proxy_write_conf "$S3_DIR" "$S3_PORT"
  log "S3: starting S3Proxy $S3PROXY_VERSION on 127.0.0.1:$S3_PORT, data in $S3_DIR/data (log: $S3_LOG)"
  s3proxy_launch "$S3_DIR" "$S3_PID" "$S3_LOG"
  pid=$(<"$S3_PID")
  s3proxy_wait S3 "$pid" "$S3_PID" "$S3_LOG" "$S3_PORT"
  log "S3: S3Proxy answers (pid $pid)"
  S3_SUMMARY="S3    $S3_ENDPOINT (S3Proxy $S3PROXY_VERSION)"
}

stop_s3() {
  stop_started S3 S3Proxy "$S3_PID" "$S3_DIR/s3proxy.conf" 15
}

status_s3() {
  parse_s3_endpoint
  local rc=0 line
  s3_probe "$S3_HOST" "$S3_PORT" || rc=$?
  case $rc in
    0) line="answers" ;;
    1) line="nothing answers" ;;
    *) line="something that is not an S3 server listens on $S3_HOST:$S3_PORT" ;;
  esac
  echo "S3    $S3_ENDPOINT: $line"
  started_line "$S3_PID" "$S3_DIR/s3proxy.conf" "log $S3_LOG, data $S3_DIR/data" || true
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
      echo "export RSDEV_NATS_URL='$NATS_URL'"
    else # not started in this run: keep what an earlier start wrote
      grep '^export RSDEV_NATS_' "$old" || true
    fi
    if [[ -n $CQL_SUMMARY ]]; then
      echo "export RSDEV_CQL_CONTACT_POINTS='$CQL_CONTACT_POINTS'"
      echo "export RSDEV_CQL_DATACENTER='$CQL_DATACENTER'"
    else
      grep '^export RSDEV_CQL_' "$old" || true
    fi
    if [[ -n $S3_SUMMARY ]]; then
      echo "export RSDEV_S3_ENDPOINT='$S3_ENDPOINT'"
      echo "export RSDEV_S3_ACCESS_KEY='$S3_ACCESS_KEY'"
      echo "export RSDEV_S3_SECRET_KEY='$S3_SECRET_KEY'"
    else
      grep '^export RSDEV_S3_' "$old" || true
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
      s3 | s3proxy) SERVICES+=(s3) ;;
      *) usage ;;
    esac
  done
  ((${#SERVICES[@]} > 0)) || SERVICES=(nats cql s3)
}

# ensure_shellcheck: `mvn verify` runs shellcheck over scripts/ (scripts/shellcheck.sh) and,
# under CI, fails without it; install the Debian package like nats-server when running as root.
ensure_shellcheck() {
  command -v shellcheck >/dev/null 2>&1 && return 0
  if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    log "shellcheck is not installed (mvn verify needs it under CI): apt-get install shellcheck"
    return 0
  fi
  log "installing the Debian package shellcheck with apt-get (mvn verify checks scripts/ with it)"
  local aptlog="$STATE_DIR/apt-shellcheck.log"
  mkdir -p "$STATE_DIR"
  if ! { DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends shellcheck ||
    { DEBIAN_FRONTEND=noninteractive apt-get update -q &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends shellcheck; }; } \
    >"$aptlog" 2>&1 </dev/null; then
    show_log_tail "$aptlog" 20
    log "installing shellcheck failed (log: $aptlog); mvn verify will fail under CI without it"
  fi
}

cmd_start() {
  select_services "$@"
  acquire_lock "$STATE_DIR/.lock"
  ensure_shellcheck
  local s
  for s in "${SERVICES[@]}"; do
    case "$s" in
      nats) start_nats ;;
      cql) start_cql ;;
      s3) start_s3 ;;
    esac
  done
  write_env_file
  [[ -z $NATS_SUMMARY ]] || echo "$NATS_SUMMARY"
  [[ -z $CQL_SUMMARY ]] || echo "$CQL_SUMMARY"
  [[ -z $S3_SUMMARY ]] || echo "$S3_SUMMARY"
  log "env file: $ENV_FILE (load it with: eval \"\$(scripts/services.sh env)\")"
}

cmd_stop() {
  local purge=false args=() s
  for s in "$@"; do
    if [[ $s == --purge ]]; then purge=true; else args+=("$s"); fi
  done
  select_services "${args[@]+"${args[@]}"}"
  acquire_lock "$STATE_DIR/.lock"
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
      s3)
        stop_s3
        if $purge; then
          log "S3: deleting $S3_DIR (downloaded jars in $STATE_DIR/lib are kept)"
          rm -rf "$S3_DIR"
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
      s3) status_s3 || rc=1 ;;
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
