# Scenario "pumping": an SMS pumping attack played against the sandbox, mixed with normal traffic, twice on a
# fresh Redis: the conversion guard enforced, then in shadow (verigate.limits.shadow=guard,budget).
#
#   pump    1000 starts to one premium prefix (+44 7912 ...), codes never entered: when does the guard engage,
#           and how many starts reach Sinch after that?
#   shop    one normal verification per 4 pump starts, to +46 701 ...: every code entered; does it keep its
#           full rate?
#   spread  290 starts over 28 other prefixes, below the guard's volume each, by an app with a daily budget of
#           1.00 (Sinch's price: the sandbox's 0.0453 per SMS): does its spend stop at the cap?
#
# The guard runs with its defaults (3 digits, 1 h, 50 starts, 10%, 1/1m, 1 h hold). Load is lib/pumping.py,
# sequential; the upstream is a second Verigate serving only the sandbox (its inbox gives the shop's codes).
#   bench/run.sh pumping          (about 2 minutes)

PUMPING_PUMP=${BENCH_PUMPING_PUMP:-1000}
PUMPING_SPREAD=${BENCH_PUMPING_SPREAD:-290}
PUMPING_BUDGET=${BENCH_PUMPING_BUDGET:-1.00}

# shellcheck source=/dev/null
. "$BENCH_DIR/lib/faults.sh"

scenario_title() { echo "Verigate SMS pumping defence"; }

scenario_report() {
  python3 "$BENCH_DIR/lib/reports.py" pumping "$(scenario_title)" "$1" "${CASE_DIRS[@]}"
}

scenario_main() {
  [ $# -eq 0 ] || die "the pumping scenario has no cases to choose"
  FAULTS_UPSTREAM_KEY="pumping-upstream-$(python3 -c 'import secrets; print(secrets.token_hex(4))')"
  FAULTS_UPSTREAM_SECRET=$(random_b64)
  BENCH_APP_KEY="bench-$(python3 -c 'import secrets; print(secrets.token_hex(6))')"
  BENCH_APP_SECRET=$(random_b64)
  start_redis
  faults_sandbox
  pumping_case enforce
  pumping_case shadow VERIGATE_LIMITS_SHADOW=guard,budget
}

# pumping_case NAME [ENV=value...]: a fresh Redis, a gateway with the guard on and three apps, the attack.
pumping_case() {
  local name=$1 case_dir=$WORK/cases/$1 apps
  shift
  mkdir -p "$case_dir"
  redis-cli -p "$REDIS_PORT" FLUSHALL >/dev/null
  local pump_key="pump-$RANDOM" shop_key="shop-$RANDOM" spread_key="spread-$RANDOM"
  local pump_secret shop_secret spread_secret
  pump_secret=$(random_b64); shop_secret=$(random_b64); spread_secret=$(random_b64)
  launch_gateway "gateway-$name" "$SANDBOX_URL/sandbox" "$FAULTS_UPSTREAM_KEY" "$FAULTS_UPSTREAM_SECRET" \
    VERIGATE_GUARD_ENABLED=true \
    VERIGATE_LIMITS_APP_START=1000000/1s VERIGATE_LIMITS_APP_REPORT=1000000/1s \
    VERIGATE_LIMITS_APP_STATUS=1000000/1s \
    VERIGATE_APPS_PUMP_KEY="$pump_key" VERIGATE_APPS_PUMP_SECRET="$pump_secret" \
    VERIGATE_APPS_SHOP_KEY="$shop_key" VERIGATE_APPS_SHOP_SECRET="$shop_secret" \
    VERIGATE_APPS_SPREAD_KEY="$spread_key" VERIGATE_APPS_SPREAD_SECRET="$spread_secret" \
    VERIGATE_APPS_SPREAD_BUDGET_DAILY="$PUMPING_BUDGET" \
    "$@"
  local pid=$LAUNCHED_PID url=$LAUNCHED_URL mgmt=$LAUNCHED_MGMT_URL
  log "pumping, $name: gateway on $url"
  printf 'name=%s\nsettings=%s\nbudget=%s\n' "$name" "${*:-none}" "$PUMPING_BUDGET" >"$case_dir/case"
  apps=$(printf '{"pump":["%s","%s"],"shop":["%s","%s"],"spread":["%s","%s"]}' \
    "$pump_key" "$pump_secret" "$shop_key" "$shop_secret" "$spread_key" "$spread_secret")
  timeout --kill-after=5 600 python3 "$BENCH_DIR/lib/pumping.py" --gateway "$url" --sandbox "$SANDBOX_URL" \
    --apps "$apps" --pump "$PUMPING_PUMP" --spread "$PUMPING_SPREAD" --out "$case_dir/result.json" \
    || die "the pumping load failed"
  curl -fsS --max-time 5 "$mgmt/q/metrics" | grep -E '^verigate_(guard|budget)_|^verigate_limits_decisions_total\{.*rule="(guard|budget)"' \
    >"$case_dir/metrics.txt" || true
  stop_pid "$pid"
  cp "$WORK/gateway-$name.log" "$case_dir/gateway.log"
  CASE_DIRS+=("$case_dir")
}
