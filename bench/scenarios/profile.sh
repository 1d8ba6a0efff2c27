# Scenario "profile" (issue step 9): where a start's time goes in steady state, by async-profiler attached to a
# warm gateway under load (never from launch: warm-up and JIT would be in the picture).
#
# wrk keeps BENCH_PROFILE_CONNECTIONS connections of distinct signed starts going; after BENCH_PROFILE_WARMUP s the
# profiler records, one after the other for BENCH_PROFILE_SECONDS each: CPU (with thread names, so event loops,
# JIT compiler threads, GC and the rest are told apart), allocations, and wall clock (where threads wait: park,
# locks, epoll). Flame graphs (HTML) go to bench/results/ beside the report. async-profiler comes from Maven
# Central (tools.profiler:async-profiler, linux-x64), through the machine's Maven.
#   bench/run.sh profile

PROFILE_WARMUP=${BENCH_PROFILE_WARMUP:-60}
PROFILE_SECONDS=${BENCH_PROFILE_SECONDS:-20}
PROFILE_CONNECTIONS=${BENCH_PROFILE_CONNECTIONS:-32}
ASYNC_PROFILER_VERSION=${BENCH_ASYNC_PROFILER_VERSION:-4.1}

scenario_title() { echo "Verigate profile (steady state)"; }

# ensure_async_profiler: sets ASPROF_SO to libasyncProfiler.so, fetched once into ~/.cache/verigate-bench.
ensure_async_profiler() {
  local dir="$HOME/.cache/verigate-bench/async-profiler-$ASYNC_PROFILER_VERSION"
  ASPROF_SO="$dir/linux-x64/libasyncProfiler.so"
  [ -f "$ASPROF_SO" ] && return 0
  mkdir -p "$dir"
  log "fetching async-profiler $ASYNC_PROFILER_VERSION (Maven: tools.profiler:async-profiler:linux-x64)"
  (cd "$ROOT" && timeout 300 ./mvnw -B -q dependency:copy \
    -Dartifact="tools.profiler:async-profiler:$ASYNC_PROFILER_VERSION:jar:linux-x64" -DoutputDirectory="$dir") >&2 \
    || die "could not fetch async-profiler"
  (cd "$dir" && unzip -q -o "async-profiler-$ASYNC_PROFILER_VERSION-linux-x64.jar" 'linux-x64/*') \
    || die "could not unpack async-profiler"
  [ -f "$ASPROF_SO" ] || die "no libasyncProfiler.so in the async-profiler jar"
}

# profiler PID ARGS: one async-profiler command through jcmd (the inner quotes keep ARGS one option string).
profiler() {
  "$JCMD" "$1" JVMTI.agent_load "$ASPROF_SO" "\"$2\"" >/dev/null || die "async-profiler: $2 failed"
}

scenario_main() {
  ensure_async_profiler
  JCMD=$(dirname "$(command -v "$GW_JAVA")")/jcmd  # the gateway JDK's own (BENCH_JAVA)
  [ -x "$JCMD" ] || JCMD=$(command -v jcmd) || die "jcmd (a JDK) is needed to attach async-profiler"
  start_redis
  start_stub
  start_gateway
  local dir="$WORK/profile" total=$((PROFILE_WARMUP + 3 * PROFILE_SECONDS + 15)) load event
  mkdir -p "$dir"
  printf 'seconds=%s\nwarmup=%s\nconnections=%s\n' "$PROFILE_SECONDS" "$PROFILE_WARMUP" "$PROFILE_CONNECTIONS" >"$dir/case"
  sign "$dir/run.req" $((total * 4000)) 0
  wait_quiet
  log "profile: ${PROFILE_CONNECTIONS} connections of distinct starts for ${total}s; recording after ${PROFILE_WARMUP}s"
  wrk_run "$dir/run.req" "$PROFILE_CONNECTIONS" "$total" "$dir/wrk.out" &
  load=$!
  sleep "$PROFILE_WARMUP"
  gateway_metrics "$dir/metrics.before"
  cpu_snapshot "$dir/cpu.before"
  for event in cpu alloc wall; do
    case "$event" in
      cpu) profiler "$GW_PID" "start,event=cpu,interval=1ms,threads" ;;
      alloc) profiler "$GW_PID" "start,event=alloc" ;;
      wall) profiler "$GW_PID" "start,event=wall,interval=5ms,threads" ;;
    esac
    sleep "$PROFILE_SECONDS"
    # The same recording twice: collapsed stacks (for the report's shares), then the flame graph (HTML).
    profiler "$GW_PID" "dump,file=$dir/$event.collapsed,collapsed"
    profiler "$GW_PID" "stop,file=$dir/$event.html"
    if [ "$event" = cpu ]; then
      cpu_snapshot "$dir/cpu.after"
      gateway_metrics "$dir/metrics.after"
    fi
  done
  wait "$load" || die "wrk failed during the profile"
  PROFILE_DIR=$dir
}

scenario_report() {
  local stamp
  stamp=$(date -u +%Y-%m-%dT%H%MZ)
  if [ -z "${BENCH_NO_RESULTS_FILE:-}" ]; then
    mkdir -p "$BENCH_DIR/results"
    for event in cpu alloc wall; do
      [ -f "$PROFILE_DIR/$event.html" ] && cp "$PROFILE_DIR/$event.html" "$BENCH_DIR/results/profile-$stamp-$event.html"
    done
  fi
  python3 "$BENCH_DIR/lib/reports.py" profile "$(scenario_title)" "$1" "$PROFILE_DIR" "profile-$stamp"
}
