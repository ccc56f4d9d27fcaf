#!/bin/sh
# bench/soak/run.sh (`make soak`): ten minutes of mixed load (reads and
# writes, bench/soak/mixed.lua) with 64 connections on `sroi serve` over the
# demo database, then checks that no request failed and that neither
# memory (RSS) nor open files grew: the median RSS of the last minute may
# exceed that of the second minute (after warm-up) by at most 10% or
# 4 MiB, whichever is more, and the open files may not exceed those after
# warm-up. Exit 1 when a check fails.
#
# Settings (environment): SROI_SOAK_SECONDS (600), SROI_SOAK_CONNECTIONS
# (64), SROI_SOAK_STORE (sqlite or postgresql; sqlite), SROI_BENCH_THREADS
# (sroi serve --threads, 4); $SROI_BIN (else build-bench/sroi, a release
# build made when missing).
set -eu
cd "$(dirname "$0")/../.."
ROOT=$PWD
if [ -z "${SROI_BIN:-}" ]; then
  SROI_BIN=$ROOT/build-bench/sroi
  [ -f build-bench/build.ninja ] || meson setup build-bench --buildtype=release >/dev/null
  ninja -C build-bench sroi >/dev/null
fi
command -v wrk >/dev/null || { echo "soak: wrk is missing (sh tools/install-deps.sh bench)" >&2; exit 1; }
seconds=${SROI_SOAK_SECONDS:-600}
conns=${SROI_SOAK_CONNECTIONS:-64}
store=${SROI_SOAK_STORE:-sqlite}
threads=${SROI_BENCH_THREADS:-4}
[ "$seconds" -ge 180 ] || { echo "soak: SROI_SOAK_SECONDS must be at least 180" >&2; exit 2; }

work=$(mktemp -d /tmp/sroi-soak.XXXXXX)
chmod 755 "$work"
. "$ROOT/bench/http/lib.sh"
trap cleanup EXIT
trap 'exit 1' INT TERM

[ "$store" != postgresql ] || start_pg
demo_db "$store"
start_sroi "$store" "$threads"
eval "$(/usr/bin/python3 "$ROOT/bench/http/prepare.py" "$SROI_URL" bench@example.org bench-password-1 \
  "$work/contracts.json")"
export SROI_TOKEN SROI_CONTRACTS SROI_OPENINGS SROI_WRITE_CONTRACTS SROI_WRITE_DATES SROI_WRITE_ORG

echo "== soak: $seconds s of mixed load, $conns connections, $store, sroi serve --threads $threads"
sample "$SROI_PID" "$work/samples.txt"
wrk -t2 -c"$conns" -d"${seconds}s" --timeout 10s --latency -s "$ROOT/bench/soak/mixed.lua" "$SROI_URL" \
  >"$work/wrk.txt" 2>&1
kill "$SAMPLER_PID" 2>/dev/null || true
set -- $(wrk_figures "$work/wrk.txt")
rps=$1 p50=$2 p99=$3 bad=$4 errors=$5
requests=$(awk '/requests in/ { print $1 }' "$work/wrk.txt")

# Medians of RSS over the second and the last minute; open files.
verdict=$(awk -v last="$seconds" '
  function median(a, n,   i, j, t) {
    for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
    return n ? a[int((n + 1) / 2)] : 0
  }
  $1 >= 60 && $1 < 120 { early[++ne] = $2; if ($3 > fds_warm) fds_warm = $3 }
  $1 >= last - 60 && $1 < last { late[++nl] = $2 }
  $1 >= 120 && $1 < last { if ($3 > fds_max) fds_max = $3 }
  END {
    e = median(early, ne) / 1024; l = median(late, nl) / 1024
    allowed = e * 0.10; if (allowed < 4) allowed = 4
    printf "%.1f %.1f %.1f %d %d %d\n", e, l, allowed, fds_warm, fds_max, (l - e <= allowed && fds_max <= fds_warm)
  }' "$work/samples.txt")
set -- $verdict
echo "requests: $requests ($rps/s), p50 $p50, p99 $p99, non-2xx $bad, socket errors $errors"
echo "RSS median MiB: second minute $1, last minute $2 (growth allowed $3)"
echo "open files: after warm-up $4, most after that $5"
status=0
[ "$bad" -eq 0 ] && [ "$errors" -eq 0 ] || { echo "soak: FAILED: requests failed" >&2; status=1; }
[ "$6" -eq 1 ] || { echo "soak: FAILED: memory or open files grew" >&2; status=1; }
[ $status -eq 0 ] && echo "soak: passed" || keep_work=1
exit $status
