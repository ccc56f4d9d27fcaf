#!/bin/sh
# bench/values/run.sh: does a write cost more on a contract with many
# realisations? Each write values its contract again (the maximum counting
# period and double counting run over a candidate's realisations); this
# measures report + accept of a training and of a hire, and the contract
# summary, on a contract with N realisations (default 5,000) beside the same
# requests on a contract with 10, in the same run, on SQLite and on
# PostgreSQL (bench/values/writes.py). The ratio large/small is the figure:
# close to 1x means writes do not slow down as a contract grows.
#
# Uses a release build ($SROI_BIN, else build-bench/sroi, made when
# missing). Settings (environment): SROI_BENCH_REALISATIONS (5000),
# SROI_BENCH_ROUNDS (40), SROI_BENCH_STORES ("sqlite postgresql").
set -eu
cd "$(dirname "$0")/../.."
ROOT=$PWD
if [ -z "${SROI_BIN:-}" ]; then
  SROI_BIN=$ROOT/build-bench/sroi
  [ -f build-bench/build.ninja ] || meson setup build-bench --buildtype=release >/dev/null
  ninja -C build-bench sroi >/dev/null
fi
n=${SROI_BENCH_REALISATIONS:-5000}
rounds=${SROI_BENCH_ROUNDS:-40}
stores=${SROI_BENCH_STORES:-"sqlite postgresql"}

work=$(mktemp -d /tmp/sroi-bench-values.XXXXXX)
chmod 755 "$work"
. "$ROOT/bench/http/lib.sh"
trap cleanup EXIT
trap 'exit 1' INT TERM

for store in $stores; do
  echo "== $store: a contract with $n realisations against one with 10 (sroi serve --threads 2)"
  if [ "$store" = postgresql ]; then
    start_pg
    as_pg "'$pg_bindir/psql' '$PG_URL/postgres' -qc 'CREATE DATABASE sroi_values'" >/dev/null
    DB="$PG_URL/sroi_values"
    SROI_KEY_FILE="$work/pg.key"
    export SROI_KEY_FILE
  else
    DB="$work/values.db"
  fi
  "$SROI_BIN" init --db "$DB" >/dev/null
  echo "bench-password-1" | "$SROI_BIN" user add --db "$DB" --org '*' --role administrator \
    --email bench@example.org --password-stdin >/dev/null
  start_sroi "$store" 2
  SROI_BENCH_PSQL=$([ "$store" != postgresql ] || echo "$pg_bindir/psql") \
  /usr/bin/python3 "$ROOT/bench/values/writes.py" "$SROI_URL" bench@example.org bench-password-1 \
    "$SROI_BIN" "$DB" "$work" "$n" "$rounds"
  stop_sroi
  [ "$store" != postgresql ] || stop_pg
done
