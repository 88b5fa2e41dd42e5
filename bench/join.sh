#!/usr/bin/env bash
# bench/join: moving an instance of N papers onto PostgreSQL, and the time a new server takes to
# join it (issue 17).
#
#   bench/join.sh [PAPERS] [WORK]      (defaults: 1000000 /tmp/paperboy-join)
#
# Generates PAPERS papers with bench_scale_corpus (as bench/scale.py does), ingests them into a
# SQLite store (--no-index), copies that store into a fresh PostgreSQL cluster with default
# durability (fsync on; shared_buffers 1 GB) with `paperboy store copy`, then starts
# `paperboy serve --store postgresql://…` on an empty data directory and times it until its
# indexes are up to date (its "index: … papers written in" line). Prints each step's wall time.
set -euo pipefail
cd "$(dirname "$0")/.."
papers=${1:-1000000}
work=${2:-/tmp/paperboy-join}
paperboy=$PWD/build/app/paperboy
corpus_tool=$PWD/build/bench/bench_scale_corpus
[ -x "$paperboy" ] && [ -x "$corpus_tool" ] || { echo "build first: scripts/build.sh" >&2; exit 1; }
bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)

mkdir -p "$work"
seconds() { date +%s.%N; }
elapsed() { python3 -c "print(f'{$2 - $1:.1f}')"; }

corpus=$work/corpus-$papers.jsonl
if [ ! -f "$corpus" ]; then
  t0=$(seconds)
  "$corpus_tool" --papers "$papers" --out "$corpus.part" && mv "$corpus.part" "$corpus"
  echo "corpus: $papers papers generated in $(elapsed "$t0" "$(seconds)") s"
fi

source_dir=$work/source
if [ ! -f "$source_dir/store.sqlite" ]; then
  t0=$(seconds)
  "$paperboy" --data "$source_dir" ingest -q --no-index "$corpus"
  echo "sqlite ingest --no-index: $(elapsed "$t0" "$(seconds)") s"
fi

# A PostgreSQL cluster as an operator would run it (durable), on a socket in the work directory.
pg=$work/pg
as_owner=()
[ "$(id -u)" -eq 0 ] && as_owner=(runuser -u nobody --)
"${as_owner[@]}" "$bindir/pg_ctl" -D "$pg/data" -m fast stop >/dev/null 2>&1 || true
rm -rf "$pg" && mkdir -p "$pg"
[ "$(id -u)" -eq 0 ] && chown nobody "$pg"
"${as_owner[@]}" "$bindir/initdb" -D "$pg/data" -U paperboy -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${as_owner[@]}" "$bindir/pg_ctl" -D "$pg/data" -l "$pg/server.log" -w \
  -o "-k $pg -c listen_addresses='' -c shared_buffers=1GB -c max_wal_size=4GB" start >/dev/null
trap '"${as_owner[@]}" "$bindir/pg_ctl" -D "$pg/data" -m fast stop >/dev/null 2>&1 || true' EXIT
uri="postgresql://paperboy@/postgres?host=$pg"

t0=$(seconds)
"$paperboy" --data "$source_dir" store copy --to "$uri" | tail -n 1
echo "store copy to PostgreSQL: $(elapsed "$t0" "$(seconds)") s"

new_dir=$work/new
rm -rf "$new_dir" && mkdir -p "$new_dir"
t0=$(seconds)
"$paperboy" --data "$new_dir" --store "$uri" serve --listen 127.0.0.1:0 -q --index-catch-up 3600 2>"$new_dir/stderr" &
server=$!
until grep -q "papers written in" "$new_dir/stderr"; do
  state=$(ps -o stat= -p "$server" 2>/dev/null || true)  # a dead child stays a zombie until waited for
  [ -n "$state" ] && [[ $state != Z* ]] || { cat "$new_dir/stderr" >&2; exit 1; }
  sleep 1
done
joined=$(elapsed "$t0" "$(seconds)")
kill "$server"; wait "$server" || true
grep "index:" "$new_dir/stderr"
echo "new server joined (indexes built from the store): $joined s"
echo "workload: $papers generated papers; $(nproc) cores; PostgreSQL $("$bindir/postgres" --version | awk '{print $3}')"
