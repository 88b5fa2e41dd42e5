#!/usr/bin/env bash
# Formats every C++ file of the project with the root .clang-format, or, with --check, lists the
# files that differ from it and fails (the `clang_format` test runs that).
set -euo pipefail
cd "$(dirname "$0")/.."
check=0
[ "${1:-}" = "--check" ] && check=1
command -v clang-format >/dev/null || { echo "clang-format is missing: run scripts/setup.sh" >&2; exit 1; }
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  # Files not yet added count too: a new file is the likeliest to be unformatted.
  mapfile -t files < <(git ls-files --cached --others --exclude-standard -- '*.cpp' '*.h' | sort -u)
else
  mapfile -t files < <(find app bench eval src tests -path '*/node_modules' -prune -o \( -name '*.cpp' -o -name '*.h' \) -print | sort)
fi
if ((check == 0)); then
  clang-format -i "${files[@]}"
  exit 0
fi
# One clang-format run over all files; each difference is reported as "file:line:col: error".
mapfile -t differ < <(clang-format --dry-run --Werror "${files[@]}" 2>&1 |
  sed -n 's/^\(.*\):[0-9]*:[0-9]*: error: code should be clang-formatted.*/\1/p' | sort -u)
if ((${#differ[@]})); then
  echo "${#differ[@]} of ${#files[@]} files differ from .clang-format (scripts/format.sh fixes them):" >&2
  printf '  %s\n' "${differ[@]}" >&2
  exit 1
fi
echo "${#files[@]} files match .clang-format"
