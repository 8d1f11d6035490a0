#!/usr/bin/env bash
# kafka-local.sh — a real single-node Apache Kafka broker (KRaft, no ZooKeeper,
# no Docker) for development and the test suite. See scripts/kafka/README.md.
#
#   scripts/kafka-local.sh fetch|start|stop|status|reset|help
#
# Progress goes to stderr; `start` prints exactly one line on stdout:
#   KAFKA_BROKERS=127.0.0.1:<port>
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$SCRIPT_DIR/.." && pwd)"
POM="$SCRIPT_DIR/kafka/pom.xml"

KAFKA_VERSION="3.9.1"
PORT="${KAFKA_PORT:-19092}"
CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-19093}"
START_TIMEOUT="${KAFKA_START_TIMEOUT:-90}"
STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-30}"
HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xmx512m -Xms256m}"
HOST="127.0.0.1"
ADDR="$HOST:$PORT"

DIR="$(realpath -m "${KAFKA_LOCAL_DIR:-$REPO_DIR/.kafka-local}")"
LIBS="$DIR/libs"
MARKER="$LIBS/.fetched"
DATA="$DIR/data"
PROPS="$DIR/server.properties"
LOG4J="$DIR/log4j.properties"
TOOLS_LOG4J="$DIR/tools-log4j.properties"
PROBE_PROPS="$DIR/probe.properties"
PIDFILE="$DIR/broker.pid"
LOG="$DIR/broker.log"   # log4j output (rolled at 10 MB, 2 backups)
OUT="$DIR/broker.out"   # JVM stdout/stderr (crashes, class-path errors)

if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then JAVA="$JAVA_HOME/bin/java"; else JAVA="java"; fi

log() { printf 'kafka-local: %s\n' "$*" >&2; }
die() { printf 'kafka-local: error: %s\n' "$*" >&2; exit 1; }

usage() {
  cat <<EOF
Usage: scripts/kafka-local.sh <command>

Runs a single-node Apache Kafka $KAFKA_VERSION broker (KRaft mode) from jars
downloaded with Maven into $DIR/libs. No Docker needed; needs java (17+) and mvn.

Commands:
  fetch    download Kafka and its runtime dependencies (skipped if already done)
  start    fetch if needed, format storage once, start the broker in the background
           and wait until it serves clients; last stdout line: KAFKA_BROKERS=$ADDR
           (a broker from this directory that is already up is reused)
  stop     stop the broker whose PID is in broker.pid (SIGTERM, then SIGKILL after
           KAFKA_STOP_TIMEOUT s); exit 0 if none is running
  status   print running/stopped and the address; exit 0 if running, 3 if not
  reset    stop, then delete the broker's data (topics, offsets, cluster id); keep libs
  help     this text

Environment:
  KAFKA_PORT             client port (default 19092)
  KAFKA_CONTROLLER_PORT  KRaft controller port (default 19093)
  KAFKA_LOCAL_DIR        state directory (default <repo>/.kafka-local)
  KAFKA_START_TIMEOUT    seconds to wait for the broker to be ready (default 90)
  KAFKA_STOP_TIMEOUT     seconds to wait after SIGTERM before SIGKILL (default 30)
  KAFKA_HEAP_OPTS        broker heap flags (default "-Xmx512m -Xms256m")
  JAVA_HOME              java to use (default: java on PATH)

Logs: $LOG (broker), $OUT (JVM stdout/stderr), $DIR/fetch.log (Maven).
EOF
}

# ---------------------------------------------------------------- helpers

# Serialise start/stop/reset/fetch between concurrent callers (e.g. a test
# runner and a developer). fd 9 is closed for the broker so it doesn't hold it.
take_lock() {
  mkdir -p "$DIR"
  exec 9>"$DIR/.lock"
  if ! flock -w "$((START_TIMEOUT + STOP_TIMEOUT + 60))" 9; then
    die "another kafka-local.sh is busy in $DIR (lock $DIR/.lock)"
  fi
}

port_open() { # port_open PORT — true if something accepts TCP connections
  (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null
}

broker_pid() { # prints the PID from broker.pid if that process is our broker
  [[ -f "$PIDFILE" ]] || return 1
  local pid
  pid="$(tr -dc '0-9' <"$PIDFILE")"
  [[ -n "$pid" ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  # guard against a recycled PID: it must be kafka.Kafka with our config
  if [[ -r "/proc/$pid/cmdline" ]]; then
    local cmd
    cmd="$(tr '\0' ' ' <"/proc/$pid/cmdline")"
    [[ "$cmd" == *kafka.Kafka*"$PROPS"* ]] || return 1
  fi
  printf '%s\n' "$pid"
}

fetched() {
  [[ -f "$MARKER" ]] && [[ "$(cat "$MARKER")" == "$(marker_text)" ]]
}

marker_text() {
  printf 'kafka_2.13 %s pom-sha256 %s\n' "$KAFKA_VERSION" "$(sha256sum "$POM" | cut -d' ' -f1)"
}

java_cp() { # java_cp <java args...> — run a Kafka class with the fetched jars
  "$JAVA" -cp "$LIBS/*" "$@"
}

tool() { # tool <main class> <args...> — quiet, small, fast-starting CLI JVM
  java_cp -Xmx256m -XX:TieredStopAtLevel=1 -Dlog4j.configuration="file:$TOOLS_LOG4J" "$@"
}

RUN_MARK="==== kafka-local.sh start"

show_logs() { # tail of this run's part of broker.log (after the last start mark)
  if [[ -s "$LOG" ]]; then
    log "---- last 40 lines of $LOG (this run) ----"
    awk -v m="$RUN_MARK" 'index($0, m) == 1 { n = 0; next } { buf[n++ % 40] = $0 }
      END { s = n > 40 ? n - 40 : 0; for (i = s; i < n; i++) print buf[i % 40] }' "$LOG" >&2 || true
  fi
  if [[ -s "$OUT" ]]; then
    log "---- last 20 lines of $OUT ----"
    tail -n 20 "$OUT" >&2 || true
  fi
}

random_cluster_id() { # 16 random bytes, base64url without padding (22 chars), as Kafka's Uuid
  local id
  while :; do
    id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
    [[ ${#id} -eq 22 && "$id" != -* && "$id" != AAAAAAAAAAAAAAAAAAAAA* ]] && break
  done
  printf '%s\n' "$id"
}

# ---------------------------------------------------------------- commands

do_fetch() {
  if fetched; then
    log "Kafka $KAFKA_VERSION jars already in $LIBS ($(find "$LIBS" -name '*.jar' | wc -l) jars)"
    return 0
  fi
  command -v mvn >/dev/null || die "mvn not found: install Maven 3.8+ (apt-get install maven)"
  local tmp="$DIR/libs.tmp"
  rm -rf "$tmp"
  log "downloading Kafka $KAFKA_VERSION and its runtime dependencies with Maven (~47 MB the first time)..."
  local t0=$SECONDS
  if ! mvn -q -B -f "$POM" package -Dkafka.libs.dir="$tmp" >"$DIR/fetch.log" 2>&1; then
    tail -n 40 "$DIR/fetch.log" >&2 || true
    rm -rf "$tmp"
    die "Maven could not fetch Kafka (full output in $DIR/fetch.log)"
  fi
  [[ -f "$tmp/kafka_2.13-$KAFKA_VERSION.jar" ]] || die "fetch finished but kafka_2.13-$KAFKA_VERSION.jar is missing in $tmp"
  rm -rf "$LIBS"
  mv "$tmp" "$LIBS"
  marker_text >"$MARKER"
  log "fetched $(find "$LIBS" -name '*.jar' | wc -l) jars ($(du -sh "$LIBS" | cut -f1)) in $((SECONDS - t0)) s into $LIBS"
}

write_config() {
  mkdir -p "$DATA"
  cat >"$PROPS" <<EOF
# Written by scripts/kafka-local.sh on every start; edits are overwritten.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$HOST:$CONTROLLER_PORT
listeners=PLAINTEXT://$HOST:$PORT,CONTROLLER://$HOST:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$HOST:$PORT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$DATA

num.partitions=1
default.replication.factor=1
auto.create.topics.enable=true
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
group.initial.rebalance.delay.ms=0

# small and short-lived: this is a dev/test broker
num.network.threads=2
num.io.threads=4
num.recovery.threads.per.data.dir=1
log.segment.bytes=16777216
log.retention.hours=24
log.retention.bytes=268435456
log.retention.check.interval.ms=60000
metadata.log.max.record.bytes.between.snapshots=1048576
# After a crash (SIGKILL) the restarted controller refuses the broker's new
# registration until the old one's session expires (default 9 s, plus the
# registration retry backoff); keep it short so crash-recovery tests restart fast.
broker.heartbeat.interval.ms=500
broker.session.timeout.ms=3000
EOF

  cat >"$LOG4J" <<EOF
# Written by scripts/kafka-local.sh: broker log4j (reload4j) config.
# One rolling file instead of Kafka's usual server/controller/state-change/request logs.
log4j.rootLogger=INFO, file
log4j.appender.file=org.apache.log4j.RollingFileAppender
log4j.appender.file.File=$LOG
log4j.appender.file.MaxFileSize=10MB
log4j.appender.file.MaxBackupIndex=2
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.request.logger=WARN
log4j.logger.kafka.network.RequestChannel\$=WARN
log4j.logger.state.change.logger=WARN
log4j.logger.kafka.authorizer.logger=WARN
log4j.logger.kafka.log.LogCleaner=WARN
log4j.logger.org.apache.kafka.clients.admin.AdminClientConfig=WARN
log4j.logger.org.apache.kafka.clients.producer.ProducerConfig=WARN
log4j.logger.org.apache.kafka.clients.consumer.ConsumerConfig=WARN
log4j.logger.org.apache.kafka.common.utils.AppInfoParser=WARN
EOF

  cat >"$TOOLS_LOG4J" <<'EOF'
# Written by scripts/kafka-local.sh: CLI tools only report warnings, on stderr.
log4j.rootLogger=WARN, stderr
log4j.appender.stderr=org.apache.log4j.ConsoleAppender
log4j.appender.stderr.Target=System.err
log4j.appender.stderr.layout=org.apache.log4j.PatternLayout
log4j.appender.stderr.layout.ConversionPattern=[%d] %p %m (%c)%n
# the admin client logs every failed connection attempt while the broker boots
log4j.logger.org.apache.kafka.clients.NetworkClient=ERROR
EOF

  cat >"$PROBE_PROPS" <<'EOF'
# admin-client settings for the readiness probe: fail fast, retry from the script
request.timeout.ms=5000
default.api.timeout.ms=10000
reconnect.backoff.max.ms=500
EOF
}

format_storage() {
  if [[ -f "$DATA/meta.properties" ]]; then
    return 0
  fi
  local id
  id="$(random_cluster_id)"
  log "formatting KRaft storage in $DATA (cluster id $id)"
  local out
  if ! out="$(tool kafka.tools.StorageTool format -t "$id" -c "$PROPS" 2>&1)"; then
    printf '%s\n' "$out" >&2
    die "kafka.tools.StorageTool format failed"
  fi
}

ready() { # the broker answers a real Kafka admin request
  timeout 20 "$JAVA" -cp "$LIBS/*" -Xmx128m -XX:TieredStopAtLevel=1 \
    -Dlog4j.configuration="file:$TOOLS_LOG4J" \
    org.apache.kafka.tools.TopicCommand --bootstrap-server "$ADDR" \
    --command-config "$PROBE_PROPS" --list >/dev/null 2>&1
}

wait_ready() { # wait_ready PID T0 kill|keep — kill: SIGKILL the broker on timeout
  local pid="$1" deadline=$(( $2 + START_TIMEOUT ))
  while :; do
    if ! kill -0 "$pid" 2>/dev/null; then
      show_logs
      rm -f "$PIDFILE"
      die "broker (pid $pid) exited during startup"
    fi
    if port_open "$PORT" && ready; then
      return 0
    fi
    if (( SECONDS >= deadline )); then
      show_logs
      if [[ "$3" == kill ]]; then
        # we launched it: don't leave a half-started broker behind
        kill -KILL "$pid" 2>/dev/null || true
        rm -f "$PIDFILE"
        die "broker (pid $pid) not ready on $ADDR after ${START_TIMEOUT}s; killed it (raise KAFKA_START_TIMEOUT?)"
      fi
      die "broker (pid $pid) not ready on $ADDR after ${START_TIMEOUT}s (still running; 'scripts/kafka-local.sh stop' stops it)"
    fi
    sleep 0.5
  done
}

do_start() {
  take_lock
  local pid t0=$SECONDS
  if pid="$(broker_pid)"; then
    local running_addr
    running_addr="$(sed -n 's|^advertised.listeners=PLAINTEXT://||p' "$PROPS" 2>/dev/null || true)"
    if [[ -n "$running_addr" && "$running_addr" != "$ADDR" ]]; then
      die "the broker from $DIR (pid $pid) runs on $running_addr, not $ADDR; stop it first"
    fi
    if port_open "$PORT" && ready; then
      log "broker already running (pid $pid) on $ADDR"
      echo "KAFKA_BROKERS=$ADDR"
      return 0
    fi
    log "broker (pid $pid) is running but not ready yet; waiting"
    wait_ready "$pid" "$t0" keep
    log "broker ready (pid $pid) on $ADDR after $((SECONDS - t0)) s"
    echo "KAFKA_BROKERS=$ADDR"
    return 0
  fi
  rm -f "$PIDFILE"
  command -v "$JAVA" >/dev/null || die "java not found: install a JDK 17+ or set JAVA_HOME"
  do_fetch
  if port_open "$PORT"; then
    die "port $PORT is already in use by another process (not the broker in $DIR); set KAFKA_PORT"
  fi
  if port_open "$CONTROLLER_PORT"; then
    die "controller port $CONTROLLER_PORT is already in use; set KAFKA_CONTROLLER_PORT"
  fi
  write_config
  format_storage

  log "starting Kafka $KAFKA_VERSION broker on $ADDR (controller $HOST:$CONTROLLER_PORT), logs in $LOG"
  t0=$SECONDS
  printf '%s %s pid-file %s ====\n' "$RUN_MARK" "$(date '+%F %T')" "$PIDFILE" >>"$LOG"
  # shellcheck disable=SC2086 # HEAP_OPTS is a list of flags
  nohup setsid bash -c 'echo $$ >"$1"; shift; exec "$@"' kafka-local "$PIDFILE" \
    "$JAVA" $HEAP_OPTS -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+ExitOnOutOfMemoryError \
    -Djava.awt.headless=true -Dkafka.logs.dir="$DIR" \
    -Dlog4j.configuration="file:$LOG4J" \
    -cp "$LIBS/*" kafka.Kafka "$PROPS" \
    </dev/null >"$OUT" 2>&1 9>&- &
  # the child writes its own PID (setsid may fork); wait for it
  local i
  for i in $(seq 1 50); do
    [[ -s "$PIDFILE" ]] && break
    sleep 0.1
  done
  pid="$(tr -dc '0-9' <"$PIDFILE" 2>/dev/null || true)"
  [[ -n "$pid" ]] || die "could not start the broker (no PID written to $PIDFILE)"
  wait_ready "$pid" "$t0" kill
  log "broker ready (pid $pid) on $ADDR after $((SECONDS - t0)) s"
  echo "KAFKA_BROKERS=$ADDR"
}

do_stop() {
  take_lock
  local pid
  if ! pid="$(broker_pid)"; then
    rm -f "$PIDFILE"
    log "no broker running from $DIR"
    return 0
  fi
  log "stopping broker (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + STOP_TIMEOUT))
  while kill -0 "$pid" 2>/dev/null && (( SECONDS < deadline )); do
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "broker did not stop within ${STOP_TIMEOUT}s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  fi
  rm -f "$PIDFILE"
  log "stopped"
}

do_status() {
  local pid
  if pid="$(broker_pid)"; then
    if port_open "$PORT"; then
      echo "running $ADDR (pid $pid)"
      return 0
    fi
    echo "starting $ADDR (pid $pid, port not open yet)"
    return 3
  fi
  echo "stopped $ADDR"
  return 3
}

do_reset() {
  do_stop
  take_lock
  rm -rf "$DATA"
  rm -f "$PROPS"
  log "deleted broker data in $DATA (libs kept in $LIBS)"
}

case "${1:-help}" in
  fetch) take_lock; do_fetch ;;
  start) do_start ;;
  stop) do_stop ;;
  status) do_status ;;
  reset) do_reset ;;
  help | -h | --help) usage ;;
  *) usage >&2; exit 2 ;;
esac
