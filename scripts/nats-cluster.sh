#!/usr/bin/env bash
# A local NATS cluster with JetStream for the fault suite: N nats-server processes on 127.0.0.1,
# routed to each other, apart from the shared server of scripts/services.sh (127.0.0.1:4222).
#
#   scripts/nats-cluster.sh [OPTIONS] start [NODE...]           start (or reuse) nodes, all by default
#   scripts/nats-cluster.sh [OPTIONS] stop  [--purge] [NODE...] SIGTERM, then SIGKILL after 15 s
#   scripts/nats-cluster.sh [OPTIONS] kill  NODE...             SIGKILL: a crash
#   scripts/nats-cluster.sh [OPTIONS] status                    what answers, pids
#   scripts/nats-cluster.sh [OPTIONS] url                       every node's URL, comma-separated
#
# OPTIONS:
#   --name NAME     natscluster (default; 3 nodes: clients 4231.., routes 6231.., monitoring 8231..);
#                   the server names are result-store-NAME-1 ... -N, the cluster result-store-NAME
#   --nodes N       nodes (1..9)
#   --port P        client port of node 1; node I listens on P+I-1 (routes and monitoring alike)
#   --route-port P  route port of node 1
#   --monitor-port P  monitoring port of node 1
# State: $RSDEV_SERVICES_DIR/nats-cluster-NAME/nodeI/ (nats.conf, nats.pid, nats.log, jetstream/).
# A JetStream cluster needs a majority of its nodes to answer, so a fresh start starts them all
# together; "start 2" after "kill 2" brings node 2 back with its store. See docs/reliability.md.
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly SCRIPT_DIR
# shellcheck source=lib/common.sh
source "$SCRIPT_DIR/lib/common.sh"

readonly START_TIMEOUT="${RSDEV_NATS_START_TIMEOUT:-60}"
readonly LOG_PREFIX=nats-cluster

# shellcheck source=lib/nats.sh
source "$SCRIPT_DIR/lib/nats.sh"

NAME=natscluster
NODES=
PORT=
ROUTE_PORT=
MONITOR_PORT=

apply_preset() {
  NODES=${NODES:-3}
  PORT=${PORT:-4231}
  ROUTE_PORT=${ROUTE_PORT:-6231}
  MONITOR_PORT=${MONITOR_PORT:-8231}
  [[ $NAME =~ ^[a-z0-9-]+$ ]] || die "--name: lowercase letters, digits and - only"
  [[ $NODES =~ ^[1-9]$ ]] || die "--nodes: 1 to 9"
  [[ $PORT =~ ^[0-9]+$ && $ROUTE_PORT =~ ^[0-9]+$ && $MONITOR_PORT =~ ^[0-9]+$ ]] ||
    die "ports must be numbers"
  local i
  for i in $(all_nodes); do
    [[ $(client_port "$i") != 4222 && $(monitor_port "$i") != 8222 ]] ||
      die "ports 4222 and 8222 belong to the shared server of scripts/services.sh"
  done
  CLUSTER_DIR="$STATE_DIR/nats-cluster-$NAME"
}

all_nodes() { seq 1 "$NODES"; }
client_port() { echo $((PORT + $1 - 1)); }
route_port() { echo $((ROUTE_PORT + $1 - 1)); }
monitor_port() { echo $((MONITOR_PORT + $1 - 1)); }
node_dir() { echo "$CLUSTER_DIR/node$1"; }
node_name() { echo "result-store-$NAME-$1"; }

urls() {
  local i out=()
  for i in $(all_nodes); do out+=("nats://127.0.0.1:$(client_port "$i")"); done
  (
    IFS=,
    echo "${out[*]}"
  )
}

check_nodes() {
  local i
  for i in "$@"; do
    if ! [[ $i =~ ^[1-9]$ ]] || ((i > NODES)); then die "no node $i (1 to $NODES)"; fi
  done
}

launch_node() {
  local i=$1 dir conf pidfile logfile bin pid i2
  local -a routes=()
  dir=$(node_dir "$i")
  conf="$dir/nats.conf"
  pidfile="$dir/nats.pid"
  logfile="$dir/nats.log"
  clean_stale_pid "$pidfile" "$conf" "node $i"
  if pid=$(pid_of "$pidfile" "$conf"); then
    log "node $i: already running (pid $pid)"
    return
  fi
  if port_open 127.0.0.1 "$(client_port "$i")" || port_open 127.0.0.1 "$(route_port "$i")"; then
    die "node $i: 127.0.0.1:$(client_port "$i") or :$(route_port "$i") is in use by a process this script did not start"
  fi
  bin=$(ensure_nats_server)
  for i2 in $(all_nodes); do routes+=("$(route_port "$i2")"); done
  nats_write_conf "$conf" scripts/nats-cluster.sh "$(node_name "$i")" "$(client_port "$i")" \
    "$(monitor_port "$i")" "$dir"
  # the route port this node listens on first, then every node's
  nats_append_cluster "$conf" "result-store-$NAME" "$(route_port "$i")" "${routes[@]}"
  [[ -f $logfile ]] && mv -f "$logfile" "$logfile.1"
  log "node $i: starting nats-server on 127.0.0.1:$(client_port "$i") (log: $logfile)"
  launch "$pidfile" "$logfile" "$dir" "$bin" -c "$conf"
}

# await_node I STARTED: JetStream answers on node I (which needs a meta leader, so a majority)
await_node() {
  local i=$1 started=$2 dir pid
  dir=$(node_dir "$i")
  pid=$(<"$dir/nats.pid")
  while ! nats_probe 127.0.0.1 "$(client_port "$i")"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$dir/nats.pid"
      show_log_tail "$dir/nats.log"
      die "node $i: nats-server exited during startup (log: $dir/nats.log)"
    fi
    if ((SECONDS - started >= START_TIMEOUT)); then
      show_log_tail "$dir/nats.log"
      die "node $i: JetStream did not answer within ${START_TIMEOUT}s (log: $dir/nats.log)"
    fi
    sleep 0.3
  done
  log "node $i: JetStream answers at nats://127.0.0.1:$(client_port "$i") (pid $pid, $((SECONDS - started))s)"
}

cmd_start() {
  local i started=$SECONDS
  local -a nodes=("$@")
  ((${#nodes[@]} > 0)) || mapfile -t nodes < <(all_nodes)
  check_nodes "${nodes[@]}"
  acquire_lock "$CLUSTER_DIR/.lock"
  for i in "${nodes[@]}"; do launch_node "$i"; done
  for i in "${nodes[@]}"; do await_node "$i" "$started"; done
  urls
}

cmd_stop() {
  local purge=false i pid dir
  local -a nodes=() pids=()
  if [[ ${1:-} == --purge ]]; then
    purge=true
    shift
  fi
  nodes=("$@")
  ((${#nodes[@]} > 0)) || mapfile -t nodes < <(all_nodes)
  check_nodes "${nodes[@]}"
  acquire_lock "$CLUSTER_DIR/.lock"
  for i in "${nodes[@]}"; do
    dir=$(node_dir "$i")
    if pid=$(pid_of "$dir/nats.pid" "$dir/nats.conf"); then
      log "node $i: stopping nats-server (pid $pid)"
      stop_pid "$pid" "node $i" 15 &
      pids+=($!)
    else
      log "node $i: not running"
    fi
  done
  ((${#pids[@]} == 0)) || wait "${pids[@]}"
  for i in "${nodes[@]}"; do
    rm -f "$(node_dir "$i")/nats.pid"
    if $purge; then
      log "node $i: deleting $(node_dir "$i")"
      rm -rf "$(node_dir "$i")"
    fi
  done
}

cmd_kill() {
  local i pid dir
  (($# > 0)) || die "kill: name the nodes"
  check_nodes "$@"
  for i in "$@"; do
    dir=$(node_dir "$i")
    if pid=$(pid_of "$dir/nats.pid" "$dir/nats.conf"); then
      kill_pid "$pid" "node $i"
    else
      log "node $i: not running"
    fi
    rm -f "$dir/nats.pid"
  done
}

cmd_status() {
  local i pid dir line rc=0
  for i in $(all_nodes); do
    dir=$(node_dir "$i")
    if nats_probe 127.0.0.1 "$(client_port "$i")"; then line="answers, JetStream enabled"; else
      line="does not answer"
      rc=1
    fi
    if pid=$(pid_of "$dir/nats.pid" "$dir/nats.conf"); then line+=", pid $pid"; else line+=", not running"; fi
    echo "NATS $(node_name "$i") nats://127.0.0.1:$(client_port "$i"): $line"
  done
  return "$rc"
}

main() {
  while (($# > 0)); do
    case "$1" in
      --name) NAME=$2 && shift 2 ;;
      --nodes) NODES=$2 && shift 2 ;;
      --port) PORT=$2 && shift 2 ;;
      --route-port) ROUTE_PORT=$2 && shift 2 ;;
      --monitor-port) MONITOR_PORT=$2 && shift 2 ;;
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
    url) urls ;;
    *) usage ;;
  esac
}

main "$@"
