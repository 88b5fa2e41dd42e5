#!/usr/bin/env python3
"""bench/slow_clients: does `paperboy serve` keep answering while many clients misbehave?

    bench/slow_clients.py --port 8080 [--half-open 1000] [--requests 200]

Against a server already running on 127.0.0.1:PORT: opens N connections that each send a
request line and one header, then nothing (a slowloris client, or a phone on a dead network),
and while they are held sends REQUESTS sequential GET /healthz on fresh connections, each with
a 5 s timeout. Prints how many connections the server accepted, p50/p99/max of the answered
requests and how many were not answered. A server that gives each connection a thread answers
nobody until its header timeout frees them.
"""
import argparse
import socket
import statistics
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--half-open", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()

    held = []
    for _ in range(args.half_open):
        s = socket.create_connection(("127.0.0.1", args.port), timeout=5)
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        held.append(s)
    time.sleep(0.5)
    refused = 0
    for s in held:  # a server that turned a connection away has answered or closed it
        s.setblocking(False)
        try:
            if s.recv(1, socket.MSG_PEEK) is not None:
                refused += 1
        except BlockingIOError:
            pass
        except OSError:
            refused += 1

    latencies, unanswered = [], 0
    for _ in range(args.requests):
        start = time.monotonic()
        try:
            with socket.create_connection(("127.0.0.1", args.port), timeout=5) as c:
                c.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                answer = b""
                while chunk := c.recv(65536):
                    answer += chunk
            if not answer.startswith(b"HTTP/1.1 200"):
                raise OSError(answer[:40])
            latencies.append((time.monotonic() - start) * 1000)
        except OSError:
            unanswered += 1
            if unanswered == 10:
                print("stopped after 10 requests went unanswered")
                break
    for s in held:
        s.close()

    print(f"workload: {args.half_open} half-open connections from 127.0.0.1 (request line + one header, then "
          f"silence), {args.requests} sequential GET /healthz on new connections, 5 s timeout each")
    print(f"half-open connections the server closed or answered at once: {refused}")
    if latencies:
        q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99
        print(f"/healthz answered {len(latencies)}/{args.requests}: p50 {statistics.median(latencies):.1f} ms, "
              f"p99 {q[98]:.1f} ms, max {max(latencies):.1f} ms")
    print(f"/healthz not answered within 5 s: {unanswered}")


if __name__ == "__main__":
    main()
