#!/usr/bin/env bash
# An extra S3Proxy instance for the fault suite, apart from the shared one of scripts/services.sh
# (127.0.0.1:9000): one the suite may stop, kill and start again. Its objects stay on disk across
# restarts, as a real object store's do.
#
#   scripts/s3proxy-instance.sh [OPTIONS] start     start (or reuse) the instance, print its endpoint
#   scripts/s3proxy-instance.sh [OPTIONS] stop [--purge]  SIGTERM, then SIGKILL after 15 s
#   scripts/s3proxy-instance.sh [OPTIONS] kill      SIGKILL: a crash
#   scripts/s3proxy-instance.sh [OPTIONS] status    answers or not, pid
#
# OPTIONS:
#   --name NAME   fault (port 9001, the default); any other name needs --port
#   --port P      port on 127.0.0.1
# State: $RSDEV_SERVICES_DIR/s3proxy-NAME/ (s3proxy.conf, s3proxy.pid, s3proxy.log, data/).
# Credentials: those of scripts/services.sh (RSDEV_S3_ACCESS_KEY, RSDEV_S3_SECRET_KEY).
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly SCRIPT_DIR
# shellcheck source=lib/common.sh
source "$SCRIPT_DIR/lib/common.sh"

readonly LOG_PREFIX=s3proxy-instance

# shellcheck source=lib/s3proxy.sh
source "$SCRIPT_DIR/lib/s3proxy.sh"

NAME=fault
PORT=

main() {
  while (($# > 0)); do
    case "$1" in
      --name) NAME=$2 && shift 2 ;;
      --port) PORT=$2 && shift 2 ;;
      -h | --help) usage ;;
      *) break ;;
    esac
  done
  (($# > 0)) || usage
  [[ $NAME =~ ^[a-z0-9-]+$ ]] || die "--name: lowercase letters, digits and - only"
  [[ $NAME == fault ]] && PORT=${PORT:-9001}
  [[ $PORT =~ ^[0-9]+$ ]] || die "--port is needed for an instance named $NAME"
  local dir="$STATE_DIR/s3proxy-$NAME"
  local pidfile="$dir/s3proxy.pid" logfile="$dir/s3proxy.log" conf="$dir/s3proxy.conf" pid
  local cmd=$1
  shift
  mkdir -p "$dir"
  case "$cmd" in
    start)
      acquire_lock "$dir/.lock"
      clean_stale_pid "$pidfile" "$conf" "S3 $NAME"
      if pid=$(pid_of "$pidfile" "$conf"); then
        s3proxy_wait "S3 $NAME" "$pid" "$pidfile" "$logfile" "$PORT"
        log "S3 $NAME: reusing S3Proxy (pid $pid) on 127.0.0.1:$PORT"
      else
        if port_open 127.0.0.1 "$PORT"; then
          die "S3 $NAME: something else listens on 127.0.0.1:$PORT"
        fi
        ensure_s3proxy_libs
        s3proxy_write_conf "$dir" "$PORT"
        log "S3 $NAME: starting S3Proxy $S3PROXY_VERSION on 127.0.0.1:$PORT (log: $logfile)"
        s3proxy_launch "$dir" "$pidfile" "$logfile"
        pid=$(<"$pidfile")
        s3proxy_wait "S3 $NAME" "$pid" "$pidfile" "$logfile" "$PORT"
        log "S3 $NAME: answers (pid $pid)"
      fi
      echo "http://127.0.0.1:$PORT"
      ;;
    stop | kill)
      acquire_lock "$dir/.lock"
      if pid=$(pid_of "$pidfile" "$conf"); then
        if [[ $cmd == kill ]]; then
          kill_pid "$pid" "S3 $NAME"
        else
          log "S3 $NAME: stopping S3Proxy (pid $pid)"
          stop_pid "$pid" "S3 $NAME" 15
        fi
      else
        log "S3 $NAME: not running"
      fi
      rm -f "$pidfile"
      if [[ ${1:-} == --purge ]]; then rm -rf "$dir/data"; fi
      ;;
    status)
      if pid=$(pid_of "$pidfile" "$conf"); then
        echo "S3 $NAME: pid $pid, 127.0.0.1:$PORT, log $logfile"
      else
        echo "S3 $NAME: not running"
        return 1
      fi
      ;;
    *) usage ;;
  esac
}

main "$@"
