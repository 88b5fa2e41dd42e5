#!/usr/bin/env bash
# Configures and builds paperboy (Release with debug info) into build/: every target, or the
# targets named (scripts/build.sh paperboy: the server and CLI only, as the demo builds).
# BUILD_TESTING=OFF configures without the tests (no GoogleTest needed).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-RelWithDebInfo}" \
  -DBUILD_TESTING="${BUILD_TESTING:-ON}" >/dev/null
if (($# > 0)); then
  cmake --build build --parallel "$(nproc)" --target "$@"
else
  cmake --build build --parallel "$(nproc)"
fi
