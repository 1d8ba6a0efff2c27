# Pieces of the faults scenario: named gateway instances (several may run at once), a Verigate instance
# serving only the Sinch sandbox (the upstream that counts what it really delivered), the fault proxy,
# Redis killed and restarted on its port, an event log, and the open-loop load (lib/faultload.py).
# Sourced by scenarios/faults.sh after the other libs; adds functions only.

FAULTS_UPSTREAM_KEY=${FAULTS_UPSTREAM_KEY:-faults-upstream}
FAULTS_UPSTREAM_SECRET=${FAULTS_UPSTREAM_SECRET:-$(python3 -c 'import base64, os; print(base64.b64encode(os.urandom(32)).decode())')}

# faults_event NAME: the wall-clock instant of something the scenario did, into $FAULTS_EVENTS (the case's).
faults_event() {
  printf '%s\t%s\n' "$(date +%s.%N | cut -c1-15)" "$1" >>"${FAULTS_EVENTS:-$WORK/events.tsv}"
}

# faults_gateway NAME UPSTREAM_URL [ENV=value...]: one Verigate jar (prod profile) on a free port, over the
# harness's Redis, with the bench app (BENCH_APP_KEY/SECRET, which must be set) and the defaults of
# start_gateway; its log is $WORK/NAME.log. Sets FG_PORT, FG_URL, FG_PID.
faults_gateway() {
  local name=$1 upstream=$2 t0=$SECONDS
  shift 2
  launch_gateway "$name" "$upstream" "$FAULTS_UPSTREAM_KEY" "$FAULTS_UPSTREAM_SECRET" "$@"
  FG_PORT=$LAUNCHED_PORT
  FG_URL=$LAUNCHED_URL
  FG_PID=$LAUNCHED_PID
  log "$name: Verigate on $FG_URL (ready after ~$((SECONDS - t0))s)"
}

# faults_sandbox: a second Verigate serving only the Sinch emulator under /sandbox (local store, no events),
# accepting the gateways' upstream credentials. It keeps every verification and inbox in memory, so it is
# the referee of "codes actually sent". Sets SANDBOX_PORT, SANDBOX_URL, SANDBOX_PID.
faults_sandbox() {
  SANDBOX_PORT=$(free_port)
  SANDBOX_URL="http://127.0.0.1:$SANDBOX_PORT"
  new_mgmt_port "$SANDBOX_PORT"
  (
    cd "$WORK" || exit 1
    exec env \
      QUARKUS_HTTP_HOST=127.0.0.1 \
      QUARKUS_HTTP_PORT="$SANDBOX_PORT" \
      QUARKUS_MANAGEMENT_HOST=127.0.0.1 \
      QUARKUS_MANAGEMENT_PORT="$LAUNCHED_MGMT_PORT" \
      VERIGATE_STORE=local \
      VERIGATE_SANDBOX_ENABLED=true \
      VERIGATE_SANDBOX_CALLBACKS_ENABLED=false \
      VERIGATE_API_PUBLIC_URL="$SANDBOX_URL" \
      VERIGATE_UPSTREAM_APPLICATION_KEY="$FAULTS_UPSTREAM_KEY" \
      VERIGATE_UPSTREAM_APPLICATION_SECRET="$FAULTS_UPSTREAM_SECRET" \
      java -Xms256m -Xmx256m -XX:+UseParallelGC -XX:TieredStopAtLevel=1 -jar "$JAR"
  ) >"$WORK/sandbox.log" 2>&1 &
  SANDBOX_PID=$!
  register_pid "$SANDBOX_PID"
  wait_http "$(mgmt_url "$SANDBOX_URL")/q/health/ready" 90 "$SANDBOX_PID"
  log "sandbox upstream (a Verigate serving /sandbox only) on $SANDBOX_URL"
}

# faults_proxy UPSTREAM_PORT: lib/faultproxy.py in front of it. Sets PROXY_PORT, PROXY_CTL, PROXY_PID.
faults_proxy() {
  PROXY_PORT=$(free_port)
  PROXY_CTL=$(free_port)
  python3 "$BENCH_DIR/lib/faultproxy.py" --listen "$PROXY_PORT" --upstream "127.0.0.1:$1" --control "$PROXY_CTL" \
    >"$WORK/proxy.log" 2>&1 &
  PROXY_PID=$!
  register_pid "$PROXY_PID"
  local deadline=$((SECONDS + 10))
  until curl -fsS -o /dev/null --max-time 1 "http://127.0.0.1:$PROXY_CTL/stats" 2>/dev/null; do
    kill -0 "$PROXY_PID" 2>/dev/null || die "the fault proxy exited: $(tail -n 3 "$WORK/proxy.log")"
    [ "$SECONDS" -lt "$deadline" ] || die "the fault proxy did not answer"
    sleep 0.1
  done
  log "fault proxy on 127.0.0.1:$PROXY_PORT -> 127.0.0.1:$1 (control :$PROXY_CTL)"
}

# proxy_mode PATH: e.g. "slow?ms=2000", "reset?p=0.3", "down", "pass"; logged as an event.
proxy_mode() {
  curl -fsS --max-time 5 "http://127.0.0.1:$PROXY_CTL/mode/$1" >/dev/null || die "the fault proxy refused mode $1"
  faults_event "proxy $1"
}

# redis_kill: SIGKILL, no shutdown, no save (the harness's Redis never persists anything anyway).
redis_kill() {
  kill -KILL "$REDIS_PID" 2>/dev/null || true
  wait "$REDIS_PID" 2>/dev/null || true
  faults_event "redis killed"
}

# redis_restart: a new redis-server on the same port (empty: buckets, records and cooldowns are gone),
# then the instant it answers PING. Sets REDIS_PID.
redis_restart() {
  launch_redis 0.02 "redis-server did not come back on port $REDIS_PORT"
  faults_event "redis back"
}

# faults_drained URL: waits (at most 30 s) until the gateway's write-behind queue is empty (writes Redis could
# not take during the outage, written once it is back).
faults_drained() {
  local deadline=$((SECONDS + 30)) pending
  while [ "$SECONDS" -lt "$deadline" ]; do
    pending=$(curl -fsS --max-time 2 "$(mgmt_url "$1")/q/metrics" | awk '/^verigate_store_write_behind_pending / { printf "%d", $2 }')
    [ "${pending:-1}" -eq 0 ] && return 0
    sleep 0.5
  done
  log "warning: the write-behind queue still held ${pending:-?} writes after 30 s"
}

# faults_load DIR ARGS...: one bounded run of lib/faultload.py with the bench app's credentials.
faults_load() {
  local dir=$1
  shift
  timeout --kill-after=5 600 python3 "$BENCH_DIR/lib/faultload.py" run --key "$BENCH_APP_KEY" \
    --secret "$BENCH_APP_SECRET" --out "$dir" "$@" 2>>"$WORK/load.log" || die "faultload failed: $(tail -n 5 "$WORK/load.log")"
}

# faults_settle URL...: waits (at most 30 s) until no gateway has made a fallback decision for 3 s, so that a
# measured run never starts inside a window where a replica skips Redis (one that saw Redis down decides
# locally until a probe succeeds).
faults_settle() {
  local deadline=$((SECONDS + 30)) last="" now quiet=0 url
  while [ "$SECONDS" -lt "$deadline" ]; do
    now=""
    for url in "$@"; do
      now="$now $(curl -fsS --max-time 2 "$(mgmt_url "$url")/q/metrics" | awk '/^verigate_limits_store_fallbacks_total / { print $2 }')"
    done
    if [ "$now" = "$last" ]; then
      quiet=$((quiet + 1))
      [ "$quiet" -ge 6 ] && return 0
    else
      quiet=0
      last=$now
    fi
    sleep 0.5
  done
  log "warning: fallback decisions did not stop within 30 s (counters:$now)"
}
