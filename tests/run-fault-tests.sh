#!/bin/sh
# Runs the fault tests (tests/faults: kill -9 under load, PostgreSQL stopped
# and started, a full disk, a read-only file, allocation failures, two
# servers on one database, Citus readiness) against the real binary
# ($SROI_BIN, a sanitized build whose build directory also holds
# tests/faults/libfailmalloc.so), inside a throwaway PostgreSQL cluster.
# Run as root to include the full-disk test (it mounts a 2 MiB tmpfs).
set -eu
cd "$(dirname "$0")/.."
: "${SROI_BIN:=$PWD/build-test/sroi}"
export SROI_BIN
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
echo "== fault tests (SQLite and PostgreSQL)"
sh tests/pg-cluster.sh "$PY" -m pytest -q -p no:cacheprovider -rs tests/faults "$@"
