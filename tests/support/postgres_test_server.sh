#!/usr/bin/env bash
# The PostgreSQL server the tests share. `start DIR` runs initdb and starts a
# server listening on a Unix socket only (no TCP port, so nothing outside
# this machine's processes can reach it), trust authentication, fsync off;
# `stop DIR` stops it at once and removes it. `start DIR PID` also stops it
# when process PID ends, however it ends. The server lives in a short
# directory under /tmp (socket paths are limited to 107 bytes, and the
# postgres user must reach it whatever the checkout's permissions); DIR/host
# names it for the tests. As root it runs as the postgres user (the server
# refuses root). HELMARR_PG_OPTIONS adds server settings after the test
# ones (the benchmarks turn fsync back on and give it memory). Debian's
# postgresql package; `make test` installs it.
set -euo pipefail
cmd=${1:?start or stop} dir=${2:?directory} watch=${3:-}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[[ -x ${bin:-}/initdb ]] || { echo "postgres_test_server: no PostgreSQL server (apt-get install postgresql)" >&2; exit 2; }
as=()
if [[ $(id -u) -eq 0 ]]; then as=(runuser -u postgres --); fi
stop() {
  [[ -f $dir/host ]] || return 0
  local host
  host=$(cat "$dir/host")
  if [[ -f $host/data/postmaster.pid ]]; then
    "${as[@]}" "$bin/pg_ctl" -D "$host/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  [[ $host == /tmp/helmarr-pg.* ]] && rm -rf "$host"
  rm -f "$dir/host"
}
case $cmd in
  start)
    stop
    mkdir -p "$dir"
    host=$(mktemp -d /tmp/helmarr-pg.XXXXXX)
    chmod 755 "$host"
    if ((${#as[@]})); then chown postgres "$host"; fi
    "${as[@]}" "$bin/initdb" -D "$host/data" -A trust -U postgres -E UTF8 --locale=C --no-sync >"$host/initdb.log" 2>&1 ||
      { cat "$host/initdb.log" >&2; exit 1; }
    "${as[@]}" "$bin/pg_ctl" -D "$host/data" -l "$host/server.log" -w -t 60 \
      -o "-c listen_addresses='' -k $host -c fsync=off -c max_connections=300 ${HELMARR_PG_OPTIONS:-}" start >/dev/null ||
      { cat "$host/server.log" >&2; exit 1; }
    echo "$host" >"$dir/host"
    if [[ -n $watch ]]; then
      setsid bash -c 'while kill -0 "$1" 2>/dev/null; do sleep 1; done; "$2" stop "$3"; rmdir "$3" 2>/dev/null' _ "$watch" "$0" "$dir" \
        </dev/null >/dev/null 2>&1 &
    fi
    ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
