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
  mkdir -p "$dir/tmp"
  cat >"$dir/nginx.conf" <<CONF
daemon off;
master_process on;
worker_processes $BENCH_PROXY_WORKERS;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $dir/tmp/body;
  proxy_temp_path $dir/tmp/proxy;
  fastcgi_temp_path $dir/tmp/fastcgi;
  uwsgi_temp_path $dir/tmp/uwsgi;
  scgi_temp_path $dir/tmp/scgi;
  keepalive_requests 1000000;
  keepalive_timeout 120s;
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
}
CONF
  nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" &
  PROXY_PID=$!
  register_pid "$PROXY_PID"
  local deadline=$((SECONDS + 10))
  until curl -fsS -o /dev/null --max-time 1 -X POST -d '{}' "$PROXY_URL/verification/v1/verifications" 2>/dev/null; do
    kill -0 "$PROXY_PID" 2>/dev/null || die "nginx proxy exited: $(tail -n 3 "$dir/error.log" 2>/dev/null)"
    [ "$SECONDS" -lt "$deadline" ] || die "the nginx proxy did not answer on port $PROXY_PORT"
    sleep 0.1
  done
  log "nginx reverse proxy ($BENCH_PROXY_WORKERS workers) on $PROXY_URL -> stub"
}
