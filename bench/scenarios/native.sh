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
  python3 - "$(scenario_title)" "$1" "$WORK" <<'EOF'
import glob, os, re, sys
import xml.etree.ElementTree as ET
title, env_file, work = sys.argv[1:4]
env = dict(l.rstrip("\n").split("=", 1) for l in open(env_file) if "=" in l)
nat = dict(l.rstrip("\n").split("=", 1) for l in open(f"{work}/native.env") if "=" in l)
log = open(f"{work}/native-build.log", encoding="utf-8", errors="replace").read()
p = print
p(f"# {title}\n")
p(f"{env.get('date', '')} · commit `{env.get('commit', '?')}` · `{env.get('command', '')}`\n")
p(f"Machine: {env.get('cpu', '?')}, {env.get('cores', '?')} cores, {env.get('memory', '?')} RAM. "
  f"GraalVM home: `{nat['home']}`.\n")
runner = glob.glob(f"{work}/src/target/*-runner")
peak = None
if os.path.exists(f"{work}/native.time"):
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", open(f"{work}/native.time").read())
    peak = int(m.group(1)) / 1024 / 1024 if m else None
image_s = re.findall(r"Finished generating '[^']+' in (?:(\d+)m )?([\d.]+)s", log)
p(f"- `./mvnw verify -Dnative` (build and ITs): **{nat['seconds']} s**, exit {nat['rc']}")
if image_s:
    mins, secs = image_s[-1]
    p(f"- native-image alone: {int(mins or 0) * 60 + float(secs):.0f} s")
if peak:
    p(f"- peak RSS of the largest process (the image builder): {peak:.1f} GiB")
if runner:
    p(f"- executable: {os.path.basename(runner[0])}, {os.path.getsize(runner[0]) / 1048576:.1f} MB")
p("\n| integration test class | tests | failures | errors | skipped |")
p("|---|---:|---:|---:|---:|")
total = [0, 0, 0, 0]
for f in sorted(glob.glob(f"{work}/src/target/failsafe-reports/TEST-*.xml")):
    r = ET.parse(f).getroot()
    row = [int(r.get(k, 0)) for k in ("tests", "failures", "errors", "skipped")]
    total = [a + b for a, b in zip(total, row)]
    p(f"| `{r.get('name', os.path.basename(f))}` | " + " | ".join(map(str, row)) + " |")
p(f"| **all** | " + " | ".join(f"**{n}**" for n in total) + " |")
fails = re.findall(r"^\[ERROR\] .*(?:FAIL|ERROR).*$", log, re.M)
if fails:
    p("\nFailures (from the build log):\n\n```")
    for line in fails[:40]:
        p(line[:300])
    p("```")
EOF
}
