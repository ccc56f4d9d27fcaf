#!/bin/sh
# bench/http/run.sh: HTTP load on `sroi serve` with wrk over loopback, on the
# demo database (`sroi demo`), on SQLite and on PostgreSQL: a read mix
# (contract list, contract summary, shortlist: read.lua) and a write mix
# (report and accept realisations: write.lua). Prints requests per second
# and p50/p99 latency beside the same wrk run against nginx serving the
# contract list's JSON as a static file (the ceiling of this machine), and
# sroi's memory (RSS) and open files sampled every second of each run.
#
# Uses a release build ($SROI_BIN, else build-bench/sroi, made when
# missing). Settings (environment): SROI_BENCH_SECONDS (15 per run),
# SROI_BENCH_CONNECTIONS (32), SROI_BENCH_WRK_THREADS (2),
# SROI_BENCH_THREADS (sroi serve --threads, 4), SROI_BENCH_STORES
# ("sqlite postgresql"), SROI_BENCH_ROUTES (1: also each read route alone
# for 5 s, to show where the read mix spends its time; 0: not).
set -eu
cd "$(dirname "$0")/../.."
ROOT=$PWD
if [ -z "${SROI_BIN:-}" ]; then
  SROI_BIN=$ROOT/build-bench/sroi
  [ -f build-bench/build.ninja ] || meson setup build-bench --buildtype=release >/dev/null
  ninja -C build-bench sroi >/dev/null
fi
for tool in wrk nginx curl; do
  command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] ||
    { echo "bench: $tool is missing (sh tools/install-deps.sh bench)" >&2; exit 1; }
done
seconds=${SROI_BENCH_SECONDS:-15}
conns=${SROI_BENCH_CONNECTIONS:-32}
wrk_threads=${SROI_BENCH_WRK_THREADS:-2}
serve_threads=${SROI_BENCH_THREADS:-4}
stores=${SROI_BENCH_STORES:-"sqlite postgresql"}

work=$(mktemp -d /tmp/sroi-bench-http.XXXXXX)
chmod 755 "$work"
. "$ROOT/bench/http/lib.sh"
trap cleanup EXIT
trap 'exit 1' INT TERM
results="$work/results"
: >"$results"

wrk_run() { # LABEL URL [SCRIPT]
  out="$work/wrk-$(echo "$1" | tr ' /' '__').txt"
  if [ -n "${3:-}" ]; then
    wrk -t"$wrk_threads" -c"$conns" -d"${seconds}s" --latency -s "$3" "$2" >"$out" 2>&1
  else
    wrk -t"$wrk_threads" -c"$conns" -d"${seconds}s" --latency "$2" >"$out" 2>&1
  fi
  echo "$1|$(wrk_figures "$out")|${4:-}" >>"$results"
}

echo "== sroi HTTP load: wrk -t$wrk_threads -c$conns -d${seconds}s, sroi serve --threads $serve_threads, $(nproc) CPUs"
nginx_started=""
for store in $stores; do
  [ "$store" != postgresql ] || start_pg
  demo_db "$store"
  start_sroi "$store" "$serve_threads"
  eval "$(/usr/bin/python3 "$ROOT/bench/http/prepare.py" "$SROI_URL" bench@example.org bench-password-1 \
    "$work/contracts.json")"
  export SROI_TOKEN SROI_CONTRACTS SROI_OPENINGS SROI_WRITE_CONTRACTS SROI_WRITE_DATES SROI_WRITE_ORG

  if [ -z "$nginx_started" ]; then
    # The ceiling: nginx serves the same contract list as a file.
    mkdir -p "$work/static" "$work/nginx"
    cp "$work/contracts.json" "$work/static/contracts.json"
    chmod 755 "$work/static"
    chmod 644 "$work/static/contracts.json"
    nginx_port=$(free_port)
    cat >"$work/nginx/nginx.conf" <<EOF
worker_processes auto;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  server {
    listen 127.0.0.1:$nginx_port;
    location / { root $work/static; default_type application/json; }
  }
}
EOF
    nginx -e "$work/nginx/error.log" -p "$work/nginx" -c "$work/nginx/nginx.conf" &
    pids="$pids $!"
    nginx_started=1
    i=0
    until curl -fs "http://127.0.0.1:$nginx_port/contracts.json" >/dev/null 2>&1; do
      i=$((i + 1)); [ $i -lt 100 ] || { echo "bench: nginx did not start" >&2; exit 1; }; sleep 0.1
    done
    wrk_run "nginx static JSON" "http://127.0.0.1:$nginx_port/contracts.json"
  fi

  # Warm up (connections, caches), then the measured runs.
  wrk -t"$wrk_threads" -c"$conns" -d3s -s "$ROOT/bench/http/read.lua" "$SROI_URL" >/dev/null 2>&1
  for mix in read write; do
    sample "$SROI_PID" "$work/rss-$store-$mix.txt"
    wrk_run "sroi $store $mix mix" "$SROI_URL" "$ROOT/bench/http/$mix.lua" "$work/rss-$store-$mix.txt"
    kill "$SAMPLER_PID" 2>/dev/null || true
  done
  # Where the read mix spends its time: each route alone, briefly.
  if [ "${SROI_BENCH_ROUTES:-1}" = 1 ]; then
    first_contract=${SROI_CONTRACTS%%,*}
    first_opening=${SROI_OPENINGS%%,*}
    for route in "contract list|/api/v1/contracts?limit=20" \
                 "summary|/api/v1/contracts/$first_contract/summary" \
                 "shortlist|/api/v1/openings/$first_opening/shortlist?k=10"; do
      SROI_ROUTE=${route#*|} seconds_saved=$seconds
      export SROI_ROUTE
      seconds=5
      wrk_run "  $store ${route%%|*}" "$SROI_URL" "$ROOT/bench/http/route.lua"
      seconds=$seconds_saved
    done
  fi
  stop_sroi
  # The read mix again without the response cache: every request runs its
  # handler (what a read costs when the data has just changed).
  start_sroi "$store" "$serve_threads" "--cache-mb 0"
  wrk -t"$wrk_threads" -c"$conns" -d3s -s "$ROOT/bench/http/read.lua" "$SROI_URL" >/dev/null 2>&1
  sample "$SROI_PID" "$work/rss-$store-uncached.txt"
  wrk_run "sroi $store read, no cache" "$SROI_URL" "$ROOT/bench/http/read.lua" "$work/rss-$store-uncached.txt"
  kill "$SAMPLER_PID" 2>/dev/null || true
  stop_sroi
  [ "$store" != postgresql ] || stop_pg
done

echo
printf '%-28s %10s %9s %9s %8s %7s  %s\n' run "req/s" p50 p99 non-2xx errors "RSS MiB start/end/max, open files start/end/max"
ceiling=$(awk -F'|' '/^nginx/ { split($2, f, " "); print f[1] }' "$results")
while IFS='|' read -r label figures rss; do
  set -- $figures
  mem=""
  if [ -n "$rss" ]; then
    set -- $figures $(rss_figures "$rss")
    mem=$(printf '%s/%s/%s, %s/%s/%s' "$6" "$7" "$8" "$9" "${10}" "${11}")
  fi
  share=""
  case "$label" in *read*) share=$(awk -v a="$1" -v b="$ceiling" 'BEGIN { printf "(%.0f%% of nginx)", 100 * a / b }') ;; esac
  printf '%-28s %10s %9s %9s %8s %7s  %s %s\n' "$label" "$1" "$2" "$3" "$4" "$5" "$mem" "$share"
done <"$results"
bad=$(awk -F'|' '{ split($2, f, " "); if (f[4] + f[5] > 0) n++ } END { print n + 0 }' "$results")
if [ "$bad" -ne 0 ]; then
  echo "bench: $bad run(s) had errors or non-2xx answers" >&2
  keep_work=1
  exit 1
fi
