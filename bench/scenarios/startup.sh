# Scenario "startup" (issue step 5): time from spawning the JVM to the first served request.
#
# Builds the packagings it compares from a copy of the working tree (so target/ is left alone), each
# with the JDK it runs on, then starts each variant BENCH_STARTUP_RUNS times, round-robin (so slow
# drifts of the machine hit every variant alike), against the harness's Redis and nginx stub, in the
# prod profile. The figure is spawn -> first 200 on a real Sinch-signed start (lib/startup.py): auth,
# validation, the four limit checks in Redis, the upstream call, the ownership records. Caches are
# opened strictly (-Xshare:on, -XX:AOTMode=on): a cache the JVM cannot use fails the run instead of
# silently measuring a cold start.
#
#   jdk17-fast        JDK 17, fast-jar (the default packaging)
#   jdk25-fast        JDK 25, the same fast-jar
#   jdk17-appcds      JDK 17, AppCDS archive made at build time (aot.enabled on JDK 17)
#   jdk25-aot-build   JDK 25, Leyden AOT cache made at build time (type=aot, phase=build)
#   jdk25-aot-its     JDK 25, Leyden AOT cache trained by the @QuarkusIntegrationTests (src/test/.../it)
#   jdk25-aot-its-c1  the same, C1 only (-XX:TieredStopAtLevel=1): a faster start for less peak throughput
#   floor-aot-its     the floor: the smallest Quarkus REST app (bench/startup-floor, same Quarkus, its own
#                     IT-trained JDK 25 AOT cache), answering the same start with a constant; what the JVM and
#                     Quarkus alone cost on this machine, below which no gateway feature can go
#   floor-aot-its-c1  the floor, C1 only
#   native            the native executable (not in the default list: needs GraalVM, see graalvm_home in lib/deps.sh)
#
# Knobs: BENCH_STARTUP_RUNS (10), BENCH_STARTUP_VARIANTS (all eight), BENCH_JDK17_HOME (the java on the
# PATH), BENCH_JDK25_HOME (/usr/lib/jvm/temurin-25-jdk-amd64), BENCH_STARTUP_JAVA_OPTS (none: the JVM's
# defaults, as in the image), BENCH_STARTUP_BUILDS (a directory of earlier builds, <build>/quarkus-app,
# to skip building; BENCH_KEEP_WORK=1 keeps $WORK/builds for that).
# max-seconds: 5400  (five builds and 80 cold starts)

STARTUP_RUNS=${BENCH_STARTUP_RUNS:-10}
STARTUP_VARIANTS=${BENCH_STARTUP_VARIANTS:-"jdk17-fast jdk25-fast jdk17-appcds jdk25-aot-build jdk25-aot-its jdk25-aot-its-c1 floor-aot-its floor-aot-its-c1"}
JDK17_HOME=${BENCH_JDK17_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
JDK25_HOME=${BENCH_JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
STARTUP_JAVA_OPTS=${BENCH_STARTUP_JAVA_OPTS:-}
BENCH_WARMUP=-; BENCH_DURATION=-; BENCH_THREADS=-; BENCH_JIT_REQUESTS=-; BENCH_JIT_WARMUP=-  # env file fields
GW_JAVA_OPTS="${STARTUP_JAVA_OPTS:-(JVM defaults)}"

scenario_title() { echo "Verigate startup benchmark"; }

# variant -> "build jdk-home cache-flags"
variant_spec() {
  case $1 in
    jdk17-fast) echo "fast $JDK17_HOME" ;;
    jdk25-fast) echo "fast $JDK25_HOME" ;;
    jdk17-appcds) echo "appcds $JDK17_HOME -XX:SharedArchiveFile=app-cds.jsa -Xshare:on" ;;
    jdk25-aot-build) echo "aot-build $JDK25_HOME -XX:AOTCache=app.aot -XX:AOTMode=on" ;;
    jdk25-aot-its) echo "aot-its $JDK25_HOME -XX:AOTCache=app.aot -XX:AOTMode=on" ;;
    jdk25-aot-its-c1) echo "aot-its $JDK25_HOME -XX:AOTCache=app.aot -XX:AOTMode=on -XX:TieredStopAtLevel=1" ;;
    floor-aot-its) echo "floor $JDK25_HOME -XX:AOTCache=app.aot -XX:AOTMode=on" ;;
    floor-aot-its-c1) echo "floor $JDK25_HOME -XX:AOTCache=app.aot -XX:AOTMode=on -XX:TieredStopAtLevel=1" ;;
    native) echo "native -" ;;  # no JVM: the executable itself
    *) die "unknown startup variant '$1'" ;;
  esac
}

# build NAME: target/quarkus-app of one packaging, built in $WORK/src, kept as $WORK/builds/NAME/quarkus-app.
build_variant() {
  local name=$1 jdk args versions project=. t0=$SECONDS
  case $name in
    fast) jdk=$JDK17_HOME; args=(package -DskipTests) ;;
    appcds) jdk=$JDK17_HOME; args=(package -DskipTests -Dquarkus.package.jar.aot.enabled=true) ;;
    aot-build) jdk=$JDK25_HOME; args=(package -DskipTests -Dquarkus.package.jar.aot.enabled=true
      -Dquarkus.package.jar.aot.type=aot -Dquarkus.package.jar.aot.phase=build) ;;
    # The ITs only (unit tests skipped): they run the packaged jar in record mode, then the cache is created.
    aot-its) jdk=$JDK25_HOME; args=(verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dspotless.check.skip=true
      -Dquarkus.package.jar.aot.enabled=true) ;;
    # The floor app, trained the same way, on the gateway's Quarkus and plugin versions.
    floor) jdk=$JDK25_HOME; project=bench/startup-floor
      versions=$(pom_versions quarkus.platform.version compiler-plugin.version surefire-plugin.version) || exit 1
      # shellcheck disable=SC2206 # one -Dname=value per line, none with spaces
      args=(-f "$project/pom.xml" verify -Dquarkus.package.jar.aot.enabled=true $versions) ;;
    native) jdk=$JDK25_HOME; args=(package -DskipTests -Dnative -Dquarkus.native.graalvm-home="$(graalvm_home)") ;;
  esac
  log "building '$name' with $(basename "$jdk"): ./mvnw -B -q ${args[*]}"
  rm -rf "$WORK/src/$project/target"
  (cd "$WORK/src" && JAVA_HOME=$jdk timeout 900 ./mvnw -B -q "${args[@]}") >"$WORK/build-$name.log" 2>&1 \
    || { tail -n 40 "$WORK/build-$name.log" >&2; die "build '$name' failed"; }
  mkdir -p "$WORK/builds/$name"
  if [ "$name" = native ]; then  # the executable, in a directory of its own like the jars' quarkus-app/
    mkdir -p "$WORK/builds/$name/quarkus-app"
    mv "$WORK/src/target/"*-runner "$WORK/builds/$name/quarkus-app/verigate-runner"
  else
    mv "$WORK/src/$project/target/quarkus-app" "$WORK/builds/$name/quarkus-app"
  fi
  printf '%s\t%s\t%s\n' "$name" "$((SECONDS - t0))" \
    "$(cd "$WORK/builds/$name/quarkus-app" && ls -l app.aot app-cds.jsa 2>/dev/null | awk '{ printf "%s=%.0fMB ", $NF, $5 / 1048576 }')" \
    >>"$WORK/builds.tsv"
  log "built '$name' in $((SECONDS - t0))s"
}

# pom_versions PROPERTY...: -DPROPERTY=value for each, as the gateway's pom.xml sets them.
pom_versions() {
  local prop value
  for prop in "$@"; do
    value=$(sed -n "s|.*<$prop>\\(.*\\)</$prop>.*|\\1|p" "$ROOT/pom.xml" | head -n 1)
    [ -n "$value" ] || die "no <$prop> in pom.xml"
    printf -- '-D%s=%s\n' "$prop" "$value"
  done
}

# prepare_builds VARIANT...: $WORK/builds/<build>/quarkus-app for the builds these variants run, copied from
# BENCH_STARTUP_BUILDS or built from a copy of the working tree; one line each in $WORK/builds.tsv.
prepare_builds() {
  local v spec build builds=() b
  [ -x "$JDK25_HOME/bin/java" ] || die "no JDK 25 at $JDK25_HOME (BENCH_JDK25_HOME)"
  for v in "$@"; do
    spec=$(variant_spec "$v")
    build=${spec%% *}
    case " ${builds[*]} " in *" $build "*) ;; *) builds+=("$build") ;; esac
  done
  : >"$WORK/builds.tsv"
  if [ -n "${BENCH_STARTUP_BUILDS:-}" ]; then
    log "using the builds in $BENCH_STARTUP_BUILDS"
    mkdir -p "$WORK/builds"
    for b in "${builds[@]}"; do
      [ -d "$BENCH_STARTUP_BUILDS/$b/quarkus-app" ] || die "no $BENCH_STARTUP_BUILDS/$b/quarkus-app"
      cp -a "$BENCH_STARTUP_BUILDS/$b" "$WORK/builds/$b"
      printf '%s\t-\t%s\n' "$b" "$(cd "$WORK/builds/$b/quarkus-app" && ls -l app.aot app-cds.jsa 2>/dev/null \
        | awk '{ printf "%s=%.0fMB ", $NF, $5 / 1048576 }')" >>"$WORK/builds.tsv"
    done
  else
    copy_tree "$WORK/src"
    for b in "${builds[@]}"; do build_variant "$b"; done
  fi
}

scenario_main() {
  local v spec build run n=0 url port args runner
  # shellcheck disable=SC2086 # a list of variant names
  prepare_builds $STARTUP_VARIANTS

  start_redis
  start_stub
  BENCH_APP_KEY="bench-$(python3 -c 'import secrets; print(secrets.token_hex(6))')"
  BENCH_APP_SECRET=$(random_b64)
  mkdir -p "$WORK/startup"
  for ((run = 1; run <= STARTUP_RUNS; run++)); do
    for v in $STARTUP_VARIANTS; do
      spec=$(variant_spec "$v")
      read -r build jdk flags <<<"$spec"
      port=$(free_port)
      url="http://127.0.0.1:$port"
      n=$((n + 1))
      if [ "$jdk" = - ]; then runner=(--exec ./verigate-runner); else runner=(--java "$jdk/bin/java"); fi
      args=(--cwd "$WORK/builds/$build/quarkus-app" "${runner[@]}" --url "$url"
        --key "$BENCH_APP_KEY" --secret "$BENCH_APP_SECRET" --number $((7000000 + n))
        --log "$WORK/startup/$v-$run.log"
        --env QUARKUS_HTTP_HOST=127.0.0.1 --env QUARKUS_HTTP_PORT="$port" --env QUARKUS_MANAGEMENT_HOST=127.0.0.1
        --env QUARKUS_MANAGEMENT_PORT="$(free_port)"
        --env QUARKUS_REDIS_HOSTS="redis://127.0.0.1:$REDIS_PORT"
        --env VERIGATE_UPSTREAM_URL="http://127.0.0.1:$STUB_PORT" --env VERIGATE_API_PUBLIC_URL="$url"
        --env VERIGATE_UPSTREAM_APPLICATION_KEY=bench-upstream --env VERIGATE_UPSTREAM_APPLICATION_SECRET="$(random_b64)"
        --env VERIGATE_APPS_BENCH_KEY="$BENCH_APP_KEY" --env VERIGATE_APPS_BENCH_SECRET="$BENCH_APP_SECRET"
        --env VERIGATE_APPS_BENCH_LIMITS_START=1000000/1s --env VERIGATE_LIMITS_COUNTRY_START=1000000/1s)
      for f in $STARTUP_JAVA_OPTS $flags; do args+=("--opt=$f"); done  # = form: values start with -
      wait_quiet_startup
      python3 "$BENCH_DIR/lib/startup.py" "${args[@]}" | sed "s/^{/{\"variant\":\"$v\",\"run\":$run,/" \
        >>"$WORK/startup/results.jsonl" || die "variant $v, run $run failed"
      log "$v #$run: $(tail -n 1 "$WORK/startup/results.jsonl" | python3 -c \
        'import json,sys; r=json.load(sys.stdin); print(r["first_ms"], "ms to the first 200;", r["rss_mb"], "MB;", r["foreign_cores"], "foreign cores")')"
    done
  done
}

# Before each start: up to BENCH_QUIET_WAIT seconds for other processes to use < BENCH_QUIET_CORES (1 s samples).
wait_quiet_startup() {
  local deadline=$((SECONDS + BENCH_QUIET_WAIT)) foreign
  [ "$deadline" -le "$BENCH_PATIENCE_UNTIL" ] || deadline=$BENCH_PATIENCE_UNTIL
  while :; do
    foreign=$(python3 "$BENCH_DIR/lib/cpu.py" --foreign 1 redis="$REDIS_PID" nginx="$NGINX_PID")
    awk -v f="$foreign" -v t="$BENCH_QUIET_CORES" 'BEGIN { exit !(f < t) }' && return 0
    [ "$SECONDS" -lt "$deadline" ] || { log "other processes use $foreign cores; starting anyway"; return 0; }
  done
}

scenario_report() {
  python3 "$BENCH_DIR/lib/reports.py" startup "$(scenario_title)" "$1" "$WORK/builds.tsv" "$WORK/startup/results.jsonl" \
    "$BENCH_QUIET_CORES"
}
