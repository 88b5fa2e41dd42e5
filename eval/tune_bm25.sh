#!/usr/bin/env bash
# Sweeps BM25 k1, b and the title weight on a BEIR set's TRAIN split and prints one line per
# setting, best last. Tuning on train keeps the test split's figure honest.
# Usage: eval/tune_bm25.sh [SET_DIR] [PAPERBOY]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
set_dir=${1:-$root/../shared/data/beir/scifact}
paperboy=${2:-$root/build/app/paperboy}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for k1 in 0.9 1.2 1.5; do
  for b in 0.5 0.75 0.9; do
    for tw in 1 2 3; do
      ndcg=$("$paperboy" --data "$work" eval --set "$set_dir" --split train --k1 "$k1" --b "$b" \
               --title-weight "$tw" --json 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["lexical"]["ndcg@10"])')
      echo "$ndcg k1=$k1 b=$b title_weight=$tw"
    done
  done
done | sort -n
