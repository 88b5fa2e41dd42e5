#!/usr/bin/env bash
# Relevance of paperboy's search on SciFact (BEIR), test split: nDCG@10, Recall@100, MRR@10.
# Usage: eval/scifact.sh [--split train] [other 'paperboy eval' options]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
set_dir=${SCIFACT_DIR:-$root/../shared/data/beir/scifact}
[ -x "$root/build/app/paperboy" ] || "$root/scripts/build.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$root/build/app/paperboy" --data "$work" eval --set "$set_dir" --work "$work/eval" "$@"
