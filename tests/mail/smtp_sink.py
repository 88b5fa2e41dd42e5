#!/usr/bin/python3
"""A real SMTP server (aiosmtpd) on 127.0.0.1 for paperboy's mail tests.

Usage: smtp_sink.py PORT_FILE MAIL_DIR [--delay SECONDS] [--reject-rcpt CODE]
Writes its port to PORT_FILE once listening, then stores every accepted message as
MAIL_DIR/NNNN.eml. --delay pauses in RCPT (before the message exists), so a client killed
while waiting leaves no half-delivered mail; --reject-rcpt answers RCPT with that code.
"""
import argparse
import asyncio
import os
import signal
import socket
import threading

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, mail_dir, delay, reject):
        self.mail_dir, self.delay, self.reject = mail_dir, delay, reject
        self.count = 0
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.reject:
            return f"{self.reject} rejected by the test sink"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
            name = os.path.join(self.mail_dir, f"{self.count:04d}.eml")
        tmp = name + ".tmp"
        with open(tmp, "wb") as f:
            f.write(f"X-Envelope-To: {','.join(envelope.rcpt_tos)}\r\n".encode())
            f.write(envelope.original_content)
        os.rename(tmp, name)
        return "250 Message accepted for delivery"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("port_file")
    parser.add_argument("mail_dir")
    parser.add_argument("--delay", type=float, default=0)
    parser.add_argument("--reject-rcpt", default="")
    args = parser.parse_args()
    os.makedirs(args.mail_dir, exist_ok=True)
    # aiosmtpd's Controller checks it is up by connecting to the port it was given, so it
    # cannot take port 0: ask the kernel for a free one first.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Sink(args.mail_dir, args.delay, args.reject_rcpt), hostname="127.0.0.1", port=port)
    controller.start()
    with open(args.port_file + ".tmp", "w") as f:
        f.write(str(port))
    os.rename(args.port_file + ".tmp", args.port_file)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
