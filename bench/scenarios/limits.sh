# Scenario "limits" (issue step 2): what the limits cost per start decision, through the whole gateway.
#
#   distinct  starts with distinct numbers (every number new): the common path, all four checks allowed
#   repeated  starts cycling over 10 numbers: after the first start of each number the cooldown answers 429,
#             and the checks that had allowed give their token back
#   hot       distinct numbers at high concurrency, all on one app bucket (and one country bucket): the
#             retry-storm check, plus bursts of exactly BENCH_BURST_SIZE simultaneous starts under Redis MONITOR
#   cold      100 starts for one number fired at two fresh replicas the moment both are ready, limit 3/10m:
#             BENCH_COLD_ROUNDS rounds per warm-up setting in BENCH_COLD_REHEARSALS (lib/cold.sh)
#   cluster   the same gateway on a three-master Redis Cluster: distinct starts (round trips per decision, from
#             the gateway's counters) and BENCH_COLD_ROUNDS cold rounds
#
# Cases run in one gateway/Redis/stub set-up, in order; every run uses numbers no earlier run used.
# Select cases with arguments: bench/run.sh limits distinct hot

LIMITS_DISTINCT_CONNECTIONS=${BENCH_DISTINCT_CONNECTIONS:-"1 16 64"}
LIMITS_REPEATED_CONNECTIONS=${BENCH_REPEATED_CONNECTIONS:-"16 64"}
LIMITS_HOT_CONNECTIONS=${BENCH_HOT_CONNECTIONS:-"128"}
BENCH_BURST_SIZE=${BENCH_BURST_SIZE:-100}
BENCH_BURSTS=${BENCH_BURSTS:-3}
# Requests signed per measured run (the warm-up gets half): enough that distinct numbers never wrap at the
# throughput this kind of box reaches; the report flags a wrap.
BENCH_REQUESTS=${BENCH_REQUESTS:-120000}

scenario_title() { echo "Verigate limits benchmark"; }

scenario_main() {
  local cases=("$@") c conns
  [ ${#cases[@]} -eq 0 ] && cases=(distinct repeated hot cold cluster)
  for c in "${cases[@]}"; do
    case "$c" in distinct | repeated | hot | cold | cluster) ;; *) die "unknown case '$c' (distinct, repeated, hot, cold, cluster)" ;; esac
  done
  start_redis
  start_stub
  BENCH_APP_KEY="bench-$(python3 -c 'import secrets; print(secrets.token_hex(6))')"
  BENCH_APP_SECRET=$(random_b64)
  if [[ " ${cases[*]} " == *" distinct "* || " ${cases[*]} " == *" repeated "* || " ${cases[*]} " == *" hot "* ]]; then
    start_gateway
    warm_gateway 16
  fi
  for c in "${cases[@]}"; do
    case "$c" in
      distinct) for conns in $LIMITS_DISTINCT_CONNECTIONS; do measure "distinct-c$conns" "$conns" "$BENCH_REQUESTS" 0; CASE_DIRS+=("$WORK/cases/distinct-c$conns"); done ;;
      repeated) for conns in $LIMITS_REPEATED_CONNECTIONS; do measure "repeated-c$conns" "$conns" 60000 10; CASE_DIRS+=("$WORK/cases/repeated-c$conns"); done ;;
      hot)
        for conns in $LIMITS_HOT_CONNECTIONS; do measure "hot-c$conns" "$conns" "$BENCH_REQUESTS" 0; CASE_DIRS+=("$WORK/cases/hot-c$conns"); done
        local i
        for i in $(seq 1 "$BENCH_BURSTS"); do hot_burst "burst-$i" "$BENCH_BURST_SIZE"; done
        BURST_DIR="$WORK/burst"
        ;;
      cold)
        local r i
        for r in $BENCH_COLD_REHEARSALS; do
          for i in $(seq 1 "$BENCH_COLD_ROUNDS"); do cold_round "cold-r$r-$i" "$r"; done
        done
        COLD_DIR="$WORK/cold"
        ;;
      cluster) cluster_case ;;
    esac
  done
}

# cluster_case: the gateway on a Redis Cluster: BENCH_DURATION s of distinct starts (16 connections) after a JIT
# warm-up, the limits counters around it; then cold rounds on the cluster.
cluster_case() {
  start_redis_cluster
  local dir="$WORK/cluster-run" i
  mkdir -p "$dir"
  REDIS_HOSTS=$REDIS_CLUSTER_HOSTS REDIS_CLIENT_TYPE=cluster launch_gateway cluster-gateway \
    "http://127.0.0.1:$STUB_PORT" bench-upstream "$(random_b64)"
  local saved_url=${GW_URL:-} saved_port=${GW_PORT:-} pid=$LAUNCHED_PID
  GW_URL=$LAUNCHED_URL
  GW_PORT=$LAUNCHED_PORT
  warm_gateway 16
  sign "$dir/run.req" "$BENCH_REQUESTS" 0
  gateway_metrics "$dir/metrics.before"
  wrk_run "$dir/run.req" 16 "$BENCH_DURATION" "$dir/wrk.out"
  sleep 1
  gateway_metrics "$dir/metrics.after"
  stop_pid "$pid"
  GW_URL=$saved_url
  GW_PORT=$saved_port
  for i in $(seq 1 "$BENCH_COLD_ROUNDS"); do
    REDIS_HOSTS=$REDIS_CLUSTER_HOSTS REDIS_CLIENT_TYPE=cluster cold_round "cluster-cold-$i" 500
  done
  CLUSTER_DIR=$dir
  COLD_DIR="$WORK/cold"
}
