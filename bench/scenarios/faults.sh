# Scenario "faults" (issue step 6, faults under load): what apps see while Redis or Sinch fail, and whether
# the limits and the exactly-once start still hold. Bounded (about 5 minutes on 2 cores), stops by itself.
#
#   redis     steady distinct-number starts (plus 20/s with an Idempotency-Key); Redis SIGKILLed, restarted
#             empty on the same port after FAULTS_REDIS_DOWN seconds; once with on-store-failure=fail-open,
#             once with fail-closed; afterwards, how many verifications answered 200 have no ownership record
#   upstream  starts with an Idempotency-Key through lib/faultproxy.py to a second Verigate serving only the
#             sandbox (the referee: its inboxes say which numbers really got a code); the proxy goes
#             pass -> slow (below the timeout) -> pass -> slow (beyond it) -> pass -> reset -> pass -> down -> pass;
#             afterwards every 503 is retried with its Idempotency-Key (what the gateway tells apps to do) and
#             every number's inbox is compared with what the app was answered
#   replicas  two gateways on one Redis, load split between them at random: 6 starts for each of 300 numbers
#             with number.start=3/1h (no cooldown), then 3000 distinct starts of an app limited to 1000/1d
#
# Load is lib/faultload.py: open loop (a slow answer never holds the next start back), latency counted from
# the instant each start was due. Every gateway is warmed up (unmeasured) before its case.
#   bench/run.sh faults                 all cases
#   bench/run.sh faults redis replicas  some of them

FAULTS_RATE=${BENCH_FAULTS_RATE:-300}                   # starts/s in the redis and replicas cases
FAULTS_UPSTREAM_RATE=${BENCH_FAULTS_UPSTREAM_RATE:-100} # starts/s in the upstream case
FAULTS_REDIS_DOWN=${BENCH_FAULTS_REDIS_DOWN:-5}         # seconds Redis stays dead
FAULTS_PHASE=${BENCH_FAULTS_PHASE:-10}                  # seconds per upstream phase
FAULTS_WARM=${BENCH_FAULTS_WARM:-20}                    # seconds of warm-up per gateway

# shellcheck source=/dev/null
. "$BENCH_DIR/lib/faults.sh"

scenario_title() { echo "Verigate faults under load"; }

scenario_report() {
  python3 "$BENCH_DIR/lib/reports.py" faults "$(scenario_title)" "$1" "${CASE_DIRS[@]}"
}

scenario_main() {
  local cases=("$@") c
  [ ${#cases[@]} -eq 0 ] && cases=(redis upstream replicas)
  for c in "${cases[@]}"; do
    case "$c" in redis | upstream | replicas) ;; *) die "unknown case '$c' (redis, upstream, replicas)" ;; esac
  done
  BENCH_APP_KEY="bench-$(python3 -c 'import secrets; print(secrets.token_hex(6))')"
  BENCH_APP_SECRET=$(random_b64)
  start_redis
  start_stub
  for c in "${cases[@]}"; do
    case "$c" in
      redis) faults_redis fail-open; faults_redis fail-closed ;;
      upstream) faults_upstream ;;
      replicas) faults_replicas ;;
    esac
  done
}

# faults_case NAME KEY=VALUE...: a new case dir, its description, and its event log.
faults_case() {
  CASE=$WORK/cases/$1
  mkdir -p "$CASE"
  shift
  printf '%s\n' "$@" >"$CASE/case"
  FAULTS_EVENTS=$CASE/events.tsv
  CASE_DIRS+=("$CASE")
}

# faults_numbers COUNT: a block of fresh numbers (a little more than COUNT: magic endings are skipped).
faults_numbers() {
  take_numbers $(($1 + $1 / 1000 + 10))
}

# faults_warm URLS SECONDS: unmeasured distinct starts, ramping up to FAULTS_RATE, so the JIT has compiled
# the path (a cold JVM on 2 shared cores misses the 250 ms store timeout and the upstream timeouts).
faults_warm() {
  local urls=$1 secs=$2 rate
  log "warm-up: ${secs}s of distinct starts on $urls (not measured)"
  for rate in $((FAULTS_RATE / 4)) $((FAULTS_RATE / 2)) "$FAULTS_RATE"; do
    faults_numbers $((rate * secs / 3))
    faults_load "$WORK/warm" --targets "$urls" --rate "$rate" --seconds $((secs / 3)) --first "$ALLOC_FIRST" \
      --numbers $((rate * secs / 3))
  done
  rm -rf "$WORK/warm"
}

faults_redis() {
  local mode=$1 secs=$((FAULTS_REDIS_DOWN + 20)) load keyed
  faults_case "redis-$mode" kind=redis mode="$mode" rate="$FAULTS_RATE" down="$FAULTS_REDIS_DOWN"
  faults_gateway "gateway-redis-$mode" "http://127.0.0.1:$STUB_PORT" VERIGATE_LIMITS_ON_STORE_FAILURE="$mode"
  local gw=$FG_PID url=$FG_URL
  printf 'log=%s\n' "$WORK/gateway-redis-$mode.log" >>"$CASE/case"
  faults_warm "$url" "$FAULTS_WARM"
  faults_settle "$url"
  faults_numbers $((FAULTS_RATE * secs))
  log "redis-$mode: ${FAULTS_RATE}/s for ${secs}s; Redis killed after 5s for ${FAULTS_REDIS_DOWN}s"
  faults_event "load"
  faults_load "$CASE" --targets "$url" --rate "$FAULTS_RATE" --seconds "$secs" --first "$ALLOC_FIRST" \
    --numbers $((FAULTS_RATE * secs)) --sample "$(mgmt_url "$url")" --redis "$REDIS_PORT" --tail 1 &
  load=$!
  # Beside it, a few starts with an Idempotency-Key: their record lives in Redis whatever the limits mode.
  faults_numbers $((20 * secs))
  faults_load "$CASE/keyed" --targets "$url" --rate 20 --seconds "$secs" --first "$ALLOC_FIRST" \
    --numbers $((20 * secs)) --idempotency "k$(date +%s)-$mode" &
  keyed=$!
  sleep 5
  redis_kill
  sleep "$FAULTS_REDIS_DOWN"
  redis_restart
  wait "$load" || die "the load of redis-$mode failed"
  wait "$keyed" || die "the keyed load of redis-$mode failed"
  # Every start answered 200 must be reachable afterwards: its ownership record written (at once, or behind).
  faults_drained "$url"
  timeout 60 python3 "$BENCH_DIR/lib/faultload.py" owned --redis "$REDIS_PORT" --log "$CASE/requests.tsv" \
    --log "$CASE/keyed/requests.tsv" --out "$CASE/owned" || die "ownership check failed"
  stop_pid "$gw"
  log "redis-$mode: $(cut -f6 "$CASE/requests.tsv" | tail -n +2 | sort | uniq -c | tr '\n' ' ')"
}

faults_upstream() {
  local p=$FAULTS_PHASE secs load idem
  secs=$((5 + 8 * p))
  idem="up$(date +%s)"
  faults_case upstream kind=upstream rate="$FAULTS_UPSTREAM_RATE" phase="$p" idempotency="$idem"
  faults_sandbox
  faults_proxy "$SANDBOX_PORT"
  faults_gateway gateway-upstream "http://127.0.0.1:$PROXY_PORT/sandbox"
  local gw=$FG_PID url=$FG_URL
  printf 'log=%s\nsandbox_log=%s\n' "$WORK/gateway-upstream.log" "$WORK/sandbox.log" >>"$CASE/case"
  FAULTS_RATE=$FAULTS_UPSTREAM_RATE faults_warm "$url" "$FAULTS_WARM"
  faults_settle "$url"
  faults_numbers $((FAULTS_UPSTREAM_RATE * secs))
  log "upstream: ${FAULTS_UPSTREAM_RATE}/s for ${secs}s: pass, slow 2s, pass, slow 7s, pass, reset 30%, pass, down, pass"
  faults_event "proxy pass"
  faults_load "$CASE" --targets "$url" --rate "$FAULTS_UPSTREAM_RATE" --seconds "$secs" --first "$ALLOC_FIRST" \
    --numbers $((FAULTS_UPSTREAM_RATE * secs)) --idempotency "$idem" --sample "$(mgmt_url "$url")" --tail 1 &
  load=$!
  sleep 5
  proxy_mode "slow?ms=2000"; sleep "$p"
  proxy_mode pass;           sleep "$p"
  proxy_mode "slow?ms=7000"; sleep "$p"
  proxy_mode pass;           sleep "$p"
  proxy_mode "reset?p=0.3";  sleep "$p"
  proxy_mode pass;           sleep "$p"
  proxy_mode down;           sleep "$p"
  proxy_mode pass
  wait "$load" || die "the load of the upstream case failed"
  faults_event "load done"
  curl -fsS --max-time 5 "http://127.0.0.1:$PROXY_CTL/stats" >"$CASE/proxy.stats" || true
  log "upstream: $(cut -f6 "$CASE/requests.tsv" | tail -n +2 | sort | uniq -c | tr '\n' ' '); retrying the 503s"
  timeout 300 python3 "$BENCH_DIR/lib/faultload.py" retry --targets "$url" --key "$BENCH_APP_KEY" \
    --secret "$BENCH_APP_SECRET" --log "$CASE/requests.tsv" --idempotency "$idem" --out "$CASE/retry.tsv" \
    2>>"$WORK/load.log" || die "the retry of the upstream case failed"
  timeout 300 python3 "$BENCH_DIR/lib/faultload.py" inbox --sandbox "$SANDBOX_URL" --log "$CASE/requests.tsv" \
    --out "$CASE/inbox.tsv" 2>>"$WORK/load.log" || die "counting the sandbox inboxes failed"
  stop_pid "$gw"
  stop_pid "$PROXY_PID"
  stop_pid "$SANDBOX_PID"
}

faults_replicas() {
  local quota_key quota_secret a b urls n=300 repeat=6 quota=1000 starts=3000
  quota_key="quota-$(python3 -c 'import secrets; print(secrets.token_hex(6))')"
  quota_secret=$(random_b64)
  local limits=(VERIGATE_LIMITS_NUMBER_START=3/1h VERIGATE_LIMITS_NUMBER_COOLDOWN_INITIAL=0
    VERIGATE_APPS_QUOTA_KEY="$quota_key" VERIGATE_APPS_QUOTA_SECRET="$quota_secret"
    VERIGATE_APPS_QUOTA_LIMITS_START="$quota/1d")
  faults_gateway gateway-replica-a "http://127.0.0.1:$STUB_PORT" "${limits[@]}"
  a=$FG_PID
  urls=$FG_URL
  faults_gateway gateway-replica-b "http://127.0.0.1:$STUB_PORT" "${limits[@]}"
  b=$FG_PID
  urls="$urls,$FG_URL"
  faults_warm "$urls" "$FAULTS_WARM"

  faults_case replicas-number kind=replicas limit_kind=number limit=3 period_s=3600 numbers="$n" repeat="$repeat" \
    rate="$FAULTS_RATE" log="$WORK/gateway-replica-a.log" log_b="$WORK/gateway-replica-b.log"
  faults_numbers "$n"
  faults_settle "${urls%,*}" "${urls#*,}"
  log "replicas: $repeat starts for each of $n numbers (limit 3/1h each) split over both, ${FAULTS_RATE}/s"
  redis_snapshot "$CASE/redis.before"
  faults_load "$CASE" --targets "$urls" --rate "$FAULTS_RATE" --first "$ALLOC_FIRST" --numbers "$n" --repeat "$repeat" \
    --sample "$(mgmt_urls "$urls")" --redis "$REDIS_PORT"
  redis_snapshot "$CASE/redis.after"

  faults_case replicas-app kind=replicas limit_kind=app limit="$quota" period_s=86400 numbers="$starts" repeat=1 \
    rate="$FAULTS_RATE"
  faults_numbers "$starts"
  faults_settle "${urls%,*}" "${urls#*,}"
  log "replicas: $starts distinct starts of an app limited to $quota/1d, split over both, ${FAULTS_RATE}/s"
  redis_snapshot "$CASE/redis.before"
  timeout --kill-after=5 300 python3 "$BENCH_DIR/lib/faultload.py" run --key "$quota_key" --secret "$quota_secret" \
    --out "$CASE" --targets "$urls" --rate "$FAULTS_RATE" --first "$ALLOC_FIRST" --numbers "$starts" \
    --sample "$(mgmt_urls "$urls")" --redis "$REDIS_PORT" 2>>"$WORK/load.log" || die "the quota load failed"
  redis_snapshot "$CASE/redis.after"
  stop_pid "$b"
  stop_pid "$a"
}
