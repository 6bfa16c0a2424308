#!/usr/bin/env bash
# Apache Kafka (KRaft) on 127.0.0.1 for development and CI: one plaintext broker by default, or a
# SASL_SSL broker with ACLs (--secure), or a three-node cluster (--brokers 3), or another Kafka
# release (--version 3.9.1).
#
#   deploy/kafka/broker.sh start    fetch jars (first time), format storage (first time), start, wait
#   deploy/kafka/broker.sh stop     stop cleanly (every node of a cluster); safe to call twice
#   deploy/kafka/broker.sh status   running or not, and where it listens (a cluster: each node
#                                   alive/dead, and each topic partition's leader)
#   deploy/kafka/broker.sh logs     follow the broker log (LINES=n for a tail without following)
#   deploy/kafka/broker.sh reset    stop and delete the broker's data
#   deploy/kafka/broker.sh fetch    only fetch the jars into the cache
#   deploy/kafka/broker.sh kill-leader [TOPIC]   cluster: kill -9 the node leading TOPIC-0
#                                   (default: the first *.events topic) and say which
#   deploy/kafka/broker.sh restart-broker N      cluster: (re)start node N and wait for it
#
# Options (after or before the command; each also has an environment variable):
#   --secure        SASL_SSL listener, SCRAM users, StandardAuthorizer and ACLs (MENTORING_KAFKA_SECURE=1)
#   --brokers N     N combined broker+controller nodes, an N-voter quorum    (MENTORING_KAFKA_BROKERS)
#   --version V     another Kafka release from Maven Central, e.g. 3.9.1      (MENTORING_KAFKA_VERSION)
# Each combination has its own run directory and default ports, so they run side by side:
#   (none) .run 9092/9093   --secure .run-secure 9192/9193   --brokers 3 .run-cluster 9292.. (step 100)
#   --version 3.9.1: .run-3.9.1 9592/9593 (with --secure 9692, with --brokers 9792..)
# Without options, stop/status/logs/reset act on the mode the run directory was started with
# (MENTORING_KAFKA_RUN or the default .run); kill-leader and restart-broker default to .run-cluster.
#
# Environment (all optional):
#   MENTORING_KAFKA_PORT        client port (a cluster: node 1's; node n adds (n-1)*STEP)
#   MENTORING_KAFKA_CONTROLLER_PORT  controller port (default client port + 1)
#   MENTORING_KAFKA_PORT_STEP   port distance between cluster nodes  (default 100)
#   MENTORING_KAFKA_CACHE       where fetched jars are kept  (default ~/.cache/mentoring/kafka)
#   MENTORING_KAFKA_RUN         data, logs and pid files     (default deploy/kafka/.run[-mode])
#   MENTORING_KAFKA_HEAP        JVM heap per node            (default 768m; a cluster 384m)
#   MENTORING_KAFKA_CLIENT_ENV_DIR  where --secure writes client-<principal>.env besides the run dir
#                               (default deploy/kafka/.run when MENTORING_KAFKA_RUN is unset)
#   MENTORING_KAFKA_START_TIMEOUT  seconds to wait for readiness (default 90)
#   PYTHON                      a python with kafka-python   (default .venv/bin/python, else python3)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
pom_version=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$here/pom.xml")

if [ -z "${PYTHON:-}" ]; then
  if [ -x "$root/.venv/bin/python" ]; then PYTHON=$root/.venv/bin/python; else PYTHON=python3; fi
fi

say() { printf 'broker: %s\n' "$*"; }
die() { say "$*" >&2; exit 1; }
usage() {
  echo "usage: $0 start|stop|status|logs|reset|fetch|kill-leader [TOPIC]|restart-broker N" \
       "[--secure] [--brokers N] [--version V]" >&2
  exit 2
}

# ---- arguments and mode -------------------------------------------------------------------------

command=
args=()
flag_secure=${MENTORING_KAFKA_SECURE:-}
flag_brokers=${MENTORING_KAFKA_BROKERS:-}
flag_version=${MENTORING_KAFKA_VERSION:-}
while [ $# -gt 0 ]; do
  case $1 in
    --secure) flag_secure=1 ;;
    --brokers) [ $# -ge 2 ] || usage; flag_brokers=$2; shift ;;
    --brokers=*) flag_brokers=${1#*=} ;;
    --version) [ $# -ge 2 ] || usage; flag_version=$2; shift ;;
    --version=*) flag_version=${1#*=} ;;
    -h|--help) usage ;;
    -*) say "unknown option $1"; usage ;;
    *) if [ -z "$command" ]; then command=$1; else args+=("$1"); fi ;;
  esac
  shift
done
case $flag_secure in 1|true|yes) flag_secure=1 ;; 0|false|no) flag_secure= ;; esac
if [ -n "$flag_brokers" ] && ! [[ $flag_brokers =~ ^[1-9]$ ]]; then die "--brokers takes 1..9"; fi
flags_given=
if [ -n "$flag_secure$flag_brokers$flag_version" ]; then flags_given=1; fi

default_run_dir() { # secure brokers version
  local name=.run
  [ -n "$1" ] && name=$name-secure
  [ "${2:-1}" -gt 1 ] && name=$name-cluster
  [ -n "$3" ] && [ "$3" != "$pom_version" ] && name=$name-$3
  echo "$here/$name"
}

run_from_env=${MENTORING_KAFKA_RUN:-}
if [ -n "$run_from_env" ]; then
  run=$run_from_env
elif [ -z "$flags_given" ] && { [ "$command" = kill-leader ] || [ "$command" = restart-broker ]; }; then
  run=$here/.run-cluster
else
  run=$(default_run_dir "$flag_secure" "${flag_brokers:-1}" "$flag_version")
fi
state=$run/mode.env

# the mode a run directory was formatted with wins when no option names one
saved_secure= saved_brokers= saved_version= saved_port= saved_controller_port= saved_step=
if [ -f "$state" ]; then
  # shellcheck disable=SC1090
  while IFS='=' read -r key value; do
    case $key in
      secure) saved_secure=$value ;; brokers) saved_brokers=$value ;; version) saved_version=$value ;;
      port) saved_port=$value ;; controller_port) saved_controller_port=$value ;; step) saved_step=$value ;;
    esac
  done < "$state"
fi
if [ -n "$flags_given" ]; then
  secure=$flag_secure; brokers=${flag_brokers:-1}; kafka_version=${flag_version:-$pom_version}
  if [ -f "$state" ] && [ "$command" = start ] && \
     { [ "$secure" != "$saved_secure" ] || [ "$brokers" != "${saved_brokers:-1}" ] || \
       [ "$kafka_version" != "${saved_version:-$pom_version}" ]; }; then
    die "$run was formatted for another mode (secure=${saved_secure:-0} brokers=${saved_brokers:-1}" \
        "version=${saved_version:-$pom_version}); use that mode, another MENTORING_KAFKA_RUN, or reset it"
  fi
else
  secure=$saved_secure; brokers=${saved_brokers:-1}; kafka_version=${saved_version:-$pom_version}
fi

case "$secure:$brokers:$([ "$kafka_version" = "$pom_version" ] && echo same || echo other)" in
  :1:same) default_port=9092 ;;       1:1:same) default_port=9192 ;;       *:same) default_port=9292 ;;
  :1:other) default_port=9592 ;;      1:1:other) default_port=9692 ;;      *:other) default_port=9792 ;;
esac
port=${MENTORING_KAFKA_PORT:-${saved_port:-$default_port}}
controller_port=${MENTORING_KAFKA_CONTROLLER_PORT:-${saved_controller_port:-$((port + 1))}}
step=${MENTORING_KAFKA_PORT_STEP:-${saved_step:-100}}
if [ "$brokers" -gt 1 ]; then default_heap=384m; else default_heap=768m; fi
heap=${MENTORING_KAFKA_HEAP:-$default_heap}
cache=${MENTORING_KAFKA_CACHE:-$HOME/.cache/mentoring/kafka}/$kafka_version
libs=$cache/libs
major=${kafka_version%%.*}

if [ "$secure" = 1 ]; then client_protocol=SASL_SSL; else client_protocol=PLAINTEXT; fi

# node i (1-based): client and controller ports, directory, config, pid file
node_port() { echo $((port + ($1 - 1) * step)); }
node_controller_port() { echo $((controller_port + ($1 - 1) * step)); }
node_dir() { if [ "$brokers" -gt 1 ]; then echo "$run/node-$1"; else echo "$run"; fi; }
node_config() { echo "$(node_dir "$1")/server.properties"; }
node_pidfile() { echo "$(node_dir "$1")/broker.pid"; }
nodes() { seq 1 "$brokers"; }
bootstrap=$(for i in $(nodes); do printf '127.0.0.1:%s,' "$(node_port "$i")"; done)
bootstrap=${bootstrap%,}
admin_env=$run/client-admin.env

# ---- liveness ------------------------------------------------------------------------------------

# A pid is our broker when the process exists, is not a zombie (a kill -9'd JVM that nobody has
# reaped yet still answers kill -0), and is a java kafka.Kafka running this node's config file
# (the pid may have been reused by another process since the pid file was written).
is_our_broker() { # pid config
  local pid=$1 config=$2 stat rest proc_state
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  if [ -r "/proc/$pid/stat" ]; then
    stat=$(cat "/proc/$pid/stat" 2>/dev/null) || return 1
    rest=${stat##*) }                  # the command name may contain spaces and parentheses
    proc_state=${rest%% *}
    case $proc_state in Z|X|x) return 1 ;; esac
    local cmdline
    cmdline=$(tr '\0' '\n' < "/proc/$pid/cmdline" 2>/dev/null) || return 1
    grep -qxF kafka.Kafka <<<"$cmdline" && grep -qxF "$config" <<<"$cmdline"
  else                                 # no /proc (macOS): ps tells zombies and the command line
    kill -0 "$pid" 2>/dev/null || return 1
    case $(ps -o stat= -p "$pid" 2>/dev/null) in Z*|"") return 1 ;; esac
    ps -o command= -p "$pid" 2>/dev/null | grep -qF "kafka.Kafka $config"
  fi
}

node_pid() { # node -> pid of its running broker, or failure
  local pidfile pid
  pidfile=$(node_pidfile "$1")
  [ -f "$pidfile" ] || return 1
  pid=$(cat "$pidfile" 2>/dev/null) || return 1
  if is_our_broker "$pid" "$(node_config "$1")"; then echo "$pid"; return 0; fi
  return 1
}

running_pid() { node_pid 1; }

alive_bootstrap() { # the client addresses of the nodes whose process lives (all when none do)
  local i out=
  for i in $(nodes); do node_pid "$i" >/dev/null && out=${out}127.0.0.1:$(node_port "$i"),; done
  echo "${out:-$bootstrap}" | sed 's/,$//'
}

# ---- jars ----------------------------------------------------------------------------------------

fetch() {
  if [ -f "$libs/.complete" ]; then return 0; fi
  command -v mvn >/dev/null || die "Maven (mvn) is needed to fetch Kafka $kafka_version from Maven Central"
  command -v java >/dev/null || die "a Java runtime (17+) is needed to run Kafka"
  say "fetching Apache Kafka $kafka_version jars from Maven Central into $libs"
  rm -rf "$libs"
  mkdir -p "$libs"
  mvn -q -B -Dstyle.color=never -f "$here/pom.xml" "-Dkafka.version=$kafka_version" \
      dependency:copy-dependencies -DoutputDirectory="$libs" -DincludeScope=runtime \
    || die "could not fetch Kafka $kafka_version (does that version exist on Maven Central?)"
  touch "$libs/.complete"
  say "fetched $(ls "$libs" | wc -l | tr -d ' ') jars"
}

# ---- secrets and certificates (--secure) --------------------------------------------------------

secrets=$run/secrets.env
tls=$run/tls
principals="admin writer reader hris"

random_secret() { LC_ALL=C tr -dc 'A-Za-z0-9' < /dev/urandom | head -c 24 || true; }

make_secrets() {
  [ -f "$secrets" ] && return 0
  mkdir -p "$run"
  (
    umask 077
    {
      for who in $principals store; do echo "${who}_password=$(random_secret)"; done
    } > "$secrets.tmp"
  )
  mv "$secrets.tmp" "$secrets"
  chmod 600 "$secrets"
}

secret() { sed -n "s/^$1_password=//p" "$secrets"; }

make_certificates() {
  [ -f "$tls/.complete" ] && return 0
  command -v keytool >/dev/null || die "keytool (from the JDK) is needed for --secure"
  local pw
  pw=$(secret store)
  rm -rf "$tls"
  mkdir -p "$tls"
  chmod 755 "$tls"                    # ca.pem is public; the key stores are 600
  say "making a development CA and a broker certificate (SAN IP:127.0.0.1, DNS:localhost) in $tls"
  local kt=(keytool -noprompt -storetype PKCS12 -storepass "$pw" -keypass "$pw")
  "${kt[@]}" -genkeypair -alias ca -keystore "$tls/ca.p12" -keyalg RSA -keysize 2048 \
      -validity 3650 -dname "CN=mentoring development CA" -ext bc:c >/dev/null 2>&1
  keytool -exportcert -rfc -alias ca -keystore "$tls/ca.p12" -storepass "$pw" > "$tls/ca.pem" 2>/dev/null
  "${kt[@]}" -genkeypair -alias broker -keystore "$tls/broker.p12" -keyalg RSA -keysize 2048 \
      -validity 3650 -dname "CN=localhost" >/dev/null 2>&1
  keytool -certreq -alias broker -keystore "$tls/broker.p12" -storepass "$pw" 2>/dev/null \
    | keytool -gencert -alias ca -keystore "$tls/ca.p12" -storepass "$pw" -rfc -validity 3650 \
        -ext "SAN=IP:127.0.0.1,DNS:localhost" -ext "EKU=serverAuth,clientAuth" \
        > "$tls/broker.pem" 2>/dev/null
  "${kt[@]}" -importcert -alias ca -file "$tls/ca.pem" -keystore "$tls/broker.p12" >/dev/null 2>&1
  "${kt[@]}" -importcert -alias broker -file "$tls/broker.pem" -keystore "$tls/broker.p12" >/dev/null 2>&1
  "${kt[@]}" -importcert -alias ca -file "$tls/ca.pem" -keystore "$tls/truststore.p12" >/dev/null 2>&1
  [ -s "$tls/broker.pem" ] && [ -s "$tls/ca.pem" ] || die "keytool could not make the certificates"
  chmod 600 "$tls"/*.p12
  chmod 644 "$tls/ca.pem" "$tls/broker.pem"
  touch "$tls/.complete"
}

write_env_file() { # principal directory
  local file=$2/client-$1.env
  mkdir -p "$2"
  (
    umask 077
    cat > "$file.tmp" <<ENV
MENTORING_STORE=kafka://$bootstrap
MENTORING_KAFKA_SECURITY_PROTOCOL=SASL_SSL
MENTORING_KAFKA_SSL_CAFILE=$tls/ca.pem
MENTORING_KAFKA_SASL_MECHANISM=SCRAM-SHA-512
MENTORING_KAFKA_SASL_USERNAME=$1
MENTORING_KAFKA_SASL_PASSWORD=$(secret "$1")
ENV
  )
  chmod 600 "$file.tmp"
  mv "$file.tmp" "$file"
}

write_env_files() {
  local dirs=("$run") dir who
  local extra=${MENTORING_KAFKA_CLIENT_ENV_DIR:-}
  if [ -z "$extra" ] && [ -z "$run_from_env" ]; then extra=$here/.run; fi
  if [ -n "$extra" ] && [ "$extra" != "$run" ]; then dirs+=("$extra"); fi
  for dir in "${dirs[@]}"; do
    for who in $principals; do write_env_file "$who" "$dir"; done
  done
  say "client settings (client-{writer,reader,hris,admin}.env) in ${dirs[*]}"
}

# ---- configuration -------------------------------------------------------------------------------

voters() {
  local i out=
  for i in $(nodes); do out=$out$i@127.0.0.1:$(node_controller_port "$i"),; done
  echo "${out%,}"
}

write_config() { # node
  local i=$1 dir config
  dir=$(node_dir "$i")
  config=$(node_config "$i")
  mkdir -p "$dir/data" "$dir/logs"
  local rf=1 isr=1
  if [ "$brokers" -ge 3 ]; then rf=3; isr=2; elif [ "$brokers" -eq 2 ]; then rf=2; isr=1; fi
  local listener=PLAINTEXT protocol_map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
  if [ "$secure" = 1 ]; then listener=SASL_SSL; protocol_map=CONTROLLER:SASL_PLAINTEXT,SASL_SSL:SASL_SSL; fi
  (
    [ "$secure" = 1 ] && umask 077    # the secure config holds passwords
    cat > "$config" <<PROPS
process.roles=broker,controller
node.id=$i
controller.quorum.voters=$(voters)
listeners=$listener://127.0.0.1:$(node_port "$i"),CONTROLLER://127.0.0.1:$(node_controller_port "$i")
advertised.listeners=$listener://127.0.0.1:$(node_port "$i")
controller.listener.names=CONTROLLER
inter.broker.listener.name=$listener
listener.security.protocol.map=$protocol_map
log.dirs=$dir/data
num.partitions=1
default.replication.factor=$rf
min.insync.replicas=$isr
offsets.topic.replication.factor=$rf
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=$rf
transaction.state.log.min.isr=$isr
transaction.state.log.num.partitions=4
PROPS
    if [ "$major" -ge 4 ]; then
      cat >> "$config" <<PROPS
share.coordinator.state.topic.replication.factor=$rf
share.coordinator.state.topic.min.isr=$isr
PROPS
    fi
    cat >> "$config" <<PROPS
group.initial.rebalance.delay.ms=0
unclean.leader.election.enable=false
auto.create.topics.enable=false
delete.topic.enable=true
PROPS
    if [ "$brokers" -gt 1 ]; then
      cat >> "$config" <<PROPS
# a dead node is fenced (and its partitions get new leaders) within about 6 s
broker.heartbeat.interval.ms=1000
broker.session.timeout.ms=6000
PROPS
    fi
    if [ "$secure" = 1 ]; then
      local admin_pw store_pw
      admin_pw=$(secret admin)
      store_pw=$(secret store)
      cat >> "$config" <<PROPS
# clients and brokers: SASL (SCRAM) over TLS; controllers: SASL/PLAIN on loopback (SCRAM
# credentials live in the metadata log, which a controller cannot read before it has a quorum)
sasl.enabled.mechanisms=SCRAM-SHA-512,SCRAM-SHA-256,OAUTHBEARER
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
# OAUTHBEARER with Kafka's default validator (unsigned JWTs, development only: production
# brokers validate tokens against the identity provider's keys), and SASL sessions that end
# after 10 s, so clients' token refresh and re-authentication are exercised
listener.name.sasl_ssl.oauthbearer.sasl.jaas.config=org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;
connections.max.reauth.ms=10000
sasl.mechanism.controller.protocol=PLAIN
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="$admin_pw";
listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="$admin_pw";
listener.name.controller.sasl.enabled.mechanisms=PLAIN
listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="$admin_pw" user_admin="$admin_pw";
ssl.keystore.type=PKCS12
ssl.keystore.location=$tls/broker.p12
ssl.keystore.password=$store_pw
ssl.key.password=$store_pw
ssl.truststore.type=PKCS12
ssl.truststore.location=$tls/truststore.p12
ssl.truststore.password=$store_pw
ssl.client.auth=none
ssl.endpoint.identification.algorithm=https
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
super.users=User:admin
allow.everyone.if.no.acl.found=false
PROPS
    fi
  )
}

write_state() {
  mkdir -p "$run"
  if [ -z "$run_from_env" ] && [ "$brokers" = 1 ] && [ -z "$secure" ] && [ "$kafka_version" = "$pom_version" ]; then
    return 0                           # the default broker needs no note of its mode
  fi
  [ -f "$run/.gitignore" ] || echo '*' > "$run/.gitignore"
  printf 'secure=%s\nbrokers=%s\nversion=%s\nport=%s\ncontroller_port=%s\nstep=%s\n' \
    "$secure" "$brokers" "$kafka_version" "$port" "$controller_port" "$step" > "$state"
}

java_opts() { # node
  local dir xms=256m
  dir=$(node_dir "$1")
  [ "$brokers" -gt 1 ] && xms=128m
  printf '%s\n' "-Xms$xms" "-Xmx$heap" -XX:+UseG1GC -Djava.awt.headless=true -Duser.timezone=UTC \
    "-Dkafka.logs.dir=$dir/logs" "-Dlog4j2.configurationFile=$here/log4j2.properties"
}

java_tool() { # node, then class and arguments
  local i=$1; shift
  local opts
  mapfile -t opts < <(java_opts "$i")
  java "${opts[@]}" -cp "$libs/*" "$@"
}

format_storage() {
  local cluster_id i dir
  for i in $(nodes); do
    [ -f "$(node_dir "$i")/data/meta.properties" ] || break
    [ "$i" = "$brokers" ] && return 0
  done
  if [ -f "$run/cluster.id" ]; then
    cluster_id=$(cat "$run/cluster.id")
  else
    cluster_id=$(java_tool 1 kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)
    [ "$brokers" -gt 1 ] && echo "$cluster_id" > "$run/cluster.id"
  fi
  local scram=()
  if [ "$secure" = 1 ]; then
    local who
    for who in $principals; do
      scram+=(--add-scram "SCRAM-SHA-512=[name=$who,password=$(secret "$who")]")
      scram+=(--add-scram "SCRAM-SHA-256=[name=$who,password=$(secret "$who")]")
    done
  fi
  local jobs=() failed=
  for i in $(nodes); do                    # the nodes of a cluster format side by side
    dir=$(node_dir "$i")
    [ -f "$dir/data/meta.properties" ] && continue
    say "formatting KRaft storage (cluster $cluster_id) in $dir/data${scram:+ with SCRAM users $principals}"
    java_tool "$i" kafka.tools.StorageTool format -t "$cluster_id" -c "$(node_config "$i")" \
        "${scram[@]}" >"$dir/logs/format.log" 2>&1 &
    jobs+=("$!:$dir")
  done
  local job
  for job in "${jobs[@]}"; do
    if ! wait "${job%%:*}"; then cat "${job#*:}/logs/format.log"; failed=1; fi
  done
  [ -z "$failed" ] || exit 1
}

# ---- start / stop --------------------------------------------------------------------------------

launch_node() { # node
  local i=$1 dir opts
  dir=$(node_dir "$i")
  mapfile -t opts < <(java_opts "$i")
  nohup java "${opts[@]}" -cp "$libs/*" kafka.Kafka "$(node_config "$i")" \
       >"$dir/logs/stdout.log" 2>&1 < /dev/null &
  echo $! > "$(node_pidfile "$i")"
}

wait_ready() { # bootstrap, then extra wait_ready.py arguments
  local env_args=() servers=$1; shift
  [ "$secure" = 1 ] && env_args=(--env "$admin_env")
  "$PYTHON" "$here/wait_ready.py" "$servers" "${MENTORING_KAFKA_START_TIMEOUT:-90}" \
      "${env_args[@]}" "$@"
}

show_failure() {
  local i log
  say "did not become ready; last log lines:"
  for i in $(nodes); do
    log=$(node_dir "$i")/logs/server.log
    [ "$brokers" -gt 1 ] && echo "--- node $i"
    tail -n 30 "$log" 2>/dev/null || tail -n 30 "$(node_dir "$i")/logs/stdout.log" 2>/dev/null || true
  done
}

describe_mode() {
  local what="Kafka $kafka_version"
  [ "$brokers" -gt 1 ] && what="$what, $brokers nodes"
  [ "$secure" = 1 ] && what="$what, SASL_SSL"
  echo "$what"
}

start() {
  local i pid missing=() began=$SECONDS
  for i in $(nodes); do
    if pid=$(node_pid "$i"); then
      [ "$brokers" -gt 1 ] && say "node $i already running (pid $pid)"
    else
      missing+=("$i")
    fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    say "already running (pid $(running_pid)) on $bootstrap"
    [ "$secure" = 1 ] && [ -f "$secrets" ] && write_env_files
    return 0
  fi
  fetch
  write_state
  if [ "$secure" = 1 ]; then make_secrets; make_certificates; fi
  for i in $(nodes); do write_config "$i"; done
  [ "$secure" = 1 ] && write_env_file admin "$run"
  format_storage
  if [ "$brokers" -gt 1 ]; then say "starting $(describe_mode) (heap $heap per node)"
  else say "starting $(describe_mode) (heap $heap)"; fi
  for i in "${missing[@]}"; do launch_node "$i"; done
  local ready=1
  if [ "$brokers" -gt 1 ]; then           # each started node answers for itself ...
    for i in "${missing[@]}"; do
      wait_ready "127.0.0.1:$(node_port "$i")" --node-id "$i" >/dev/null || { ready=; break; }
    done
  fi                                       # ... and the metadata lists every node
  [ -n "$ready" ] && { wait_ready "$bootstrap" --brokers "$brokers" || ready=; }
  if [ -z "$ready" ]; then
    show_failure
    stop
    exit 1
  fi
  if [ "$secure" = 1 ]; then
    "$PYTHON" "$here/kafka_admin.py" acls "$bootstrap" --env "$admin_env" \
      | sed 's/^/broker: /' || { stop; die "could not create the ACLs"; }
    write_env_files
  fi
  say "listening on $bootstrap (started in $((SECONDS - began))s)"
}

stop_nodes() { # nodes...
  local i pid pids=() stopped=()
  for i in "$@"; do
    if pid=$(node_pid "$i"); then pids+=("$pid"); stopped+=("$i"); else rm -f "$(node_pidfile "$i")"; fi
  done
  if [ ${#pids[@]} -eq 0 ]; then
    if [ "$brokers" -gt 1 ]; then say "node $* not running"; else say "not running"; fi
    return 0
  fi
  if [ "$brokers" -gt 1 ]; then say "stopping node ${stopped[*]} (pid ${pids[*]})"; else say "stopping (pid ${pids[*]})"; fi
  kill -TERM "${pids[@]}" 2>/dev/null || true
  local left
  for _ in $(seq 1 60); do
    left=()
    for i in "${stopped[@]}"; do node_pid "$i" >/dev/null && left+=("$i"); done
    [ ${#left[@]} -eq 0 ] && break
    sleep 0.5
  done
  for i in "${left[@]}"; do
    if pid=$(node_pid "$i"); then
      say "node $i did not stop within 30s; killing"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  for i in "${stopped[@]}"; do rm -f "$(node_pidfile "$i")"; done
  say "stopped"
}

stop() {
  # a cluster's last nodes cannot finish a controlled shutdown once the quorum is gone: stop all
  # nodes at once so each hands its partitions over while the others still listen
  stop_nodes $(nodes)
}

status() {
  if [ "$brokers" = 1 ]; then
    local mode=
    [ "$secure" = 1 ] || [ "$kafka_version" != "$pom_version" ] && mode=" ($(describe_mode))"
    if pid=$(running_pid); then say "running (pid $pid) on $bootstrap$mode"; else say "not running"; return 3; fi
    [ "$secure" = 1 ] && say "client settings in $run/client-{writer,reader,hris,admin}.env"
    return 0
  fi
  local i pid alive=0 env_args=()
  for i in $(nodes); do
    if pid=$(node_pid "$i"); then
      say "node $i alive (pid $pid) on 127.0.0.1:$(node_port "$i")"; alive=$((alive + 1))
    else
      say "node $i dead (127.0.0.1:$(node_port "$i"))"
    fi
  done
  [ "$alive" -eq 0 ] && return 3
  [ "$secure" = 1 ] && env_args=(--env "$admin_env")
  "$PYTHON" "$here/kafka_admin.py" status "$(alive_bootstrap)" "${env_args[@]}" || true
  [ "$alive" -eq "$brokers" ] || return 1
}

kill_leader() { # [topic]
  [ "$brokers" -gt 1 ] || die "kill-leader needs a cluster (--brokers 3)"
  local env_args=() out topic leader pid
  [ "$secure" = 1 ] && env_args=(--env "$admin_env")
  out=$("$PYTHON" "$here/kafka_admin.py" leader "$(alive_bootstrap)" "${args[@]:0:1}" "${env_args[@]}") || exit 1
  topic=${out% *}
  leader=${out##* }
  pid=$(node_pid "$leader") || die "node $leader leads $topic-0 but its process is not ours"
  kill -KILL "$pid"
  say "killed node $leader (pid $pid, 127.0.0.1:$(node_port "$leader")), leader of $topic-0"
}

restart_broker() { # node
  local i=${args[0]:-}
  [[ $i =~ ^[1-9]$ ]] && [ "$i" -le "$brokers" ] || die "restart-broker takes a node number 1..$brokers"
  local began=$SECONDS
  stop_nodes "$i"
  write_config "$i"
  say "starting node $i"
  launch_node "$i"
  # ask the restarted node itself: the others may still list its previous incarnation
  if ! wait_ready "127.0.0.1:$(node_port "$i")" --node-id "$i"; then show_failure; exit 1; fi
  say "node $i back on 127.0.0.1:$(node_port "$i") (in $((SECONDS - began))s)"
}

logs() {
  local node=1
  [ "$brokers" -gt 1 ] && node=${args[0]:-1}
  local file
  file=$(node_dir "$node")/logs/server.log
  [ -f "$file" ] || { say "no log yet at $file"; return 1; }
  if [ -n "${LINES_ONLY:-${LINES:-}}" ]; then tail -n "${LINES_ONLY:-$LINES}" "$file"; else tail -F "$file"; fi
}

reset() {
  stop
  if [ "$secure" = 1 ]; then             # the client env files written outside the run directory
    local extra=${MENTORING_KAFKA_CLIENT_ENV_DIR:-}
    if [ -z "$extra" ] && [ -z "$run_from_env" ]; then extra=$here/.run; fi
    [ -n "$extra" ] && [ "$extra" != "$run" ] && rm -f "$extra"/client-{admin,writer,reader,hris}.env
  fi
  rm -rf "$run"
  say "data removed"
}

case "$command" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  logs) logs ;;
  reset) reset ;;
  fetch) fetch ;;
  kill-leader) kill_leader ;;
  restart-broker) restart_broker ;;
  *) usage ;;
esac
