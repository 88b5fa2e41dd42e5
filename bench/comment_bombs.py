#!/usr/bin/env python3
"""bench/comment_bombs: what a paper page costs when its comments are built to hurt (issue 32).

    bench/comment_bombs.py [--binary build/app/paperboy] [--comments 50] [--views 20]

Starts `paperboy serve` on a fresh data directory holding one sample day, signs up readers who
post --comments comments of 20 KB each on one paper, cycling through five shapes found by the
attack (a 3,000-column table over many one-cell rows, one line of thousands of nested quotes,
the same with list markers, a reference link repeated thousands of times, an emphasis storm),
then restarts the server (so nothing is rendered yet) and asks for the paper page and its
comments API --views times each. Prints the server's own time per request (from its request
log, so the client's share is left out): the first view, which renders every post, and the
median and worst of the views after it.
"""
import argparse
import http.cookiejar
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LIMIT = 20000


def bombs():
    table = "|" + "a|" * 3000 + "\n|" + "-|" * 3000 + "\n"
    table += "x\n" * ((LIMIT - len(table)) // 2)
    quotes = ">" * 9000 + "[" * 9000 + "*a*"
    lists = "- " * 9500 + "[*a* [b"
    references = "[r]: https://example.org/" + "a" * 900 + "\n\n"
    references += "[r] " * ((LIMIT - len(references)) // 4)
    emphasis = "*a**_b__" * (LIMIT // 8)
    return [s[:LIMIT] for s in (table, quotes, lists, references, emphasis)]


def plain():
    paragraph = ("We reproduce the **main result** on a second corpus and find the gain holds for "
                 "*short* queries but not long ones; see [the appendix](https://example.org/a) and $x_1^2$.\n\n")
    return (paragraph * (LIMIT // len(paragraph) + 1))[:int(os.environ.get("PLAIN_BYTES", LIMIT - 1))]


def wait_ready(base):
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/healthz").read()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("paperboy serve did not answer on " + base)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Reader:
    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path):
        with self.opener.open(self.base + path) as r:
            return r.read().decode()

    def csrf(self, path="/"):
        return re.search(r'data-csrf="([^"]*)"', self.get(path)).group(1)

    def sign_up(self, email):
        token = self.csrf("/signup")
        form = urllib.parse.urlencode({"email": email, "name": email.split("@")[0], "password": "a long password",
                                       "csrf": token}).encode()
        self.opener.open(self.base + "/signup", form).read()

    def comment(self, paper, text):
        request = urllib.request.Request(self.base + f"/api/papers/{paper}/comments",
                                         json.dumps({"text": text}).encode(),
                                         {"Content-Type": "application/json", "X-CSRF-Token": self.csrf()})
        with self.opener.open(request) as r:
            return r.status


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=os.path.join(ROOT, "build/app/paperboy"))
    parser.add_argument("--comments", type=int, default=50)
    parser.add_argument("--views", type=int, default=20)
    parser.add_argument("--plain", action="store_true",
                        help="ordinary 20 KB comments (prose with a little Markdown) instead: the baseline")
    args = parser.parse_args()
    data = tempfile.mkdtemp(prefix="paperboy-bombs-")
    log_path = os.path.join(data, "requests.log")
    server = None
    try:
        day = os.path.join(ROOT, "sample/hf-daily/2026-08-18.json")
        subprocess.run([args.binary, "--data", data, "ingest", day], check=True, capture_output=True)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        log = open(log_path, "w")
        server = subprocess.Popen([args.binary, "--data", data, "serve", "--listen", f"127.0.0.1:{port}",
                                   "--sign-ups-per-hour", "100000"], stderr=log)
        wait_ready(base)
        paper = json.loads(urllib.request.urlopen(base + "/api/daily_papers?date=2026-08-18&limit=1").read())[0]
        paper = paper["paper"]["id"]
        shapes = [plain()] if args.plain else bombs()
        posted = 0
        reader = None
        started = time.time()
        while posted < args.comments:
            if posted % 5 == 0:  # five posts per reader: the per-reader burst
                reader = Reader(base)
                reader.sign_up(f"bomber{posted}@example.org")
            reader.comment(paper, shapes[posted % len(shapes)])
            posted += 1
        post_seconds = time.time() - started
        # A restart empties the server's memory of rendered posts: the first view after it
        # renders every post, as the first reader after a deploy would.
        server.terminate()
        server.wait(30)
        log.close()
        log = open(log_path, "w")
        server = subprocess.Popen([args.binary, "--data", data, "serve", "--listen", f"127.0.0.1:{port}"], stderr=log)
        wait_ready(base)
        for _ in range(args.views):
            urllib.request.urlopen(base + f"/papers/{paper}").read()
            urllib.request.urlopen(base + f"/api/papers/{paper}/comments?limit=50").read()
        server.terminate()
        server.wait(30)
        log.close()
        times = {"page": [], "api": []}
        for line in open(log_path):
            m = re.search(r" GET (\S+) 200 ([\d.]+)ms", line)
            if not m:
                continue
            if m.group(1) == f"/papers/{paper}":
                times["page"].append(float(m.group(2)))
            elif m.group(1) == f"/api/papers/{paper}/comments":
                times["api"].append(float(m.group(2)))
        kind = ("ordinary prose with Markdown" if args.plain else
                "5 shapes: wide table, nested quotes, nested lists, repeated reference, emphasis storm")
        print(f"workload: {args.comments} comments of {LIMIT} bytes on paper {paper} ({kind}), "
              f"posted in {post_seconds:.1f} s; "
              f"{args.views} views each; server time from its request log; {os.cpu_count()} cores")
        for name, label in (("page", f"GET /papers/{paper}"), ("api", f"GET /api/papers/{paper}/comments")):
            t = times[name]
            if not t:
                print(f"{label}: no answers logged")
                continue
            rest = t[1:] or t
            print(f"{label}: first view {t[0]:.1f} ms, then median {statistics.median(rest):.1f} ms, "
                  f"worst {max(rest):.1f} ms over {len(rest)} views")
    finally:
        if server and server.poll() is None:
            server.kill()
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
