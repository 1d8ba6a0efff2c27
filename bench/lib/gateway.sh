# The Verigate jar (prod profile) on a free loopback port, over the harness's Redis and stub, with one
# bench app. Sets GW_PORT, GW_URL, BENCH_APP_KEY, BENCH_APP_SECRET. Health and metrics answer on a second port,
# the management interface's: `mgmt_url API_URL` names it.
#
# Extra gateway settings come as arguments (NAME=value env assignments), after the defaults below.

GW_JAVA_OPTS=${BENCH_JAVA_OPTS:--Xms512m -Xmx512m -XX:+UseParallelGC}
GW_JAVA=${BENCH_JAVA:-java}  # the gateway's JVM (for example a JDK 25's bin/java); the harness's own tools use PATH
GW_EXEC=${BENCH_EXEC:-}       # a native executable to run instead of the jar (its options: BENCH_EXEC_OPTS)
GW_EXEC_OPTS=${BENCH_EXEC_OPTS:--Xmx512m}

start_gateway() {
  BENCH_APP_KEY="bench-$(python3 -c 'import secrets; print(secrets.token_hex(6))')"
  BENCH_APP_SECRET=$(random_b64)
  local t0=$SECONDS
  launch_gateway gateway "http://127.0.0.1:$STUB_PORT" bench-upstream "$(random_b64)" "$@"
  GW_PORT=$LAUNCHED_PORT
  GW_URL=$LAUNCHED_URL
  GW_PID=$LAUNCHED_PID
  log "Verigate on $GW_URL (ready after ~$((SECONDS - t0))s; JVM: $GW_JAVA_OPTS)"
}

# launch_gateway NAME UPSTREAM_URL UPSTREAM_KEY UPSTREAM_SECRET [ENV=value...]: the jar on a free port over
# the harness's Redis, with the bench app (BENCH_APP_KEY/SECRET) allowed 1000000 starts/s and the country
# limit lifted, then the extra settings; log in $WORK/NAME.log, waits until ready. Sets LAUNCHED_PORT,
# LAUNCHED_URL, LAUNCHED_PID.
launch_gateway() {
  spawn_gateway "$@"
  wait_http "$LAUNCHED_MGMT_URL/q/health/ready" 90 "$LAUNCHED_PID"
}

# new_mgmt_port API_PORT: a free port for the management interface of the gateway on API_PORT, remembered for
# mgmt_url. Sets LAUNCHED_MGMT_PORT, LAUNCHED_MGMT_URL.
new_mgmt_port() {
  LAUNCHED_MGMT_PORT=$(free_port)
  LAUNCHED_MGMT_URL="http://127.0.0.1:$LAUNCHED_MGMT_PORT"
  echo "$LAUNCHED_MGMT_URL" >"$WORK/mgmt-$1"
}

# mgmt_url API_URL: the management interface (health, metrics) of the gateway answering on API_URL.
mgmt_url() {
  cat "$WORK/mgmt-${1##*:}" 2>/dev/null || die "no management port known for $1"
}

# mgmt_urls URL,URL...: mgmt_url of each, comma-separated.
mgmt_urls() {
  local url out=() IFS=,
  for url in $1; do out+=("$(mgmt_url "$url")"); done
  echo "${out[*]}"
}

# spawn_gateway NAME UPSTREAM_URL UPSTREAM_KEY UPSTREAM_SECRET [ENV=value...]: launch_gateway without the wait
# (to start several replicas at once). REDIS_HOSTS and REDIS_CLIENT_TYPE, when set, replace the harness's Redis
# (a cluster: REDIS_CLIENT_TYPE=cluster).
spawn_gateway() {
  local name=$1 upstream=$2 upstream_key=$3 upstream_secret=$4
  shift 4
  LAUNCHED_PORT=$(free_port)
  LAUNCHED_URL="http://127.0.0.1:$LAUNCHED_PORT"
  new_mgmt_port "$LAUNCHED_PORT"
  local gateway_cmd
  # shellcheck disable=SC2206 # the options are lists of flags
  if [ -n "$GW_EXEC" ]; then gateway_cmd=("$GW_EXEC" $GW_EXEC_OPTS); else gateway_cmd=("$GW_JAVA" $GW_JAVA_OPTS -jar "$JAR"); fi
  (
    cd "$WORK" || exit 1
    exec env \
      QUARKUS_HTTP_HOST=127.0.0.1 \
      QUARKUS_HTTP_PORT="$LAUNCHED_PORT" \
      QUARKUS_MANAGEMENT_HOST=127.0.0.1 \
      QUARKUS_MANAGEMENT_PORT="$LAUNCHED_MGMT_PORT" \
      QUARKUS_REDIS_HOSTS="${REDIS_HOSTS:-redis://127.0.0.1:$REDIS_PORT}" \
      QUARKUS_REDIS_CLIENT_TYPE="${REDIS_CLIENT_TYPE:-standalone}" \
      VERIGATE_API_PUBLIC_URL="http://127.0.0.1:$LAUNCHED_PORT" \
      VERIGATE_UPSTREAM_URL="$upstream" \
      VERIGATE_UPSTREAM_APPLICATION_KEY="$upstream_key" \
      VERIGATE_UPSTREAM_APPLICATION_SECRET="$upstream_secret" \
      VERIGATE_APPS_BENCH_KEY="$BENCH_APP_KEY" \
      VERIGATE_APPS_BENCH_SECRET="$BENCH_APP_SECRET" \
      VERIGATE_APPS_BENCH_LIMITS_START=1000000/1s \
      VERIGATE_LIMITS_COUNTRY_START=1000000/1s \
      VERIGATE_GUARD_ENABLED="${BENCH_GUARD_ENABLED:-false}" \
      "$@" \
      "${gateway_cmd[@]}"
  ) >"$WORK/$name.log" 2>&1 &
  LAUNCHED_PID=$!
  register_pid "$LAUNCHED_PID"
}

# gateway_metrics FILE: the limit counters of /q/metrics, one "name value" per line.
gateway_metrics() {
  curl -fsS --max-time 5 "$(mgmt_url "$GW_URL")/q/metrics" | awk '
    /^verigate_redis_round_trips_total /          { print "round_trips", $2 }
    /^verigate_limits_redis_commands_total /      { print "limit_commands", $2 }
    /^verigate_limits_store_fallbacks_total /     { print "fallbacks", $2 }
    /^verigate_limits_decisions_total\{/          { d += $2 }
    /^verigate_limits_decisions_total\{.*rule="app-start"/ { a += $2 }
    /^verigate_limits_decisions_total\{/ {
      rule = $0; sub(/.*rule="/, "", rule); sub(/".*/, "", rule)
      outcome = $0; sub(/.*outcome="/, "", outcome); sub(/".*/, "", outcome)
      print "rule:" rule ":" outcome, $2 }
    END                                           { print "rule_decisions", d + 0; print "app_start_decisions", a + 0 }' >"$1"
}
