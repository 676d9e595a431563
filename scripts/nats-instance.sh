#!/usr/bin/env bash
# Extra nats-server instances for the fault suite, apart from the shared one of
# scripts/services.sh (127.0.0.1:4222): one the suite may restart or kill, one that requires TLS.
#
#   scripts/nats-instance.sh [OPTIONS] start     start (or reuse) the instance, print its URL
#   scripts/nats-instance.sh [OPTIONS] stop [--purge]  SIGTERM, then SIGKILL after 15 s
#   scripts/nats-instance.sh [OPTIONS] kill      SIGKILL: a crash
#   scripts/nats-instance.sh [OPTIONS] restart   stop, then start with the same JetStream store
#   scripts/nats-instance.sh [OPTIONS] status    answers or not, pid
#   scripts/nats-instance.sh [OPTIONS] url       print the URL
#
# OPTIONS (the --name preset applies first):
#   --name NAME            fault (port 4224, monitoring 8224) or tls (4223, 8223, TLS with the
#                          files of scripts/tls.sh certs); any other name needs --port
#   --port P               client port on 127.0.0.1
#   --monitor-port P       HTTP monitoring port on 127.0.0.1 (needed to check a TLS instance)
#   --tls CERT:KEY:CA      PEM files; every client must use TLS
# State: $RSDEV_SERVICES_DIR/nats-NAME/ (nats.conf, nats.pid, nats.log, jetstream/).
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly SCRIPT_DIR
# shellcheck source=lib/common.sh
source "$SCRIPT_DIR/lib/common.sh"

readonly START_TIMEOUT="${RSDEV_NATS_START_TIMEOUT:-30}"
readonly LOG_PREFIX=nats-instance

# shellcheck source=lib/nats.sh
source "$SCRIPT_DIR/lib/nats.sh"

NAME=fault
PORT=
MONITOR_PORT=
TLS=

apply_preset() {
  local tls_dir="$STATE_DIR/tls"
  case "$NAME" in
    fault)
      PORT=${PORT:-4224}
      MONITOR_PORT=${MONITOR_PORT:-8224}
      ;;
    tls)
      PORT=${PORT:-4223}
      MONITOR_PORT=${MONITOR_PORT:-8223}
      TLS=${TLS:-$tls_dir/server.pem:$tls_dir/server.key:$tls_dir/ca.pem}
      ;;
  esac
  [[ $NAME =~ ^[a-z0-9-]+$ ]] || die "--name: lowercase letters, digits and - only"
  [[ $PORT =~ ^[0-9]+$ ]] || die "--port is needed for an instance named $NAME"
  MONITOR_PORT=${MONITOR_PORT:-0}
  [[ $PORT != 4222 && $MONITOR_PORT != 8222 ]] ||
    die "ports 4222 and 8222 belong to the shared server of scripts/services.sh"
  if [[ -n $TLS && $MONITOR_PORT == 0 ]]; then
    die "a TLS instance needs --monitor-port (the check uses the monitoring port)"
  fi
  DIR="$STATE_DIR/nats-$NAME"
  CONF="$DIR/nats.conf"
  PIDFILE="$DIR/nats.pid"
  LOGFILE="$DIR/nats.log"
  if [[ -n $TLS ]]; then URL="tls://127.0.0.1:$PORT"; else URL="nats://127.0.0.1:$PORT"; fi
}

# probe: 0 when JetStream answers
probe() {
  if [[ -n $TLS ]]; then
    port_open 127.0.0.1 "$PORT" && nats_monitor_probe "$MONITOR_PORT"
  else
    nats_probe 127.0.0.1 "$PORT"
  fi
}

cmd_start() {
  local pid bin cert key ca started=$SECONDS
  acquire_lock "$DIR/.lock"
  clean_stale_pid "$PIDFILE" "$CONF" "$NAME"
  if pid=$(pid_of "$PIDFILE" "$CONF"); then
    log "$NAME: already running (pid $pid)"
  else
    if port_open 127.0.0.1 "$PORT"; then
      die "$NAME: 127.0.0.1:$PORT is in use by a process this script did not start"
    fi
    if [[ $MONITOR_PORT != 0 ]] && port_open 127.0.0.1 "$MONITOR_PORT"; then
      die "$NAME: the monitoring port 127.0.0.1:$MONITOR_PORT is in use"
    fi
    bin=$(ensure_nats_server)
    if [[ -n $TLS ]]; then
      IFS=: read -r cert key ca <<<"$TLS"
      [[ -f $cert && -f $key && -f $ca ]] || die "$NAME: missing TLS files $TLS (run scripts/tls.sh certs)"
      nats_write_conf "$CONF" scripts/nats-instance.sh "result-store-$NAME" "$PORT" "$MONITOR_PORT" "$DIR" \
        "$cert" "$key" "$ca"
    else
      nats_write_conf "$CONF" scripts/nats-instance.sh "result-store-$NAME" "$PORT" "$MONITOR_PORT" "$DIR"
    fi
    [[ -f $LOGFILE ]] && mv -f "$LOGFILE" "$LOGFILE.1"
    log "$NAME: starting nats-server on 127.0.0.1:$PORT$([[ -n $TLS ]] && echo ' (TLS required)') (log: $LOGFILE)"
    launch "$PIDFILE" "$LOGFILE" "$DIR" "$bin" -c "$CONF"
    pid=$(<"$PIDFILE")
  fi
  await_start "$NAME" nats-server "$pid" "$PIDFILE" "$LOGFILE" $((START_TIMEOUT - (SECONDS - started))) \
    "JetStream did not answer within ${START_TIMEOUT}s" probe
  log "$NAME: JetStream answers at $URL (pid $pid, $((SECONDS - started))s)"
  echo "$URL"
}

cmd_stop() {
  local pid
  acquire_lock "$DIR/.lock"
  if pid=$(pid_of "$PIDFILE" "$CONF"); then
    log "$NAME: stopping nats-server (pid $pid)"
    stop_pid "$pid" "$NAME" 15
    log "$NAME: stopped"
  else
    log "$NAME: not running"
  fi
  rm -f "$PIDFILE"
  if [[ ${1:-} == --purge ]]; then
    log "$NAME: deleting $DIR"
    rm -rf "$DIR"
  fi
}

cmd_kill() {
  local pid
  if pid=$(pid_of "$PIDFILE" "$CONF"); then
    kill_pid "$pid" "$NAME"
  else
    log "$NAME: not running"
  fi
  rm -f "$PIDFILE"
}

cmd_status() {
  local pid line
  if probe; then line="answers, JetStream enabled"; else line="does not answer"; fi
  if pid=$(pid_of "$PIDFILE" "$CONF"); then line+=", pid $pid"; else line+=", not running"; fi
  echo "NATS $NAME $URL: $line"
  probe
}

main() {
  while (($# > 0)); do
    case "$1" in
      --name) NAME=$2 && shift 2 ;;
      --port) PORT=$2 && shift 2 ;;
      --monitor-port) MONITOR_PORT=$2 && shift 2 ;;
      --tls) TLS=$2 && shift 2 ;;
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
    start) cmd_start ;;
    stop) cmd_stop "$@" ;;
    kill) cmd_kill ;;
    restart)
      cmd_stop
      exec {LOCK_FD}>&-
      cmd_start
      ;;
    status) cmd_status ;;
    url) echo "$URL" ;;
    *) usage ;;
  esac
}

main "$@"
