#!/usr/bin/env bash
# Lexical, semantic (each built-in model) and hybrid search on collections made from papers alone
# (eval/make_pseudo_set.py): the sample's titles as queries for their abstracts, sentences held
# out of the sample's abstracts, and the same two from SciFact's corpus when it is there. No human
# judgment is involved, and nothing here was tuned on them.
# Usage: eval/collections.sh [--sample-only] [--check]
#   --check  fail unless hybrid >= max(lexical, semantic) - 0.005 on every collection and model
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
paperboy=${PAPERBOY:-$root/build/app/paperboy}
scifact=${SCIFACT_DIR:-$root/../shared/data/beir/scifact}
sample_only=0 check=0
for arg in "$@"; do
  case $arg in
    --sample-only) sample_only=1 ;;
    --check) check=1 ;;
    *) echo "usage: $0 [--sample-only] [--check]" >&2; exit 2 ;;
  esac
done
[ -x "$paperboy" ] || "$root/scripts/build.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

sets=()
for kind in title sentence; do
  python3 "$root/eval/make_pseudo_set.py" --hf-daily "$root/sample/hf-daily" --kind "$kind" --every 3 \
    "$work/sample-$kind" 2>/dev/null
  sets+=("sample-$kind")
done
if [ "$sample_only" = 0 ]; then
  if [ -f "$scifact/corpus.jsonl" ]; then
    for kind in title sentence; do
      python3 "$root/eval/make_pseudo_set.py" --beir "$scifact/corpus.jsonl" --kind "$kind" "$work/scifact-$kind" 2>/dev/null
      sets+=("scifact-$kind")
    done
  else
    echo "skipping the SciFact collections: $scifact/corpus.jsonl is absent" >&2
  fi
fi

failed=0
printf '%-18s %-12s %8s %8s %8s %8s  %s\n' collection model queries lexical semantic hybrid "hybrid - max"
for set in "${sets[@]}"; do
  for builtin in contrastive lsa; do
    json=$("$paperboy" --data "$work/data" eval --set "$work/$set" --split test --work "$work/eval" \
             --builtin "$builtin" --json 2>/dev/null)
    line=$(python3 - "$set" "$builtin" "$json" <<'PY'
import json, sys
name, model, report = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
lex, sem, hyb = (report[m]["ndcg@10"] for m in ("lexical", "semantic", "hybrid"))
margin = hyb - max(lex, sem)
print(f"{name:<18} {model:<12} {report['queries']:>8} {lex:8.4f} {sem:8.4f} {hyb:8.4f} {margin:+8.4f}",
      "ok" if margin >= -0.005 else "BELOW THE FLOOR")
PY
)
    echo "$line"
    [[ $line == *"BELOW THE FLOOR"* ]] && failed=1
  done
done
echo "(nDCG@10; hybrid is the default mode: weighted fusion of min-max-scaled lists, w = 0.8)"
if [ "$check" = 1 ] && [ "$failed" = 1 ]; then
  echo "hybrid is more than 0.005 below the better of lexical and semantic on a collection" >&2
  exit 1
fi
