#!/usr/bin/env python3
"""Makes a relevance set in BEIR format from papers alone, with no human judgments, so that search
can be measured on corpora other than SciFact (eval/README.md, "Collections made from papers").

Two kinds of query, each with the one paper it came from as the relevant document:
  sentence  a sentence held out of a paper's abstract (removed from the document, so the words
            of the query are not simply found again where they were taken from)
  title     a paper's title, with the document reduced to its abstract

Papers come from a BEIR corpus.jsonl (--beir) or from the hub's daily lists (--hf-daily, the
sample's sample/hf-daily/*.json). Which papers give a query is decided by a hash of their id,
so the same input always gives the same set.

  eval/make_pseudo_set.py --beir ../shared/data/beir/scifact/corpus.jsonl --kind sentence OUT
  eval/make_pseudo_set.py --hf-daily sample/hf-daily --kind title OUT
"""
import argparse
import glob
import hashlib
import json
import os
import re
import sys


def papers_from_beir(path):
    with open(path, encoding="utf-8") as corpus:
        for line in corpus:
            doc = json.loads(line)
            yield doc["_id"], doc.get("title", ""), doc.get("text", "")


def papers_from_hf_daily(folder):
    seen = set()
    for path in sorted(glob.glob(os.path.join(folder, "*.json"))):
        with open(path, encoding="utf-8") as day:
            for item in json.load(day):
                paper = item.get("paper", {})
                if paper.get("id") and paper["id"] not in seen:
                    seen.add(paper["id"])
                    yield paper["id"], paper.get("title", ""), paper.get("summary", "")


def stable_hash(text):
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest()[:15], 16)


def sentences(text):
    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--beir", help="a BEIR corpus.jsonl")
    source.add_argument("--hf-daily", help="a folder of hub daily lists (*.json)")
    parser.add_argument("--kind", choices=["sentence", "title"], required=True)
    parser.add_argument("--every", type=int, default=10, help="one paper in EVERY gives a query (default 10)")
    parser.add_argument("out", help="folder to write corpus.jsonl, queries.jsonl and qrels/test.tsv into")
    args = parser.parse_args()
    papers = papers_from_beir(args.beir) if args.beir else papers_from_hf_daily(args.hf_daily)

    os.makedirs(os.path.join(args.out, "qrels"), exist_ok=True)
    queries = []
    documents = 0
    with open(os.path.join(args.out, "corpus.jsonl"), "w", encoding="utf-8") as corpus:
        for doc_id, title, text in papers:
            h = stable_hash(doc_id)
            if args.kind == "title":
                if h % args.every == 0 and len(title.split()) >= 3 and text.strip():
                    queries.append((doc_id, title))
                title = ""  # every document is its abstract alone, asked for or not
            elif h % args.every == 0:
                parts = sentences(text)
                if len(parts) >= 3:
                    held = 1 + h % (len(parts) - 1)  # never the first: it often restates the title
                    if 5 <= len(parts[held].split()) <= 60:
                        queries.append((doc_id, parts[held]))
                        text = " ".join(parts[:held] + parts[held + 1:])
            corpus.write(json.dumps({"_id": doc_id, "title": title, "text": text}) + "\n")
            documents += 1
    with open(os.path.join(args.out, "queries.jsonl"), "w", encoding="utf-8") as out:
        for doc_id, text in queries:
            out.write(json.dumps({"_id": "q-" + doc_id, "text": text}) + "\n")
    with open(os.path.join(args.out, "qrels", "test.tsv"), "w", encoding="utf-8") as out:
        out.write("query-id\tcorpus-id\tscore\n")
        for doc_id, _ in queries:
            out.write(f"q-{doc_id}\t{doc_id}\t1\n")
    print(f"{args.out}: {documents} documents, {len(queries)} {args.kind} queries", file=sys.stderr)


if __name__ == "__main__":
    main()
