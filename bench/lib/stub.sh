# The fast upstream stub: nginx on a free loopback port, configured from a temp dir (no system file is
# read or written: -p/-c/-e point into $WORK/nginx). Answers the Sinch start with 200
# {"id":"<unique $request_id>","method":"sms"}. Sets STUB_PORT.

start_stub() {
  STUB_PORT=$(free_port)
  local dir="$WORK/nginx"
  mkdir -p "$dir/tmp"
  cat >"$dir/nginx.conf" <<CONF
daemon off;
master_process on;
worker_processes 1;
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
  server {
    listen 127.0.0.1:$STUB_PORT;
    location = /verification/v1/verifications {
      default_type application/json;
      return 200 '{"id":"\$request_id","method":"sms"}';
    }
    location / { return 404; }
  }
}
CONF
  # -e: the start-up error log too, before the config is read (nginx >= 1.19.5).
  nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" &
  NGINX_PID=$!
  register_pid "$NGINX_PID"
  local pid=$NGINX_PID deadline=$((SECONDS + 10))
  until curl -fsS -o /dev/null --max-time 1 -X POST -d '{}' "http://127.0.0.1:$STUB_PORT/verification/v1/verifications" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || die "nginx exited: $(tail -n 3 "$dir/error.log" 2>/dev/null)"
    [ "$SECONDS" -lt "$deadline" ] || die "the nginx stub did not answer on port $STUB_PORT"
    sleep 0.1
  done
  log "upstream stub (nginx $(nginx -v 2>&1 | sed 's|.*/||')) on 127.0.0.1:$STUB_PORT"
}
