#!/usr/bin/env python3
"""Scores a TREC run file against BEIR qrels independently of paperboy's C++ metrics, with
trec_eval's conventions (ties broken by descending doc id, graded gains, log2(rank+1)
discount, ideal ranking from the qrels; queries without a relevant document skipped; a judged
query missing from the run scores 0). Used to cross-check `paperboy eval`.

Usage: eval/check_run.py RUN_FILE QRELS_TSV
"""
import math
import sys
from collections import defaultdict


def main(run_path, qrels_path):
    qrels = defaultdict(dict)
    with open(qrels_path, newline="") as f:
        for n, line in enumerate(f):
            fields = line.rstrip("\r\n").split("\t")
            if n == 0 and fields[0] == "query-id":
                continue
            qrels[fields[0]][fields[1]] = int(fields[2])
    run = defaultdict(list)
    with open(run_path) as f:
        for line in f:
            qid, _, doc, _, score, _ = line.split()
            run[qid].append((float(score), doc))
    totals = [0.0, 0.0, 0.0]
    counted = 0
    for qid, judged in qrels.items():
        relevant = {d for d, g in judged.items() if g > 0}
        if not relevant:
            continue
        counted += 1
        by_doc = sorted(run.get(qid, []), key=lambda sd: sd[1], reverse=True)
        ranked = [d for _, d in sorted(by_doc, key=lambda sd: -sd[0])]  # stable: ties keep doc order
        dcg = sum(max(judged.get(d, 0), 0) / math.log2(i + 2) for i, d in enumerate(ranked[:10]))
        ideal = sorted((g for g in judged.values() if g > 0), reverse=True)[:10]
        idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
        totals[0] += dcg / idcg
        totals[1] += len(relevant & set(ranked[:100])) / len(relevant)
        totals[2] += next((1 / (i + 1) for i, d in enumerate(ranked[:10]) if d in relevant), 0.0)
    print(f"queries {counted}  nDCG@10 {totals[0] / counted:.4f}  Recall@100 {totals[1] / counted:.4f}  "
          f"MRR@10 {totals[2] / counted:.4f}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
