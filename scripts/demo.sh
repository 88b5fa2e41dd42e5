#!/usr/bin/env bash
# Sets up, builds, loads the bundled sample corpus (56 real Hugging Face daily lists, 1,173
# papers) into ./paperboy-data, shows it with an example search, and serves it on
# http://127.0.0.1:8080/ until Ctrl-C. Safe to run again: ingest is idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --demo
# Only what the demo runs: the paperboy binary (tests, benchmarks and fuzzers are test.sh's).
# A build directory the tests configured keeps its tests; a fresh one is made without them.
if [ -f build/CMakeCache.txt ] && grep -q '^BUILD_TESTING:BOOL=ON' build/CMakeCache.txt; then
  scripts/build.sh paperboy
else
  BUILD_TESTING=OFF scripts/build.sh paperboy
fi
paperboy=build/app/paperboy
"$paperboy" ingest sample/hf-daily/*.json
echo
"$paperboy" stats
echo
echo '$ paperboy search "video diffusion" -n 3'
"$paperboy" search "video diffusion" -n 3
echo '$ paperboy search --mode semantic "making language models smaller without retraining" -n 3'
"$paperboy" search --mode semantic "making language models smaller without retraining" -n 3
echo "Try: $paperboy search 'author:\"Yu Qiao\" from:2025 reasoning'   or   $paperboy show 2510.17681"
echo
echo "Serving; open http://127.0.0.1:${PORT:-8080}/ in a browser (JSON: /api/daily_papers; Ctrl-C stops; PORT=… to change)"
exec "$paperboy" serve --listen "127.0.0.1:${PORT:-8080}"
