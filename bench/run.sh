#!/usr/bin/env bash
# Verigate benchmark harness.
#
#   bench/run.sh [scenario [case...]]      default: limits (all its cases)
#
# Self-contained and bounded: installs wrk, nginx and redis-server from Debian when missing, builds the jar
# when target/quarkus-app/quarkus-run.jar is missing, starts its own Redis, nginx stub upstream and Verigate on
# free 127.0.0.1 ports (nothing else is contacted), runs the scenario, prints a markdown report and writes it
# to bench/results/<scenario>-<date>.md. Everything it started is stopped and its temp dir removed on exit.
# See bench/README.md. Knobs (environment): BENCH_DURATION, BENCH_WARMUP, BENCH_THREADS, BENCH_JAVA, BENCH_JAVA_OPTS, BENCH_EXEC,
# BENCH_MAX_SECONDS, BENCH_QUIET_WAIT, BENCH_NOISY_RETRIES, BENCH_KEEP_WORK, BENCH_NO_RESULTS_FILE and the scenario's own (see scenarios/*.sh).
set -euo pipefail

BENCH_DIR=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
ROOT=$(CDPATH= cd -- "$BENCH_DIR/.." && pwd)

for lib in common deps redis stub gateway wrk burst cold; do
  # shellcheck source=/dev/null
  . "$BENCH_DIR/lib/$lib.sh"
done

scenario=${1:-limits}
[ $# -gt 0 ] && shift
[ -f "$BENCH_DIR/scenarios/$scenario.sh" ] \
  || die "unknown scenario '$scenario' (have: $(cd "$BENCH_DIR/scenarios" && ls -- *.sh | sed 's/\.sh$//' | tr '\n' ' '))"
# The watchdog's budget: BENCH_MAX_SECONDS, else the scenario's "# max-seconds: N" line, else 1200.
BENCH_MAX_SECONDS=${BENCH_MAX_SECONDS:-$(sed -n 's/^# max-seconds: *\([0-9][0-9]*\).*/\1/p' "$BENCH_DIR/scenarios/$scenario.sh" | head -n 1)}
BENCH_MAX_SECONDS=${BENCH_MAX_SECONDS:-1200}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/verigate-bench.XXXXXX")
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM
command -v python3 >/dev/null 2>&1 || die "python3 is needed (request signing, report)"
ensure_packages wrk=wrk nginx=nginx redis-server=redis-server redis-cli=redis-tools curl=curl java=openjdk-17-jre-headless
ensure_jar  # (installs and the build have their own time limits)

start_watchdog "$BENCH_MAX_SECONDS"
BENCH_PATIENCE_UNTIL=$((SECONDS + BENCH_MAX_SECONDS * 2 / 3))

CASE_DIRS=()
BURST_DIR=""
COLD_DIR=""
CLUSTER_DIR=""
# shellcheck source=/dev/null
. "$BENCH_DIR/scenarios/$scenario.sh"
started=$SECONDS
scenario_main "$@"
log "scenario '$scenario' measured in $((SECONDS - started))s"

stamp=$(date -u +%Y-%m-%dT%H%MZ)
{
  printf 'date=%s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
  if [ -n "${BENCH_JAR:-}" ]; then
    printf 'commit=%s\n' "jar $BENCH_JAR"
  else
    printf 'commit=%s%s\n' "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')" \
      "$(git -C "$ROOT" diff --quiet HEAD -- src pom.xml 2>/dev/null || echo ' (+ local changes to src)')"
  fi
  printf 'command=bench/run.sh %s\n' "$scenario${*:+ $*}"
  printf 'cpu=%s\n' "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
  printf 'cores=%s\n' "$(nproc)"
  printf 'memory=%s\n' "$(free -g | awk '/^Mem:/ { print $2 " GiB" }')"
  if [ -n "$GW_EXEC" ]; then
    printf 'java=%s\n' "native executable $(basename "$GW_EXEC")"
    printf 'jvm=%s\n' "$GW_EXEC_OPTS"
  else
    printf 'java=%s\n' "$("$GW_JAVA" -version 2>&1 | sed -n 2p)"
    printf 'jvm=%s\n' "$GW_JAVA_OPTS"
  fi
  printf 'redis=%s\n' "$(redis-server --version | sed -n 's/.*v=\([^ ]*\).*/\1/p')"
  printf 'nginx=%s\n' "$(nginx -v 2>&1 | sed 's|.*/||')"
  printf 'wrk=%s\n' "$(wrk -v 2>&1 | head -n 1 | awk '{ print $1, $2 }')"
  printf 'warmup=%s\nduration=%s\nthreads=%s\njit_warmup=%s\n' "$BENCH_WARMUP" "$BENCH_DURATION" "$BENCH_THREADS" "$BENCH_JIT_REQUESTS requests (≤ ${BENCH_JIT_WARMUP} s)"
} >"$WORK/env"

if declare -F scenario_report >/dev/null; then
  scenario_report "$WORK/env" >"$WORK/report.md"  # a scenario with its own report (startup, faults, ...)
else
  report_args=("$(scenario_title)" "$WORK/env" "${CASE_DIRS[@]}" --log "$WORK/gateway.log")
  [ -n "$BURST_DIR" ] && report_args+=(--burst "$BURST_DIR")
  [ -n "$COLD_DIR" ] && report_args+=(--cold "$COLD_DIR")
  [ -n "$CLUSTER_DIR" ] && report_args+=(--cluster "$CLUSTER_DIR")
  python3 "$BENCH_DIR/lib/reports.py" limits "${report_args[@]}" >"$WORK/report.md"
fi
cat "$WORK/report.md"
if [ -z "${BENCH_NO_RESULTS_FILE:-}" ]; then
  mkdir -p "$BENCH_DIR/results"
  cp "$WORK/report.md" "$BENCH_DIR/results/$scenario-$stamp.md"
  log "written to bench/results/$scenario-$stamp.md"
fi
