# Scenario "native" (issue step 10): builds the native executable and runs every integration test against it.
#
# From a copy of the working tree (target/ is left alone): JAVA_HOME=<JDK 25> ./mvnw -B verify -Dnative
# -Dquarkus.native.graalvm-home=<home>, unit tests skipped (the JVM build runs them). In the native profile the
# @QuarkusIntegrationTests launch the executable instead of the jar, and the ITs that spawn replicas themselves
# (testsupport.PackagedApp) do too. GraalVM: GRAALVM_HOME, else the toolchain beside the project where it exists
# (graalvm_home in lib/deps.sh). The report: build time, executable size, the builder's peak RSS, each IT class's
# tests, failures, errors and skips; the executable is kept in bench/results/ only as its size.
#
# Knobs: BENCH_JDK25_HOME (/usr/lib/jvm/temurin-25-jdk-amd64), BENCH_NATIVE_ITS (failsafe's -Dit.test, e.g.
# "VerificationFlowIT,LimitsIT"; default: all).
# max-seconds: 3600  (the native build and every IT against it)

NATIVE_JDK=${BENCH_JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
NATIVE_ITS=${BENCH_NATIVE_ITS:-}
BENCH_WARMUP=-; BENCH_DURATION=-; BENCH_THREADS=-; BENCH_JIT_REQUESTS=-; BENCH_JIT_WARMUP=-  # env file fields

scenario_title() { echo "Verigate native executable: build and integration tests"; }

scenario_main() {
  [ -x "$NATIVE_JDK/bin/java" ] || die "no JDK 25 at $NATIVE_JDK (BENCH_JDK25_HOME)"
  local home t0 args rc=0 timer=()
  home=$(graalvm_home)
  [ -n "$home" ] || die "no GraalVM home"
  copy_tree "$WORK/src"
  args=(verify -Dnative "-Dquarkus.native.graalvm-home=$home" -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false
    -Dspotless.check.skip=true)  # the format is verify's business, not this measurement's
  [ -n "$NATIVE_ITS" ] && args+=("-Dit.test=$NATIVE_ITS")
  log "native build and ITs: JAVA_HOME=$NATIVE_JDK ./mvnw -B ${args[*]}"
  [ -x /usr/bin/time ] && timer=(/usr/bin/time -v -o "$WORK/native.time")  # the builder's peak RSS
  t0=$SECONDS
  (cd "$WORK/src" && JAVA_HOME=$NATIVE_JDK "${timer[@]}" timeout 3600 ./mvnw -B "${args[@]}") \
    >"$WORK/native-build.log" 2>&1 || rc=$?
  printf 'seconds=%s\nrc=%s\nhome=%s\n' "$((SECONDS - t0))" "$rc" "$home" >"$WORK/native.env"
  log "native verify finished in $((SECONDS - t0)) s (exit $rc)"
  [ "$rc" -eq 0 ] || tail -n 60 "$WORK/native-build.log" >&2
}

scenario_report() {
  python3 "$BENCH_DIR/lib/reports.py" native "$(scenario_title)" "$1" "$WORK"
}
