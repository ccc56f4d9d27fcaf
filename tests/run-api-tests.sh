#!/bin/sh
# Runs the API tests (pytest) against the real binary ($SROI_BIN) on a
# temporary database.
set -eu
cd "$(dirname "$0")/.."
: "${SROI_BIN:=$PWD/build-test/sroi}"
export SROI_BIN
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
exec "$PY" -m pytest -q -p no:cacheprovider tests/api "$@"
