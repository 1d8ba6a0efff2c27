# Scenario "overhead" (issue step 6): what Verigate adds to a start call, measured in one run on one machine
# against the same calls sent straight to the fast nginx stub and through a plain nginx reverse proxy (the floor
# for any proxy hop).
#
#   rates  open loop (lib/RateLoad.java): constant rates, latency from each request's intended send time, so a
#          stall shows as latency (no coordinated omission). Per rate the three targets run back to back; the
#          gateway's RSS is read at the end of each of its rates.
#   max    closed loop (wrk): maximum throughput per target at a few connection counts; Verigate's share of nginx's.
#
# Every request is a signed start (Sinch Application-signed) to a number no other request of the run uses, so
# Verigate's Redis limits (all four checks) allow each one; the stub and the proxy ignore auth and numbers.
# Parts: bench/run.sh overhead [rates] [max]     (default both)

OVERHEAD_RATES=${BENCH_RATES:-"250 500 1000 1500"}
OVERHEAD_RATE_SECONDS=${BENCH_RATE_SECONDS:-30}
OVERHEAD_RATE_WARMUP=${BENCH_RATE_WARMUP:-10}
OVERHEAD_RATE_CONNECTIONS=${BENCH_RATE_CONNECTIONS:-64}
OVERHEAD_RATE_RETRIES=${BENCH_RATE_RETRIES:-1}
OVERHEAD_MAX_CONNECTIONS=${BENCH_MAX_CONNECTIONS:-"16 64"}
OVERHEAD_TARGETS=${BENCH_TARGETS:-"direct proxy verigate"}
OVERHEAD_MAX_REQUESTS=${BENCH_REQUESTS:-120000}

# shellcheck source=/dev/null
. "$BENCH_DIR/lib/proxy.sh"
# shellcheck source=/dev/null
. "$BENCH_DIR/lib/rate.sh"

scenario_title() { echo "Verigate overhead and throughput benchmark"; }

target_url() {
  case "$1" in
    direct) echo "http://127.0.0.1:$STUB_PORT" ;;
    proxy) echo "$PROXY_URL" ;;
    verigate) echo "$GW_URL" ;;
    *) die "unknown target '$1' (direct, proxy, verigate)" ;;
  esac
}

overhead_pids() { echo "gateway=$GW_PID,redis=$REDIS_PID,stub=$NGINX_PID,proxy=$PROXY_PID"; }

# Foreign load (cores) of a finished case: from RateLoad's CPU line, or from the cpu.py snapshots around wrk.
case_other_cores() {
  local dir=$1
  if [ -f "$dir/rate.out" ]; then
    sed -n 's/^CPU .* other=\([0-9.]*\).*/\1/p' "$dir/rate.out" | head -n 1
  else
    python3 "$BENCH_DIR/lib/reports.py" other-cores "$dir" gateway redis stub proxy
  fi
}

# noisy_again DIR ATTEMPT RETRIES: true when the case should be measured again because of foreign load.
noisy_again() {
  local other
  other=$(case_other_cores "$1")
  awk -v f="${other:-0}" -v t="$BENCH_QUIET_CORES" 'BEGIN { exit !(f > t) }' || return 1
  if [ "$2" -gt "$3" ] || [ "$SECONDS" -ge "$BENCH_PATIENCE_UNTIL" ]; then
    log "$(basename "$1"): $other cores of foreign load; keeping this run (flagged)"
    return 1
  fi
  log "$(basename "$1"): other processes took $other cores during the run; measuring again"
  return 0
}

# rate_case TARGET RATE: warm-up and measured phase at RATE starts/s in one RateLoad run.
rate_case() {
  local target=$1 rate=$2 dir="$WORK/cases/rate-$2-$1" attempt=0 url count
  url=$(target_url "$target")
  count=$((rate * (OVERHEAD_RATE_WARMUP + OVERHEAD_RATE_SECONDS + 1)))
  mkdir -p "$dir"
  printf 'kind=rate\ntarget=%s\nrate=%s\nwarmup=%s\nduration=%s\nconnections=%s\n' "$target" "$rate" \
    "$OVERHEAD_RATE_WARMUP" "$OVERHEAD_RATE_SECONDS" "$OVERHEAD_RATE_CONNECTIONS" >"$dir/case"
  while :; do
    attempt=$((attempt + 1))
    sign "$dir/run.req" "$count" 0
    wait_quiet
    log "rate $rate/s -> $target: ${OVERHEAD_RATE_WARMUP}s warm-up + ${OVERHEAD_RATE_SECONDS}s measured, $OVERHEAD_RATE_CONNECTIONS connections"
    curl -fsS --max-time 5 "$(mgmt_url "$GW_URL")/q/metrics" >"$dir/metrics.before"
    rate_run "$url" "$dir/run.req" "$rate" "$OVERHEAD_RATE_WARMUP" "$OVERHEAD_RATE_SECONDS" \
      "$OVERHEAD_RATE_CONNECTIONS" "$dir/rate.out" "$(overhead_pids)"
    curl -fsS --max-time 5 "$(mgmt_url "$GW_URL")/q/metrics" >"$dir/metrics.after"
    [ "$target" = verigate ] && printf 'rss_kb=%s\n' "$(awk '/^VmRSS:/ { print $2 }' "/proc/$GW_PID/status")" >>"$dir/case"
    rm -f "$dir/run.req"
    log "rate $rate/s -> $target: $(grep '^RATE ' "$dir/rate.out" | cut -d' ' -f6-13)"
    noisy_again "$dir" "$attempt" "$OVERHEAD_RATE_RETRIES" || break
  done
  printf 'attempts=%s\n' "$attempt" >>"$dir/case"
  CASE_DIRS+=("$dir")
}

# max_case TARGET CONNECTIONS: closed-loop wrk, warm-up then measured run (like measure in lib/wrk.sh).
max_case() {
  local target=$1 conns=$2 dir="$WORK/cases/max-c$2-$1" attempt=0 url count
  url=$(target_url "$target")
  # Verigate needs a distinct number per request (its limits); the stub and the proxy may wrap around the file.
  count=$OVERHEAD_MAX_REQUESTS
  [ "$target" = verigate ] || count=60000
  mkdir -p "$dir"
  printf 'kind=max\ntarget=%s\nconnections=%s\nthreads=%s\nduration=%s\nwarmup=%s\n' "$target" "$conns" \
    "$((conns < BENCH_THREADS ? conns : BENCH_THREADS))" "$BENCH_DURATION" "$BENCH_WARMUP" >"$dir/case"
  while :; do
    attempt=$((attempt + 1))
    sign "$dir/warmup.req" $((count / 2)) 0
    sign "$dir/run.req" "$count" 0
    wait_quiet
    log "max -> $target: warm-up ${BENCH_WARMUP}s, then ${BENCH_DURATION}s with $conns connections"
    wrk_url_run "$url" "$dir/warmup.req" "$conns" "$BENCH_WARMUP" "$dir/warmup.out"
    sleep 1
    python3 "$BENCH_DIR/lib/cpu.py" gateway="$GW_PID" redis="$REDIS_PID" stub="$NGINX_PID" proxy="$PROXY_PID" >"$dir/cpu.before"
    wrk_url_run "$url" "$dir/run.req" "$conns" "$BENCH_DURATION" "$dir/wrk.out"
    python3 "$BENCH_DIR/lib/cpu.py" gateway="$GW_PID" redis="$REDIS_PID" stub="$NGINX_PID" proxy="$PROXY_PID" >"$dir/cpu.after"
    rm -f "$dir/warmup.req" "$dir/run.req"
    log "max -> $target c$conns: $(grep '^BENCH ' "$dir/wrk.out" | cut -d' ' -f2-8)"
    noisy_again "$dir" "$attempt" "$OVERHEAD_RATE_RETRIES" || break
  done
  printf 'attempts=%s\n' "$attempt" >>"$dir/case"
  CASE_DIRS+=("$dir")
  sleep 1  # let the last answers (and Verigate's ownership writes) land before the next case
}

scenario_main() {
  local parts=("$@") p rate conns target
  [ ${#parts[@]} -eq 0 ] && parts=(rates max)
  for p in "${parts[@]}"; do
    case "$p" in rates | max) ;; *) die "unknown part '$p' (rates, max)" ;; esac
  done
  start_redis
  start_stub
  start_proxy
  start_gateway
  build_rateload
  warm_gateway 16
  for p in "${parts[@]}"; do
    if [ "$p" = rates ]; then
      for rate in $OVERHEAD_RATES; do
        for target in $OVERHEAD_TARGETS; do rate_case "$target" "$rate"; done
      done
    else
      for conns in $OVERHEAD_MAX_CONNECTIONS; do
        for target in $OVERHEAD_TARGETS; do max_case "$target" "$conns"; done
      done
    fi
  done
}

scenario_report() {
  python3 "$BENCH_DIR/lib/reports.py" overhead "$(scenario_title)" "$1" "${CASE_DIRS[@]}" --log "$WORK/gateway.log"
}
