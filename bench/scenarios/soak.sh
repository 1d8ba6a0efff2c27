# Scenario "soak" (issue step 6): a constant rate of starts through Verigate for BENCH_SOAK_SECONDS (600), every one
# to a new number, while the harness samples every BENCH_SOAK_SAMPLE seconds the gateway's heap (and, every
# BENCH_SOAK_GC_EVERY samples, the heap right after a forced full GC: the live set), its RSS, threads and open
# files, Redis's used memory and key count, and the errors. The report gives start/end/max and a verdict on the
# slope of the live heap and of the RSS over the last 8 minutes.
#
# Redis grows by design: every start writes ownership records that live verigate.ownership.ttl (24 h) and number
# buckets/cooldowns with their own TTLs, so distinct numbers add keys for the whole soak. That is data, not a leak;
# the report gives the bytes per key. Bounded: RateLoad stops by itself, the harness watchdog bounds the whole run.

SOAK_SECONDS=${BENCH_SOAK_SECONDS:-600}
SOAK_RATE=${BENCH_SOAK_RATE:-500}
SOAK_SAMPLE=${BENCH_SOAK_SAMPLE:-10}
SOAK_GC_EVERY=${BENCH_SOAK_GC_EVERY:-6}
SOAK_CONNECTIONS=${BENCH_SOAK_CONNECTIONS:-64}

# shellcheck source=/dev/null
. "$BENCH_DIR/lib/rate.sh"

scenario_title() { echo "Verigate soak"; }

# soak_sample FILE T GC: one CSV row. GC=1 first forces a full collection (jcmd GC.run), so that the heap figure
# is the live set.
soak_sample() {
  local out=$1 t=$2 gc=$3 m heap old rss threads fds rmem keys errors warns gcs
  [ "$gc" = 1 ] && jcmd "$GW_PID" GC.run >/dev/null 2>&1
  m=$(curl -fsS --max-time 5 "$(mgmt_url "$GW_URL")/q/metrics" || true)
  # index() rather than a regex with "{"; the value is the last field (label values may hold spaces)
  heap=$(printf '%s\n' "$m" | awk 'index($0, "jvm_memory_used_bytes{area=\"heap\"") == 1 { s += $NF } END { printf "%.0f", s }')
  old=$(printf '%s\n' "$m" | awk 'index($0, "jvm_memory_used_bytes{area=\"heap\"") == 1 && /Old Gen/ { s += $NF } END { printf "%.0f", s }')
  gcs=$(printf '%s\n' "$m" | awk 'index($0, "jvm_gc_pause_seconds_count{") == 1 { s += $NF } END { printf "%.0f", s }')
  rss=$(awk '/^VmRSS:/ { print $2 * 1024 }' "/proc/$GW_PID/status")
  threads=$(awk '/^Threads:/ { print $2 }' "/proc/$GW_PID/status")
  fds=$(find "/proc/$GW_PID/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)
  rmem=$(rcli info memory | tr -d '\r' | sed -n 's/^used_memory://p')
  keys=$(rcli dbsize)
  errors=$(grep -c '"level":"ERROR"\| ERROR ' "$WORK/gateway.log" || true)
  warns=$(grep -c '"level":"WARN"\| WARN ' "$WORK/gateway.log" || true)
  printf '%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\n' "$t" "$gc" "$heap" "$old" "$rss" "$threads" "$fds" "$rmem" "$keys" \
    "$errors" "$warns" "$gcs" >>"$out"
}

scenario_main() {
  local dir="$WORK/cases/soak" count loader n=0 t0 rc=0
  mkdir -p "$dir"
  start_redis
  start_stub
  # The requests are signed once, before the soak: let their x-timestamp stay valid for its whole length.
  start_gateway VERIGATE_AUTH_MAX_CLOCK_SKEW="$((SOAK_SECONDS / 60 + 30))m"
  build_rateload
  warm_gateway 16
  count=$((SOAK_RATE * (SOAK_SECONDS + 12)))
  sign "$dir/run.req" "$count" 0
  printf 'kind=soak\nrate=%s\nduration=%s\nsample=%s\ngc_every=%s\nconnections=%s\n' "$SOAK_RATE" "$SOAK_SECONDS" \
    "$SOAK_SAMPLE" "$SOAK_GC_EVERY" "$SOAK_CONNECTIONS" >"$dir/case"
  echo 't,gc,heap,old,rss,threads,fds,redis_used,redis_keys,log_errors,log_warns,gc_pauses' >"$dir/samples.csv"
  log "soak: ${SOAK_SECONDS}s at $SOAK_RATE starts/s, sampling every ${SOAK_SAMPLE}s (forced full GC every $SOAK_GC_EVERY samples)"
  soak_sample "$dir/samples.csv" 0 1
  (rate_run "$GW_URL" "$dir/run.req" "$SOAK_RATE" 0 "$SOAK_SECONDS" "$SOAK_CONNECTIONS" "$dir/rate.out" \
    "gateway=$GW_PID,redis=$REDIS_PID,stub=$NGINX_PID" "$SOAK_SAMPLE") &
  loader=$!
  register_pid "$loader"
  t0=$SECONDS
  while kill -0 "$loader" 2>/dev/null; do
    sleep "$SOAK_SAMPLE"
    kill -0 "$loader" 2>/dev/null || break
    n=$((n + 1))
    soak_sample "$dir/samples.csv" $((SECONDS - t0)) $((n % SOAK_GC_EVERY == 0 ? 1 : 0))
  done
  wait "$loader" || rc=$?
  [ "$rc" -eq 0 ] || die "the load generator failed ($rc)"
  sleep 1
  soak_sample "$dir/samples.csv" $((SECONDS - t0)) 1
  rm -f "$dir/run.req"
  log "soak: $(grep '^RATE ' "$dir/rate.out" | cut -d' ' -f6-13)"
  CASE_DIRS+=("$dir")
}

scenario_report() {
  python3 "$BENCH_DIR/lib/reports.py" soak "$(scenario_title)" "$1" "${CASE_DIRS[0]}" --log "$WORK/gateway.log"
}
