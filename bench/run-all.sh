#!/bin/sh
# Runs every benchmark (bench/*/run.sh) against $SROI_BIN (a release build).
# Each prints its figures beside a reference run in the same script.
set -u
cd "$(dirname "$0")/.."
: "${SROI_BIN:=$PWD/build-bench/sroi}"
export SROI_BIN
status=0
for run in bench/solve/run.sh bench/match/run.sh bench/http/run.sh bench/import/run.sh; do
  [ -f "$run" ] || continue
  echo "== $run"
  sh "$run" || { echo "$run failed" >&2; status=1; }
done
exit $status
