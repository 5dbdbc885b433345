#!/usr/bin/env bash
# Installs the Debian packages Helmarr needs to build and test, only when
# something is missing, so repeated `make` calls cost nothing. Debian 12.
set -euo pipefail

BUILD_PKGS=(cmake g++ pkg-config ninja-build ccache make
  libboost-dev libboost-system-dev libssl-dev libcurl4-openssl-dev
  libsqlite3-dev sqlite3 nlohmann-json3-dev libfmt-dev libspdlog-dev
  libcli11-dev libtomlplusplus-dev libexpected-dev prometheus-cpp-dev
  libgtest-dev libgmock-dev googletest libbenchmark-dev librapidcheck-dev
  libtorrent-rasterbar-dev libsimdjson-dev libpugixml-dev libpq-dev)
# The PostgreSQL server the store tests start in a temporary directory.
TEST_PKGS=(nodejs npm curl postgresql)
BENCH_PKGS=(wrk hey hyperfine)
# libFuzzer ships with clang's runtime libraries (make fuzz).
FUZZ_PKGS=(clang libclang-rt-14-dev)

want=("${BUILD_PKGS[@]}")
case "${1:-build}" in
  test) want+=("${TEST_PKGS[@]}") ;;
  bench) want+=("${TEST_PKGS[@]}" "${BENCH_PKGS[@]}") ;;
  fuzz) want+=("${FUZZ_PKGS[@]}") ;;
esac

missing=()
for p in "${want[@]}"; do
  # node and npm may come from elsewhere (NodeSource, nvm): a working binary is enough.
  if [[ $p == nodejs ]] && command -v node >/dev/null; then continue; fi
  if [[ $p == npm ]] && command -v npm >/dev/null; then continue; fi
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  SUDO=""
  [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
