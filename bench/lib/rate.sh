# Constant-rate (open-loop) runs with lib/RateLoad.java, and closed-loop wrk runs against any URL.

# The generator's JVM: a heap large enough that it never collects during a run (it allocates little), one GC thread.
RATELOAD_JAVA_OPTS=${BENCH_RATELOAD_JAVA_OPTS:--Xms512m -Xmx1g -XX:+UseSerialGC}

# build_rateload: compiles RateLoad.java once into $WORK/rateload (the source launcher would recompile it for
# every run, a second of CPU each time). Sets RATELOAD_CMD.
build_rateload() {
  if command -v javac >/dev/null 2>&1; then
    mkdir -p "$WORK/rateload"
    javac -d "$WORK/rateload" "$BENCH_DIR/lib/RateLoad.java" || die "RateLoad.java does not compile"
    # shellcheck disable=SC2206 # a list of JVM flags
    RATELOAD_CMD=(java $RATELOAD_JAVA_OPTS -cp "$WORK/rateload" RateLoad)
  else
    # shellcheck disable=SC2206
    RATELOAD_CMD=(java $RATELOAD_JAVA_OPTS "$BENCH_DIR/lib/RateLoad.java")
  fi
}

# rate_run BASE_URL FILE RATE WARMUP SECONDS CONNECTIONS OUT [CPU_PIDS [INTERVAL]]: one RateLoad run; its RATE (and CPU,
# INTERVAL) lines go to OUT. CPU_PIDS = "name=pid,..." measured over the measured window only.
rate_run() {
  local url=$1 file=$2 rate=$3 warmup=$4 secs=$5 conns=$6 out=$7 cpu=${8:-} interval=${9:-0} rc=0
  local args=(--url "$url/verification/v1/verifications" --requests "$file" --rate "$rate" --warmup "$warmup" --duration "$secs"
    --connections "$conns" --timeout 5 --interval "$interval")
  [ -n "$cpu" ] && args+=(--cpu "$cpu")
  timeout --kill-after=5 $((warmup + secs + 60)) "${RATELOAD_CMD[@]}" "${args[@]}" >"$out" 2>&1 || rc=$?
  [ "$rc" -eq 0 ] || { cat "$out" >&2; die "RateLoad failed ($rc)"; }
  grep -q '^RATE ' "$out" || { cat "$out" >&2; die "RateLoad printed no RATE line"; }
}

