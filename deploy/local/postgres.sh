# PostgreSQL from Debian's packages: installed when missing (as root), run as a private cluster
# under $ARCHLAB_HOME/postgres on $ARCHLAB_POSTGRES_PORT. Sourced by ./archlab.

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

archlab_postgres_start() {
  local bin data="$ARCHLAB_HOME/postgres"
  bin=$(archlab_pg_bin)
  mkdir -p "$data"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$data"
    if ! setpriv --reuid=postgres --regid=postgres --init-groups -- test -w "$data"; then
      echo "archlab: the postgres user cannot reach $data (a parent directory is private)." >&2
      echo "  Set ARCHLAB_HOME to a directory others can traverse, e.g. ARCHLAB_HOME=/var/lib/archlab" >&2
      exit 1
    fi
  fi
  if [ ! -f "$data/PG_VERSION" ]; then
    archlab_as_pg_user "$bin/initdb" -D "$data" -U archlab --auth=trust --encoding=UTF8 --locale=C >"$ARCHLAB_HOME/logs/initdb.log" 2>&1 \
      || { echo "archlab: initdb failed, see $ARCHLAB_HOME/logs/initdb.log" >&2; exit 1; }
  fi
  if archlab_postgres_running; then return 0; fi
  touch "$ARCHLAB_HOME/logs/postgres.log"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$ARCHLAB_HOME/logs/postgres.log"
  archlab_as_pg_user "$bin/pg_ctl" -D "$data" -l "$ARCHLAB_HOME/logs/postgres.log" -w -t 60 \
    -o "-p $ARCHLAB_POSTGRES_PORT -k $data -c listen_addresses=127.0.0.1" start >/dev/null \
    || { echo "archlab: PostgreSQL did not start, see $ARCHLAB_HOME/logs/postgres.log" >&2; exit 1; }
  local db
  for db in registry benchmark; do
    if ! psql -h 127.0.0.1 -p "$ARCHLAB_POSTGRES_PORT" -U archlab -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
      psql -h 127.0.0.1 -p "$ARCHLAB_POSTGRES_PORT" -U archlab -d postgres -qc "CREATE DATABASE $db" >/dev/null
    fi
  done
}

archlab_postgres_running() {
  local bin
  bin=$(archlab_pg_bin)
  [ -n "$bin" ] && [ -f "$ARCHLAB_HOME/postgres/PG_VERSION" ] \
    && archlab_as_pg_user "$bin/pg_ctl" -D "$ARCHLAB_HOME/postgres" status >/dev/null 2>&1
}

archlab_postgres_pid() {
  head -n 1 "$ARCHLAB_HOME/postgres/postmaster.pid" 2>/dev/null
}

archlab_postgres_stop() {
  if archlab_postgres_running; then
    archlab_as_pg_user "$(archlab_pg_bin)/pg_ctl" -D "$ARCHLAB_HOME/postgres" -m fast -w stop >/dev/null
    echo "stopped postgres"
  fi
}
