#!/usr/bin/python3
"""Parses paperboy's feeds and exports with standard tools, as a reader or reference manager
would: feedparser for Atom, bibtexparser for BibTeX, and RIS by its tag grammar.

Usage: check_exports.py atom FILE ENTRIES [TITLE_OF_FIRST]
       check_exports.py bib FILE ENTRIES [KEY_OF_FIRST]
       check_exports.py ris FILE RECORDS
Exits non-zero, saying why, when the file does not parse or does not hold what is expected.
"""
import re
import sys


def check_atom(path, entries, first_title=None):
    import feedparser
    feed = feedparser.parse(path)
    assert not feed.bozo, f"feed does not parse: {feed.bozo_exception!r}"
    assert feed.version == "atom10", feed.version
    assert len(feed.entries) == entries, f"{len(feed.entries)} entries, expected {entries}"
    for entry in feed.entries:
        assert entry.title and entry.link and entry.id and entry.summary is not None, entry
        assert entry.get("updated_parsed"), f"entry without a valid updated date: {entry.id}"
    if first_title is not None:
        assert feed.entries[0].title == first_title, feed.entries[0].title


def check_bib(path, entries, first_key=None):
    import bibtexparser
    from bibtexparser.bparser import BibTexParser
    with open(path, encoding="utf-8") as f:
        text = f.read()
    db = bibtexparser.loads(text, parser=BibTexParser(common_strings=True))
    assert len(db.entries) == entries, f"{len(db.entries)} entries, expected {entries}"
    for entry in db.entries:
        for field in ("ID", "ENTRYTYPE", "title", "author"):
            assert entry.get(field), f"{entry.get('ID')}: no {field}"
    if first_key is not None:
        assert db.entries[0]["ID"] == first_key, db.entries[0]["ID"]


def check_ris(path, records):
    tag = re.compile(r"^[A-Z][A-Z0-9]  - ")
    count, open_record = 0, False
    with open(path, encoding="utf-8", newline="") as f:
        for n, line in enumerate(f.read().split("\r\n"), 1):
            if not line:
                continue
            assert tag.match(line), f"line {n} is not a RIS tag line: {line!r}"
            if line.startswith("TY  - "):
                assert not open_record, f"line {n}: TY inside a record"
                open_record = True
            elif line.startswith("ER  - "):
                assert open_record, f"line {n}: ER outside a record"
                open_record, count = False, count + 1
    assert not open_record, "last record not closed"
    assert count == records, f"{count} records, expected {records}"


if __name__ == "__main__":
    kind, path, expected = sys.argv[1], sys.argv[2], int(sys.argv[3])
    extra = sys.argv[4:]
    try:
        {"atom": check_atom, "bib": check_bib, "ris": check_ris}[kind](path, expected, *extra)
    except AssertionError as failure:
        sys.exit(f"{path}: {failure}")
