# The fast upstream stub: nginx on a free loopback port, configured from a temp dir (no system file is
# read or written: -p/-c/-e point into $WORK/nginx). Answers the Sinch start with 200
# {"id":"<unique $request_id>","method":"sms"}. Sets STUB_PORT.

start_stub() {
  STUB_PORT=$(free_port)
  local dir="$WORK/nginx"
  write_nginx_conf "$dir" 1 <<CONF
  server {
    listen 127.0.0.1:$STUB_PORT;
    location = /verification/v1/verifications {
      default_type application/json;
      return 200 '{"id":"\$request_id","method":"sms"}';
    }
    location / { return 404; }
  }
CONF
  launch_nginx "$dir" "http://127.0.0.1:$STUB_PORT" "the nginx stub"
  NGINX_PID=$LAUNCHED_NGINX_PID
  log "upstream stub (nginx $(nginx -v 2>&1 | sed 's|.*/||')) on 127.0.0.1:$STUB_PORT"
}

# write_nginx_conf DIR WORKERS < HTTP_BLOCK: DIR/nginx.conf for a private nginx (pid, logs and temp files in
# DIR, no access log, long keep-alive), its http block ending with what stdin holds.
write_nginx_conf() {
  local dir=$1 workers=$2
  mkdir -p "$dir/tmp"
  {
    cat <<CONF
daemon off;
master_process on;
worker_processes $workers;
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
CONF
    cat
    echo "}"
  } >"$dir/nginx.conf"
}

# launch_nginx DIR BASE_URL WHAT: nginx on DIR/nginx.conf, then waits until a start POSTed to BASE_URL is
# answered 2xx (dies naming WHAT after 10 s, or at once if nginx exits). Sets LAUNCHED_NGINX_PID.
launch_nginx() {
  local dir=$1 url=$2 what=$3
  # -e: the start-up error log too, before the config is read (nginx >= 1.19.5).
  nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" &
  LAUNCHED_NGINX_PID=$!
  register_pid "$LAUNCHED_NGINX_PID"
  local deadline=$((SECONDS + 10))
  until curl -fsS -o /dev/null --max-time 1 -X POST -d '{}' "$url/verification/v1/verifications" 2>/dev/null; do
    kill -0 "$LAUNCHED_NGINX_PID" 2>/dev/null || die "$what exited: $(tail -n 3 "$dir/error.log" 2>/dev/null)"
    [ "$SECONDS" -lt "$deadline" ] || die "$what did not answer at $url"
    sleep 0.1
  done
}
