# The Verigate jar (prod profile) on a free loopback port, over the harness's Redis and stub, with one
# bench app. Sets GW_PORT, GW_URL, BENCH_APP_KEY, BENCH_APP_SECRET.
#
# Extra gateway settings come as arguments (NAME=value env assignments), after the defaults below.

GW_JAVA_OPTS=${BENCH_JAVA_OPTS:--Xms512m -Xmx512m -XX:+UseParallelGC}

start_gateway() {
  GW_PORT=$(free_port)
  GW_URL="http://127.0.0.1:$GW_PORT"
  BENCH_APP_KEY="bench-$(python3 -c 'import secrets; print(secrets.token_hex(6))')"
  BENCH_APP_SECRET=$(random_b64)
  # shellcheck disable=SC2086 # GW_JAVA_OPTS is a list of JVM flags
  (
    cd "$WORK" || exit 1
    exec env \
      QUARKUS_HTTP_HOST=127.0.0.1 \
      QUARKUS_HTTP_PORT="$GW_PORT" \
      QUARKUS_REDIS_HOSTS="redis://127.0.0.1:$REDIS_PORT" \
      VERIGATE_UPSTREAM_URL="http://127.0.0.1:$STUB_PORT" \
      VERIGATE_UPSTREAM_APPLICATION_KEY="bench-upstream" \
      VERIGATE_UPSTREAM_APPLICATION_SECRET="$(random_b64)" \
      VERIGATE_APPS_BENCH_KEY="$BENCH_APP_KEY" \
      VERIGATE_APPS_BENCH_SECRET="$BENCH_APP_SECRET" \
      VERIGATE_APPS_BENCH_LIMITS_START=1000000/1s \
      VERIGATE_LIMITS_COUNTRY_START=1000000/1s \
      "$@" \
      java $GW_JAVA_OPTS -jar "$JAR"
  ) >"$WORK/gateway.log" 2>&1 &
  GW_PID=$!
  register_pid "$GW_PID"
  local t0=$SECONDS
  wait_http "$GW_URL/q/health/ready" 90 "$GW_PID"
  log "Verigate on $GW_URL (ready after ~$((SECONDS - t0))s; JVM: $GW_JAVA_OPTS)"
}

# gateway_metrics FILE: the limit counters of /q/metrics, one "name value" per line.
gateway_metrics() {
  curl -fsS --max-time 5 "$GW_URL/q/metrics" | awk '
    /^verigate_limits_redis_round_trips_total /   { print "round_trips", $2 }
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
