# Scenario "limits" (issue step 2): what the limits cost per start decision, through the whole gateway.
#
#   distinct  starts with distinct numbers (every number new): the common path, all four checks allowed
#   repeated  starts cycling over 10 numbers: after the first start of each number the cooldown answers 429,
#             and the checks that had allowed give their token back
#   hot       distinct numbers at high concurrency, all on one app bucket (and one country bucket): the
#             retry-storm check, plus bursts of exactly BENCH_BURST_SIZE simultaneous starts under Redis MONITOR
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
  [ ${#cases[@]} -eq 0 ] && cases=(distinct repeated hot)
  for c in "${cases[@]}"; do
    case "$c" in distinct | repeated | hot) ;; *) die "unknown case '$c' (distinct, repeated, hot)" ;; esac
  done
  start_redis
  start_stub
  start_gateway
  warm_gateway 16
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
    esac
  done
}
