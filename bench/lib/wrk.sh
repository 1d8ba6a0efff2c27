# Runs of wrk and the snapshots around them.

BENCH_WARMUP=${BENCH_WARMUP:-5}       # seconds of warm-up before each measured run (its numbers are not reused)
BENCH_DURATION=${BENCH_DURATION:-10}  # seconds of each measured run
BENCH_THREADS=${BENCH_THREADS:-2}
BENCH_JIT_WARMUP=${BENCH_JIT_WARMUP:-60}      # at most this many seconds of JIT warm-up after boot (0: none)
BENCH_JIT_REQUESTS=${BENCH_JIT_REQUESTS:-30000}  # ... or until this many requests were answered

# Numbers are handed out once per harness run: no measured run ever meets a number an earlier run used.
NEXT_NUMBER=1000000
take_numbers() { ALLOC_FIRST=$NEXT_NUMBER; NEXT_NUMBER=$((NEXT_NUMBER + $1)); }

# sign FILE COUNT CYCLE: COUNT signed requests on fresh numbers (CYCLE > 0: only CYCLE distinct numbers).
sign() {
  local out=$1 count=$2 cycle=$3
  take_numbers $((cycle > 0 ? cycle : count))
  python3 "$BENCH_DIR/lib/sign_requests.py" --key "$BENCH_APP_KEY" --secret "$BENCH_APP_SECRET" \
    --first "$ALLOC_FIRST" --count "$count" --cycle "$cycle" --out "$out"
}

# wrk_run REQUESTS_FILE CONNECTIONS SECONDS OUT: one bounded wrk run against the gateway's start endpoint.
wrk_run() { wrk_url_run "$GW_URL" "$@"; }

# wrk_url_run URL REQUESTS_FILE CONNECTIONS SECONDS OUT: the same against any base URL (the stub, a proxy).
wrk_url_run() {
  local url=$1 file=$2 conns=$3 secs=$4 out=$5 threads=$BENCH_THREADS
  [ "$conns" -lt "$threads" ] && threads=$conns
  local rc=0 TIMEFORMAT='%3U %3S'
  # bash's time: wrk's own CPU (user, system seconds), for the report's CPU split.
  { time timeout --kill-after=5 $((secs + 30)) wrk -t"$threads" -c"$conns" -d"${secs}s" --timeout 5s --latency \
    -s "$BENCH_DIR/lib/replay.lua" "$url/verification/v1/verifications" -- "$file" "$threads" >"$out" 2>&1 \
    || rc=$?; } 2>"$out.cpu"
  [ "$rc" -eq 0 ] || { cat "$out" >&2; die "wrk failed ($rc)"; }
  grep -q '^BENCH ' "$out" || { cat "$out" >&2; die "wrk printed no BENCH line"; }
}

# warm_gateway CONNECTIONS: unmeasured runs of distinct starts after boot, so that the JIT has compiled the path:
# 5 s runs until BENCH_JIT_REQUESTS requests were answered, BENCH_JIT_WARMUP seconds at most.
warm_gateway() {
  [ "$BENCH_JIT_WARMUP" -gt 0 ] || return 0
  mkdir -p "$WORK/jit"
  local total=0 n=0 start=$SECONDS got
  log "JIT warm-up: distinct starts with $1 connections until $BENCH_JIT_REQUESTS answered (at most ${BENCH_JIT_WARMUP}s; not measured)"
  while [ "$total" -lt "$BENCH_JIT_REQUESTS" ] && [ $((SECONDS - start)) -lt "$BENCH_JIT_WARMUP" ]; do
    n=$((n + 1))
    sign "$WORK/jit/warmup.req" 40000 0
    wrk_run "$WORK/jit/warmup.req" "$1" 5 "$WORK/jit/warmup-$n.out"
    got=$(sed -n 's/^BENCH requests=\([0-9]*\) .*/\1/p' "$WORK/jit/warmup-$n.out")
    total=$((total + ${got:-0}))
  done
  rm -f "$WORK/jit/warmup.req"
  log "JIT warm-up: $total requests in $((SECONDS - start))s; last run: $(sed -n 's/^BENCH //p' "$WORK/jit/warmup-$n.out" | cut -d' ' -f1-6)"
}

cpu_snapshot() {
  python3 "$BENCH_DIR/lib/cpu.py" gateway="$GW_PID" redis="$REDIS_PID" nginx="$NGINX_PID" >"$1"
}

# measure NAME CONNECTIONS COUNT CYCLE: warm-up run, snapshots, measured run, snapshots, into $WORK/cases/NAME.
# When other processes took more than BENCH_QUIET_CORES cores during the measured run, the case is measured again
# (fresh numbers, new warm-up), at most BENCH_NOISY_RETRIES more times; the report flags a run that stayed noisy.
# Waiting and retrying stop at BENCH_PATIENCE_UNTIL (set by run.sh: two thirds into the time budget), so that the
# remaining cases still fit in it.
BENCH_NOISY_RETRIES=${BENCH_NOISY_RETRIES:-3}
BENCH_PATIENCE_UNTIL=${BENCH_PATIENCE_UNTIL:-$((SECONDS + 600))}
measure() {
  local name=$1 conns=$2 count=$3 cycle=$4 dir="$WORK/cases/$1" attempt=0 other
  mkdir -p "$dir"
  printf 'case=%s\nconnections=%s\nthreads=%s\nduration=%s\ncycle=%s\n' \
    "$name" "$conns" "$((conns < BENCH_THREADS ? conns : BENCH_THREADS))" "$BENCH_DURATION" "$cycle" >"$dir/case"
  while :; do
    attempt=$((attempt + 1))
    # Both request files are signed now, right before the runs, so their x-timestamp is fresh.
    sign "$dir/warmup.req" $((count / 2)) "$cycle"
    sign "$dir/run.req" "$count" "$cycle"
    wait_quiet
    log "$name: warm-up ${BENCH_WARMUP}s, then ${BENCH_DURATION}s with $conns connections"
    wrk_run "$dir/warmup.req" "$conns" "$BENCH_WARMUP" "$dir/warmup.out"
    sleep 1  # let the last warm-up answers (and their ownership writes) land before the snapshot
    redis_snapshot "$dir/redis.before"
    gateway_metrics "$dir/metrics.before"
    cpu_snapshot "$dir/cpu.before"
    wrk_run "$dir/run.req" "$conns" "$BENCH_DURATION" "$dir/wrk.out"
    cpu_snapshot "$dir/cpu.after"
    sleep 1
    redis_snapshot "$dir/redis.after"
    gateway_metrics "$dir/metrics.after"
    rm -f "$dir/warmup.req" "$dir/run.req"
    log "$name: $(grep '^BENCH ' "$dir/wrk.out" | sed 's/^BENCH //')"
    other=$(python3 "$BENCH_DIR/lib/reports.py" other-cores "$dir")
    awk -v f="$other" -v t="$BENCH_QUIET_CORES" 'BEGIN { exit !(f > t) }' || break
    if [ "$attempt" -gt "$BENCH_NOISY_RETRIES" ] || [ "$SECONDS" -ge "$BENCH_PATIENCE_UNTIL" ]; then
      log "$name: $other cores of foreign load; keeping this run (flagged)"
      break
    fi
    log "$name: other processes took $other cores during the run; measuring again ($attempt/$BENCH_NOISY_RETRIES)"
  done
  printf 'attempts=%s\n' "$attempt" >>"$dir/case"
}

# wait_quiet: before a measured run, wait (at most BENCH_QUIET_WAIT seconds) until processes outside the benchmark
# use less than BENCH_QUIET_CORES cores, sampled over 2 s. A shared machine (another build, a test suite) would
# otherwise take CPU from the gateway; the report still shows, per run, how much went elsewhere.
BENCH_QUIET_WAIT=${BENCH_QUIET_WAIT:-60}
BENCH_QUIET_CORES=${BENCH_QUIET_CORES:-0.15}
wait_quiet() {
  local deadline=$((SECONDS + BENCH_QUIET_WAIT)) foreign said=""
  [ "$deadline" -le "$BENCH_PATIENCE_UNTIL" ] || deadline=$BENCH_PATIENCE_UNTIL
  while :; do
    foreign=$(python3 "$BENCH_DIR/lib/cpu.py" --foreign 2 gateway="$GW_PID" redis="$REDIS_PID" nginx="$NGINX_PID")
    awk -v f="$foreign" -v t="$BENCH_QUIET_CORES" 'BEGIN { exit !(f < t) }' && return 0
    if [ "$SECONDS" -ge "$deadline" ]; then
      log "other processes still use $foreign cores; measuring anyway (the report flags the run)"
      return 0
    fi
    [ -z "$said" ] && log "waiting for a quiet machine: other processes use $foreign cores (up to ${BENCH_QUIET_WAIT}s)"
    said=1
  done
}
