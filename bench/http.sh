#!/usr/bin/env bash
# bench/http: requests/s and latency of the HTTP API under wrk, on a store of generated papers
# (bench_ingest's workload, 200,000 papers by default).
#   bench/http.sh [PAPERS] [SECONDS] [CONNECTIONS]     (MODES="search paper search-page paper-page")
#   PAPERBOY=path/to/paperboy bench/http.sh ...       another build on the same store (before/after)
# Runs the server with its default thread count on 127.0.0.1 and wrk with 2 threads on the same
# machine, so the figures include wrk's share of the CPU.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
papers=${1:-200000}
seconds=${2:-20}
connections=${3:-16}
port=${PORT:-18181}
command -v wrk >/dev/null || { sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo; $sudo apt-get install -y -q wrk; }
[ -x "$root/build/bench/bench_ingest" ] || "$root/scripts/build.sh"

work=${BENCH_WORK:-/tmp/paperboy-bench-http}
data="$work/data-$papers"
if [ ! -f "$data/store.sqlite" ]; then
  echo "building a store of $papers generated papers in $work (kept for later runs)"
  "$root/build/bench/bench_ingest" --sizes "$papers" --work "$work" --keep
fi

paperboy=${PAPERBOY:-$root/build/app/paperboy}
echo "server: $paperboy"
"$paperboy" --data "$data" serve --quiet --listen "127.0.0.1:$port" &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done

# Queries: two words drawn from the store's own titles; ids: drawn from the store.
lua="$work/requests.lua"
python3 - "$data/store.sqlite" "$lua" <<'PY'
import random, sqlite3, sys, urllib.parse
db = sqlite3.connect(sys.argv[1])
random.seed(7)
ids = [r[0] for r in db.execute("SELECT id FROM papers ORDER BY random() LIMIT 2000")]
words = [w.strip(".,:;()\"'") for r in db.execute("SELECT title FROM papers ORDER BY random() LIMIT 2000") for w in r[0].split()]
words = [w for w in words if len(w) > 3]
queries = [urllib.parse.quote(" ".join(random.sample(words, 2))) for _ in range(2000)]
with open(sys.argv[2], "w") as f:
    f.write("ids = {%s}\n" % ",".join('"%s"' % i for i in ids))
    f.write("queries = {%s}\n" % ",".join('"%s"' % q for q in queries))
    f.write("""
counter = 0
mode = os.getenv("MODE")
request = function()
  counter = counter + 1
  if mode == "search" then
    return wrk.format("GET", "/api/papers/search?limit=20&q=" .. queries[counter % #queries + 1])
  elseif mode == "search-page" then
    return wrk.format("GET", "/search?q=" .. queries[counter % #queries + 1])
  elseif mode == "paper-page" then
    return wrk.format("GET", "/papers/" .. ids[counter % #ids + 1])
  end
  return wrk.format("GET", "/api/papers/" .. ids[counter % #ids + 1])
end
""")
PY

echo "workload: $papers papers (bench_ingest), wrk -t2 -c$connections -d${seconds}s --latency, $(nproc) cores shared by server and wrk"
declare -A described=(
  [search]='/api/papers/search?limit=20&q=<two title words>' [paper]='/api/papers/<id>'
  [search-page]='/search?q=<two title words> (HTML, 20 cards)' [paper-page]='/papers/<id> (HTML)')
for mode in ${MODES:-search paper search-page paper-page}; do
  echo
  echo "== ${described[$mode]}"
  MODE=$mode wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$lua" "http://127.0.0.1:$port" |
    grep -E "Requests/sec|Latency  |50%|90%|99%|requests in|Non-2xx"
done
