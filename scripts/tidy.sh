#!/usr/bin/env bash
# Runs clang-tidy (the root .clang-tidy's checks, every warning an error) on the C++ files of src/
# and app/ that changed since BASE (default HEAD~1: the commit under test), as compiled in BUILD
# (default build/, which must hold compile_commands.json). The whole tree takes too long on two
# cores, so the check follows the changes: at most TIDY_MAX_FILES (default 12, about three
# minutes), the rest named.
# Usage: scripts/tidy.sh [BASE] [BUILD]
set -euo pipefail
cd "$(dirname "$0")/.."
base="${1:-HEAD~1}"
build="${2:-build}"
max="${TIDY_MAX_FILES:-12}"
command -v clang-tidy >/dev/null || { echo "clang-tidy is missing: run scripts/setup.sh" >&2; exit 1; }
[ -f "$build/compile_commands.json" ] || { echo "no $build/compile_commands.json: build first" >&2; exit 1; }
if ! git rev-parse --verify --quiet "$base^{commit}" >/dev/null; then
  echo "skipped: $base is not in this clone (a shallow clone has no history to compare with)"
  exit 0
fi
mapfile -t changed < <(git diff --name-only --diff-filter=AMR "$base" -- 'src/*.cpp' 'app/*.cpp' | sort)
if ((${#changed[@]} == 0)); then
  echo "no C++ source under src/ or app/ changed since $base"
  exit 0
fi
checked=("${changed[@]:0:max}")
if ((${#changed[@]} > max)); then
  echo "checking the first $max of ${#changed[@]} changed files; not checked:"
  printf '  %s\n' "${changed[@]:max}"
fi
clang-tidy -p "$build" --quiet --warnings-as-errors='*' "${checked[@]}"
echo "clang-tidy: ${#checked[@]} changed file(s) clean"
