#!/usr/bin/env bash
# Foundation benchmarks: throughput of /healthz and GET /api/settings with 64
# connections, idle RSS, and time from process start to the first /healthz.
# Usage: bench/run.sh [path/to/helmarr]   (make bench builds Release first)
set -euo pipefail
BIN=${1:-build/release/helmarr}
DURATION=${DURATION:-10s}
KEY=bench-key-0123456789abcdef
DATA=$(mktemp -d)
PORT=${PORT:-18777}
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; rm -rf "$DATA"' EXIT

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "binary:  $BIN ($(stat -c %s "$BIN") bytes)"

# Time to first /healthz, from fork to the first 200, best of 5 cold starts.
python3 bench/first_response.py "$BIN" "$KEY" 5

"$BIN" serve --bind 127.0.0.1 --port "$PORT" --data-dir "$DATA" --api-key "$KEY" --log-level warn 2>"$DATA/log" &
PID=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.05; done
sleep 1
echo "idle RSS: $(awk '/VmRSS/ {printf "%.1f MB", $2/1024}' /proc/$PID/status)"

# The general rate limit would refuse a benchmark after 100 requests: lift it.
curl -fs -X PUT -H "X-API-Key: $KEY" -H 'Content-Type: application/json' -d '{"value":1000000}' \
  "http://127.0.0.1:$PORT/api/settings/overrides/rate_limit_general_per_minute" >/dev/null

echo "--- wrk -t1 -c64 -d$DURATION /healthz"
wrk -t1 -c64 -d"$DURATION" "http://127.0.0.1:$PORT/healthz" | grep -E 'Requests/sec|Latency|Non-2xx'
echo "--- wrk -t1 -c64 -d$DURATION GET /api/settings (API key, rate limiter, JSON of all settings)"
wrk -t1 -c64 -d"$DURATION" -H "X-API-Key: $KEY" "http://127.0.0.1:$PORT/api/settings" | grep -E 'Requests/sec|Latency|Non-2xx'
echo "RSS after load: $(awk '/VmRSS/ {printf "%.1f MB", $2/1024}' /proc/$PID/status)"
