#!/usr/bin/env python3
"""bench/alternate_servers: two (or more) paperboy binaries on one data directory, served in turn.

    bench/alternate_servers.py --data DIR BINARY... [--rounds 2] [--mode lexical] [--warm 20]
                               [--queries FILE] [--port 18283]

Each round starts each binary's server on 127.0.0.1 in turn over the same --data (built by
bench/scale.py, for instance), sends --warm queries it does not time, then every query once on
one connection, and prints p50 / p90 / p99 and the server's CPU time per request (from
/proc/PID/stat), before stopping it. Alternating binaries round by round is what makes two
figures comparable: the page cache and the machine are the same for both, unlike two runs of
scale.py, whose first row follows a scan of the whole store.

The queries are one per line (--queries), or by default the 3-word title queries scale.py times,
read from the wrk.lua it left beside the data directory.
"""
import argparse
import os
import re
import statistics
import subprocess
import time
import urllib.parse
import urllib.request


def default_queries(data):
    script = os.path.join(os.path.dirname(os.path.abspath(data)), "wrk.lua")
    with open(script) as f:
        text = f.read()
    listed = text.split("queries = {", 1)[1].split("}", 1)[0]
    return [urllib.parse.unquote(q) for q in re.findall(r'"([^"]*)"', listed)]


def cpu_ms(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def get(url):
    with urllib.request.urlopen(url, timeout=60) as response:
        response.read()


def measure(binary, args, queries):
    base = f"http://127.0.0.1:{args.port}"
    server = subprocess.Popen([binary, "--data", args.data, "serve", "--quiet", "--listen", f"127.0.0.1:{args.port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(600):
            try:
                get(base + "/healthz")
                break
            except OSError:
                time.sleep(0.2)
        url = base + f"/api/papers/search?limit=20&mode={args.mode}&q="
        for q in queries[: args.warm]:
            get(url + urllib.parse.quote(q))
        times = []
        cpu_before = cpu_ms(server.pid)
        for q in queries:
            started = time.perf_counter()
            get(url + urllib.parse.quote(q))
            times.append((time.perf_counter() - started) * 1000)
        cpu = (cpu_ms(server.pid) - cpu_before) / len(queries)
    finally:
        server.terminate()
        server.wait()
    times.sort()
    at = lambda share: times[min(len(times) - 1, int(len(times) * share))]
    return statistics.median(times), at(0.9), at(0.99), cpu


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", required=True)
    parser.add_argument("binaries", nargs="+")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--mode", default="lexical")
    parser.add_argument("--warm", type=int, default=20)
    parser.add_argument("--queries")
    parser.add_argument("--port", type=int, default=18283)
    args = parser.parse_args()
    if args.queries:
        with open(args.queries) as f:
            queries = [line.strip() for line in f if line.strip()]
    else:
        queries = default_queries(args.data)
    print(f"workload: {len(queries)} queries, mode {args.mode}, limit 20, 1 connection, {args.warm} untimed first; "
          f"data {args.data}; {args.rounds} rounds, binaries in turn")
    print("| round | binary | p50 ms | p90 ms | p99 ms | server CPU ms / request |")
    print("| --- | --- | --- | --- | --- | --- |")
    for round_number in range(1, args.rounds + 1):
        for binary in args.binaries:
            p50, p90, p99, cpu = measure(binary, args, queries)
            print(f"| {round_number} | {binary} | {p50:.1f} | {p90:.1f} | {p99:.1f} | {cpu:.1f} |", flush=True)


if __name__ == "__main__":
    main()
