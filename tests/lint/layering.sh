#!/usr/bin/env bash
# Each engine is included by one folder only: curl by src/net, Beast and Asio
# by src/http, sqlite3 and libpq by src/store, libtorrent by src/torrent.
set -euo pipefail
root=${1:-$(dirname "$0")/../..}
cd "$root"
fail=0
check() {  # pattern, allowed folder, engine name
  local bad
  bad=$(grep -rlE --include='*.cc' --include='*.h' --include='*.in' "#include[[:space:]]*[<\"]($1)" src | grep -v "^$2/" || true)
  if [[ -n $bad ]]; then
    echo "$3 included outside $2:"; echo "$bad" | sed 's/^/  /'; fail=1
  fi
}
check 'curl/' src/net curl
check 'boost/asio|boost/beast' src/http Beast/Asio
check 'sqlite3\.h|libpq-fe\.h|postgresql/' src/store 'sqlite3/libpq'
check 'libtorrent/' src/torrent libtorrent
# And only the layers below: nothing under src/ except app includes app/.
bad=$(grep -rlE '#include "app/' src --include='*.cc' --include='*.h' | grep -v '^src/app/' || true)
if [[ -n $bad ]]; then echo "src/app included from a lower layer:"; echo "$bad" | sed 's/^/  /'; fail=1; fi
((fail == 0)) && echo "lint: every engine stays in its folder"
exit $fail
