#!/usr/bin/env bash
# Installs everything paperboy needs to build and test, from Debian packages only; with
# --demo, only what building and serving need (no test servers, checkers or browser).
# Safe to run again: apt-get skips what is already installed.
set -euo pipefail

# What building and serving need (the demo); the tests add the rest below.
packages=(
  build-essential cmake ninja-build pkg-config
  libxapian-dev libsqlite3-dev libpq-dev nlohmann-json3-dev libcli11-dev libfmt-dev libcpp-httplib-dev libboost-dev zlib1g-dev libcurl4-openssl-dev
  libcmark-gfm-dev libcmark-gfm-extensions-dev libctemplate-dev libsodium-dev libpugixml-dev libicu-dev libopenblas-dev libeigen3-dev libfaiss-dev liblinear-dev
  poppler-utils
)
# The tests' servers and tools: a throw-away PostgreSQL, nginx, systemd-analyze (the units in
# deploy/), GoogleTest, the checks (clang-format, clang-tidy, sanitizers for the fuzz targets),
# Python stand-ins and references, and Chromium for the browser tests.
test_packages=(
  postgresql nginx systemd
  libgtest-dev libgmock-dev
  clang clang-format clang-tidy libclang-rt-dev python3 python3-feedparser python3-bibtexparser python3-torch python3-aiosmtpd python3-reportlab
  chromium
)
if [ "${1:-}" != "--demo" ]; then
  packages+=("${test_packages[@]}")
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q
  $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if ! command -v npm >/dev/null; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends nodejs npm
fi

# Front-end packages from npm, pinned by their lock files: KaTeX, which the server serves
# itself (web/), and playwright-core for the browser tests, which drives Debian's chromium.
npm_dirs=(web)
[ "${1:-}" = "--demo" ] || npm_dirs+=(tests/browser)
for dir in "${npm_dirs[@]}"; do
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules" ]; then
    npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error
  fi
done
