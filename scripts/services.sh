#!/usr/bin/env bash
# Run the real services for integration tests and the demo, all on 127.0.0.1:
#   scripts/services.sh start|stop|status
# PostgreSQL 15 + pgvector, a single-node KRaft Kafka broker and a Temporal dev server, from the bits that
# scripts/provision.sh put under .cache/. State, pid files and logs live in .cache/services/.
# `start` writes .cache/services.env (source it to get DOCKET_DATABASE_URL, DOCKET_KAFKA_BROKERS,
# DOCKET_TEMPORAL_ADDRESS). `start` on running services is a no-op; `stop` stops only what `start` started.
set -euo pipefail
LOG_TAG=services
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ENV_FILE="$CACHE/services.env"
PG_DATA="$SERVICES_DIR/pg"
PG_LOG="$SERVICES_DIR/pg.log"
PG_USER=docket # database superuser created by initdb
PG_DB=docket
KAFKA_DATA="$SERVICES_DIR/kafka"
KAFKA_PROPS="$SERVICES_DIR/kafka-server.properties"
KAFKA_LOG4J="$SERVICES_DIR/kafka-log4j.properties"
KAFKA_LOG="$SERVICES_DIR/kafka.log"
KAFKA_PID="$SERVICES_DIR/kafka.pid"
TEMPORAL_DB="$SERVICES_DIR/temporal.db"
TEMPORAL_LOG="$SERVICES_DIR/temporal.log"
TEMPORAL_PID="$SERVICES_DIR/temporal.pid"
MINIO_DATA="$SERVICES_DIR/minio"
MINIO_LOG="$SERVICES_DIR/minio.log"
MINIO_PID="$SERVICES_DIR/minio.pid"
MINIO_BIN="$CACHE/bin/minio"
MINIO_USER=docket
MINIO_SECRET=docket-secret

PG_TIMEOUT=30
KAFKA_TIMEOUT=120
TEMPORAL_TIMEOUT=60
MINIO_TIMEOUT=60

# Markers that must appear in a pid's command line for it to count as "ours" (see pid_alive in lib.sh).
KAFKA_MARKER="kafka.Kafka $KAFKA_PROPS"
TEMPORAL_MARKER="--db-filename $TEMPORAL_DB"
MINIO_MARKER="server $MINIO_DATA"

# ================================================================ helpers

# Keep the previous run's log as *.log.1 so a fresh start's readiness checks only see fresh lines.
rotate_log() {
  [[ -f $1 ]] && mv -f "$1" "$1.1"
  : >"$1"
}

# Refuse to start on a port some other process holds: we would otherwise "wait" on a stranger.
require_free_port() {
  local port=$1 what=$2
  if port_open "$port"; then die "port $port ($what) is already in use by another process"; fi
}

# wait_until SECONDS NAME LOGFILE ALIVE_CMD READY_CMD: poll READY_CMD every 0.5 s; fail fast (with the log tail)
# when ALIVE_CMD says the process died, or when the deadline passes.
wait_until() {
  local timeout=$1 name=$2 logfile=$3 alive=$4 ready=$5 deadline=$((SECONDS + $1))
  until eval "$ready" >/dev/null 2>&1; do
    if ! eval "$alive"; then
      show_log_tail "$logfile"
      die "$name exited during startup (log: $logfile)"
    fi
    if ((SECONDS >= deadline)); then
      show_log_tail "$logfile"
      die "$name not ready after ${timeout}s (log: $logfile); run '$0 stop' to clean up"
    fi
    sleep 0.5
  done
}

# stop_pid NAME PIDFILE MARKER GRACE: SIGTERM, wait up to GRACE seconds, then SIGKILL. Only our own process.
stop_pid() {
  local name=$1 pidfile=$2 marker=$3 grace=$4 pid i
  if ! pid_alive "$pidfile" "$marker"; then
    [[ -f $pidfile ]] && log "$name: removing stale pid file"
    rm -f "$pidfile"
    log "$name: not running"
    return 0
  fi
  pid=$(<"$pidfile")
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < grace * 10; i++)); do
    [[ -d /proc/$pid ]] || break
    sleep 0.1
  done
  if [[ -d /proc/$pid ]]; then
    log "$name: still running after ${grace}s, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    while [[ -d /proc/$pid ]]; do sleep 0.1; done
  fi
  rm -f "$pidfile"
  log "$name: stopped (pid $pid)"
}

# ================================================================ PostgreSQL

pg_running() {
  [[ -f $PG_DATA/postmaster.pid ]] && as_pg_user "$PG_BIN/pg_ctl" status -D "$PG_DATA" >/dev/null 2>&1
}

pg_ready() {
  "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -d postgres -U "$PG_USER"
}

pg_psql() {
  psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" "$@"
}

# A throwaway test cluster: trust auth (127.0.0.1 only) and no fsync; speed matters more than crash safety here.
pg_init() {
  [[ -x $PG_BIN/initdb ]] || die "PostgreSQL $PG_MAJOR not installed; run scripts/provision.sh pg"
  [[ -f $PG_DATA/PG_VERSION ]] && return 0
  log "postgres: initdb $PG_DATA"
  rm -rf "$PG_DATA" && mkdir -p "$PG_DATA" && chmod 700 "$PG_DATA"
  [[ $EUID -eq 0 ]] && chown "$(pg_os_user)" "$PG_DATA"
  as_pg_user test -w "$PG_DATA" || die "user $(pg_os_user) cannot write $PG_DATA (a parent dir not traversable?)"
  as_pg_user "$PG_BIN/initdb" -D "$PG_DATA" -U "$PG_USER" -A trust -E UTF8 --locale=C.UTF-8 >"$SERVICES_DIR/initdb.log" 2>&1 ||
    { show_log_tail "$SERVICES_DIR/initdb.log"; die "initdb failed"; }
  echo "include 'docket.conf'" >>"$PG_DATA/postgresql.conf"
}

# Rewritten on every start so DOCKET_PG_PORT changes take effect. No unix socket: clients use TCP 127.0.0.1.
pg_write_conf() {
  cat >"$PG_DATA/docket.conf" <<EOF
# Written by scripts/services.sh on each start.
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = ''
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
  [[ $EUID -eq 0 ]] && chown "$(pg_os_user)" "$PG_DATA/docket.conf"
  return 0
}

pg_launch() {
  if pg_running; then
    log "postgres: already running"
    return 0
  fi
  pg_init
  pg_write_conf
  require_free_port "$PG_PORT" postgres
  rotate_log "$PG_LOG"
  [[ $EUID -eq 0 ]] && chown "$(pg_os_user)" "$PG_LOG"
  # -w: PostgreSQL is up in well under a second; waiting here avoids racing its postmaster.pid. The JVM and Temporal
  # were launched before this, so they keep starting meanwhile.
  as_pg_user "$PG_BIN/pg_ctl" start -w -t "$PG_TIMEOUT" -D "$PG_DATA" -l "$PG_LOG" >/dev/null ||
    { show_log_tail "$PG_LOG"; die "postgres failed to start (log: $PG_LOG)"; }
}

pg_wait() {
  wait_until "$PG_TIMEOUT" postgres "$PG_LOG" pg_running pg_ready
  # Create the app database once and prove pgvector loads.
  if [[ -z $(pg_psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'") ]]; then
    pg_psql -d postgres -c "CREATE DATABASE $PG_DB"
  fi
  pg_psql -d "$PG_DB" -c "SET client_min_messages = warning; CREATE EXTENSION IF NOT EXISTS vector" ||
    die "CREATE EXTENSION vector failed; run scripts/provision.sh pg"
  ok "postgres ready on 127.0.0.1:$PG_PORT ($(pg_psql -d "$PG_DB" -tAc "SHOW server_version"), pgvector $(pg_psql -d "$PG_DB" -tAc "SELECT extversion FROM pg_extension WHERE extname = 'vector'"))"
}

pg_stop() {
  if pg_running; then
    as_pg_user "$PG_BIN/pg_ctl" stop -D "$PG_DATA" -m fast -w -t 60 >/dev/null
    log "postgres: stopped"
  else
    log "postgres: not running"
  fi
}

# ================================================================ Kafka (KRaft, broker + controller in one JVM)

kafka_running() { pid_alive "$KAFKA_PID" "$KAFKA_MARKER"; }

kafka_java() {
  "${JAVA_HOME:+$JAVA_HOME/bin/}java" "$@"
}

# Regenerated on every start (ports may change); topic data in $KAFKA_DATA survives.
kafka_write_conf() {
  cat >"$KAFKA_PROPS" <<EOF
# Written by scripts/services.sh on each start.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$KAFKA_DATA
num.partitions=1
# The app creates its topics explicitly; a typo must fail, not create a topic.
auto.create.topics.enable=false
# Single node: internal topics cannot have more than one replica.
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
# Tests join consumer groups constantly; do not wait 3 s for more members.
group.initial.rebalance.delay.ms=0
EOF
  # Everything to stdout (-> kafka.log); the chattiest loggers at WARN.
  cat >"$KAFKA_LOG4J" <<'EOF'
log4j.rootLogger=INFO, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.state.change.logger=WARN
log4j.logger.kafka.log.LogCleaner=WARN
log4j.logger.org.apache.kafka.storage.internals.log=WARN
log4j.logger.kafka.coordinator.group=WARN
log4j.logger.org.apache.kafka.coordinator.group=WARN
log4j.logger.org.apache.kafka.clients=WARN
EOF
}

# Kafka cluster ids are 16 random bytes in unpadded base64url, not starting with '-' (as Uuid.randomUuid does).
# Generating it here saves a JVM start (StorageTool random-uuid).
kafka_cluster_id() {
  local id
  while :; do
    id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')
    [[ $id != -* ]] && break
  done
  echo "$id"
}

kafka_format() {
  [[ -f $KAFKA_DATA/meta.properties ]] && return 0
  mkdir -p "$KAFKA_DATA"
  log "kafka: formatting storage in $KAFKA_DATA"
  kafka_java -Xmx256m -Dlog4j.configuration="file:$KAFKA_LOG4J" -cp "$KAFKA_HOME/libs/*" \
    kafka.tools.StorageTool format -t "$(kafka_cluster_id)" -c "$KAFKA_PROPS" >>"$KAFKA_LOG" 2>&1 ||
    { show_log_tail "$KAFKA_LOG"; die "kafka storage format failed"; }
}

kafka_launch() {
  if kafka_running; then
    log "kafka: already running (pid $(<"$KAFKA_PID"))"
    return 0
  fi
  rm -f "$KAFKA_PID"
  compgen -G "$KAFKA_HOME/libs/kafka_2.13-*.jar" >/dev/null || die "Kafka not provisioned; run scripts/provision.sh kafka"
  require_free_port "$KAFKA_PORT" kafka
  require_free_port "$KAFKA_CONTROLLER_PORT" "kafka controller"
  rotate_log "$KAFKA_LOG"
  kafka_write_conf
  kafka_format
  # setsid: its own session, so a Ctrl-C or a CI step killing our process group does not take the broker down.
  setsid "${JAVA_HOME:+$JAVA_HOME/bin/}java" -Xms256m -Xmx768m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
    -Dlog4j.configuration="file:$KAFKA_LOG4J" -cp "$KAFKA_HOME/libs/*" \
    kafka.Kafka "$KAFKA_PROPS" </dev/null >>"$KAFKA_LOG" 2>&1 &
  echo $! >"$KAFKA_PID"
}

# Ready = the broker logged that it started (metadata loaded, listeners up) and its port accepts connections.
kafka_ready() {
  grep -q 'Kafka Server started' "$KAFKA_LOG" && port_open "$KAFKA_PORT"
}

kafka_wait() {
  wait_until "$KAFKA_TIMEOUT" kafka "$KAFKA_LOG" kafka_running kafka_ready
  ok "kafka ready on 127.0.0.1:$KAFKA_PORT (pid $(<"$KAFKA_PID"), Kafka $(<"$KAFKA_HOME/VERSION"))"
}

kafka_stop() { stop_pid kafka "$KAFKA_PID" "$KAFKA_MARKER" 60; }

# ================================================================ Temporal dev server

temporal_running() { pid_alive "$TEMPORAL_PID" "$TEMPORAL_MARKER"; }

temporal_launch() {
  if temporal_running; then
    log "temporal: already running (pid $(<"$TEMPORAL_PID"))"
    return 0
  fi
  rm -f "$TEMPORAL_PID"
  command -v "$TEMPORAL_CLI" >/dev/null || die "Temporal CLI not found at $TEMPORAL_CLI; run scripts/provision.sh temporal"
  require_free_port "$TEMPORAL_PORT" temporal
  require_free_port "$TEMPORAL_UI_PORT" "temporal ui"
  rotate_log "$TEMPORAL_LOG"
  setsid "$TEMPORAL_CLI" server start-dev --ip 127.0.0.1 --port "$TEMPORAL_PORT" --ui-port "$TEMPORAL_UI_PORT" \
    --db-filename "$TEMPORAL_DB" --namespace default --log-level warn </dev/null >>"$TEMPORAL_LOG" 2>&1 &
  echo $! >"$TEMPORAL_PID"
}

temporal_ready() {
  "$TEMPORAL_CLI" operator cluster health --address "127.0.0.1:$TEMPORAL_PORT"
}

temporal_wait() {
  wait_until "$TEMPORAL_TIMEOUT" temporal "$TEMPORAL_LOG" temporal_running temporal_ready
  ok "temporal ready on 127.0.0.1:$TEMPORAL_PORT, UI http://127.0.0.1:$TEMPORAL_UI_PORT (pid $(<"$TEMPORAL_PID"))"
}

temporal_stop() { stop_pid temporal "$TEMPORAL_PID" "$TEMPORAL_MARKER" 20; }

# ================================================================ MinIO (S3-compatible store for s3:// documents)

minio_running() { pid_alive "$MINIO_PID" "$MINIO_MARKER"; }

minio_launch() {
  if minio_running; then
    log "minio: already running (pid $(<"$MINIO_PID"))"
    return 0
  fi
  rm -f "$MINIO_PID"
  [[ -x $MINIO_BIN ]] || die "MinIO not found at $MINIO_BIN; run scripts/provision.sh minio"
  require_free_port "$MINIO_PORT" minio
  mkdir -p "$MINIO_DATA"
  rotate_log "$MINIO_LOG"
  MINIO_ROOT_USER=$MINIO_USER MINIO_ROOT_PASSWORD=$MINIO_SECRET MINIO_BROWSER=off MINIO_UPDATE=off \
    setsid "$MINIO_BIN" server "$MINIO_DATA" --address "127.0.0.1:$MINIO_PORT" --quiet </dev/null >>"$MINIO_LOG" 2>&1 &
  echo $! >"$MINIO_PID"
}

minio_ready() { curl -fsS "http://127.0.0.1:$MINIO_PORT/minio/health/ready" >/dev/null 2>&1; }

minio_wait() {
  wait_until "$MINIO_TIMEOUT" minio "$MINIO_LOG" minio_running minio_ready
  ok "minio ready on 127.0.0.1:$MINIO_PORT (pid $(<"$MINIO_PID"))"
}

minio_stop() { stop_pid minio "$MINIO_PID" "$MINIO_MARKER" 20; }

# ================================================================ commands

write_env() {
  cat >"$ENV_FILE" <<EOF
# Written by scripts/services.sh start. Source it: . .cache/services.env
export DOCKET_DATABASE_URL=postgres://$PG_USER@127.0.0.1:$PG_PORT/$PG_DB
export DOCKET_KAFKA_BROKERS=127.0.0.1:$KAFKA_PORT
export DOCKET_TEMPORAL_ADDRESS=127.0.0.1:$TEMPORAL_PORT
export DOCKET_S3_ENDPOINT=http://127.0.0.1:$MINIO_PORT
export DOCKET_S3_ACCESS_KEY_ID=$MINIO_USER
export DOCKET_S3_SECRET_ACCESS_KEY=$MINIO_SECRET
EOF
  ok "wrote $ENV_FILE"
}

cmd_start() {
  mkdir -p "$SERVICES_DIR"
  # Launch the slow starters (JVM, Temporal) in the background first, then PostgreSQL, then wait for each.
  kafka_launch
  temporal_launch
  minio_launch
  pg_launch
  pg_wait
  kafka_wait
  temporal_wait
  minio_wait
  write_env
}

# Reverse of start order. Each stop is a no-op when that service is not running (or its pid file is stale).
cmd_stop() {
  minio_stop
  temporal_stop
  kafka_stop
  pg_stop
}

cmd_status() {
  local all=0
  if pg_running; then log "postgres: running on 127.0.0.1:$PG_PORT"; else log "postgres: stopped"; all=1; fi
  if kafka_running; then log "kafka: running on 127.0.0.1:$KAFKA_PORT (pid $(<"$KAFKA_PID"))"; else log "kafka: stopped"; all=1; fi
  if temporal_running; then log "temporal: running on 127.0.0.1:$TEMPORAL_PORT (pid $(<"$TEMPORAL_PID"))"; else log "temporal: stopped"; all=1; fi
  if minio_running; then log "minio: running on 127.0.0.1:$MINIO_PORT (pid $(<"$MINIO_PID"))"; else log "minio: stopped"; all=1; fi
  return $all # 0 only when all four are up
}

case ${1:-} in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  *) die "usage: $0 start|stop|status" ;;
esac
