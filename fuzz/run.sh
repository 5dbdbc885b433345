#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each, from its seed corpus in
# fuzz/corpus/<target>/ (read only) plus what earlier runs found in
# <build>/corpus/<target>/. Crashing inputs land in <build>/artifacts/.
# Prints executions and exec/s per target; exits 1 when any target failed.
set -uo pipefail
build=${1:?usage: fuzz/run.sh <build-dir> [seconds]}
seconds=${2:-60}
here=$(cd "$(dirname "$0")" && pwd)
failed=()
printf '%-18s %10s %12s %8s  %s\n' target exec/s executions corpus result > "$build/fuzz-summary.txt"
for bin in "$build"/fuzz/fuzz_*; do
  [[ -x $bin && -f $bin ]] || continue
  name=${bin##*/fuzz_}
  work="$build/corpus/$name" artifacts="$build/artifacts/$name/"
  mkdir -p "$work" "$artifacts"
  dict=()
  [[ -f $here/$name.dict ]] && dict=(-dict="$here/$name.dict")
  log="$build/fuzz-$name.log"
  echo "fuzz: $name for ${seconds}s"
  # -timeout: an input slower than this is a finding (a hang), not a pause.
  "$bin" -max_total_time="$seconds" -timeout=25 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$artifacts" "${dict[@]}" "$work" "$here/corpus/$name" > "$log" 2>&1
  rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  files=$(find "$work" -type f | wc -l)
  result=ok
  if ((rc != 0)); then
    result="FAILED (exit $rc, see $log, input in $artifacts)"
    failed+=("$name")
    grep -m1 -E 'ERROR|property failed|runtime error|deadly signal|timeout' "$log" || tail -5 "$log"
  fi
  printf '%-18s %10s %12s %8s  %s\n' "$name" "${rate:-?}" "${execs:-?}" "$files" "$result" | tee -a "$build/fuzz-summary.txt"
done
cat "$build/fuzz-summary.txt"
if ((${#failed[@]})); then
  echo "fuzz: failures in ${failed[*]}" >&2
  exit 1
fi
