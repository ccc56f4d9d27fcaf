#!/bin/sh
# Runs the API tests (pytest) against the real binary ($SROI_BIN): once on
# SQLite, then once more on a throwaway PostgreSQL cluster.
set -eu
cd "$(dirname "$0")/.."
: "${SROI_BIN:=$PWD/build-test/sroi}"
export SROI_BIN
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
echo "== API tests on SQLite"
SROI_TEST_BACKEND=sqlite "$PY" -m pytest -q -p no:cacheprovider tests/api "$@"
echo "== API tests on PostgreSQL"
SROI_TEST_BACKEND=postgresql sh tests/pg-cluster.sh "$PY" -m pytest -q -p no:cacheprovider tests/api "$@"
