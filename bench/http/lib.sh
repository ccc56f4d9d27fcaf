# bench/http/lib.sh: shared by bench/http/run.sh and bench/soak/run.sh
# (sourced, POSIX sh). Starts and stops a throwaway PostgreSQL cluster, a
# demo database on either store, `sroi serve`, and samples a process's
# memory and open files. Expects $work (a temporary directory), $ROOT and
# $SROI_BIN; registers what it starts in $pids for cleanup().

pids=""
pg_bindir=""
pg_dir=""

free_port() {
  /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

as_pg() {
  # PostgreSQL refuses to run as root: use the postgres system user then.
  if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi
}

# A PostgreSQL cluster with production settings (fsync on, unlike the test
# cluster); sets PG_URL.
start_pg() {
  pg_bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -x "$pg_bindir/initdb" ] || { echo "bench: PostgreSQL server binaries not found" >&2; exit 1; }
  pg_dir="$work/pg"
  mkdir -p "$pg_dir"
  chmod 755 "$work"
  [ "$(id -u)" -ne 0 ] || chown postgres "$pg_dir"
  pg_port=$(free_port)
  as_pg "'$pg_bindir/initdb' -D '$pg_dir/data' -U sroi --auth=trust -E UTF8 --locale=C.UTF-8" >"$work/initdb.log" 2>&1 ||
    { cat "$work/initdb.log" >&2; exit 1; }
  as_pg "'$pg_bindir/pg_ctl' -D '$pg_dir/data' -l '$pg_dir/server.log' -w -o \"-c listen_addresses=127.0.0.1 -p $pg_port -k '$pg_dir' -c max_connections=200\" start" >/dev/null ||
    { cat "$pg_dir/server.log" >&2; exit 1; }
  PG_URL="postgresql://sroi@127.0.0.1:$pg_port"
}

stop_pg() {
  [ -n "$pg_dir" ] || return 0
  as_pg "'$pg_bindir/pg_ctl' -D '$pg_dir/data' -m fast -w stop" >/dev/null 2>&1 || true
  pg_dir=""
}

cleanup() {
  for p in $pids; do kill "$p" 2>/dev/null || true; done
  for p in $pids; do wait "$p" 2>/dev/null || true; done
  stop_pg
  if [ -n "${keep_work:-}" ]; then echo "bench: logs kept in $work" >&2; else rm -rf "$work"; fi
}

# demo_db STORE: a demo database with a system administrator
# bench@example.org; sets DB (its --db value).
demo_db() {
  if [ "$1" = postgresql ]; then
    as_pg "'$pg_bindir/psql' '$PG_URL/postgres' -qc 'CREATE DATABASE sroi_bench'" >/dev/null
    DB="$PG_URL/sroi_bench"
    SROI_KEY_FILE="$work/pg.key" # sroi demo makes it
    export SROI_KEY_FILE
  else
    DB="$work/demo.db"
  fi
  "$SROI_BIN" demo --db "$DB" >"$work/demo-$1.log" 2>&1 || { cat "$work/demo-$1.log" >&2; exit 1; }
  echo "bench-password-1" | "$SROI_BIN" user add --db "$DB" --org '*' --role administrator \
    --email bench@example.org --password-stdin >/dev/null
}

# start_sroi STORE THREADS [FLAGS]: serves $DB (with more serve flags);
# sets SROI_PID and SROI_URL.
start_sroi() {
  port=$(free_port)
  # shellcheck disable=SC2086
  "$SROI_BIN" serve --db "$DB" --listen "127.0.0.1:$port" --threads "$2" ${3:-} >>"$work/serve-$1.log" 2>&1 &
  SROI_PID=$!
  pids="$pids $SROI_PID"
  SROI_URL="http://127.0.0.1:$port"
  i=0
  until curl -fs "$SROI_URL/api/v1/health" >/dev/null 2>&1; do
    i=$((i + 1))
    [ $i -lt 100 ] || { echo "bench: sroi serve did not start" >&2; cat "$work/serve-$1.log" >&2; exit 1; }
    sleep 0.1
  done
}

stop_sroi() {
  kill "$SROI_PID" 2>/dev/null || true
  wait "$SROI_PID" 2>/dev/null || true
}

# sample PID FILE: one line a second, "seconds rss_kib open_fds", until the
# process ends or the sampler is killed.
sample() {
  (
    t=0
    while kill -0 "$1" 2>/dev/null; do
      rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0)
      fds=$(ls "/proc/$1/fd" 2>/dev/null | wc -l)
      echo "$t ${rss:-0} $fds"
      t=$((t + 1))
      sleep 1
    done
  ) >"$2" &
  SAMPLER_PID=$!
  pids="$pids $SAMPLER_PID"
}

# wrk_figures FILE: "req_per_s p50 p99 non2xx socket_errors" from wrk's
# output (--latency).
wrk_figures() {
  awk '
    /Requests\/sec:/ { rps = $2 }
    /^ +50%/ { p50 = $2 }
    /^ +99%/ { p99 = $2 }
    /Non-2xx or 3xx responses:/ { bad = $NF }
    /Socket errors:/ { gsub(",", ""); err = $4 + $6 + $8 + $10 }
    END { printf "%s %s %s %d %d\n", rps, p50, p99, bad, err }
  ' "$1"
}

# rss_figures FILE: "start_mib end_mib max_mib fds_start fds_end fds_max"
rss_figures() {
  awk '
    NR == 1 { first = $2; ffirst = $3 }
    { last = $2; flast = $3; if ($2 > max) max = $2; if ($3 > fmax) fmax = $3 }
    END { printf "%.1f %.1f %.1f %d %d %d\n", first / 1024, last / 1024, max / 1024, ffirst, flast, fmax }
  ' "$1"
}
