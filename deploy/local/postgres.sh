# PostgreSQL from Debian's packages, run as a private cluster: the one way ArchLab runs PostgreSQL itself.
# ./archlab sources it for its cluster under $ARCHLAB_HOME/postgres on $ARCHLAB_POSTGRES_PORT; test-support
# runs it as a command for its throwaway clusters:
#   postgres.sh start DATA-DIR PORT LOG-FILE [setting=value ...] | stop DATA-DIR [fast|immediate] | status DATA-DIR

archlab_pg_bin() { # the newest PostgreSQL bin/ with initdb and postgres, or ARCHLAB_PG_BIN
  if [ -n "${ARCHLAB_PG_BIN:-}" ]; then echo "$ARCHLAB_PG_BIN"; return 0; fi
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -n | tail -n 1)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

archlab_require_postgres() {
  if [ -n "$(archlab_pg_bin)" ] && command -v psql >/dev/null; then return 0; fi
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "archlab: installing PostgreSQL (Debian package postgresql)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
  if [ -z "$(archlab_pg_bin)" ]; then
    echo "archlab: PostgreSQL binaries not found (looked in /usr/lib/postgresql/*/bin and ARCHLAB_PG_BIN)." >&2
    echo "  As root, ./archlab installs Debian's postgresql package; otherwise: sudo apt-get install postgresql" >&2
    exit 1
  fi
}

# As root, PostgreSQL must run as the postgres user; setpriv execs in place so pids stay PostgreSQL's.
archlab_as_pg_user() {
  if [ "$(id -u)" -eq 0 ]; then
    setpriv --reuid=postgres --regid=postgres --init-groups -- "$@"
  else
    "$@"
  fi
}

# Creates a cluster in DATA-DIR (superuser archlab, trust, on 127.0.0.1 only) unless it has one, and starts it on
# PORT; each setting=value is passed to the server as -c. Returns once it accepts connections.
archlab_pg_cluster_start() { # data-dir port log-file [setting=value ...]
  local data=$1 port=$2 log=$3 bin setting initdb_options=()
  shift 3
  bin=$(archlab_pg_bin) || true
  if [ -z "$bin" ]; then
    echo "archlab: PostgreSQL binaries not found (looked in /usr/lib/postgresql/*/bin and ARCHLAB_PG_BIN)." >&2
    return 1
  fi
  local options="-p $port -k $data -c listen_addresses=127.0.0.1"
  for setting in "$@"; do
    options+=" -c $setting"
    # A cluster that never syncs has no use for a synced initdb either.
    [ "$setting" = fsync=off ] && initdb_options=(--no-sync)
  done
  mkdir -p "$data"
  touch "$log"
  if [ "$(id -u)" -eq 0 ]; then
    if ! chown postgres:postgres "$data" "$log"; then
      echo "archlab: as root, PostgreSQL runs as the postgres user, which does not exist; install Debian's postgresql package." >&2
      return 1
    fi
    if ! setpriv --reuid=postgres --regid=postgres --init-groups -- test -w "$data"; then
      echo "archlab: the postgres user cannot reach $data (a parent directory is private)." >&2
      echo "  Choose a directory others can traverse, e.g. ARCHLAB_HOME=/var/lib/archlab for ./archlab" >&2
      return 1
    fi
  fi
  if [ ! -f "$data/PG_VERSION" ]; then
    archlab_as_pg_user "$bin/initdb" -D "$data" -U archlab --auth=trust --encoding=UTF8 --locale=C "${initdb_options[@]}" >>"$log" 2>&1 \
      || { echo "archlab: initdb failed, see $log" >&2; tail -n 20 "$log" >&2; return 1; }
  fi
  if archlab_pg_cluster_running "$data"; then return 0; fi
  archlab_as_pg_user "$bin/pg_ctl" -D "$data" -l "$log" -w -t 60 -o "$options" start >/dev/null \
    || { echo "archlab: PostgreSQL did not start, see $log" >&2; tail -n 20 "$log" >&2; return 1; }
}

archlab_pg_cluster_running() { # data-dir
  local bin
  bin=$(archlab_pg_bin) || true
  [ -n "$bin" ] && [ -f "$1/PG_VERSION" ] && archlab_as_pg_user "$bin/pg_ctl" -D "$1" status >/dev/null 2>&1
}

archlab_pg_cluster_stop() { # data-dir [fast|immediate]
  if archlab_pg_cluster_running "$1"; then
    archlab_as_pg_user "$(archlab_pg_bin)/pg_ctl" -D "$1" -m "${2:-fast}" -w stop >/dev/null
  fi
}

archlab_postgres_start() {
  archlab_pg_cluster_start "$ARCHLAB_HOME/postgres" "$ARCHLAB_POSTGRES_PORT" "$ARCHLAB_HOME/logs/postgres.log" || exit 1
  local db
  for db in registry benchmark; do
    if ! psql -h 127.0.0.1 -p "$ARCHLAB_POSTGRES_PORT" -U archlab -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
      psql -h 127.0.0.1 -p "$ARCHLAB_POSTGRES_PORT" -U archlab -d postgres -qc "CREATE DATABASE $db" >/dev/null
    fi
  done
}

archlab_postgres_running() {
  archlab_pg_cluster_running "$ARCHLAB_HOME/postgres"
}

archlab_postgres_pid() {
  head -n 1 "$ARCHLAB_HOME/postgres/postmaster.pid" 2>/dev/null
}

archlab_postgres_stop() {
  if archlab_postgres_running; then
    archlab_pg_cluster_stop "$ARCHLAB_HOME/postgres"
    echo "stopped postgres"
  fi
}

# Run as a command (test-support does) rather than sourced.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  command=${1:-}
  shift || true
  case $command in
    start) [ $# -ge 3 ] || { echo "usage: postgres.sh start DATA-DIR PORT LOG-FILE [setting=value ...]" >&2; exit 2; }
      archlab_pg_cluster_start "$@" ;;
    stop) archlab_pg_cluster_stop "$@" ;;
    status) archlab_pg_cluster_running "$@" ;;
    *) echo "usage: postgres.sh start DATA-DIR PORT LOG-FILE [setting=value ...] | stop DATA-DIR [fast|immediate] | status DATA-DIR" >&2
      exit 2 ;;
  esac
fi
