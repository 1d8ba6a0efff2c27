# Scenario "warmup" (issue step 9): how soon a fresh replica serves its steady-state throughput.
#
# For each variant (the startup scenario's names and builds), BENCH_RAMP_RUNS times, round-robin: spawn the JVM,
# and from the moment its port accepts a connection, send signed starts to distinct numbers, closed loop (wrk,
# BENCH_RAMP_CONNECTIONS connections), for BENCH_RAMP_SECONDS, counting the 2xx answers of each wall-clock second.
# *Steady* is the median second of the last 20; the report gives each second's share of it and the first
# second at 80 % or more. JVM flags: the throughput benchmarks' (BENCH_JAVA_OPTS) plus the variant's cache flags.
#
# Knobs: BENCH_RAMP_VARIANTS ("jdk17-fast jdk25-fast jdk25-aot-its"), BENCH_RAMP_RUNS (3), BENCH_RAMP_SECONDS (60),
# BENCH_RAMP_CONNECTIONS (32), and the startup scenario's BENCH_STARTUP_BUILDS, BENCH_JDK17_HOME, BENCH_JDK25_HOME.
# max-seconds: 3600  (the builds: the ITs that train the AOT cache take ~9 min; then 9 runs of a minute)

RAMP_JAVA_OPTS=$GW_JAVA_OPTS  # before startup.sh replaces it with its own (the JVM's defaults)
# shellcheck source=/dev/null
. "$BENCH_DIR/scenarios/startup.sh"  # variant_spec, prepare_builds, wait_quiet_startup

RAMP_VARIANTS=${BENCH_RAMP_VARIANTS:-"jdk17-fast jdk25-fast jdk25-aot-its"}
RAMP_RUNS=${BENCH_RAMP_RUNS:-3}
RAMP_SECONDS=${BENCH_RAMP_SECONDS:-60}
RAMP_CONNECTIONS=${BENCH_RAMP_CONNECTIONS:-32}
STARTUP_VARIANTS=$RAMP_VARIANTS
GW_JAVA_OPTS="$RAMP_JAVA_OPTS (+ the variant's cache flags)"
BENCH_DURATION=$RAMP_SECONDS; BENCH_THREADS=2

scenario_title() { echo "Verigate warm-up benchmark"; }

# ramp_once VARIANT RUN: one fresh JVM, measured from its port opening; appends a JSON line to results.jsonl.
ramp_once() {
  local v=$1 run=$2 build jdk flags f opts=() t_spawn t_open out="$WORK/ramp/$1-$2"
  read -r build jdk flags <<<"$(variant_spec "$v")"
  for f in $flags; do opts+=("${f/=app.aot/=$WORK/builds/$build/quarkus-app/app.aot}"); done  # cwd is $WORK
  sign "$out.req" $((RAMP_SECONDS * 6000)) 0
  wait_quiet_startup
  JAR="$WORK/builds/$build/quarkus-app/quarkus-run.jar" GW_JAVA="$jdk/bin/java" \
    GW_JAVA_OPTS="$RAMP_JAVA_OPTS ${opts[*]}" spawn_gateway "ramp-$v-$run" "http://127.0.0.1:$STUB_PORT" \
    bench-upstream "$(random_b64)"
  t_spawn=$(date +%s.%N)
  local deadline=$((SECONDS + 90)) port=$LAUNCHED_PORT
  until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    kill -0 "$LAUNCHED_PID" 2>/dev/null || { tail -n 30 "$WORK/ramp-$v-$run.log" >&2; die "$v exited before listening"; }
    [ "$SECONDS" -lt "$deadline" ] || die "$v: port $port not open after 90 s"
    sleep 0.005
  done
  t_open=$(date +%s.%N)
  timeout --kill-after=5 $((RAMP_SECONDS + 30)) wrk -t2 -c"$RAMP_CONNECTIONS" -d"${RAMP_SECONDS}s" --timeout 5s \
    -s "$BENCH_DIR/lib/replay.lua" "$LAUNCHED_URL/verification/v1/verifications" -- "$out.req" 2 persecond \
    >"$out.wrk" 2>&1 || { cat "$out.wrk" >&2; die "wrk failed"; }
  kill "$LAUNCHED_PID" 2>/dev/null; wait "$LAUNCHED_PID" 2>/dev/null || true
  rm -f "$out.req"
  python3 "$BENCH_DIR/lib/reports.py" ramp-run "$v" "$run" "$t_spawn" "$t_open" "$out.wrk" >>"$WORK/ramp/results.jsonl"
  log "$v #$run: port open $(awk -v a="$t_spawn" -v b="$t_open" 'BEGIN { printf "%.2f", b - a }') s after spawn; $(tail -n 1 "$WORK/ramp/results.jsonl" | python3 -c 'import json,sys; r=json.load(sys.stdin); s=r["series"]; print("2xx/s at 1..10 s:", s[1:11], "last:", s[-3:])')"
}

scenario_main() {
  local v run
  # shellcheck disable=SC2086 # a list of variant names
  prepare_builds $RAMP_VARIANTS
  start_redis
  start_stub
  BENCH_APP_KEY="bench-$(python3 -c 'import secrets; print(secrets.token_hex(6))')"
  BENCH_APP_SECRET=$(random_b64)
  mkdir -p "$WORK/ramp"
  for ((run = 1; run <= RAMP_RUNS; run++)); do
    for v in $RAMP_VARIANTS; do ramp_once "$v" "$run"; done
  done
}

scenario_report() {
  python3 "$BENCH_DIR/lib/reports.py" warmup "$(scenario_title)" "$1" "$WORK/ramp/results.jsonl" "$RAMP_CONNECTIONS"
}
