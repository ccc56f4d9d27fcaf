#!/bin/sh
# bench/solve/run.sh: `sroi solve` against LEMON's network simplex
# (`dimacs-solver`, Debian liblemon-utils) on proposal-round instances:
#
#   round-50k   50,000 candidates x  5,000 openings, unit square
#   round-200k 200,000 candidates x 20,000 openings, unit square
#   pc4-200k   200,000 candidates x 20,000 openings on the Dutch postcode
#              areas (data/pc4/pc4_centroids.csv), weighted by inhabitants
#
# For each: generates the instance (bench/solve/gen_round.c, deterministic),
# times both solvers as whole processes (reading included), checks that the
# costs are equal and that sroi's flow is feasible and costs what it says
# (bench/solve/check_flow.c), and prints wall times, peak memory and the
# ratio LEMON / sroi. Builds nothing: run it on a release build.
#
# Usage: bench/solve/run.sh [SROI_BIN]
# Environment: SROI_BIN (default build/sroi), GEN_ROUND and CHECK_FLOW
# (default: bench/gen_round and bench/check_flow beside SROI_BIN),
# LEMON_SOLVER (default dimacs-solver), BENCH_SOLVE_ONLY (names to run,
# e.g. "round-50k").
set -eu
cd "$(dirname "$0")/../.."
sroi=${1:-${SROI_BIN:-build/sroi}}
builddir=$(dirname "$sroi")
gen=${GEN_ROUND:-$builddir/bench/gen_round}
check=${CHECK_FLOW:-$builddir/bench/check_flow}
lemon=${LEMON_SOLVER:-dimacs-solver}
only=${BENCH_SOLVE_ONLY:-}
for tool in "$sroi" "$gen" "$check"; do
  [ -x "$tool" ] || { echo "bench/solve: $tool is missing (build first)" >&2; exit 1; }
done
command -v "$lemon" >/dev/null ||
  { echo "bench/solve: $lemon is missing (apt-get install liblemon-utils)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench/solve: /usr/bin/time is missing (apt-get install time)" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

printf '%-11s %9s %9s %9s %9s %7s %9s %9s\n' instance nodes arcs 'sroi s' 'lemon s' ratio 'sroi MB' 'lemon MB'
status=0
while read -r name args; do
  [ -z "$only" ] || case " $only " in *" $name "*) ;; *) continue ;; esac
  # shellcheck disable=SC2086 # args are words
  "$gen" $args -o "$tmp/$name.min"
  set -- $(sed -n 's/^p min \([0-9]*\) \([0-9]*\)$/\1 \2/p' "$tmp/$name.min")
  nodes=$1 arcs=$2
  /usr/bin/time -f '%e %M' -o "$tmp/sroi.time" "$sroi" solve "$tmp/$name.min" >"$tmp/$name.sol" ||
    { echo "$name: sroi solve failed" >&2; status=1; continue; }
  /usr/bin/time -f '%e %M' -o "$tmp/lemon.time" "$lemon" "$tmp/$name.min" >"$tmp/lemon.out" 2>&1 ||
    { echo "$name: $lemon failed" >&2; status=1; continue; }
  lemon_cost=$(sed -n 's/^Min flow cost: //p' "$tmp/lemon.out")
  sroi_cost=$(sed -n '1s/^s //p' "$tmp/$name.sol")
  if [ -z "$lemon_cost" ] || [ "$lemon_cost" != "$sroi_cost" ]; then
    echo "$name: costs differ: sroi $sroi_cost, LEMON ${lemon_cost:-none}" >&2
    status=1
    continue
  fi
  "$check" "$tmp/$name.min" "$tmp/$name.sol" "$lemon_cost" >/dev/null ||
    { echo "$name: sroi's flow fails the check" >&2; status=1; continue; }
  read -r st sm <"$tmp/sroi.time"
  read -r lt lm <"$tmp/lemon.time"
  printf '%-11s %9s %9s %9.2f %9.2f %6.2fx %9d %9d\n' "$name" "$nodes" "$arcs" \
    "$st" "$lt" "$(echo "$lt $st" | awk '{print ($2 > 0) ? $1 / $2 : 0}')" \
    $((sm / 1024)) $((lm / 1024))
  rm -f "$tmp/$name.min" "$tmp/$name.sol"
done <<EOF
round-50k -n 50000 -m 5000 -s 1
round-200k -n 200000 -m 20000 -s 1
pc4-200k -n 200000 -m 20000 -s 1 --pc4 data/pc4/pc4_centroids.csv --radius 25
EOF
[ $status -eq 0 ] && echo "equal optimal costs; sroi's flows feasible"
exit $status
