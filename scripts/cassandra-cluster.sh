#!/usr/bin/env bash
# A local Apache Cassandra cluster for the fault suite: N nodes on the loopback addresses
# 127.0.0.1 ... 127.0.0.N (Linux routes all of 127/8 to lo), one JVM each, all with the same
# ports, apart from the shared development server of scripts/services.sh (127.0.0.1:9042/7000).
#
#   scripts/cassandra-cluster.sh [OPTIONS] start  [NODE...]         start (or reuse) nodes, all by default
#   scripts/cassandra-cluster.sh [OPTIONS] stop   [--purge] [NODE...] SIGTERM (drain, flush), then SIGKILL
#   scripts/cassandra-cluster.sh [OPTIONS] kill   NODE...           SIGKILL: a crash, no flush
#   scripts/cassandra-cluster.sh [OPTIONS] status                   what answers, pids, peers seen
#   scripts/cassandra-cluster.sh [OPTIONS] contact-points           e.g. 127.0.0.1:19042,127.0.0.2:19042,...
#
# OPTIONS (each also an environment variable; the --name preset applies first):
#   --name NAME           RSDEV_CLUSTER_NAME          fault (3 nodes, storage 17000, native 19042)
#                         presets: outage (1 node, 17200/19242), tls (1 node, 17100/19142)
#   --nodes N             RSDEV_CLUSTER_NODES         nodes of a fresh cluster (1..9)
#   --storage-port P      RSDEV_CLUSTER_STORAGE_PORT  internode port of every node
#   --native-port P       RSDEV_CLUSTER_NATIVE_PORT   CQL port of every node
#   --heap SIZE           RSDEV_CLUSTER_HEAP          512M per node
#   --client-tls KEYSTORE:PASSWORD:CA  client_encryption_options enabled, optional: false
#                         (KEYSTORE a PKCS12/JKS key store, CA the PEM file the checks trust)
#   --client-auth TRUSTSTORE:CLIENT  with --client-tls: require_client_auth: true, trusting the
#                         CAs of the key store TRUSTSTORE; the checks present the key store CLIENT
#                         (PKCS12); both open with the --client-tls PASSWORD
# State: $RSDEV_SERVICES_DIR/clusters/NAME/nodeI/ (config, data, log, pid). The Cassandra
# jars are the ones scripts/services.sh downloads. See docs/reliability.md.
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly SCRIPT_DIR
# shellcheck source=lib/common.sh
source "$SCRIPT_DIR/lib/common.sh"

readonly CASSANDRA_VERSION="${RSDEV_CASSANDRA_VERSION:-5.0.6}"
readonly CASSANDRA_START_TIMEOUT="${RSDEV_CASSANDRA_START_TIMEOUT:-240}"
readonly CASS_LIB="$STATE_DIR/lib/cassandra-$CASSANDRA_VERSION"
readonly LOG_PREFIX=cassandra-cluster

# shellcheck source=lib/cassandra.sh
source "$SCRIPT_DIR/lib/cassandra.sh"

NAME=${RSDEV_CLUSTER_NAME:-fault}
NODES=${RSDEV_CLUSTER_NODES:-}
STORAGE_PORT=${RSDEV_CLUSTER_STORAGE_PORT:-}
NATIVE_PORT=${RSDEV_CLUSTER_NATIVE_PORT:-}
CASSANDRA_HEAP=${RSDEV_CLUSTER_HEAP:-512M}
CLIENT_TLS=${RSDEV_CLUSTER_CLIENT_TLS:-}
CLIENT_AUTH=${RSDEV_CLUSTER_CLIENT_AUTH:-}

apply_preset() {
  local nodes storage native
  case "$NAME" in
    fault) nodes=3 storage=17000 native=19042 ;;
    tls) nodes=1 storage=17100 native=19142 ;;
    outage) nodes=1 storage=17200 native=19242 ;;
    *) nodes=3 storage=17000 native=19042 ;;
  esac
  NODES=${NODES:-$nodes}
  STORAGE_PORT=${STORAGE_PORT:-$storage}
  NATIVE_PORT=${NATIVE_PORT:-$native}
  [[ $NAME =~ ^[a-z0-9-]+$ ]] || die "--name: lowercase letters, digits and - only"
  [[ $NODES =~ ^[1-9]$ ]] || die "--nodes: 1 to 9"
  [[ $STORAGE_PORT =~ ^[0-9]+$ && $NATIVE_PORT =~ ^[0-9]+$ ]] || die "ports must be numbers"
  if [[ $STORAGE_PORT == 7000 || $NATIVE_PORT == 9042 ]]; then
    die "ports 7000 and 9042 belong to the shared development server of scripts/services.sh"
  fi
  CLUSTER_DIR="$STATE_DIR/clusters/$NAME"
  CQLPING_ERR="$CLUSTER_DIR/.cqlping.err"
  TLS_CA=
  TLS_PASSWORD=
  if [[ -n $CLIENT_TLS ]]; then
    TLS_CA=${CLIENT_TLS##*:}
    TLS_PASSWORD=${CLIENT_TLS#*:}
    TLS_PASSWORD=${TLS_PASSWORD%%:*}
  fi
  TLS_TRUSTSTORE=
  TLS_CLIENT_KEYSTORE=
  if [[ -n $CLIENT_AUTH ]]; then
    [[ -n $CLIENT_TLS ]] || die "--client-auth needs --client-tls"
    [[ $CLIENT_AUTH == *:* ]] || die "--client-auth: TRUSTSTORE:CLIENT"
    TLS_TRUSTSTORE=${CLIENT_AUTH%%:*}
    TLS_CLIENT_KEYSTORE=${CLIENT_AUTH#*:}
  fi
}

node_address() { printf '127.0.0.%s\n' "$1"; }
node_dir() { printf '%s/node%s\n' "$CLUSTER_DIR" "$1"; }
node_pidfile() { printf '%s/node%s/cassandra.pid\n' "$CLUSTER_DIR" "$1"; }
node_log() { printf '%s/node%s/cassandra.log\n' "$CLUSTER_DIR" "$1"; }
# the pid file marker: the node's own cassandra.yaml path is on its command line
node_marker() { printf '%s/node%s/conf/cassandra.yaml\n' "$CLUSTER_DIR" "$1"; }

# existing_nodes: the node numbers with a directory, else 1..NODES
existing_nodes() {
  local d found=()
  for d in "$CLUSTER_DIR"/node[1-9]; do
    [[ -d $d ]] && found+=("${d##*/node}")
  done
  if ((${#found[@]} == 0)); then
    seq 1 "$NODES"
  else
    printf '%s\n' "${found[@]}"
  fi
}

probe_options() {
  PROBE_OPTS=()
  if [[ -n $TLS_CA ]]; then PROBE_OPTS+=(--tls-ca "$TLS_CA"); fi
  if [[ -n $TLS_CLIENT_KEYSTORE ]]; then
    PROBE_OPTS+=(--tls-keystore "$TLS_CLIENT_KEYSTORE:$TLS_PASSWORD")
  fi
}

# node_probe I [--peers]: prints the CqlPing line for node I.
node_probe() {
  local -a PROBE_OPTS
  probe_options
  cql_probe "$(node_address "$1"):$NATIVE_PORT" "${PROBE_OPTS[@]+"${PROBE_OPTS[@]}"}" "${@:2}"
}

client_tls_yaml() {
  [[ -n $CLIENT_TLS ]] || return 0
  local keystore=${CLIENT_TLS%%:*}
  [[ -f $keystore ]] || die "--client-tls: no key store at $keystore (run scripts/tls.sh certs)"
  cat <<EOF
# clients must use TLS (scripts/cassandra-cluster.sh --client-tls)
client_encryption_options:
  enabled: true
  optional: false
  keystore: $keystore
  keystore_password: $TLS_PASSWORD
EOF
  if [[ -z $CLIENT_AUTH ]]; then
    echo "  require_client_auth: false"
    return 0
  fi
  [[ -f $TLS_TRUSTSTORE ]] || die "--client-auth: no trust store at $TLS_TRUSTSTORE"
  [[ -f $TLS_CLIENT_KEYSTORE ]] || die "--client-auth: no client key store at $TLS_CLIENT_KEYSTORE"
  cat <<EOF
  # and present a certificate signed by a CA of the trust store (--client-auth)
  require_client_auth: true
  truststore: $TLS_TRUSTSTORE
  truststore_password: $TLS_PASSWORD
EOF
}

start_node() {
  local i=$1 dir pidfile logfile address pid fresh=false
  dir=$(node_dir "$i")
  pidfile=$(node_pidfile "$i")
  logfile=$(node_log "$i")
  address=$(node_address "$i")
  clean_stale_pid "$pidfile" "$(node_marker "$i")" "node$i"
  if pid=$(pid_of "$pidfile" "$(node_marker "$i")"); then
    log "node$i: already running (pid $pid) at $address:$NATIVE_PORT"
    STARTED_PIDS[i]=$pid
    return 0
  fi
  if port_open "$address" "$NATIVE_PORT" || port_open "$address" "$STORAGE_PORT"; then
    die "node$i: $address:$NATIVE_PORT or $address:$STORAGE_PORT is in use by a process this script did not start"
  fi
  [[ -d $dir/data/system ]] || fresh=true
  # The first node is the seed. A fresh cluster has no data to stream, so no node bootstraps.
  cassandra_write_conf "$dir" scripts/cassandra-cluster.sh "Node $i of the local test cluster $NAME" \
    "result-store-$NAME" "$address" "$STORAGE_PORT" "$NATIVE_PORT" "127.0.0.1:$STORAGE_PORT" \
    "$((NODES < 3 ? NODES : 3))" "$(printf 'auto_bootstrap: false\n%s' "$(client_tls_yaml)")"
  log "node$i: starting Cassandra $CASSANDRA_VERSION at $address (CQL $NATIVE_PORT, storage $STORAGE_PORT, heap $CASSANDRA_HEAP$($fresh && echo ', fresh data'))"
  cassandra_launch "$dir" "$pidfile" "$logfile" \
    -Dcassandra.skip_wait_for_gossip_to_settle=0 \
    -Dcassandra.ring_delay_ms=5000 \
    -Dcassandra.superuser_setup_delay_ms=0 \
    -Dcassandra.unsafesystem=true \
    -Dcassandra.consistent.rangemovement=false
  STARTED_PIDS[i]=$(<"$pidfile")
}

wait_node() {
  local i=$1
  local -a PROBE_OPTS
  probe_options
  cassandra_wait "node$i" "${STARTED_PIDS[$i]}" "$(node_pidfile "$i")" "$(node_log "$i")" \
    "$(node_address "$i")" "$NATIVE_PORT" "$CASSANDRA_START_TIMEOUT" \
    "${PROBE_OPTS[@]+"${PROBE_OPTS[@]}"}"
}

# wait_ring COUNT: until node 1 (or the first that answers) lists COUNT-1 peers.
wait_ring() {
  local want=$1 deadline=$((SECONDS + 120)) out peers i
  ((want > 1)) || return 0
  while ((SECONDS < deadline)); do
    for i in $(existing_nodes); do
      if out=$(node_probe "$i" --peers 2>/dev/null); then
        peers=${out##*peers=}
        if ((peers >= want - 1)); then
          log "ring: node$i sees $peers peers"
          return 0
        fi
        break
      fi
    done
    sleep 2
  done
  die "the ring did not reach $want nodes within 120s"
}

cmd_start() {
  local -a nodes STARTED_PIDS=()
  local started=$SECONDS i waited=" "
  if (($# > 0)); then nodes=("$@"); else mapfile -t nodes < <(seq 1 "$NODES"); fi
  for i in "${nodes[@]}"; do
    [[ $i =~ ^[1-9]$ ]] || die "no node '$i' (nodes are 1..9)"
  done
  acquire_lock "$CLUSTER_DIR/.lock"
  cassandra_check_java
  ensure_cassandra_libs
  mkdir -p "$CLUSTER_DIR"
  # A fresh seed first: the other nodes need it to join.
  if [[ " ${nodes[*]} " == *" 1 "* ]] && ! pid_of "$(node_pidfile 1)" "$(node_marker 1)" >/dev/null; then
    start_node 1
    wait_node 1
    waited=" 1 "
  fi
  for i in "${nodes[@]}"; do
    [[ -n ${STARTED_PIDS[$i]:-} ]] || start_node "$i"
  done
  for i in "${nodes[@]}"; do
    [[ $waited == *" $i "* ]] || wait_node "$i"
  done
  if (($# == 0)); then wait_ring "$NODES"; fi
  log "started in $((SECONDS - started))s"
  contact_points
}

cmd_stop() {
  local purge=false i pid
  local -a nodes=()
  for i in "$@"; do
    if [[ $i == --purge ]]; then purge=true; else nodes+=("$i"); fi
  done
  ((${#nodes[@]} > 0)) || mapfile -t nodes < <(existing_nodes)
  acquire_lock "$CLUSTER_DIR/.lock"
  # stop in parallel: each drains and flushes for a few seconds
  for i in "${nodes[@]}"; do
    if pid=$(pid_of "$(node_pidfile "$i")" "$(node_marker "$i")"); then
      log "node$i: stopping (pid $pid)"
      stop_pid "$pid" "node$i" 60 &
    fi
  done
  wait
  for i in "${nodes[@]}"; do
    rm -f "$(node_pidfile "$i")"
    if $purge; then
      log "node$i: deleting $(node_dir "$i")"
      rm -rf "$(node_dir "$i")"
    fi
  done
  # a purged cluster leaves nothing behind (a test's cluster of its own, named per run)
  if $purge && ! compgen -G "$CLUSTER_DIR/node[1-9]" >/dev/null; then
    rm -rf "$CLUSTER_DIR"
  fi
  log "stopped: ${nodes[*]}"
}

cmd_kill() {
  (($# > 0)) || die "kill: name the node(s), e.g. kill 2"
  local i pid
  for i in "$@"; do
    if pid=$(pid_of "$(node_pidfile "$i")" "$(node_marker "$i")"); then
      kill_pid "$pid" "node$i"
      rm -f "$(node_pidfile "$i")"
    else
      log "node$i: not running"
    fi
  done
}

cmd_status() {
  local i out pid rc=0
  echo "cluster result-store-$NAME: $CLUSTER_DIR"
  for i in $(existing_nodes); do
    if out=$(node_probe "$i" --peers); then
      printf 'node%s  %s: answers (%s)' "$i" "$(node_address "$i"):$NATIVE_PORT" "${out#* }"
    else
      printf 'node%s  %s: does not answer' "$i" "$(node_address "$i"):$NATIVE_PORT"
      rc=1
    fi
    if pid=$(pid_of "$(node_pidfile "$i")" "$(node_marker "$i")"); then
      printf ', pid %s\n' "$pid"
    else
      printf ', not running\n'
    fi
  done
  return "$rc"
}

contact_points() {
  local i out=()
  for i in $(seq 1 "$NODES"); do out+=("$(node_address "$i"):$NATIVE_PORT"); done
  (
    IFS=,
    echo "${out[*]}"
  )
}

main() {
  while (($# > 0)); do
    case "$1" in
      --name) NAME=$2 && shift 2 ;;
      --nodes) NODES=$2 && shift 2 ;;
      --storage-port) STORAGE_PORT=$2 && shift 2 ;;
      --native-port) NATIVE_PORT=$2 && shift 2 ;;
      --heap) CASSANDRA_HEAP=$2 && shift 2 ;;
      --client-tls) CLIENT_TLS=$2 && shift 2 ;;
      --client-auth) CLIENT_AUTH=$2 && shift 2 ;;
      -h | --help | help) usage ;;
      -*) usage ;;
      *) break ;;
    esac
  done
  (($# > 0)) || usage
  apply_preset
  local cmd=$1
  shift
  case "$cmd" in
    start) cmd_start "$@" ;;
    stop) cmd_stop "$@" ;;
    kill) cmd_kill "$@" ;;
    status) cmd_status ;;
    contact-points) contact_points ;;
    *) usage ;;
  esac
}

main "$@"
