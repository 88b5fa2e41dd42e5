#!/usr/bin/env bash
# A PostgreSQL store's password, kept off the command line (issue 36, item 5). A throw-away
# cluster that checks passwords (scram-sha-256, not the other tests' trust), one role whose
# password holds the characters a URI must escape, and `paperboy stats` connecting to it with
# the password from each place an operator may keep it: --store-password-file, PGPASSWORD,
# PGPASSFILE, ~/.pgpass, and a percent-encoded URI. Without one, or with a wrong one, it fails
# with libpq's reason and never prints the password it was given.
#   store_passwords_test.sh PAPERBOY_BINARY
set -euo pipefail
paperboy=${1:?the paperboy binary}
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "SKIP: no PostgreSQL server under /usr/lib/postgresql (apt-get install postgresql)"
  exit 0
fi
as_owner=()
[ "$(id -u)" -eq 0 ] && as_owner=(runuser -u nobody --)

dir=$(mktemp -d /tmp/paperboy-pgpass.XXXXXX)
cleanup() {
  "${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
chmod 755 "$dir"
[ "$(id -u)" -eq 0 ] && chown nobody "$dir"

password='p@ss/w:rd %x'
printf '%s\n' "$password" >"$dir/initdb-password"
chmod 644 "$dir/initdb-password"
"${as_owner[@]}" "$bindir/initdb" -D "$dir/data" -U paperboy -A scram-sha-256 \
  --pwfile="$dir/initdb-password" --no-sync -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
  { cat "$dir/initdb.log" >&2; exit 1; }
rm "$dir/initdb-password"
"${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-k $dir -c listen_addresses='' -c fsync=off" start >/dev/null ||
  { cat "$dir/server.log" >&2; exit 1; }

work=$(mktemp -d "$dir/work.XXXXXX")
export HOME="$work/home"  # no ~/.pgpass but the ones written below
mkdir -p "$HOME"
unset PGPASSWORD PGPASSFILE
uri="postgresql://paperboy@/postgres?host=$dir"
failures=0

# connects WHAT ARGS… : `paperboy stats` must succeed.
connects() {
  local what=$1
  shift
  if out=$("$@" 2>&1); then
    echo "ok: $what"
  else
    echo "FAIL: $what did not connect: $out"
    failures=$((failures + 1))
  fi
}
# refused WHAT SECRET ARGS… : must fail, say why, and not print SECRET.
refused() {
  local what=$1 secret=$2
  shift 2
  if out=$("$@" 2>&1); then
    echo "FAIL: $what connected"
    failures=$((failures + 1))
  elif [[ "$out" == *"$secret"* ]]; then
    echo "FAIL: $what printed the password: $out"
    failures=$((failures + 1))
  elif [[ "$out" != *password* ]]; then
    echo "FAIL: $what did not say the password was the problem: $out"
    failures=$((failures + 1))
  else
    echo "ok: $what is refused: $(echo "$out" | head -n 1)"
  fi
}
stats() { "$paperboy" --data "$work/data" "$@" stats; }

refused "no password" "$password" stats --store "$uri"
printf '%s\n' "$password" >"$work/store-password"
chmod 600 "$work/store-password"
connects "--store-password-file" stats --store "$uri" --store-password-file "$work/store-password"
printf 'not the password\n' >"$work/wrong-password"
refused "a wrong --store-password-file" "not the password" \
  stats --store "$uri" --store-password-file "$work/wrong-password"
connects "PGPASSWORD" env PGPASSWORD="$password" "$paperboy" --data "$work/data" --store "$uri" stats
# .pgpass escapes ':' and '\' with a backslash; the file must not be readable by others.
escaped=${password//\\/\\\\}
escaped=${escaped//:/\\:}
printf '*:*:*:paperboy:%s\n' "$escaped" >"$work/pgpass"
chmod 600 "$work/pgpass"
connects "PGPASSFILE" env PGPASSFILE="$work/pgpass" "$paperboy" --data "$work/data" --store "$uri" stats
cp "$work/pgpass" "$HOME/.pgpass"
connects "~/.pgpass" stats --store "$uri"
rm "$HOME/.pgpass"
# '@', '/', ':', ' ' and '%' percent-encoded in the URI's password.
connects "a percent-encoded URI" stats --store "postgresql://paperboy:p%40ss%2Fw%3Ard%20%25x@/postgres?host=$dir"
if out=$(stats --store-password-file "$work/store-password" 2>&1); then
  echo "FAIL: --store-password-file with the SQLite store was accepted"
  failures=$((failures + 1))
elif [[ "$out" == *"is for a PostgreSQL store"* ]]; then
  echo "ok: --store-password-file without a PostgreSQL store is refused"
else
  echo "FAIL: --store-password-file with the SQLite store: $out"
  failures=$((failures + 1))
fi
[ "$failures" -eq 0 ] || { echo "$failures check(s) failed"; exit 1; }
echo "all password sources connect; none is echoed"
