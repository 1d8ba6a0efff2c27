# Shared helpers of bench/run.sh: logging, a time budget, free ports, processes started by the harness
# and their clean-up. Sourced; expects BENCH_DIR, ROOT and WORK (a temp dir) to be set by run.sh.

log() { printf 'bench: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Every process the harness starts is registered here and stopped (TERM, then KILL) by cleanup.
BENCH_PIDS=()
register_pid() { BENCH_PIDS+=("$1"); }

stop_pid() {
  local pid=$1
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  local i
  # Last started, first stopped: the gateway before its upstream stub and Redis.
  for ((i = ${#BENCH_PIDS[@]} - 1; i >= 0; i--)); do stop_pid "${BENCH_PIDS[$i]}"; done
  if [ "$rc" -ne 0 ] && [ -n "${WORK:-}" ]; then
    for f in "$WORK"/gateway.log "$WORK"/redis.log "$WORK"/nginx/error.log; do
      [ -s "$f" ] && { log "last lines of $(basename "$f"):"; tail -n 25 "$f" >&2; }
    done
  fi
  if [ -n "${WORK:-}" ] && [ -d "$WORK" ]; then
    if [ -n "${BENCH_KEEP_WORK:-}" ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
  fi
  exit "$rc"
}

# The whole run is bounded: a watchdog stops the harness (and through the trap, everything it started).
start_watchdog() {
  local seconds=$1 main=$$
  (
    trap 'kill "$sleeper" 2>/dev/null; exit 0' TERM
    sleep "$seconds" &
    sleeper=$!
    wait "$sleeper"
    printf 'bench: time budget of %ss exceeded, stopping\n' "$seconds" >&2
    kill -TERM "$main"
  ) &
  register_pid $!
}

# A TCP port free on 127.0.0.1 right now.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# wait_http URL SECONDS PID: until URL answers 2xx, the process is gone, or time runs out.
wait_http() {
  local url=$1 seconds=$2 pid=$3 deadline=$((SECONDS + $2))
  until curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || die "process $pid exited before $url answered"
    [ "$SECONDS" -lt "$deadline" ] || die "$url did not answer within ${seconds}s"
    sleep 0.3
  done
}

random_b64() { python3 -c 'import base64, os; print(base64.b64encode(os.urandom(32)).decode())'; }
