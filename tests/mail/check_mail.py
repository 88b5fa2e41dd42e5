#!/usr/bin/python3
"""Parses every .eml in a directory with Python's email package and prints one JSON object per
message: the headers paperboy promises and the text of each part, for the C++ tests to check.
Exits 1, naming the file, when a message does not parse cleanly."""
import email
import email.policy
import json
import sys
from pathlib import Path

for path in sorted(Path(sys.argv[1]).glob("*.eml")):
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    if message.defects:
        print(f"{path}: {message.defects}", file=sys.stderr)
        sys.exit(1)
    parts = {}
    for part in message.walk():
        if part.get_content_maintype() == "text":
            parts[part.get_content_type()] = part.get_content()
    out = {"file": path.name, "content_type": message.get_content_type(), "parts": parts}
    for name in ["To", "From", "Subject", "Date", "Message-ID", "List-Id", "List-Unsubscribe",
                 "List-Unsubscribe-Post", "X-Envelope-To"]:
        value = message.get(name)
        out[name] = str(value) if value is not None else None
    print(json.dumps(out, ensure_ascii=False))
