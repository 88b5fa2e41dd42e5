#!/usr/bin/env bash
# deploy/paperboy@.service as systemd reads it (issue 36, item 7): `systemd-analyze verify` on
# an instance of the unit, with the built binary in place of /usr/local/bin/paperboy, must
# print nothing (a misspelt key or a bad value is a warning there, not an error); and the
# options its ExecStart gives paperboy must be ones paperboy takes.
#   systemd_units_test.sh PAPERBOY_BINARY SOURCE_DIR
set -euo pipefail
paperboy=${1:?the paperboy binary}
source_dir=${2:?the source directory}
if ! command -v systemd-analyze >/dev/null; then
  echo "SKIP: no systemd-analyze (apt-get install systemd)"
  exit 0
fi
work=$(mktemp -d /tmp/paperboy-units.XXXXXX)
trap 'rm -rf "$work"' EXIT
sed "s|/usr/local/bin/paperboy|$paperboy|" "$source_dir/deploy/paperboy@.service" \
  >"$work/paperboy@8081.service"
if ! out=$(cd "$work" && systemd-analyze verify --man=no ./paperboy@8081.service 2>&1) ||
  [ -n "$out" ]; then
  echo "systemd-analyze verify objects to deploy/paperboy@.service:"
  echo "$out"
  exit 1
fi
echo "ok: systemd-analyze verify"

# The ExecStart line, its continuations joined, with the example environment and instance 8081
# in place, and a SQLite store instead of the example's database: paperboy parses every option
# (an unknown one is a usage error) and then refuses --store-password-file for SQLite, a refusal
# that comes only after the whole command line was accepted, and before anything is touched.
set -a
# shellcheck disable=SC1091
. "$source_dir/deploy/paperboy.env.example"
set +a
PAPERBOY_STORE="sqlite:$work/store.sqlite"
exec_start=$(sed -n '/^ExecStart=/,/[^\\]$/p' "$work/paperboy@8081.service" | sed 's/\\$//' | tr '\n' ' ')
exec_start=${exec_start#ExecStart=}
exec_start=${exec_start//%i/8081}
expanded=$(eval "echo $exec_start")
# shellcheck disable=SC2086
out=$($expanded 2>&1) && status=0 || status=$?
if [ "$status" -ne 1 ] || [[ "$out" != *"--store-password-file is for a PostgreSQL store"* ]]; then
  echo "paperboy does not take the unit's command line (exit $status): $expanded"
  echo "$out"
  exit 1
fi
echo "ok: paperboy takes the unit's options: ${expanded#"$paperboy" }"
