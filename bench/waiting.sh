#!/usr/bin/env bash
# Issue 7 §1: /healthz throughput and p99 latency measured by wrk, idle and
# then while 500 requests wait in a handler on a local upstream that answers
# after 2 s. Usage: bench/waiting.sh [build/release]
set -euo pipefail
BUILD=${1:-build/release}
DURATION=${DURATION:-10s}
UP=${UP_PORT:-18791}
HM=${HM_PORT:-18792}
WAITING=${WAITING:-500}
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true' EXIT

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
"$BUILD/bench/wait_server" upstream "$UP" 2000 & pids+=($!)
"$BUILD/bench/wait_server" helmarr "$HM" "http://127.0.0.1:$UP/slow" & pids+=($!)
for _ in $(seq 200); do curl -fs "http://127.0.0.1:$HM/healthz" >/dev/null && break; sleep 0.05; done

measure() {
  wrk -t1 -c64 -d"$DURATION" --latency "http://127.0.0.1:$HM/healthz" | awk '/Requests\/sec/ {rps=$2} /^ +99%/ {p99=$2} /Non-2xx/ {bad=$0} END {print "req/s " rps ", p99 " p99 (bad ? ", " bad : "")}'
}

echo "--- /healthz idle (wrk -t1 -c64 -d$DURATION)"
measure
echo "--- /healthz with $WAITING requests waiting 2 s each on the upstream (hey -c $WAITING)"
hey -c "$WAITING" -z 14s -t 10 "http://127.0.0.1:$HM/api/bench/upstream" > /tmp/helmarr-waiting-hey.txt &
hey_pid=$!
sleep 3  # let all 500 get into their handlers
measure
wait "$hey_pid"
grep -E "Requests/sec|Status code|\[200\]|\[5" /tmp/helmarr-waiting-hey.txt | sed 's/^/  waiting route: /'
echo "helmarr RSS after: $(awk '/VmRSS/ {printf "%.1f MB", $2/1024}' /proc/${pids[1]}/status)"
