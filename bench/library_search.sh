#!/usr/bin/env bash
# Library search benchmark (issue 8): generate the corpus, import it, then
# time a query mix (search_bench) against it and against the naive FTS5
# baseline. Prints markdown for docs/benchmarks.md.
# Usage: bench/library_search.sh [N]   (default 1000000; BUILD=build/release;
#        KEEP=1 keeps the work directory; WORK=DIR puts it there;
#        QUERIES=Q queries per class; NAIVE_QUERIES=N times the naive
#        baseline on the first N free-text queries only: at 10 M a bm25
#        query of common words takes seconds; ENGINE=postgres runs it all
#        on a PostgreSQL server of its own started in WORK, fsync on,
#        PG_MEMORY of shared buffers, default 4GB; with FROM_SQLITE=DB it
#        fills PostgreSQL by `helmarr db copy` from a library this script
#        built on SQLite, of the same N and seed, instead of importing)
set -euo pipefail
N=${1:-1000000}
SEED=${SEED:-42}
BUILD=${BUILD:-build/release}
BIN=$BUILD/helmarr
SEARCH=$BUILD/bench/search_bench
for f in "$BIN" "$SEARCH"; do [[ -x $f ]] || { echo "missing $f: cmake --build $BUILD --target helmarr search_bench" >&2; exit 2; }; done
WORK=${WORK:-$(mktemp -d "${TMPDIR:-/tmp}/helmarr-search-bench.XXXXXX")}
mkdir -p "$WORK"
[[ ${KEEP:-0} == 1 ]] || trap 'rm -rf "$WORK"' EXIT
DATA=$WORK/data
CORPUS=$WORK/corpus.ndjson
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

echo "# library search benchmark: $N torrents, seed $SEED"
echo
echo "machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
echo

t0=$(now)
[[ -n ${FROM_SQLITE:-} ]] || "$BIN" bench-corpus "$N" --seed "$SEED" --out "$CORPUS"
t1=$(now)

ENGINE=${ENGINE:-sqlite}
if [[ $ENGINE == postgres ]]; then
  # A server of its own for the run, durable as in production (fsync on).
  HELMARR_PG_OPTIONS="-c fsync=on -c synchronous_commit=on -c shared_buffers=${PG_MEMORY:-4GB} \
    -c effective_cache_size=16GB -c maintenance_work_mem=1GB -c max_wal_size=16GB -c checkpoint_timeout=30min \
    -c work_mem=64MB" tests/support/postgres_test_server.sh start "$WORK/pg"
  trap 'tests/support/postgres_test_server.sh stop "$WORK/pg"; [[ ${KEEP:-0} == 1 ]] || rm -rf "$WORK"' EXIT
  PGHOST_DIR=$(cat "$WORK/pg/host")
  PSQL=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)/psql
  "$PSQL" -h "$PGHOST_DIR" -U postgres -d postgres -qc "CREATE DATABASE bench"
  export HELMARR_DATABASE_URL="host=$PGHOST_DIR user=postgres dbname=bench"
  echo "engine: PostgreSQL $("$PSQL" -h "$PGHOST_DIR" -U postgres -d bench -Atc 'SHOW server_version'), fsync on, shared_buffers ${PG_MEMORY:-4GB}"
  echo
fi

# --- the import: NDJSON in, the library out in $DATA/helmarr.db (or PostgreSQL) ---
if [[ -n ${FROM_SQLITE:-} ]]; then
  "$BIN" db copy --from "sqlite:$FROM_SQLITE" --to "$HELMARR_DATABASE_URL" --no-progress --json >"$WORK/import.json"
  step="\`helmarr db copy --from sqlite:helmarr.db\` into PostgreSQL"
else
  "$BIN" import "$CORPUS" --data-dir "$DATA" --api-key bench-key-0123456789abcdef --no-progress --json >"$WORK/import.json"
  step="import: \`helmarr import corpus.ndjson\` into PostgreSQL"
fi
t2=$(now)

if [[ $ENGINE == postgres ]]; then
  import_s=$(secs "$t1" "$t2")
  q() { "$PSQL" -h "$PGHOST_DIR" -U postgres -d bench -Atc "$1"; }
  q "VACUUM ANALYZE" >/dev/null
  all_bytes=$(q "SELECT pg_database_size('bench')")
  files_bytes=$(q "SELECT pg_total_relation_size('torrent_files')")
  gin_bytes=$(q "SELECT pg_relation_size('torrents_words')")
  echo "| step | figure |"
  echo "|---|---:|"
  echo "| $step | $import_s s, $(awk -v n="$N" -v s="$import_s" 'BEGIN { printf "%.0f", n / s }') torrents/s |"
  echo "| summary | $(tr -d '\n' <"$WORK/import.json" | sed 's/"rejections":\[[^]]*\],*//' | cut -c1-120) |"
  echo "| database (pg_database_size) | $(awk -v b="$all_bytes" 'BEGIN { printf "%.1f MB", b / 1e6 }') |"
  echo "| bytes per torrent, everything | $(awk -v b="$all_bytes" -v n="$N" 'BEGIN { printf "%.0f", b / n }') |"
  echo "| bytes per torrent, file lists excluded (full-text index included) | $(awk -v a="$all_bytes" -v f="$files_bytes" -v n="$N" 'BEGIN { printf "%.0f", (a - f) / n }') |"
  echo "| of which the GIN index | $(awk -v b="$gin_bytes" -v n="$N" 'BEGIN { printf "%.0f", b / n }') |"
  echo "| file lists (torrent_files) | $(awk -v b="$files_bytes" -v n="$N" 'BEGIN { printf "%.0f", b / n }') |"
  echo
  "$SEARCH" "$HELMARR_DATABASE_URL" --count "$N" --seed "$SEED" --slowest 10 \
    ${QUERIES:+--queries "$QUERIES"} ${NAIVE_QUERIES:+--naive-queries "$NAIVE_QUERIES"}
  exit 0
fi

corpus_bytes=$(stat -c %s "$CORPUS")
db_bytes=$(( $(stat -c %s "$DATA/helmarr.db") + $( [[ -f $DATA/helmarr.db-wal ]] && stat -c %s "$DATA/helmarr.db-wal" || echo 0) ))
import_s=$(secs "$t1" "$t2")
echo "| step | figure |"
echo "|---|---:|"
echo "| corpus: \`helmarr bench-corpus $N --seed $SEED\` | $(secs "$t0" "$t1") s, $(awk -v b="$corpus_bytes" 'BEGIN { printf "%.0f MB", b / 1e6 }') of NDJSON |"
echo "| import: \`helmarr import corpus.ndjson\` | $import_s s, $(awk -v n="$N" -v s="$import_s" 'BEGIN { printf "%.0f", n / s }') torrents/s |"
echo "| import summary | $(tr -d '\n' <"$WORK/import.json" | sed 's/"rejections":\[[^]]*\],*//' | cut -c1-120) |"
echo "| database (helmarr.db + -wal) | $(awk -v b="$db_bytes" 'BEGIN { printf "%.1f MB", b / 1e6 }') |"
echo "| bytes per torrent, everything | $(awk -v b="$db_bytes" -v n="$N" 'BEGIN { printf "%.0f", b / n }') |"
# The issue's measure: file lists excluded, full-text index included (dbstat).
if command -v sqlite3 >/dev/null; then
  sqlite3 "$DATA/helmarr.db" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
  files_bytes=$(sqlite3 "$DATA/helmarr.db" "SELECT coalesce(sum(pgsize),0) FROM dbstat WHERE name = 'torrent_files'")
  fts_bytes=$(sqlite3 "$DATA/helmarr.db" "SELECT coalesce(sum(pgsize),0) FROM dbstat WHERE name LIKE 'torrents_fts%'")
  all_bytes=$(sqlite3 "$DATA/helmarr.db" "SELECT sum(pgsize) FROM dbstat")
  echo "| bytes per torrent, file lists excluded (full-text index included) | $(awk -v a="$all_bytes" -v f="$files_bytes" -v n="$N" 'BEGIN { printf "%.0f", (a - f) / n }') |"
  echo "| of which the full-text index | $(awk -v b="$fts_bytes" -v n="$N" 'BEGIN { printf "%.0f", b / n }') |"
  echo "| file lists (torrent_files) | $(awk -v b="$files_bytes" -v n="$N" 'BEGIN { printf "%.0f", b / n }') |"
fi
echo

"$SEARCH" "$DATA/helmarr.db" --count "$N" --seed "$SEED" --naive "$WORK/naive.db" --slowest 10 \
  ${QUERIES:+--queries "$QUERIES"} ${NAIVE_QUERIES:+--naive-queries "$NAIVE_QUERIES"}
