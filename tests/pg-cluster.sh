#!/bin/sh
# Starts a throwaway PostgreSQL cluster on 127.0.0.1 in a temporary directory,
# runs the given command with SROI_PG_URL pointing at it, and stops and
# removes the cluster afterwards, also when the command fails.
# Usage: tests/pg-cluster.sh COMMAND [ARGS...]
set -eu
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$bindir/initdb" ] || { echo "pg-cluster: PostgreSQL server binaries not found" >&2; exit 1; }
dir=$(mktemp -d /tmp/sroi-pg.XXXXXX)
chmod 755 "$dir"
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
as_pg() {
  # PostgreSQL refuses to run as root: use the postgres system user then.
  if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi
}
if [ "$(id -u)" -eq 0 ]; then chown postgres "$dir"; fi
cleanup() {
  as_pg "'$bindir/pg_ctl' -D '$dir/data' -m immediate stop" >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT INT TERM
as_pg "'$bindir/initdb' -D '$dir/data' -U sroi --auth=trust -E UTF8 --locale=C.UTF-8" >"$dir/initdb.log" 2>&1 ||
  { cat "$dir/initdb.log" >&2; exit 1; }
as_pg "'$bindir/pg_ctl' -D '$dir/data' -l '$dir/server.log' -w -o \"-c listen_addresses=127.0.0.1 -p $port -k '$dir' -c fsync=off -c max_connections=200\" start" >/dev/null ||
  { cat "$dir/server.log" >&2; exit 1; }
export SROI_PG_URL="postgresql://sroi@127.0.0.1:$port/postgres"
export SROI_PG_BINDIR="$bindir"
export SROI_PG_DATADIR="$dir/data"
status=0
"$@" || status=$?
exit $status
