# shellcheck shell=bash
# Shared helpers of the scripts in scripts/: the state directory, usage, logging, processes, pid
# files, locks, Java, downloads with Maven. Sourced, never run. It sets:
#   STATE_DIR   the absolute state directory the scripts share: $RSDEV_SERVICES_DIR, default
#               $TMPDIR/result-store-services (default lock file: $STATE_DIR/.lock)
# The sourcing script sets LOG_PREFIX, the prefix of progress and error messages on stderr
# (default "services").

STATE_DIR="${RSDEV_SERVICES_DIR:-${TMPDIR:-/tmp}/result-store-services}"
[[ $STATE_DIR == /* ]] || STATE_DIR="$PWD/$STATE_DIR"
readonly STATE_DIR
readonly DEPENDENCY_PLUGIN="org.apache.maven.plugins:maven-dependency-plugin:3.6.1"
LOCK_FD=

# usage: prints the script's header comment (from line 2 to the "# shellcheck" line), exits 64.
usage() {
  sed -n '2,/^# shellcheck/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
  exit 64
}

log() { printf '%s: %s\n' "${LOG_PREFIX:-services}" "$*" >&2; }
die() {
  printf '%s: error: %s\n' "${LOG_PREFIX:-services}" "$*" >&2
  exit 1
}

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

# http_get HOST PORT PATH: prints the body of a plain HTTP/1.0 GET (no curl needed).
http_get() {
  # shellcheck disable=SC2016 # expanded by the child shell
  timeout 5 bash -c '
    exec 3<>"/dev/tcp/$0/$1" || exit 1
    printf "GET %s HTTP/1.0\r\nHost: %s\r\n\r\n" "$2" "$0" >&3
    sed "1,/^\r\{0,1\}$/d" <&3' "$1" "$2" "$3" 2>/dev/null
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
# Call acquire_lock first: the lock's descriptor is not passed on.
launch() {
  local pidfile=$1 logfile=$2 workdir=$3 what=$4
  shift 3
  rm -f "$pidfile"
  (
    cd "$workdir" || exit 1
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

# await_start NAME WHAT PID PIDFILE LOGFILE TIMEOUT FAILURE PROBE...: the one wait for a server
# that launch started: runs PROBE until it succeeds. When the process exits first, or TIMEOUT
# seconds pass (then it is stopped), removes PIDFILE, shows the log's last lines and dies with
# "NAME: WHAT exited during startup" or "NAME: FAILURE". Set AWAIT_EVERY (seconds between probes,
# default 0.3), AWAIT_GRACE (stop grace, default 10) and AWAIT_TAIL (log lines, default 40) for a
# slower server.
await_start() {
  local name=$1 what=$2 pid=$3 pidfile=$4 logfile=$5 timeout=$6 failure=$7
  shift 7
  local started=$SECONDS next_note=$((SECONDS + 20))
  while ! "$@"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$pidfile"
      show_log_tail "$logfile" "${AWAIT_TAIL:-40}"
      die "$name: $what exited during startup (log: $logfile)"
    fi
    if ((SECONDS - started >= timeout)); then
      show_log_tail "$logfile" "${AWAIT_TAIL:-40}"
      log "$name: stopping the $what that did not come up (pid $pid)"
      stop_pid "$pid" "$name" "${AWAIT_GRACE:-10}"
      rm -f "$pidfile"
      die "$name: $failure (log: $logfile)"
    fi
    if ((SECONDS >= next_note)); then
      log "$name: still waiting for $what ($((SECONDS - started))s)"
      next_note=$((SECONDS + 20))
    fi
    sleep "${AWAIT_EVERY:-0.3}"
  done
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

# kill_pid PID NAME: SIGKILL (a crash, not a shutdown) and wait until the process is gone.
kill_pid() {
  local pid=$1 name=$2 waited=0
  kill -KILL "$pid" 2>/dev/null || return 0
  while kill -0 "$pid" 2>/dev/null && ((waited < 100)); do
    sleep 0.1
    waited=$((waited + 1))
  done
  log "$name: killed pid $pid (SIGKILL)"
}

show_log_tail() {
  if [[ -f $1 ]]; then
    log "last lines of $1:"
    tail -n "${2:-40}" "$1" | sed 's/^/    /' >&2
  fi
}

# acquire_lock [LOCKFILE]: one start/stop at a time (default $STATE_DIR/.lock).
acquire_lock() {
  local lockfile=${1:-$STATE_DIR/.lock}
  mkdir -p "$(dirname "$lockfile")"
  exec {LOCK_FD}>"$lockfile"
  if command -v flock >/dev/null 2>&1; then
    if ! flock -n "$LOCK_FD"; then
      log "another ${0##*/} start/stop is running; waiting for it"
      flock -w 900 "$LOCK_FD" || die "timed out waiting for the lock $lockfile"
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

# maven_download NAME LIB_DIR GROUP:ARTIFACT:VERSION DESCRIPTION: the artifact and its runtime
# dependencies, downloaded once with Maven into LIB_DIR/lib (LIB_DIR/.complete marks a finished
# download). NAME prefixes the messages; DESCRIPTION names the download in them.
maven_download() {
  local name=$1 libdir=$2 coordinates=$3 description=$4 group artifact version
  IFS=: read -r group artifact version <<<"$coordinates"
  if [[ -f $libdir/.complete ]]; then
    return 0
  fi
  command -v mvn >/dev/null 2>&1 || die "$name: Maven (mvn) is needed to download $description"
  local tmp="$libdir.tmp.$$" started=$SECONDS
  rm -rf "$tmp"
  mkdir -p "$tmp"
  cat >"$tmp/pom.xml" <<POM
<?xml version="1.0" encoding="UTF-8"?>
<!-- generated by scripts/lib/common.sh: only used to download $description and its dependencies -->
<project xmlns="http://maven.apache.org/POM/4.0.0"
         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 http://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.resultstore.local</groupId>
  <artifactId>$artifact-runtime</artifactId>
  <version>$version</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>$group</groupId>
      <artifactId>$artifact</artifactId>
      <version>$version</version>
    </dependency>
  </dependencies>
</project>
POM
  log "$name: downloading $description and its dependencies with Maven (only once)"
  if ! mvn -q -B -f "$tmp/pom.xml" "$DEPENDENCY_PLUGIN:copy-dependencies" \
    -DincludeScope=runtime -DoutputDirectory="$tmp/lib" >"$tmp/mvn.log" 2>&1 </dev/null; then
    show_log_tail "$tmp/mvn.log" 30
    die "$name: Maven could not download $coordinates (log: $tmp/mvn.log)"
  fi
  [[ -f $tmp/lib/$artifact-$version.jar ]] ||
    die "$name: Maven finished but $tmp/lib/$artifact-$version.jar is missing"
  touch "$tmp/.complete"
  rm -rf "$libdir"
  mv "$tmp" "$libdir"
  log "$name: $(find "$libdir/lib" -name '*.jar' | wc -l) jars in $libdir/lib ($((SECONDS - started))s)"
}
