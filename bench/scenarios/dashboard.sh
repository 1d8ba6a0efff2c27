# Scenario "dashboard" (issue step 5): the Grafana dashboard (deploy/grafana/verigate-dashboard.json) fed by a
# real run. Grafana itself is not packaged here, so Prometheus (Debian's) scrapes the gateway every 2 s while
# lib/dashload.py sends a mix of every operation, refusal and failure, then lib/dashboard_render.py runs each
# panel's queries verbatim through Prometheus and draws them on the dashboard's grid, and headless Chromium
# (Debian's) takes the PNG. The report lists what every query returned: a refused query, or an empty panel
# for something the run did, is a broken panel.
#
# The gateway is its own Sinch (its sandbox on, events on), so starts, reports, statuses, Sinch's events, the
# outbox and the deliveries to two apps' webhooks (the sandbox's stand-in, /sandbox/webhook/{app}) all happen.
# Chromium's screenshot is a truecolor PNG (about 0.5 MB, mostly anti-aliased text); pngquant (Debian's) turns it into
# a palette of BENCH_DASH_PNG_COLORS colours without dithering, about a quarter of the size and as legible (64 keeps
# every series colour apart; 0 keeps Chromium's PNG).
# Knobs: BENCH_DASH_SECONDS (180), BENCH_DASH_RATE (40 operations/s), BENCH_DASH_PNG_COLORS (64).

DASH_SECONDS=${BENCH_DASH_SECONDS:-180}
DASH_RATE=${BENCH_DASH_RATE:-40}
DASH_PNG_COLORS=${BENCH_DASH_PNG_COLORS:-64}
DASH_SCRAPE=2s
DASH_RATE_INTERVAL=20s

scenario_title() { echo "Verigate dashboard from a real run"; }

scenario_main() {
  ensure_packages prometheus=prometheus chromium=chromium pngquant=pngquant
  start_redis
  BENCH_APP_KEY="bench-$(python3 -c 'import secrets; print(secrets.token_hex(6))')"
  BENCH_APP_SECRET=$(random_b64)
  SHOP_KEY="shop-$(python3 -c 'import secrets; print(secrets.token_hex(6))')"
  SHOP_SECRET=$(random_b64)
  # Single quotes: ${quarkus.http.port} is for the gateway's configuration to expand, not the shell.
  # shellcheck disable=SC2016
  launch_gateway gateway 'http://127.0.0.1:${quarkus.http.port}/sandbox' dash-upstream "$(random_b64)" \
    VERIGATE_SANDBOX_ENABLED=true \
    VERIGATE_APPS_BENCH_WEBHOOK_URL='http://127.0.0.1:${quarkus.http.port}/sandbox/webhook/bench' \
    VERIGATE_APPS_SHOP_KEY="$SHOP_KEY" VERIGATE_APPS_SHOP_SECRET="$SHOP_SECRET" \
    VERIGATE_APPS_SHOP_WEBHOOK_URL='http://127.0.0.1:${quarkus.http.port}/sandbox/webhook/shop' \
    VERIGATE_APPS_SHOP_LIMITS_START=3/1s
  GW_URL=$LAUNCHED_URL
  GW_PID=$LAUNCHED_PID
  log "Verigate (its own sandbox upstream) on $GW_URL"
  start_prometheus "$(mgmt_url "$GW_URL" | sed 's|^http://||')"

  DASH_T0=$(date +%s)
  log "mixed traffic for ${DASH_SECONDS}s at ${DASH_RATE} operations/s (start faults from 45% to 60% of the run)"
  python3 "$BENCH_DIR/lib/dashload.py" --url "$GW_URL" --seconds "$DASH_SECONDS" --rate "$DASH_RATE" \
    --app "bench:$BENCH_APP_KEY:$BENCH_APP_SECRET" --app "shop:$SHOP_KEY:$SHOP_SECRET" \
    --out "$WORK/operations.log" >"$WORK/operations.txt" || die "the load failed"
  sleep 8  # the last scrapes, and the outbox draining
  DASH_T1=$(date +%s)
  curl -fsS --max-time 5 "$GW_URL/sandbox/webhook/bench" | python3 -c 'import json, sys; print(len(json.load(sys.stdin)))' \
    >"$WORK/webhook-bench.count" || echo "?" >"$WORK/webhook-bench.count"

  local height
  height=$(python3 "$BENCH_DIR/lib/dashboard_render.py" --dashboard "$ROOT/deploy/grafana/verigate-dashboard.json" \
    --prometheus "$PROM_URL" --start "$DASH_T0" --end "$DASH_T1" --rate-interval "$DASH_RATE_INTERVAL" \
    --html "$WORK/dashboard.html" --summary "$WORK/panels.md") || die "rendering failed"
  timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync --user-data-dir="$WORK/chromium" \
    --window-size="1576,$height" --screenshot="$WORK/dashboard.png" "file://$WORK/dashboard.html" \
    >"$WORK/chromium.log" 2>&1 || { tail -n 20 "$WORK/chromium.log" >&2; die "chromium failed"; }
  [ -s "$WORK/dashboard.png" ] || die "no screenshot"
  log "rendered $(stat -c %s "$WORK/dashboard.png") bytes of PNG"
  if [ "$DASH_PNG_COLORS" -gt 0 ]; then
    pngquant "$DASH_PNG_COLORS" --nofs --speed 1 --strip --force --output "$WORK/dashboard-small.png" "$WORK/dashboard.png" \
      || die "pngquant failed"
    mv "$WORK/dashboard-small.png" "$WORK/dashboard.png"
    log "reduced to $DASH_PNG_COLORS colours: $(stat -c %s "$WORK/dashboard.png") bytes"
  fi
}

# start_prometheus HOST:PORT: Prometheus scraping the gateway's /q/metrics every DASH_SCRAPE, with the labels a
# Kubernetes ServiceMonitor adds (namespace, pod). Sets PROM_URL.
start_prometheus() {
  local port dir="$WORK/prometheus"
  port=$(free_port)
  PROM_URL="http://127.0.0.1:$port"
  mkdir -p "$dir/data"
  cat >"$dir/prometheus.yml" <<YAML
global:
  scrape_interval: $DASH_SCRAPE
  evaluation_interval: $DASH_SCRAPE
scrape_configs:
  - job_name: verigate
    metrics_path: /q/metrics
    static_configs:
      - targets: ['$1']
        labels: {namespace: verigate-bench, pod: verigate-0}
YAML
  prometheus --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/data" \
    --web.listen-address="127.0.0.1:$port" --log.level=warn >"$dir/prometheus.log" 2>&1 &
  PROM_PID=$!
  register_pid "$PROM_PID"
  wait_http "$PROM_URL/-/ready" 30 "$PROM_PID"
  log "prometheus $(prometheus --version 2>&1 | head -n 1 | awk '{ print $3 }') on $PROM_URL, scraping every $DASH_SCRAPE"
}

scenario_report() {
  local png="dashboard-$stamp.png"
  if [ -z "${BENCH_NO_RESULTS_FILE:-}" ]; then
    mkdir -p "$BENCH_DIR/results"
    cp "$WORK/dashboard.png" "$BENCH_DIR/results/$png"
  fi
  python3 "$BENCH_DIR/lib/reports.py" dashboard "$(scenario_title)" "$1" "$WORK" "$png" "$DASH_SCRAPE" \
    "$((DASH_T1 - DASH_T0))" "$DASH_RATE_INTERVAL"
}
