#!/usr/bin/env bash
# bench/nginx: requests/s of paper pages and searches through nginx in front of two paperboy
# servers over one PostgreSQL store, against one server behind the same nginx and one server
# alone (issue 17). On one 2-core machine the servers, nginx, PostgreSQL and wrk share the same
# cores, so this measures what the balancer and the shared store cost, not how far more
# machines scale.
#   bench/nginx.sh [SECONDS] [CONNECTIONS]          (defaults: 15 16)
# Store: the bundled sample (1,173 papers of sample/hf-daily), in a PostgreSQL cluster with
# default durability started in the work directory; nginx with deploy/nginx-paperboy.conf.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-15}
connections=${2:-16}
work=${BENCH_WORK:-/tmp/paperboy-bench-nginx}
paperboy=$root/build/app/paperboy
command -v wrk >/dev/null || { sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo; $sudo apt-get install -y -q wrk; }
[ -x "$paperboy" ] || "$root/scripts/build.sh"
bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)

rm -rf "$work" && mkdir -p "$work"/{a,b,nginx/tmp,pg}
chmod 777 "$work/nginx/tmp"
as_owner=()
[ "$(id -u)" -eq 0 ] && { as_owner=(runuser -u nobody --); chown nobody "$work/pg"; }
"${as_owner[@]}" "$bindir/initdb" -D "$work/pg/data" -U paperboy -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${as_owner[@]}" "$bindir/pg_ctl" -D "$work/pg/data" -l "$work/pg/server.log" -w \
  -o "-k $work/pg -c listen_addresses='' -c shared_buffers=512MB" start >/dev/null
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  "${as_owner[@]}" "$bindir/pg_ctl" -D "$work/pg/data" -m fast stop >/dev/null 2>&1 || true
}
trap cleanup EXIT
uri="postgresql://paperboy@/postgres?host=$work/pg"

"$paperboy" --data "$work/a" --store "$uri" ingest -q "$root"/sample/hf-daily/*.json
cp -r "$work/a/index" "$work/a/models" "$work/b/" 2>/dev/null || true

port_of() {  # waits for a server's "on http://127.0.0.1:PORT/" line
  for _ in $(seq 200); do
    grep -oE 'on http://127\.0\.0\.1:[0-9]+/' "$1" 2>/dev/null | grep -oE '[0-9]+' | tail -n 1 && return
    sleep 0.1
  done
  echo "server did not start: $1" >&2; exit 1
}
for s in a b; do
  "$paperboy" --data "$work/$s" --store "$uri" serve -q --listen 127.0.0.1:0 --trusted-proxy 127.0.0.1 \
    2>"$work/$s/stderr" &
  pids+=($!)
done
port_a=$(port_of "$work/a/stderr")
port_b=$(port_of "$work/b/stderr")

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
start_nginx() {  # name, listen port, upstream ports...
  local name=$1 listen=$2; shift 2
  local dir=$work/nginx/$name
  mkdir -p "$dir"
  python3 - "$root/deploy/nginx-paperboy.conf" "$dir/site.conf" "$listen" "$@" <<'PY'
import re, sys
site = open(sys.argv[1]).read()
listen, upstreams = sys.argv[3], sys.argv[4:]
servers = "".join(f"    server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;\n" for p in upstreams)
site = re.sub(r"(    server 127\.0\.0\.1:808[12][^\n]*\n)+", servers, site)
site = site.replace("127.0.0.1:8080", f"127.0.0.1:{listen}")
open(sys.argv[2], "w").write(site)
PY
  cat >"$dir/nginx.conf" <<CONF
daemon off; worker_processes 1; pid $dir/nginx.pid; error_log $dir/error.log;
events { worker_connections 1024; }
http { access_log off; client_body_temp_path $work/nginx/tmp/body; proxy_temp_path $work/nginx/tmp/proxy;
  fastcgi_temp_path $work/nginx/tmp/fcgi; uwsgi_temp_path $work/nginx/tmp/uwsgi; scgi_temp_path $work/nginx/tmp/scgi;
  include $dir/site.conf; }
CONF
  /usr/sbin/nginx -p "$dir" -c "$dir/nginx.conf" &
  pids+=($!)
}
nginx_one=$(free_port); start_nginx one "$nginx_one" "$port_a"
nginx_two=$(free_port); start_nginx two "$nginx_two" "$port_a" "$port_b"
sleep 1

lua=$work/requests.lua
python3 - "$root/sample/hf-daily" "$lua" <<'PY'
import glob, json, os, random, sys, urllib.parse
papers = [item["paper"] for f in sorted(glob.glob(os.path.join(sys.argv[1], "*.json"))) for item in json.load(open(f))]
random.seed(7)
ids = [p["id"] for p in papers]
words = [w.strip(".,:;()\"'?") for p in papers for w in p["title"].split()]
words = [w for w in words if len(w) > 3 and w.isalpha()]
queries = [urllib.parse.quote(" ".join(random.sample(words, 2))) for _ in range(2000)]
with open(sys.argv[2], "w") as f:
    f.write("ids = {%s}\n" % ",".join('"%s"' % i for i in ids))
    f.write("queries = {%s}\n" % ",".join('"%s"' % q for q in queries))
    f.write('''
counter = 0
mode = os.getenv("MODE")
request = function()
  counter = counter + 1
  if mode == "search" then
    return wrk.format("GET", "/api/papers/search?mode=lexical&limit=20&q=" .. queries[counter % #queries + 1])
  end
  return wrk.format("GET", "/papers/" .. ids[counter % #ids + 1])
end
''')
PY

echo "workload: sample store (1,173 papers) in PostgreSQL; wrk -t2 -c$connections -d${seconds}s; $(nproc) cores shared by"
echo "servers, nginx, PostgreSQL and wrk; paper page = /papers/<id> (HTML), search = /api/papers/search?mode=lexical&q=<two title words>"
printf '%-12s %-28s %12s %10s %10s\n' mode target req/s p50 p99
for mode in paper search; do
  for target in "one server:$port_a" "nginx, one server:$nginx_one" "nginx, two servers:$nginx_two"; do
    name=${target%:*}; port=${target##*:}
    out=$(MODE=$mode wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$lua" "http://127.0.0.1:$port")
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
    p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
    non2xx=$(echo "$out" | awk '/Non-2xx/ {print " (" $NF " non-2xx)"}')
    printf '%-12s %-28s %12s %10s %10s%s\n' "$mode" "$name" "$rps" "$p50" "$p99" "$non2xx"
  done
done
