# Scenario "breaker" (issue step 3): how fast apps are answered while the circuit breaker toward Sinch is open.
#
# The gateway's upstream is a closed port: the first starts fail (connection refused, retried), the start
# breaker opens, and every further start is refused with 503/50300 + Retry-After without touching Sinch
# (the breaker delay is 10 minutes, so it stays open for the whole run). The JIT warm-up doubles as the phase
# that opens it. The figures are the whole gateway path of such a refusal: signature check, validation, the
# four limit checks and giving their tokens back.
#
#   open  starts with distinct numbers while the breaker is open, 1 and 16 connections

BREAKER_CONNECTIONS=${BENCH_BREAKER_CONNECTIONS:-"1 16"}

scenario_title() { echo "Verigate open-breaker benchmark"; }

scenario_main() {
  local conns closed
  start_redis
  start_stub
  closed=$(free_port)  # nothing listens there: connections are refused
  start_gateway VERIGATE_UPSTREAM_URL="http://127.0.0.1:$closed" VERIGATE_UPSTREAM_CIRCUIT_BREAKER_DELAY=10m
  warm_gateway 16
  for conns in $BREAKER_CONNECTIONS; do
    measure "breaker-open-c$conns" "$conns" 60000 0
    CASE_DIRS+=("$WORK/cases/breaker-open-c$conns")
  done
}
