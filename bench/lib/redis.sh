# A private redis-server on a free loopback port, no persistence. Sets REDIS_PORT.

start_redis() {
  REDIS_PORT=$(free_port)
  mkdir -p "$WORK/redis"
  launch_redis 0.1 "redis-server did not answer on port $REDIS_PORT"
  log "redis-server $(redis-server --version | sed -n 's/.*v=\([^ ]*\).*/\1/p') on 127.0.0.1:$REDIS_PORT"
}

# launch_redis POLL FAILURE: redis-server on $REDIS_PORT (no persistence, data in $WORK/redis), then waits
# until it answers PING, polling every POLL seconds; after 10 s the run dies with FAILURE. Sets REDIS_PID.
launch_redis() {
  local poll=$1 failure=$2
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no --daemonize no \
    --dir "$WORK/redis" --logfile "$WORK/redis.log" --loglevel warning &
  REDIS_PID=$!
  register_pid "$REDIS_PID"
  local deadline=$((SECONDS + 10))
  until redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] || die "$failure"
    sleep "$poll"
  done
}

rcli() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" "$@"; }

# redis_snapshot FILE: INFO commandstats, the network byte counters and the number of ownership records
# (vg:own:*), for deltas. The byte counters are read first (pre_*) and last, so that a delta between two
# snapshots can leave out the harness's own SCAN output.
redis_snapshot() {
  {
    rcli info stats | tr -d '\r' | grep -E '^total_net_(input|output)_bytes:' | sed 's/^/pre_/'
    rcli info commandstats | tr -d '\r'
    printf 'own_keys:%s\n' "$(rcli --scan --pattern 'vg:own:*' | wc -l)"
    printf 'dbsize:%s\n' "$(rcli dbsize)"
    rcli info stats | tr -d '\r' | grep -E '^total_net_(input|output)_bytes:'
  } >"$1"
}
