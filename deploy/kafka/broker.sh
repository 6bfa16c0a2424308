#!/usr/bin/env bash
# A single-node Apache Kafka (KRaft, combined broker+controller) on 127.0.0.1 for development and CI.
#
#   deploy/kafka/broker.sh start    fetch jars (first time), format storage (first time), start, wait
#   deploy/kafka/broker.sh stop     stop cleanly; safe to call twice
#   deploy/kafka/broker.sh status   running or not, and where it listens
#   deploy/kafka/broker.sh logs     follow the broker log (LINES=n for a tail without following)
#   deploy/kafka/broker.sh reset    stop and delete the broker's data
#   deploy/kafka/broker.sh fetch    only fetch the jars into the cache
#
# Environment (all optional):
#   MENTORING_KAFKA_PORT        client port                  (default 9092)
#   MENTORING_KAFKA_CONTROLLER_PORT  controller port         (default 9093)
#   MENTORING_KAFKA_CACHE       where fetched jars are kept  (default ~/.cache/mentoring/kafka)
#   MENTORING_KAFKA_RUN         data, logs and pid file      (default deploy/kafka/.run)
#   MENTORING_KAFKA_HEAP        JVM heap                     (default 768m)
#   PYTHON                      a python with kafka-python   (default .venv/bin/python, else python3)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
kafka_version=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$here/pom.xml")
port=${MENTORING_KAFKA_PORT:-9092}
controller_port=${MENTORING_KAFKA_CONTROLLER_PORT:-9093}
cache=${MENTORING_KAFKA_CACHE:-$HOME/.cache/mentoring/kafka}/$kafka_version
run=${MENTORING_KAFKA_RUN:-$here/.run}
heap=${MENTORING_KAFKA_HEAP:-768m}
libs=$cache/libs
pidfile=$run/broker.pid
config=$run/server.properties
bootstrap=127.0.0.1:$port

if [ -z "${PYTHON:-}" ]; then
  if [ -x "$root/.venv/bin/python" ]; then PYTHON=$root/.venv/bin/python; else PYTHON=python3; fi
fi

say() { printf 'broker: %s\n' "$*"; }

running_pid() {
  [ -f "$pidfile" ] || return 1
  local pid
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then echo "$pid"; return 0; fi
  return 1
}

fetch() {
  if [ -f "$libs/.complete" ]; then return 0; fi
  command -v mvn >/dev/null || { say "Maven (mvn) is needed to fetch Kafka $kafka_version from Maven Central"; exit 1; }
  command -v java >/dev/null || { say "a Java runtime (17+) is needed to run Kafka"; exit 1; }
  say "fetching Apache Kafka $kafka_version jars from Maven Central into $libs"
  rm -rf "$libs"
  mkdir -p "$libs"
  mvn -q -B -Dstyle.color=never -f "$here/pom.xml" dependency:copy-dependencies \
      -DoutputDirectory="$libs" -DincludeScope=runtime
  touch "$libs/.complete"
  say "fetched $(ls "$libs" | wc -l | tr -d ' ') jars"
}

write_config() {
  mkdir -p "$run/data" "$run/logs"
  cat > "$config" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$run/data
num.partitions=1
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=4
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
unclean.leader.election.enable=false
auto.create.topics.enable=false
delete.topic.enable=true
PROPS
}

java_cmd() {
  java -Xms256m "-Xmx$heap" -XX:+UseG1GC -Djava.awt.headless=true \
       "-Dkafka.logs.dir=$run/logs" "-Dlog4j2.configurationFile=$here/log4j2.properties" \
       -cp "$libs/*" "$@"
}

format_storage() {
  if [ -f "$run/data/meta.properties" ]; then return 0; fi
  local cluster_id
  cluster_id=$(java_cmd kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)
  say "formatting KRaft storage (cluster $cluster_id) in $run/data"
  java_cmd kafka.tools.StorageTool format -t "$cluster_id" -c "$config" >"$run/logs/format.log" 2>&1 \
    || { cat "$run/logs/format.log"; exit 1; }
}

start() {
  if pid=$(running_pid); then
    say "already running (pid $pid) on $bootstrap"
    return 0
  fi
  local began=$SECONDS
  fetch
  write_config
  format_storage
  say "starting Kafka $kafka_version (heap $heap)"
  nohup java -Xms256m "-Xmx$heap" -XX:+UseG1GC -Djava.awt.headless=true \
       "-Dkafka.logs.dir=$run/logs" "-Dlog4j2.configurationFile=$here/log4j2.properties" \
       -cp "$libs/*" kafka.Kafka "$config" >"$run/logs/stdout.log" 2>&1 < /dev/null &
  echo $! > "$pidfile"
  if ! "$PYTHON" "$here/wait_ready.py" "$bootstrap" "${MENTORING_KAFKA_START_TIMEOUT:-90}"; then
    say "did not become ready; last log lines:"
    tail -n 30 "$run/logs/server.log" 2>/dev/null || tail -n 30 "$run/logs/stdout.log"
    stop
    exit 1
  fi
  say "listening on $bootstrap (started in $((SECONDS - began))s)"
}

stop() {
  local pid
  if ! pid=$(running_pid); then
    rm -f "$pidfile"
    say "not running"
    return 0
  fi
  say "stopping (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then
    say "did not stop within 30s; killing"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
  say "stopped"
}

status() {
  if pid=$(running_pid); then say "running (pid $pid) on $bootstrap"; else say "not running"; return 3; fi
}

logs() {
  local file=$run/logs/server.log
  [ -f "$file" ] || { say "no log yet at $file"; return 1; }
  if [ -n "${LINES_ONLY:-${LINES:-}}" ]; then tail -n "${LINES_ONLY:-$LINES}" "$file"; else tail -F "$file"; fi
}

reset() { stop; rm -rf "$run"; say "data removed"; }

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  logs) logs ;;
  reset) reset ;;
  fetch) fetch ;;
  *) echo "usage: $0 start|stop|status|logs|reset|fetch" >&2; exit 2 ;;
esac
