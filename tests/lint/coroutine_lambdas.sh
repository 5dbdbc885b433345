#!/usr/bin/env bash
# g++ 12 destroys the captures of a lambda written inside a co_await
# expression twice (a use-after-free found in the worker pool's first
# version). Name the lambda first and std::move it in (see src/core/task.h).
set -euo pipefail
root=${1:-$(dirname "$0")/../..}
hits=$(grep -rnE --include='*.cc' --include='*.h' 'co_await[^;]*\[[^]]*\][[:space:]]*(\(|\{|mutable)' \
  "$root/src" "$root/tests" "$root/bench" 2>/dev/null | grep -v '^[^:]*:[0-9]*:[[:space:]]*//' || true)
if [[ -n $hits ]]; then
  echo "a lambda inside a co_await expression (g++ 12 destroys its captures twice):"
  echo "$hits"
  exit 1
fi
echo "lint: no lambda inside a co_await expression"
