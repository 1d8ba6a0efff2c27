# Tools the harness needs: Debian packages installed when absent, and the gateway jar built when missing.

# ensure_packages CMD=PACKAGE...: apt-get install the packages whose command is missing (one apt-get update).
ensure_packages() {
  local missing=() pair
  for pair in "$@"; do
    command -v "${pair%%=*}" >/dev/null 2>&1 || missing+=("${pair#*=}")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null 2>&1 || die "missing ${missing[*]} and no apt-get to install them"
  log "installing ${missing[*]} (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  timeout 300 apt-get update -qq >&2 || die "apt-get update failed"
  timeout 600 apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2 || die "apt-get install ${missing[*]} failed"
  # Debian's nginx package starts a system nginx on port 80; the harness never uses it, nor stops it.
}

# ensure_jar: JAR = BENCH_JAR (another build, for an A/B) or this tree's jar, built when missing.
ensure_jar() {
  JAR=${BENCH_JAR:-"$ROOT/target/quarkus-app/quarkus-run.jar"}
  [ -f "$JAR" ] && return 0
  [ -z "${BENCH_JAR:-}" ] || die "BENCH_JAR=$BENCH_JAR does not exist"
  log "building the jar (./mvnw -B -q package -DskipTests)"
  (cd "$ROOT" && timeout 900 ./mvnw -B -q package -DskipTests) >&2 || die "the build failed"
  [ -f "$JAR" ] || die "the build did not produce $JAR"
}

# copy_tree DEST: a copy of the working tree (with the wrapper's Maven, without target/, .git or node_modules), to
# build from without touching target/.
copy_tree() {
  mkdir -p "$1"
  (cd "$ROOT" && tar -cf - --exclude=./target --exclude=./.git --exclude=./e2e/node-sdk/node_modules .) \
    | (cd "$1" && tar -xf -)
}

# graalvm_home: prints a GraalVM/Mandrel 25 home with native-image: GRAALVM_HOME when set; else, on a machine that
# has it beside the project, the toolchain of ../shared/toolchains/native-image (assembled once, ~1 min).
graalvm_home() {
  if [ -n "${GRAALVM_HOME:-}" ]; then
    [ -x "$GRAALVM_HOME/bin/native-image" ] || die "GRAALVM_HOME=$GRAALVM_HOME has no bin/native-image"
    echo "$GRAALVM_HOME"
    return 0
  fi
  local script="$ROOT/../shared/toolchains/native-image/build-home.sh"
  [ -x "$script" ] || die "no GraalVM: set GRAALVM_HOME to a GraalVM or Mandrel 25 home with native-image"
  log "assembling the native-image toolchain ($script)"
  timeout 900 "$script" --print || die "$script failed"
}
