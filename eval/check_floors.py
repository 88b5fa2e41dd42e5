#!/usr/bin/env python3
"""Checks a `paperboy eval --json` report (on stdin) against nDCG@10 floors, and that hybrid, the
default mode, is at least as good as semantic and within MARGIN of the better side.

  eval/scifact.sh --json | eval/check_floors.py --lexical 0.70 --semantic 0.59
"""
import argparse
import json
import sys


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    for method in ("lexical", "semantic", "hybrid"):
        parser.add_argument("--" + method, type=float, default=0.0, help=f"floor for {method} nDCG@10")
    parser.add_argument("--hybrid-margin", type=float, default=0.005,
                        help="hybrid may be at most this far below max(lexical, semantic)")
    args = parser.parse_args()
    report = json.load(sys.stdin)
    got = {m: report[m]["ndcg@10"] for m in ("lexical", "semantic", "hybrid")}
    failures = [f"{m} nDCG@10 {got[m]:.4f} is below its floor {getattr(args, m):.4f}"
                for m in got if got[m] < getattr(args, m)]
    if got["hybrid"] < got["semantic"]:
        failures.append(f"hybrid {got['hybrid']:.4f} is below semantic {got['semantic']:.4f}")
    if got["hybrid"] < max(got["lexical"], got["semantic"]) - args.hybrid_margin:
        failures.append(f"hybrid {got['hybrid']:.4f} is more than {args.hybrid_margin} below the better side")
    print(f"{report['set']} ({report['split']}, {report['queries']} queries): "
          + ", ".join(f"{m} {v:.4f}" for m, v in got.items()))
    for failure in failures:
        print("FAIL: " + failure, file=sys.stderr)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
