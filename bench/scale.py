#!/usr/bin/env python3
"""bench/scale: paperboy at the size of all of arXiv, one command from papers to served pages.

    bench/scale.py [--papers 1000000] [--shape runs|shared|pool] [--work /tmp/paperboy-scale] [--keep-store]
                   [--skip-index]

Generates N papers in the arXiv snapshot format (build/bench/bench_scale_corpus: abstracts are
runs of real abstract sentences, titles joined from real titles, arXiv's category mix), then:
ingest --no-index, index (lexical bulk build, built-in model training, embedding, vector index),
serve. Every phase's wall time, items/s and peak RSS come from one `paperboy index` run: a
sampler reads the process's RSS from /proc ten times a second and attributes each sample to the
phase whose progress line came last. Then, against the server on 127.0.0.1 with its default
settings: p50/p99 of sequential requests on one connection, and wrk throughput at 16 and 1,000
connections. --shape shared generates papers that share whole sentences (families of near
copies, stock openings, surveys: bench/scale_corpus.cpp), the second corpus every search figure
is measured on; --shape pool draws each sentence from the whole pool, the worst case for a
vector index. Prints one table (Markdown) with the exact workload.
"""
import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# PAPERBOY=path runs another build of the server (a before/after comparison on one store).
PAPERBOY = os.environ.get("PAPERBOY", os.path.join(ROOT, "build/app/paperboy"))
CORPUS = os.path.join(ROOT, "build/bench/bench_scale_corpus")

# Progress labels (src/**: Progress(...)) that start a phase of `paperboy index`.
PHASES = [
    ("index (bulk)", "lexical index, bulk build (parts, then their merge)"),
    ("index (catch up)", "lexical index, catch-up"),
    ("block-max postings", "lexical index, block-max postings"),
    ("training the built-in model", "model training"),
    ("embedding papers", "embedding"),
    ("vector index", "vector index build"),
]


def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_phased(args, log_path):
    """Runs a paperboy command, returning {phase: {seconds, peak_rss_kib}} and the whole run's."""
    start = time.monotonic()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, bufsize=1)
    current = ["start"]
    phases = {"start": {"begin": start, "end": start, "peak": 0}}
    overall_peak = [0]
    done = threading.Event()

    def sample():
        while not done.is_set():
            rss = rss_kib(proc.pid)
            overall_peak[0] = max(overall_peak[0], rss)
            phase = phases[current[0]]
            phase["peak"] = max(phase["peak"], rss)
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    with open(log_path, "w") as log:
        for raw in proc.stderr:
            now = time.monotonic()
            line = raw.replace("\x1b[K", "").lstrip("\r")  # a progress bar's redraw codes
            log.write(f"{now - start:9.1f} {line}")
            label = None
            for prefix, name in PHASES:
                if line.startswith(prefix):
                    label = name  # the longest matching prefix wins (they are listed shortest first)
            if label and label != current[0]:
                phases[current[0]]["end"] = now
                phases.setdefault(label, {"begin": now, "end": now, "peak": 0})
                current[0] = label
    proc.wait()
    done.set()
    sampler.join()
    end = time.monotonic()
    phases[current[0]]["end"] = end
    if proc.returncode != 0:
        sys.exit(f"{' '.join(args)} failed (exit {proc.returncode}); see {log_path}")
    result = {name: {"seconds": p["end"] - p["begin"], "peak_rss_kib": p["peak"]} for name, p in phases.items()}
    result["whole run"] = {"seconds": end - start, "peak_rss_kib": overall_peak[0]}
    return result


def du_bytes(path):
    total = 0
    for dirpath, _, files in os.walk(path):
        for name in files:
            try:
                total += os.lstat(os.path.join(dirpath, name)).st_size
            except OSError:
                pass
    return total


def get(url):
    with urllib.request.urlopen(url, timeout=60) as response:
        response.read()
        return response.status


def latencies(base, paths, repeat=1):
    """Sequential requests on one keep-alive-less connection each: p50 and p99 in ms."""
    times = []
    for _ in range(repeat):
        for path in paths:
            t = time.perf_counter()
            get(base + path)
            times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.99))], len(times)


def wrk(base, script, connections, seconds, mode):
    if shutil.which("wrk") is None:
        return None
    env = dict(os.environ, MODE=mode)
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "2s",
                          "-s", script, base], capture_output=True, text=True, env=env).stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    scale = {"us": 0.001, "ms": 1, "s": 1000}
    return {
        "rps": float(rps.group(1)) if rps else 0,
        "p99_ms": float(p99.group(1)) * scale[p99.group(2)] if p99 else 0,
        "errors": (errors.group(1) if errors else "none") + (f"; non-2xx {non2xx.group(1)}" if non2xx else ""),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--papers", type=int, default=1_000_000)
    parser.add_argument("--shape", choices=["runs", "shared", "pool"], default="runs", help="bench_scale_corpus --shape")
    parser.add_argument("--work", default="/tmp/paperboy-scale")
    parser.add_argument("--port", type=int, default=18282)
    parser.add_argument("--keep-store", action="store_true", help="reuse an ingested store from an earlier run")
    parser.add_argument("--skip-index", action="store_true", help="reuse the indexes of an earlier run")
    parser.add_argument("--seconds", type=int, default=15, help="wrk duration per run")
    args = parser.parse_args()
    if not os.path.exists(PAPERBOY) or not os.path.exists(CORPUS):
        subprocess.run([os.path.join(ROOT, "scripts/build.sh")], check=True)

    work = os.path.join(args.work, str(args.papers) + ("" if args.shape == "runs" else "-" + args.shape))
    os.makedirs(work, exist_ok=True)
    corpus = os.path.join(work, "snapshot.jsonl")
    data = os.path.join(work, "data")
    rows = []  # (what, figure)

    if not os.path.exists(corpus):
        subprocess.run([CORPUS, "--papers", str(args.papers), "--shape", args.shape, "--out", corpus + ".part"],
                       check=True)
        os.rename(corpus + ".part", corpus)
    corpus_bytes = os.path.getsize(corpus)
    text_bytes = 0
    with open(corpus) as f:
        for i, line in enumerate(f):
            if i >= 20000:
                break
            record = json.loads(line)
            text_bytes += len(record["title"].encode()) + len(record["abstract"].encode())
    text_bytes = text_bytes * args.papers / min(args.papers, 20000)

    if not (args.keep_store and os.path.exists(os.path.join(data, "store.sqlite"))):
        shutil.rmtree(data, ignore_errors=True)
        ingest = run_phased([PAPERBOY, "--data", data, "ingest", "--no-index", corpus], os.path.join(work, "ingest.log"))
        whole = ingest["whole run"]
        rows.append(("ingest --no-index", f"{whole['seconds']:.0f} s, {args.papers / whole['seconds']:,.0f} papers/s, "
                                          f"peak RSS {whole['peak_rss_kib'] / 1024:,.0f} MiB"))
    if not args.skip_index:
        shutil.rmtree(os.path.join(data, "index"), ignore_errors=True)
        shutil.rmtree(os.path.join(data, "models"), ignore_errors=True)
        index = run_phased([PAPERBOY, "--data", data, "index"], os.path.join(work, "index.log"))
        for name, figures in index.items():
            if name == "start":
                continue
            per_second = "" if name in ("model training", "whole run") else \
                f", {args.papers / max(figures['seconds'], 1e-9):,.0f} papers/s"
            rows.append((f"index: {name}", f"{figures['seconds']:.0f} s{per_second}, "
                                           f"peak RSS {figures['peak_rss_kib'] / 1024:,.0f} MiB"))
    rows.append(("disk: snapshot file", f"{corpus_bytes / 2**30:.2f} GiB (title + abstract text {text_bytes / 2**30:.2f} GiB)"))
    rows.append(("disk: store", f"{du_bytes(data) - du_bytes(os.path.join(data, 'index')) - du_bytes(os.path.join(data, 'models')):,.0f} bytes"))
    lexical = os.path.realpath(os.path.join(data, "index", "lexical"))
    vectors = os.path.realpath(os.path.join(data, "index", "vectors"))
    rows.append(("disk: lexical index", f"{du_bytes(lexical) / 2**30:.2f} GiB ({du_bytes(lexical) / text_bytes:.2f}x the text)"))
    rows.append(("disk: vector index", f"{du_bytes(vectors) / 2**30:.2f} GiB"))
    try:
        with open(os.path.join(vectors, "state.json")) as f:
            state = json.load(f)
        rows.append(("vector index calibration", f"{state.get('kind')}: {state.get('search_probes')} lists probed, "
                                                 f"recall@10 {state.get('measured_recall', 0):.3f}"
                                                 + (" (capped by its latency budget)" if state.get("probes_capped") else "")))
    except (OSError, ValueError):
        pass

    server = subprocess.Popen([PAPERBOY, "--data", data, "serve", "--quiet", "--listen", f"127.0.0.1:{args.port}"],
                              stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, "serve.log"), "w"))
    base = f"http://127.0.0.1:{args.port}"
    try:
        for _ in range(600):
            try:
                if get(base + "/healthz") == 200:
                    break
            except OSError:
                time.sleep(0.5)
        measure(base, data, work, rows, args)
        rows.append(("server RSS after the run", f"{rss_kib(server.pid) / 1024:,.0f} MiB"))
    finally:
        server.terminate()
        server.wait()

    print(f"workload: {args.papers:,} generated arXiv-snapshot papers (bench_scale_corpus --shape {args.shape}, seed 42); "
          f"{os.cpu_count()} cores; paperboy defaults\n")
    print("| step | figure |\n| --- | --- |")
    for what, figure in rows:
        print(f"| {what} | {figure} |")


def measure(base, data, work, rows, args):
    import sqlite3
    db = sqlite3.connect(os.path.join(data, "store.sqlite"))
    random.seed(7)
    # SQLite's random() has no seed: a fixed scramble of the row numbers picks the same papers
    # in every run, so two binaries are timed on the same queries.
    scrambled = "ORDER BY (rowid * 2654435761 + {}) % 4294967296 LIMIT {}"
    ids = [r[0] for r in db.execute("SELECT id FROM papers " + scrambled.format(1, 300))]
    titles = [r[0] for r in db.execute("SELECT title FROM papers " + scrambled.format(2, 300))]
    abstracts = [r[0] for r in db.execute("SELECT abstract FROM papers " + scrambled.format(3, 100))]
    days = [r[0] for r in db.execute("SELECT DISTINCT published FROM papers WHERE published >= '2026-01-01' LIMIT 50")]
    words = [w.strip(".,:;()\"'?") for t in titles for w in t.split() if len(w) > 3]
    three = [urllib.parse.quote(" ".join(random.sample(words, 3))) for _ in range(200)]
    # A long query: a claim-length sentence, as SciFact's are (12-25 words).
    long = [urllib.parse.quote(" ".join(a.split()[:20])) for a in abstracts]
    q = "/api/papers/search?limit=20&q="
    cases = [
        ("lexical, 3 title words", [q + x + "&mode=lexical" for x in three]),
        ("lexical, 20-word sentence", [q + x + "&mode=lexical" for x in long]),
        ("hybrid, 3 title words", [q + x + "&mode=hybrid" for x in three]),
        ("hybrid, 20-word sentence", [q + x + "&mode=hybrid" for x in long]),
        ("semantic, 3 title words", [q + x + "&mode=semantic" for x in three[:100]]),
        ("semantic, 3 words + cat:math.AG from:2024-01-01 (~0.2 %)",
         [q + x + urllib.parse.quote(" cat:math.AG from:2024-01-01") + "&mode=semantic" for x in three[:100]]),
        ("paper page /papers/ID", ["/papers/" + i for i in ids[:200]]),
        ("similar /api/papers/ID/similar", ["/api/papers/" + i + "/similar" for i in ids[:200]]),
        ("day page /papers/date/DAY", ["/papers/date/" + d for d in days] * 4),
        ("/trending", ["/trending"] * 100),
        ("/healthz", ["/healthz"] * 300),
    ]
    for name, paths in cases:
        get(base + paths[0])  # warm
        p50, p99, n = latencies(base, paths)
        rows.append((f"1 connection: {name}", f"p50 {p50:.1f} ms, p99 {p99:.1f} ms ({n} requests)"))

    script = os.path.join(work, "wrk.lua")
    with open(script, "w") as f:
        f.write("ids = {%s}\n" % ",".join('"%s"' % i for i in ids))
        f.write("queries = {%s}\n" % ",".join('"%s"' % x for x in three))
        f.write("""
counter = 0
mode = os.getenv("MODE")
request = function()
  counter = counter + 1
  if mode == "search" then
    return wrk.format("GET", "/api/papers/search?limit=20&mode=lexical&q=" .. queries[counter % #queries + 1])
  elseif mode == "default" then
    return wrk.format("GET", "/api/papers/search?limit=20&q=" .. queries[counter % #queries + 1])
  elseif mode == "page" then
    return wrk.format("GET", "/papers/" .. ids[counter % #ids + 1])
  end
  return wrk.format("GET", "/api/papers/" .. ids[counter % #ids + 1])
end
""")
    for connections, mode, label in [(16, "search", "search (lexical, 3 words)"),
                                      (16, "default", "search (default mode, 3 words)"), (16, "paper", "/api/papers/ID"),
                                      (16, "page", "paper page"), (1000, "paper", "/api/papers/ID")]:
        figures = wrk(base, script, connections, args.seconds, mode)
        if figures is None:
            rows.append((f"wrk {connections} connections: {label}", "wrk not installed (apt-get install wrk)"))
            continue
        rows.append((f"wrk {connections} connections: {label}",
                     f"{figures['rps']:,.0f} req/s, p99 {figures['p99_ms']:.0f} ms, errors: {figures['errors']}"))


if __name__ == "__main__":
    main()
