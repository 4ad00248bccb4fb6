#!/usr/bin/env bash
# Run the whole test suite against PostgreSQL: a private, throwaway PostgreSQL server (initdb in a
# temporary folder, listening on 127.0.0.1 only, on a free port), a role and a database for the
# tests, then scripts/test.sh with DATABASE_URL pointing at it. Extra arguments go to pytest.
# The server and its folder are removed on exit, whatever happens; nothing outside them is touched.
# Needs Debian's postgresql (installed with apt when run as root or with password-less sudo).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

find_pg_bin() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return 0; fi
  done
  return 1
}

if ! PG_BIN="$(find_pg_bin)"; then
  if [ "$(id -u)" = 0 ] || sudo -n true 2>/dev/null; then
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo -n"
    echo "Cài PostgreSQL (Debian) cho lượt kiểm thử trên PostgreSQL..."
    $SUDO apt-get update -qq
    # Only the programs: Debian's own cluster is not used (nor started) by the tests.
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
    PG_BIN="$(find_pg_bin)"
  else
    echo "Thiếu PostgreSQL. Cài bằng: sudo apt-get install postgresql" >&2
    exit 1
  fi
fi

# PostgreSQL refuses to run as root: the server then runs as the postgres user Debian's package made.
AS_SERVER=()
if [ "$(id -u)" = 0 ]; then AS_SERVER=(runuser -u postgres --); fi

WORK="$(mktemp -d /tmp/cchc-pg.XXXXXX)"
chmod 700 "$WORK"
[ "$(id -u)" = 0 ] && chown postgres: "$WORK"
PGDATA="$WORK/data"
PASSWORD="$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"

stop_server() {
  if [ -f "$PGDATA/postmaster.pid" ]; then
    "${AS_SERVER[@]}" "$PG_BIN/pg_ctl" -D "$PGDATA" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
}
trap stop_server EXIT

# The superuser's password goes through a file only the server's user reads.
printf '%s\n' "$PASSWORD" > "$WORK/pwfile"
[ "$(id -u)" = 0 ] && chown postgres: "$WORK/pwfile"
chmod 600 "$WORK/pwfile"
# Vietnamese collation (ICU), as a deployment would create its database: text sorts as Vietnamese
# readers expect, so tests do not depend on SQLite's byte order.
"${AS_SERVER[@]}" "$PG_BIN/initdb" -D "$PGDATA" -U postgres --pwfile="$WORK/pwfile" --auth=scram-sha-256 \
  -E UTF8 --locale=C.UTF-8 --locale-provider=icu --icu-locale=vi >"$WORK/initdb.log" 2>&1 \
  || { cat "$WORK/initdb.log" >&2; exit 1; }
rm -f "$WORK/pwfile"
# A throwaway server: no fsync (its data dies with the run); durability is SQLite's tests' subject.
"${AS_SERVER[@]}" "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$WORK/server.log" -w -s start -o \
  "-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories='' -c max_connections=200 \
   -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  || { cat "$WORK/server.log" >&2; exit 1; }

# The tests' role may create databases (one per test, cloned from a migrated template), nothing more.
PGPASSWORD="$PASSWORD" "$PG_BIN/psql" -q -X -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U postgres -d postgres \
  -c "CREATE ROLE cchc LOGIN CREATEDB PASSWORD '$PASSWORD'" -c "CREATE DATABASE cchc OWNER cchc"

echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') trên 127.0.0.1:$PORT (thư mục tạm $WORK)"
export DATABASE_URL="postgresql://cchc:$PASSWORD@127.0.0.1:$PORT/cchc"
status=0
"$ROOT/scripts/test.sh" "$@" || status=$?
exit $status
