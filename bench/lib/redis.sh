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

# start_redis_cluster: three redis-server --cluster-enabled masters on free ports whose bus ports (+10000) are
# free too, joined with redis-cli --cluster create (no replicas). Sets REDIS_CLUSTER_HOSTS (for
# quarkus.redis.hosts) and REDIS_CLUSTER_PORTS.
start_redis_cluster() {
  local p ports=() i
  while [ ${#ports[@]} -lt 3 ]; do
    p=$((20000 + RANDOM % 10000))
    if port_free "$p" && port_free $((p + 10000)) && [[ " ${ports[*]} " != *" $p "* ]]; then ports+=("$p"); fi
  done
  for p in "${ports[@]}"; do
    mkdir -p "$WORK/cluster/$p"
    redis-server --bind 127.0.0.1 --port "$p" --cluster-enabled yes --cluster-config-file nodes.conf \
      --cluster-node-timeout 2000 --save '' --appendonly no --daemonize no --dir "$WORK/cluster/$p" \
      --logfile "$WORK/cluster/$p/redis.log" --loglevel warning &
    register_pid $!
  done
  for p in "${ports[@]}"; do
    local deadline=$((SECONDS + 10))
    until redis-cli -p "$p" ping >/dev/null 2>&1; do
      [ "$SECONDS" -lt "$deadline" ] || die "cluster node $p did not start"
      sleep 0.1
    done
  done
  redis-cli --cluster create $(for p in "${ports[@]}"; do printf '127.0.0.1:%s ' "$p"; done) \
    --cluster-replicas 0 --cluster-yes >"$WORK/cluster/create.log" 2>&1 || die "redis-cli --cluster create failed"
  local deadline=$((SECONDS + 20))
  for p in "${ports[@]}"; do
    until redis-cli -p "$p" cluster info 2>/dev/null | grep -q 'cluster_state:ok'; do
      [ "$SECONDS" -lt "$deadline" ] || die "the cluster did not reach cluster_state:ok"
      sleep 0.2
    done
  done
  REDIS_CLUSTER_PORTS="${ports[*]}"
  REDIS_CLUSTER_HOSTS=$(for p in "${ports[@]}"; do printf 'redis://127.0.0.1:%s,' "$p"; done | sed 's/,$//')
  log "Redis Cluster of 3 masters on ports ${ports[*]}"
}

port_free() {
  python3 -c 'import socket, sys
s = socket.socket()
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)' "$1"
}
