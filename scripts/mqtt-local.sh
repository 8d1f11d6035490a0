#!/usr/bin/env bash
# mqtt-local.sh: a local Mosquitto broker (Debian's `mosquitto` package) for development and the
# walkthrough in docs/mqtt.md; no Docker, no system service.
#
#   scripts/mqtt-local.sh start|stop|status|help
#
# Progress goes to stderr; `start` prints exactly one line on stdout: MQTT_URL=mqtt://127.0.0.1:<port>
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$SCRIPT_DIR/.." && pwd)"
PORT="${MQTT_PORT:-1883}"
HOST="127.0.0.1"
START_TIMEOUT="${MQTT_START_TIMEOUT:-10}"
DIR="$(realpath -m "${MQTT_LOCAL_DIR:-$REPO_DIR/.mqtt-local}")"
CONF="$DIR/mosquitto.conf"
PIDFILE="$DIR/mosquitto.pid"
LOG="$DIR/mosquitto.log"
DATA="$DIR/data"

log() { printf 'mqtt-local: %s\n' "$*" >&2; }
die() { printf 'mqtt-local: error: %s\n' "$*" >&2; exit 1; }

usage() {
  cat <<USAGE
Usage: scripts/mqtt-local.sh <command>

Runs Mosquitto on $HOST:$PORT (anonymous clients, loopback only), with its sessions and retained
messages kept in $DATA.

Commands:
  start    start the broker in the background and wait until it accepts clients; last stdout
           line: MQTT_URL=mqtt://$HOST:$PORT (a broker from this directory that is up is reused)
  stop     stop the broker whose PID is in mosquitto.pid (it saves its sessions first)
  status   print running/stopped and the address; exit 0 if running, 3 if not
  help     this text

Environment: MQTT_PORT (1883), MQTT_LOCAL_DIR (.mqtt-local), MQTT_START_TIMEOUT (10 s).
Needs mosquitto: sudo apt-get install mosquitto mosquitto-clients
USAGE
}

find_mosquitto() {
  for candidate in /usr/sbin/mosquitto /usr/local/sbin/mosquitto "$(command -v mosquitto 2>/dev/null || true)"; do
    [[ -n "$candidate" && -x "$candidate" ]] && { printf '%s' "$candidate"; return; }
  done
  die "mosquitto is not installed (sudo apt-get install mosquitto mosquitto-clients)"
}

running_pid() {
  [[ -f "$PIDFILE" ]] || return 1
  local pid
  pid="$(cat "$PIDFILE" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null && printf '%s' "$pid"
}

answers() { (exec 3<>"/dev/tcp/$HOST/$PORT") 2>/dev/null; }

write_config() {
  mkdir -p "$DATA"
  cat >"$CONF" <<CONF
# Written by scripts/mqtt-local.sh
pid_file $PIDFILE
persistence true
persistence_location $DATA/
autosave_interval 5
log_dest file $LOG
connection_messages true
listener $PORT $HOST
allow_anonymous true
CONF
  # Started as root, Mosquitto drops to its own user: that user must be able to write the
  # directory, or sessions and queued messages are lost on restart ("Permission denied" in the log).
  if [[ "$(id -u)" == 0 ]] && id mosquitto >/dev/null 2>&1; then chown -R mosquitto: "$DIR"; fi
}

cmd_start() {
  local pid mosquitto
  if pid="$(running_pid)"; then
    log "already running (pid $pid)"
    echo "MQTT_URL=mqtt://$HOST:$PORT"
    return
  fi
  mosquitto="$(find_mosquitto)"
  answers && die "something else already listens on $HOST:$PORT (set MQTT_PORT)"
  write_config
  : >"$LOG.start"
  "$mosquitto" -c "$CONF" -d 2>"$LOG.start" || die "mosquitto did not start: $(tail -n 5 "$LOG.start")"
  local waited=0
  until answers; do
    (( waited++ < START_TIMEOUT * 10 )) || die "mosquitto did not accept clients within ${START_TIMEOUT}s; see $LOG"
    sleep 0.1
  done
  if grep -qi 'permission denied' "$LOG" 2>/dev/null; then die "mosquitto cannot write $DIR: $(grep -i 'permission denied' "$LOG" | tail -n 1)"; fi
  log "running (pid $(running_pid || echo '?')) on $HOST:$PORT; log: $LOG"
  echo "MQTT_URL=mqtt://$HOST:$PORT"
}

cmd_stop() {
  local pid
  if ! pid="$(running_pid)"; then
    log "not running"
    return
  fi
  kill -TERM "$pid"
  local waited=0
  while kill -0 "$pid" 2>/dev/null; do
    (( waited++ < 100 )) || { log "still running after 10 s; sending SIGKILL"; kill -KILL "$pid"; break; }
    sleep 0.1
  done
  log "stopped (pid $pid)"
}

cmd_status() {
  local pid
  if pid="$(running_pid)"; then
    echo "running (pid $pid) on mqtt://$HOST:$PORT"
  else
    echo "stopped"
    exit 3
  fi
}

case "${1:-help}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  help | -h | --help) usage ;;
  *) usage >&2; exit 2 ;;
esac
