# The hot-key burst: N signed starts (distinct numbers, one app) fired at once, with Redis MONITOR on, to count
# the compare-and-swap attempts each shared bucket cost. MONITOR slows Redis, so it only runs for the burst.

# hot_burst NAME SIZE: one burst into $WORK/burst/NAME.*
hot_burst() {
  local name=$1 size=$2 dir="$WORK/burst"
  mkdir -p "$dir"
  sign "$dir/$name.req" "$size" 0
  rcli monitor >"$dir/$name.monitor" 2>&1 &
  local mon=$!
  register_pid "$mon"
  local deadline=$((SECONDS + 5))
  until grep -q '^OK' "$dir/$name.monitor" 2>/dev/null; do
    [ "$SECONDS" -lt "$deadline" ] || die "redis MONITOR did not start"
    sleep 0.05
  done
  gateway_metrics "$dir/$name.metrics.before"
  local out
  out=$(timeout 60 python3 "$BENCH_DIR/lib/burst.py" 127.0.0.1 "$GW_PORT" "$dir/$name.req") || die "burst $name failed"
  sleep 1
  gateway_metrics "$dir/$name.metrics.after"
  stop_pid "$mon"
  local rt0 rt1
  rt0=$(awk '$1 == "round_trips" { print $2 }' "$dir/$name.metrics.before")
  rt1=$(awk '$1 == "round_trips" { print $2 }' "$dir/$name.metrics.after")
  # Top-level commands only: lines from inside scripts carry "[0 lua]".
  {
    printf 'burst=%s\n' "$name"
    printf 'n=%s\n' "$size"
    printf 'statuses=%s\n' "$(sed 's/^BURST n=[0-9]* //; s/ p50_ms=.*//' <<<"$out")"
    printf 'app_evals=%s\n' "$(grep -v ' lua\]' "$dir/$name.monitor" | grep -i '"EVAL"' | grep -c '"vg:app:{[^"]*}:start"')"
    printf 'country_evals=%s\n' "$(grep -v ' lua\]' "$dir/$name.monitor" | grep -i '"EVAL"' | grep -c '"vg:country:{[^"]*}:start"')"
    printf 'evals=%s\n' "$(grep -v ' lua\]' "$dir/$name.monitor" | grep -ci '"EVAL"')"
    printf 'round_trips=%s\n' "$(awk -v a="$rt0" -v b="$rt1" 'BEGIN { printf "%d", b - a }')"
  } >"$dir/$name.result"
  rm -f "$dir/$name.req"
  log "burst $name: $(tr '\n' ' ' <"$dir/$name.result")"
}
