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

"$SROI_BIN" init --db "$DIR/sroi.db" >/dev/null
"$SROI_BIN" org add --db "$DIR/sroi.db" --code GM0518 --name "'s-Gravenhage" --kind municipality >/dev/null
# wall, user, system seconds and peak memory (KiB) of each
/usr/bin/time -f "%e %U %S %M" -o "$DIR/sroi.time" \
  "$SROI_BIN" import candidates "$DIR/candidates.csv" --db "$DIR/sroi.db" --org GM0518 >"$DIR/sroi.out"
/usr/bin/time -f "%e %U %S %M" -o "$DIR/plain.time" \
  sqlite3 "$DIR/plain.db" ".mode csv" ".import $DIR/candidates.csv candidates"
ROWS=$(sqlite3 "$DIR/sroi.db" "SELECT count(*) FROM candidates")
PLAIN=$(sqlite3 "$DIR/plain.db" "SELECT count(*) FROM candidates")
read -r sw su ss sm < "$DIR/sroi.time"
read -r pw pu ps pm < "$DIR/plain.time"
awk -v n="$N" -v size="$SIZE" -v rows="$ROWS" -v plain="$PLAIN" \
    -v sw="$sw" -v su="$su" -v ss="$ss" -v sm="$sm" -v pw="$pw" -v pu="$pu" -v ps="$ps" -v pm="$pm" 'BEGIN {
  printf "rows: %d (%.0f MB CSV)\n", n, size / 1e6;
  printf "sroi import candidates: %.2f s wall, %.2f s CPU (%d rows stored, %.0f rows/s of CPU, peak %.0f MB)\n", sw, su + ss, rows, n / (su + ss), sm / 1024;
  printf "sqlite3 .import:        %.2f s wall, %.2f s CPU (%d rows stored, peak %.0f MB)\n", pw, pu + ps, plain, pm / 1024;
  printf "ratio: %.2fx wall, %.2fx CPU (goal: 3x)\n", sw / pw, (su + ss) / (pu + ps);
}'
cat "$DIR/sroi.out"
