#!/bin/sh
# bench/import/run.sh: imports N (default 1,000,000) synthetic candidate
# rows (real postcode areas and ESCO occupations, made-up people) into
# SQLite with `sroi import candidates` (full validation, one transaction),
# and the same file with sqlite3's own `.import` into a plain table, in the
# same run; prints both times and their ratio (the goal: sroi within 3x).
# Uses a release build: SROI_BIN, or build-bench/sroi (made when missing).
set -eu
cd "$(dirname "$0")/../.."
N="${1:-1000000}"
if [ -z "${SROI_BIN:-}" ]; then
  [ -d build-bench ] || meson setup build-bench --buildtype=release >/dev/null
  ninja -C build-bench sroi >/dev/null
  SROI_BIN="$PWD/build-bench/sroi"
fi
command -v sqlite3 >/dev/null || { echo "bench/import needs sqlite3" >&2; exit 1; }
DIR="$(mktemp -d "${TMPDIR:-/tmp}/sroi-bench-import.XXXXXX")"
trap 'rm -rf "$DIR"' EXIT
python3 bench/import/make_candidates.py "$N" "$DIR/candidates.csv"
SIZE=$(wc -c < "$DIR/candidates.csv")

now() { date +%s.%N; }

"$SROI_BIN" init --db "$DIR/sroi.db" >/dev/null
"$SROI_BIN" org add --db "$DIR/sroi.db" --code GM0518 --name "'s-Gravenhage" --kind municipality >/dev/null
t0=$(now)
/usr/bin/time -f "%M" -o "$DIR/rss" "$SROI_BIN" import candidates "$DIR/candidates.csv" --db "$DIR/sroi.db" --org GM0518 >"$DIR/sroi.out"
t1=$(now)
t2=$(now)
sqlite3 "$DIR/plain.db" ".mode csv" ".import $DIR/candidates.csv candidates"
t3=$(now)
ROWS=$(sqlite3 "$DIR/sroi.db" "SELECT count(*) FROM candidates")
PLAIN=$(sqlite3 "$DIR/plain.db" "SELECT count(*) FROM candidates")
awk -v n="$N" -v size="$SIZE" -v a="$t0" -v b="$t1" -v c="$t2" -v d="$t3" -v rows="$ROWS" \
    -v plain="$PLAIN" -v rss="$(cat "$DIR/rss")" 'BEGIN {
  s = b - a; q = d - c;
  printf "rows: %d (%.0f MB CSV)\n", n, size / 1e6;
  printf "sroi import candidates: %.2f s (%d rows stored, %.0f rows/s, max RSS %.0f MB)\n", s, rows, n / s, rss / 1024;
  printf "sqlite3 .import:        %.2f s (%d rows stored)\n", q, plain;
  printf "ratio: %.2fx\n", s / q;
}'
cat "$DIR/sroi.out"
