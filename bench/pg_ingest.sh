#!/usr/bin/env bash
# bench/pg_ingest: how fast papers are written straight into each store, the path every
# ingest, harvest and submission takes (issue 17).
#
#   bench/pg_ingest.sh [PAPERS] [WORK]      (defaults: 200000 /tmp/paperboy-pg-ingest)
#
# Generates PAPERS papers with bench_scale_corpus, then times `paperboy ingest --no-index` of
# that file into a fresh SQLite store and into a fresh PostgreSQL cluster run as bench/join.sh
# runs it (durable: fsync on; shared_buffers 1 GB; on a local socket), then ingests the same
# file again into each (every paper unchanged: the cost of reading and comparing). Prints
# each run's wall time and papers per second.
set -euo pipefail
cd "$(dirname "$0")/.."
papers=${1:-200000}
work=${2:-/tmp/paperboy-pg-ingest}
paperboy=$PWD/build/app/paperboy
corpus_tool=$PWD/build/bench/bench_scale_corpus
[ -x "$paperboy" ] && [ -x "$corpus_tool" ] || { echo "build first: scripts/build.sh" >&2; exit 1; }
bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)

mkdir -p "$work"
seconds() { date +%s.%N; }
rate() { python3 -c "d = $2 - $1; print(f'{d:.1f} s, {$papers / d:,.0f} papers/s')"; }

corpus=$work/corpus-$papers.jsonl
if [ ! -f "$corpus" ]; then
  "$corpus_tool" --papers "$papers" --out "$corpus.part" && mv "$corpus.part" "$corpus"
fi

pg=$work/pg
as_owner=()
[ "$(id -u)" -eq 0 ] && as_owner=(runuser -u nobody --)
"${as_owner[@]}" "$bindir/pg_ctl" -D "$pg/data" -m fast stop >/dev/null 2>&1 || true
rm -rf "$pg" "$work/sqlite" "$work/pg-data" && mkdir -p "$pg"
[ "$(id -u)" -eq 0 ] && chown nobody "$pg"
"${as_owner[@]}" "$bindir/initdb" -D "$pg/data" -U paperboy -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${as_owner[@]}" "$bindir/pg_ctl" -D "$pg/data" -l "$pg/server.log" -w \
  -o "-k $pg -c listen_addresses='' -c shared_buffers=1GB -c max_wal_size=4GB" start >/dev/null
trap '"${as_owner[@]}" "$bindir/pg_ctl" -D "$pg/data" -m fast stop >/dev/null 2>&1 || true' EXIT
uri="postgresql://paperboy@/postgres?host=$pg"

for pass in "new papers" "unchanged"; do
  t0=$(seconds)
  "$paperboy" --data "$work/sqlite" ingest -q --no-index "$corpus"
  echo "sqlite ingest, $pass: $(rate "$t0" "$(seconds)")"
  t0=$(seconds)
  "$paperboy" --data "$work/pg-data" --store "$uri" ingest -q --no-index "$corpus"
  echo "postgresql ingest, $pass: $(rate "$t0" "$(seconds)")"
done
echo "workload: $papers generated papers (bench_scale_corpus), ingest --no-index; $(nproc) cores;" \
  "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on a local socket"
