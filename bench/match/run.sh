#!/bin/sh
# bench/match/run.sh: the matching benchmark of issue 4 on `sroi demo
# --scale national` (400,000 candidates, 50,000 openings):
#
#   1. the national round end to end: `sroi match --all --timing` (every
#      region that shares its candidates and every organisation outside one,
#      loaded, indexed, paired and scored, solved exactly and stored), its
#      wall-clock time and peak memory (/usr/bin/time -v);
#   2. bench_match (bench/match/bench_match.c): the whole installation as one
#      pool, shortlist latency p50/p99 over 1,000 random openings, and a
#      whole-country round over that one pool as a stress test of the engine.
#
# Goals: national round within 30 s, peak memory under 4 GiB, shortlist p99
# under 20 ms. A benchmark, not a test: it prints whether each goal is met.
#
# usage: SROI_BIN=build-bench/sroi sh bench/match/run.sh [WORKDIR]
# The demo database is made once in WORKDIR (default /tmp/sroi-bench-match)
# and reused; each run stores its round in a copy.
set -eu
cd "$(dirname "$0")/../.."
SROI="${SROI_BIN:-$PWD/build-bench/sroi}"
BENCH="${BENCH_MATCH_BIN:-$(dirname "$SROI")/bench/bench_match}"
WORK="${1:-${TMPDIR:-/tmp}/sroi-bench-match}"
mkdir -p "$WORK"
DB="$WORK/national.db"

echo "== bench/match on $(nproc) processors, load average $(cut -d' ' -f1-3 /proc/loadavg)"
if [ ! -f "$DB" ]; then
	rm -f "$DB.key" "$DB-wal" "$DB-shm"
	/usr/bin/time -f "sroi demo --scale national: %e s, peak %M KiB" \
		"$SROI" demo --db "$DB" --scale national >/dev/null
fi
"$SROI" migrate --db "$DB" >/dev/null

# Seconds from /usr/bin/time -v's "Elapsed (wall clock) time": [h:]m:ss.ss
elapsed_seconds() {
	sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$1" |
		awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s }'
}
peak_kib() {
	sed -n 's/.*Maximum resident set size (kbytes): //p' "$1"
}

echo "== the national round: sroi match --all (stored)"
rm -f "$WORK/round.db" "$WORK/round.db-wal" "$WORK/round.db-shm"
cp "$DB" "$WORK/round.db"
cp "$DB.key" "$WORK/round.db.key"
/usr/bin/time -v "$SROI" match --db "$WORK/round.db" --all --timing \
	>"$WORK/match.out" 2>"$WORK/match.err" || {
	cat "$WORK/match.err"
	exit 1
}
tail -n 1 "$WORK/match.out"
grep '^timing total' "$WORK/match.err"
round_s=$(elapsed_seconds "$WORK/match.err")
round_kib=$(peak_kib "$WORK/match.err")
echo "national round: ${round_s} s end to end, peak memory ${round_kib} KiB"

echo "== the engine: one national pool, shortlists, whole-country round (bench_match)"
/usr/bin/time -v "$BENCH" "$DB" 1000 >"$WORK/bench.out" 2>"$WORK/bench.err" || {
	cat "$WORK/bench.err"
	exit 1
}
cat "$WORK/bench.out"
echo "bench_match: $(elapsed_seconds "$WORK/bench.err") s, peak memory $(peak_kib "$WORK/bench.err") KiB"
p99=$(sed -n 's/.*p99 \([0-9.]*\) ms.*/\1/p' "$WORK/bench.out")

verdict() { # name value limit unit
	if awk -v v="$2" -v l="$3" 'BEGIN { exit !(v + 0 < l + 0) }'; then
		echo "goal $1: $2 $4 < $3 $4: met"
	else
		echo "goal $1: $2 $4, limit $3 $4: NOT met"
	fi
}
echo "== goals"
verdict "national round" "$round_s" 30 s
verdict "peak memory" "$round_kib" 4194304 KiB
verdict "shortlist p99" "$p99" 20 ms
