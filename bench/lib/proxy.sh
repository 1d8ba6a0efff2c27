# A plain nginx reverse proxy in front of the stub: the floor for what one proxy hop costs. A second nginx on a
# free loopback port, configured from $WORK/proxy (no system file read or written), proxy_pass with a keep-alive
# upstream pool to the stub (so, like Verigate's REST client, it reuses its upstream connections). Workers:
# BENCH_PROXY_WORKERS, default the number of cores (the gateway may use every core too). Sets PROXY_PORT,
# PROXY_URL, PROXY_PID. Needs start_stub first.

BENCH_PROXY_WORKERS=${BENCH_PROXY_WORKERS:-$(nproc)}

start_proxy() {
  PROXY_PORT=$(free_port)
  PROXY_URL="http://127.0.0.1:$PROXY_PORT"
  local dir="$WORK/proxy"
  write_nginx_conf "$dir" "$BENCH_PROXY_WORKERS" <<CONF
  upstream stub {
    server 127.0.0.1:$STUB_PORT;
    keepalive 64;
    keepalive_requests 1000000;
    keepalive_timeout 120s;
  }
  server {
    listen 127.0.0.1:$PROXY_PORT;
    location / {
      proxy_pass http://stub;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
CONF
  launch_nginx "$dir" "$PROXY_URL" "the nginx proxy"
  PROXY_PID=$LAUNCHED_NGINX_PID
  log "nginx reverse proxy ($BENCH_PROXY_WORKERS workers) on $PROXY_URL -> stub"
}
