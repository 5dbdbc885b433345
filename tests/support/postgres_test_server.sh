#!/usr/bin/env bash
# The PostgreSQL server the tests share: `start DIR` runs initdb into DIR and
# starts a server listening on a Unix socket in DIR only (no TCP port, so
# nothing outside this machine's processes can reach it), trust
# authentication, fsync off; `stop DIR` stops it at once. As root it runs as
# the postgres user (the server refuses root). Debian's postgresql package;
# `make test` installs it.
set -euo pipefail
cmd=${1:?start or stop} dir=${2:?directory}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[[ -x $bin/initdb ]] || { echo "postgres_test_server: no PostgreSQL server (apt-get install postgresql)" >&2; exit 2; }
as=()
if [[ $(id -u) -eq 0 ]]; then as=(runuser -u postgres --); fi
stop() { [[ -f $dir/data/postmaster.pid ]] && "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true; }
case $cmd in
  start)
    stop
    rm -rf "$dir"
    mkdir -p "$dir"
    if ((${#as[@]})); then chown postgres "$dir"; fi
    "${as[@]}" "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C --no-sync >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; exit 1; }
    "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses='' -k $dir -c fsync=off -c max_connections=300" start >/dev/null ||
      { cat "$dir/server.log" >&2; exit 1; }
    ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
