#!/usr/bin/env bash
# The fault suite: what result-store does on its worst day, with real processes and servers.
#
#   scripts/fault-suite.sh [OPTIONS] [SCENARIO...]     all scenarios when none is named
#
# Scenarios (each one test class of result-store-runner/src/test/java/.../runner/fault):
#   kill9    1  the runner killed with SIGKILL mid-stream, then started again   KillNineIT
#   outage   2  the CQL server stopped for 60 s mid-stream                       CqlOutageFaultIT
#   nats     3  the NATS server stopped and started again mid-stream             NatsRestartFaultIT
#   poison   4  37 kinds of bad input among valid events                         PoisonCorpusIT
#   two      5  two runners on one consumer, one killed with SIGKILL              TwoRunnersIT
#   cluster  6  three-node Cassandra, RF 3, LOCAL_QUORUM, one node killed         ClusterFaultIT
#   tls      7  NATS and CQL over TLS; an untrusted server refused                TlsFaultIT
#   restarts 8  writes refused for minutes, the runner restarted 6 times meanwhile RestartsInOutageFaultIT
#   burst    9  1,500 results of 1 MB into a runner with the reference pod's heap LargeBurstFaultIT
#   recreated 10 the results table dropped and recreated mid-stream, a 1 MB bad field TableRecreatedFaultIT
#   objects 11  the object store stopped mid-stream; bodies around the threshold;  ObjectStoreFaultIT
#               a missing object on read
#   natscluster 12 three NATS servers, stream R3: the stream leader killed, the      NatsClusterFaultIT
#               consumer leader stepped down, the whole cluster restarted
#
# OPTIONS
#   --events N   events of the kill9 scenario (default 100000; mvn verify runs it with 10000)
#   --keep       leave the servers the scenarios started running (default: stop them after each)
#   --build      first build the runner jar and what it needs (mvn -pl result-store-runner -am
#                install -DskipTests); otherwise result-store-runner/target/result-store-runner.jar
#                must exist
#
# The shared servers of scripts/services.sh (NATS 4222, CQL 9042) are started if needed and never
# stopped; scenarios use unique streams and keyspaces there. Scenarios 2, 3, 6, 7, 9, 11 and 12 start
# servers of their own (scripts/cassandra-cluster.sh, scripts/nats-instance.sh, scripts/tls.sh,
# scripts/s3proxy-instance.sh, scripts/nats-cluster.sh).
# Prints one FAULT-RESULT line per scenario (counts, durations); the lines also go to
# $RSDEV_SERVICES_DIR/fault-runs/<time>.txt. Exit status 0 only when every scenario passed.
# Extra Maven arguments: FAULT_SUITE_MAVEN_ARGS (e.g. "-o"). See docs/reliability.md.
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly SCRIPT_DIR
readonly ROOT="${SCRIPT_DIR%/scripts}"
# shellcheck source=lib/common.sh
source "$SCRIPT_DIR/lib/common.sh"

readonly LOG_PREFIX=fault-suite
readonly JAR="$ROOT/result-store-runner/target/result-store-runner.jar"
readonly ALL=(kill9 outage nats poison two cluster tls restarts burst recreated objects natscluster)


EVENTS=100000
KEEP=false
BUILD=false

test_class() {
  case "$1" in
    kill9) echo KillNineIT ;;
    outage) echo CqlOutageFaultIT ;;
    nats) echo NatsRestartFaultIT ;;
    poison) echo PoisonCorpusIT ;;
    two) echo TwoRunnersIT ;;
    cluster) echo ClusterFaultIT ;;
    tls) echo TlsFaultIT ;;
    restarts) echo RestartsInOutageFaultIT ;;
    burst) echo LargeBurstFaultIT ;;
    recreated) echo TableRecreatedFaultIT ;;
    objects) echo ObjectStoreFaultIT ;;
    natscluster) echo NatsClusterFaultIT ;;
    *) return 1 ;;
  esac
}

# stop_servers SCENARIO: the servers of its own that the scenario started
stop_servers() {
  case "$1" in
    outage | burst) "$SCRIPT_DIR/cassandra-cluster.sh" --name outage stop ;;
    nats) "$SCRIPT_DIR/nats-instance.sh" --name fault stop ;;
    cluster) "$SCRIPT_DIR/cassandra-cluster.sh" stop ;;
    tls) "$SCRIPT_DIR/tls.sh" stop ;;
    objects) "$SCRIPT_DIR/s3proxy-instance.sh" --name fault stop ;;
    natscluster) "$SCRIPT_DIR/nats-cluster.sh" stop ;;
  esac
}

main() {
  local -a scenarios=()
  while (($# > 0)); do
    case "$1" in
      --events) EVENTS=$2 && shift 2 ;;
      --keep) KEEP=true && shift ;;
      --build) BUILD=true && shift ;;
      -h | --help | help) usage ;;
      -*) usage ;;
      *)
        test_class "$1" >/dev/null || die "no scenario '$1' (one of: ${ALL[*]})"
        scenarios+=("$1")
        shift
        ;;
    esac
  done
  ((${#scenarios[@]} > 0)) || scenarios=("${ALL[@]}")
  [[ $EVENTS =~ ^[0-9]+$ ]] || die "--events: a number"
  command -v mvn >/dev/null 2>&1 || die "Maven (mvn) is needed"
  # shellcheck disable=SC2206 # word splitting is wanted
  local -a maven_args=(-B ${FAULT_SUITE_MAVEN_ARGS:-})

  log "shared services"
  "$SCRIPT_DIR/services.sh" start >&2
  if $BUILD; then
    log "building the runner jar"
    (cd "$ROOT" && mvn "${maven_args[@]}" -q -pl result-store-runner -am install -DskipTests \
      -Dspotless.check.skip=true)
  fi
  [[ -f $JAR ]] || die "no $JAR; build it first (scripts/fault-suite.sh --build)"

  local run results status scenario class started outcome
  run=$(date -u +%Y%m%dT%H%M%SZ)
  mkdir -p "$STATE_DIR/fault-runs"
  results="$STATE_DIR/fault-runs/$run.txt"
  : >"$results"
  local -a summary=()
  status=0
  for scenario in "${scenarios[@]}"; do
    class=$(test_class "$scenario")
    log "scenario $scenario ($class); Maven output: $STATE_DIR/fault-runs/$run-$scenario.log"
    started=$SECONDS
    outcome=PASS
    # test-compile, then the integration test alone: no package phase, so a running test never
    # has its jar rewritten under it
    if ! (cd "$ROOT" && mvn "${maven_args[@]}" -pl result-store-runner \
      test-compile failsafe:integration-test failsafe:verify \
      -Dit.test="$class" -Dresultstore.fault.heavy=true \
      -Dresultstore.fault.kill9.events="$EVENTS" \
      -Dresultstore.fault.two.events=20000 \
      -Dresultstore.fault.results="$results" \
      -Dspotless.check.skip=true \
      >"$STATE_DIR/fault-runs/$run-$scenario.log" 2>&1); then
      outcome=FAIL
      status=1
      grep -E '^\[ERROR\] +[A-Za-z].*(IT|Test)\.|expected|Expect' \
        "$STATE_DIR/fault-runs/$run-$scenario.log" | head -20 >&2 || true
    fi
    summary+=("$(printf '%-8s %-4s %4ds' "$scenario" "$outcome" "$((SECONDS - started))")")
    log "scenario $scenario: $outcome in $((SECONDS - started))s"
    if ! $KEEP; then stop_servers "$scenario" >&2 || true; fi
  done

  echo "fault suite $run"
  printf '  %s\n' "${summary[@]}"
  echo "results ($results):"
  sed 's/^/  /' "$results"
  return "$status"
}

main "$@"
