#!/usr/bin/env bash
# Release-name parser vs peers on the public dataset, in one run:
# accuracy ("fully right", per field; rules of ../shared/datasets/README.md) and
# throughput (titles/s, each timed run >= 2 s) of Helmarr, @ctrl/video-filename-parser
# (npm, pinned in bench/parser_peers/package-lock.json) and guessit (Debian python3-guessit).
#
# usage: bench/parser_peers.sh [path/to/helmarr]   (default build/release/helmarr)
# env:   DATASET=...  (default ../shared/datasets/release-names-public.jsonl)
#        FAILS=file.json  to dump every wrong case per parser
#        MIN_SECONDS=2    minimum length of each timed run
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
helmarr="${1:-$root/build/release/helmarr}"
dataset="${DATASET:-$root/../shared/datasets/release-names-public.jsonl}"
[[ -x "$helmarr" ]] || { echo "no helmarr binary at $helmarr" >&2; exit 1; }
[[ -f "$dataset" ]] || { echo "no dataset at $dataset" >&2; exit 1; }
helmarr="$(cd "$(dirname "$helmarr")" && pwd)/$(basename "$helmarr")"

if ! dpkg -s python3-guessit >/dev/null 2>&1; then
  echo "[parser_peers] installing python3-guessit" >&2
  if [[ $(id -u) -eq 0 ]]; then apt-get install -y python3-guessit >&2; else sudo apt-get install -y python3-guessit >&2; fi
fi
cd "$root/bench/parser_peers"
if [[ ! -d node_modules/@ctrl/video-filename-parser ]] || [[ package-lock.json -nt node_modules ]]; then
  npm ci --no-audit --no-fund >&2
fi

echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(. /etc/os-release && echo "$PRETTY_NAME"); $(date -u "+%Y-%m-%d %H:%M UTC")"
echo
exec node run.mjs "$helmarr" "$dataset" ${FAILS:+"$FAILS"}
