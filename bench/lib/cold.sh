# The cold-start burst (issue step 7): two fresh replicas, and as soon as both report ready, 100 signed starts for
# one number fired at once, alternating replicas; number limit 3/10m, no cooldown. Every round uses new replicas
# and a new number. Run per warm-up setting (VERIGATE_WARM_UP_REHEARSALS), on the harness's Redis or a cluster.

BENCH_COLD_ROUNDS=${BENCH_COLD_ROUNDS:-5}
BENCH_COLD_REHEARSALS=${BENCH_COLD_REHEARSALS:-"0 500"}

# cold_round NAME REHEARSALS: one round into $WORK/cold/NAME.result (REDIS_HOSTS picks a cluster).
cold_round() {
  local name=$1 rehearsals=$2 dir="$WORK/cold" ports=() pids=() urls=() i
  mkdir -p "$dir"
  local t0 t_ready
  t0=$(date +%s%N)
  for i in a b; do
    spawn_gateway "$name-$i" "http://127.0.0.1:$STUB_PORT" bench-upstream "$(random_b64)" \
      VERIGATE_WARM_UP_REHEARSALS="$rehearsals" VERIGATE_LIMITS_NUMBER_START=3/10m \
      VERIGATE_LIMITS_NUMBER_COOLDOWN_INITIAL=0s
    ports+=("$LAUNCHED_PORT"); pids+=("$LAUNCHED_PID"); urls+=("$LAUNCHED_URL")
  done
  for i in 0 1; do wait_http "$(mgmt_url "${urls[$i]}")/q/health/ready" 120 "${pids[$i]}"; done
  t_ready=$(date +%s%N)
  sign "$dir/$name.req" 100 1
  local out
  out=$(timeout 120 python3 "$BENCH_DIR/lib/burst.py" 127.0.0.1 "${ports[0]},${ports[1]}" "$dir/$name.req") \
    || die "cold burst $name failed"
  sleep 1
  local upstream=0 expired=0 failed=0 overloaded=0 fallbacks=0 m
  for i in 0 1; do
    m=$(curl -fsS --max-time 5 "$(mgmt_url "${urls[$i]}")/q/metrics")
    upstream=$((upstream + $(awk '/^http_client_requests_seconds_count\{/ && /clientName="sinch"/ && /method="POST"/ { s += $2 } END { printf "%d", s }' <<<"$m")))
    expired=$((expired + $(metric_value verigate_limits_store_expired_total "$m")))
    failed=$((failed + $(metric_value verigate_limits_store_failed_total "$m")))
    overloaded=$((overloaded + $(metric_value verigate_limits_store_overloaded_total "$m")))
    fallbacks=$((fallbacks + $(metric_value verigate_limits_store_fallbacks_total "$m")))
  done
  for i in 1 0; do stop_pid "${pids[$i]}"; done
  {
    printf 'round=%s\nrehearsals=%s\nstore=%s\n' "$name" "$rehearsals" "${REDIS_HOSTS:+cluster}"
    printf 'ready_ms=%s\n' $(((t_ready - t0) / 1000000))
    sed 's/^BURST //' <<<"$out" | tr ' ' '\n'
    printf 'upstream=%s\nexpired=%s\nfailed=%s\noverloaded=%s\nfallbacks=%s\n' "$upstream" "$expired" "$failed" \
      "$overloaded" "$fallbacks"
  } >"$dir/$name.result"
  log "cold round $name: $(tr '\n' ' ' <"$dir/$name.result")"
}

# metric_value NAME TEXT: the value of an unlabelled Prometheus sample, 0 when absent.
metric_value() { awk -v n="$1" '$1 == n { printf "%d", $2; found = 1 } END { if (!found) print 0 }' <<<"$2"; }
