#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL 15 cluster: initdb in a temp dir, start on a free loopback port,
# export DATABASE_URL, run "$@", then stop the cluster and remove the directory whatever happened.
# postgres refuses to run as root, so as root the server runs as the `postgres` user (runuser).
set -euo pipefail

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
if [ ! -x "$PGBIN/initdb" ] || [ ! -x "$PGBIN/pg_ctl" ]; then
  echo "ERROR: PostgreSQL 15 binaries not found in $PGBIN." >&2
  echo "       Install them (apt-get install -y postgresql-15) or set PGBIN; the PostgreSQL tests are never skipped." >&2
  exit 3
fi

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

PGTMP=$(mktemp -d -t shortscience-pg.XXXXXX)
if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$PGTMP"; fi
cleanup() {
  as_pg "$PGBIN/pg_ctl" -D "$PGTMP/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PGTMP"
}
trap cleanup EXIT INT TERM

PGPORT=${PGPORT:-$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')}
as_pg "$PGBIN/initdb" -D "$PGTMP/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$PGTMP/initdb.log" 2>&1 \
  || { cat "$PGTMP/initdb.log" >&2; exit 1; }
as_pg "$PGBIN/pg_ctl" -D "$PGTMP/data" -l "$PGTMP/server.log" -w -t 30 \
  -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGTMP -c fsync=off -c synchronous_commit=off -c max_connections=200 ${PG_EXTRA_OPTS:-}" \
  start >/dev/null || { cat "$PGTMP/server.log" >&2; exit 1; }

export DATABASE_URL="postgres://postgres@127.0.0.1:$PGPORT/postgres"
export PGTMP PGPORT PGBIN
echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') running on 127.0.0.1:$PGPORT ($PGTMP)" >&2
set +e
"$@"
status=$?
exit $status
