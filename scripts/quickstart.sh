#!/usr/bin/env bash
# The newcomer's first command: local services, the runner, sample results, read one back.
#
#   scripts/quickstart.sh          start everything (again: reuses what already runs) and demo it
#   scripts/quickstart.sh stop     stop the runner this script started
#   scripts/quickstart.sh status   is the runner running, where are its log and endpoints
#
# Needs a JDK 17 and Maven; no Docker. The local services (NATS with JetStream, Cassandra) come
# from scripts/services.sh. The runner runs in the background with its pid file, log and
# configuration in the state directory ($RSDEV_QUICKSTART_DIR, default
# ${TMPDIR:-/tmp}/result-store-quickstart).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
readonly SCRIPT_DIR ROOT

STATE_DIR="${RSDEV_QUICKSTART_DIR:-${TMPDIR:-/tmp}/result-store-quickstart}"
[[ $STATE_DIR == /* ]] || STATE_DIR="$PWD/$STATE_DIR"
readonly STATE_DIR
readonly BUILT_JAR="$ROOT/result-store-runner/target/result-store-runner.jar"
# The runner runs from a copy, so that rebuilding the project does not pull the jar from under it.
readonly JAR="$STATE_DIR/result-store-runner.jar"
readonly CONFIG="$STATE_DIR/result-store.yaml"
readonly PID_FILE="$STATE_DIR/runner.pid"
readonly LOG_FILE="$STATE_DIR/runner.log"
readonly HTTP_PORT="${RSDEV_QUICKSTART_HTTP_PORT:-8080}"
readonly GENERATE="${RSDEV_QUICKSTART_GENERATE:-300}"
readonly SAMPLES="$ROOT/result-store-core/src/test/resources/contract-samples"
readonly SAMPLE_ID="inv-5f0c2a9e4b7d41c3a1e8d2f6b9c07a13"
readonly JVM_OPTIONS=(-Xmx512m -XX:+UseSerialGC)

say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
info() { printf '    %s\n' "$*"; }
die() {
  printf 'quickstart: error: %s\n' "$*" >&2
  exit 1
}

# runner_pid: prints the pid of the runner this script started, when it still runs.
runner_pid() {
  [[ -f $PID_FILE ]] || return 1
  local pid
  pid="$(cat "$PID_FILE")"
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  if [[ -r /proc/$pid/cmdline ]] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "$CONFIG"; then
    printf '%s\n' "$pid"
    return 0
  fi
  return 1
}

http_get() { # http_get PATH: prints the body; fails when nothing answers or the status is not 2xx
  curl -fsS --max-time 5 "http://127.0.0.1:$HTTP_PORT$1"
}

metric() { # metric NAME: the value of an unlabelled sample, 0 when absent
  local value
  value="$(http_get /metrics 2>/dev/null | awk -v name="$1" '$1 == name { print $2; exit }')"
  printf '%.0f\n' "${value:-0}"
}

runner() { java "${JVM_OPTIONS[@]}" -jar "$JAR" "$@"; }

stop_runner() {
  local pid
  if pid="$(runner_pid)"; then
    say "Stopping the runner (pid $pid): SIGTERM, it drains and exits"
    kill -TERM "$pid"
    for _ in $(seq 1 60); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 1
    done
    if kill -0 "$pid" 2>/dev/null; then
      die "the runner (pid $pid) did not stop within 60s; see $LOG_FILE"
    fi
    rm -f "$PID_FILE"
    info "stopped; its log stays in $LOG_FILE"
  else
    info "no runner started by this script is running"
  fi
  info "the local services keep running; stop them with: scripts/services.sh stop"
}

status() {
  local pid
  if pid="$(runner_pid)"; then
    info "runner: running, pid $pid, log $LOG_FILE, config $CONFIG"
    info "endpoints: http://127.0.0.1:$HTTP_PORT/healthz /readyz /metrics"
  else
    info "runner: not running"
  fi
}

build_if_needed() {
  local newer=""
  if [[ -f $BUILT_JAR ]]; then
    newer="$(find "$ROOT/pom.xml" "$ROOT"/result-store-*/pom.xml "$ROOT"/result-store-*/src/main \
      -newer "$BUILT_JAR" -type f -print -quit)"
  fi
  if [[ ! -f $BUILT_JAR || -n $newer ]]; then
    say "Building the runner jar (mvn -B -q -DskipTests package)"
    (cd "$ROOT" && mvn -B -q -DskipTests -Dspotless.check.skip=true package)
    [[ -f $BUILT_JAR ]] || die "the build did not produce $BUILT_JAR"
    info "built $BUILT_JAR"
  else
    say "The runner jar is up to date: $BUILT_JAR"
  fi
  mkdir -p "$STATE_DIR"
  if ! cmp -s "$BUILT_JAR" "$JAR"; then
    if runner_pid >/dev/null; then
      info "the jar changed: restarting the runner"
      stop_runner
    fi
    cp "$BUILT_JAR" "$JAR.new"
    mv "$JAR.new" "$JAR"
  fi
}

write_config() {
  local nats_url="${RSDEV_NATS_URL:-nats://127.0.0.1:4222}"
  local cql="${RSDEV_CQL_CONTACT_POINTS:-127.0.0.1:9042}"
  mkdir -p "$STATE_DIR"
  cat >"$CONFIG.new" <<EOF
# Written by scripts/quickstart.sh. The Go process's result-store.yaml format, plus our keys
# (see docs/configuration.md).
consumerName: runtime-result-store
ackWait: 30s
retry:
  maxDeliver: 5
  backoff: [2s, 10s, 30s]
serverless:
  url: $nats_url
  subjectPrefix: runtime.serverless
  streamName: RUNTIME_SERVERLESS
  streamReplicas: 1
  streamMaxAge: 72h
  duplicatesWindow: 24h
  drainTimeout: 15s
scylla:
  hosts: [${cql//,/, }]
  keyspace: runtime_serverless
  resultsTable: invocation_results
  replicationFactor: 1
  autoMigrate: true
  maxInlineBodyBytes: 1048576
  # The contract samples completed in July 2026; keep results forever here so that they are
  # stored whatever today's date (a retention of days would expire them on arrival).
  retention: 0s
http:
  host: 127.0.0.1
  port: $HTTP_PORT
log:
  format: plain
EOF
  if [[ -f $CONFIG ]] && cmp -s "$CONFIG" "$CONFIG.new"; then
    rm -f "$CONFIG.new"
  else
    mv "$CONFIG.new" "$CONFIG"
    if runner_pid >/dev/null; then
      info "the configuration changed: restarting the runner"
      stop_runner
    fi
  fi
  info "configuration: $CONFIG"
}

# check_services: the runner's own check of the configuration and of both services (the stream,
# the consumer and the schema as configured), now that the jar exists.
check_services() {
  say "Checking the configuration and the services: result-store-runner check --connect"
  local rc=0
  runner check --config "$CONFIG" --connect | sed 's/^/    /' || rc=${PIPESTATUS[0]}
  case "$rc" in
    0) ;;
    1) die "a service does not answer (check exit 1); is scripts/services.sh start done?" ;;
    *) die "the configuration or a service is not usable as configured (check exit $rc)" ;;
  esac
}

start_runner() {
  local pid
  if pid="$(runner_pid)"; then
    say "The runner already runs (pid $pid)"
  else
    if curl -s --max-time 2 -o /dev/null "http://127.0.0.1:$HTTP_PORT/" 2>/dev/null; then
      die "something else answers on port $HTTP_PORT; set RSDEV_QUICKSTART_HTTP_PORT to a free port"
    fi
    say "Starting the runner in the background"
    info "java -jar $JAR run --config $CONFIG"
    nohup java "${JVM_OPTIONS[@]}" -jar "$JAR" run --config "$CONFIG" >>"$LOG_FILE" 2>&1 </dev/null &
    echo "$!" >"$PID_FILE"
    info "pid $!, log $LOG_FILE"
  fi
  info "waiting for /readyz (NATS connected, consumer bound, CQL reachable)"
  for _ in $(seq 1 180); do
    if http_get /readyz >/dev/null 2>&1; then
      info "ready: $(http_get /readyz)"
      return 0
    fi
    runner_pid >/dev/null || die "the runner exited; the end of its log:$(printf '\n'; tail -n 20 "$LOG_FILE")"
    sleep 1
  done
  die "the runner is not ready after 180s; see $LOG_FILE"
}

publish_and_watch() {
  local before target stored pending in_flight
  before="$(metric result_store_stored_total)"
  say "Publishing the contract samples and $GENERATE generated results in the Go wire format"
  info "subject <prefix>.result.<requestID>, header Nats-Msg-Id: result-<invocationID>"
  runner publish --config "$CONFIG" --samples "$SAMPLES" --generate "$GENERATE" | sed 's/^/    /'
  # The samples count only the first time (the stream drops re-published message ids), and the
  # malformed one is dead-lettered: wait for the generated ones at least, and for an idle runner.
  target=$((before + GENERATE))
  say "Watching them being stored (result_store_stored_total on /metrics)"
  for _ in $(seq 1 120); do
    stored="$(metric result_store_stored_total)"
    in_flight="$(metric result_store_in_flight)"
    pending="$(metric result_store_consumer_pending)"
    info "stored $((stored - before)) so far (in flight $in_flight, pending $pending)"
    if ((stored >= target && in_flight == 0)); then
      return 0
    fi
    sleep 1
  done
  die "not everything was stored within 120s; see $LOG_FILE"
}

show_results() {
  say "Reading one sample back: result-store-runner get $SAMPLE_ID"
  runner get --config "$CONFIG" "$SAMPLE_ID" | sed 's/^/    /'
  say "The five newest results of demo-llm-chat: result-store-runner query --request-id demo-llm-chat --limit 5"
  runner query --config "$CONFIG" --request-id demo-llm-chat --since 1h --limit 5 | sed 's/^/    /'
  say "Dead letters (the malformed sample is one): result-store-runner dlq list"
  runner dlq list --config "$CONFIG" --limit 5 2>&1 | sed 's/^/    /'
}

main() {
  case "${1:-start}" in
    start) ;;
    stop)
      stop_runner
      return 0
      ;;
    status)
      status
      return 0
      ;;
    -h | --help | help)
      sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
      return 0
      ;;
    *) die "unknown command '$1' (start, stop or status)" ;;
  esac
  command -v java >/dev/null || die "java (JDK 17) is not on the PATH"
  command -v mvn >/dev/null || die "mvn (Maven) is not on the PATH"
  command -v curl >/dev/null || die "curl is not on the PATH"

  say "Starting the local services: scripts/services.sh start"
  "$SCRIPT_DIR/services.sh" start
  build_if_needed
  say "Writing the runner's configuration"
  write_config
  check_services
  start_runner
  publish_and_watch
  show_results

  say "Done. The runner keeps running in the background"
  info "pid:     $(runner_pid)"
  info "log:     $LOG_FILE"
  info "config:  $CONFIG"
  info "metrics: http://127.0.0.1:$HTTP_PORT/metrics (health: /healthz, readiness: /readyz)"
  info "try:     java -jar $BUILT_JAR query --config $CONFIG --since 1h"
  info "stop:    scripts/quickstart.sh stop   (and the services: scripts/services.sh stop)"
}

main "$@"
