#!/usr/bin/env bash
# A throw-away PostgreSQL for the tests (ctest runs `start` before the tests that need it and
# `stop` after them): a fresh cluster in a temporary directory, reachable only through a Unix
# socket in that directory, with durability off because nothing in it outlives the run.
# Writes the libpq URI to STATE_DIR/uri. As root (CI), the cluster runs as `nobody`: initdb
# refuses to run as root.
#   test_postgres.sh start|stop STATE_DIR
set -euo pipefail
action=${1:?start or stop}
state=${2:?state directory}

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "test_postgres.sh: no PostgreSQL server under /usr/lib/postgresql (apt-get install postgresql; scripts/setup.sh does)" >&2
  exit 1
fi
as_owner=()
[ "$(id -u)" -eq 0 ] && as_owner=(runuser -u nobody --)

stop() {
  [ -f "$state/dir" ] || return 0
  local dir
  dir=$(cat "$state/dir")
  "${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir" "$state"
}

case $action in
  start)
    stop
    dir=$(mktemp -d /tmp/paperboy-pg.XXXXXX)
    [ "$(id -u)" -eq 0 ] && chown nobody "$dir"
    "${as_owner[@]}" "$bindir/initdb" -D "$dir/data" -U paperboy -A trust --no-sync -E UTF8 --locale=C.UTF-8 \
      >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    "${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-k $dir -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
      start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    mkdir -p "$state"
    echo "$dir" >"$state/dir"
    echo "postgresql://paperboy@/postgres?host=$dir" >"$state/uri"
    echo "test PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') at $dir"
    ;;
  stop) stop ;;
  *) echo "test_postgres.sh: start or stop, not '$action'" >&2; exit 2 ;;
esac
