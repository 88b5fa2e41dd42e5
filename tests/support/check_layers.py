#!/usr/bin/env python3
"""Checks that src/ includes only downwards.

Modules (src/<module>/) may include modules below them in MODULES. Inside src/server and
src/store, folders are layers that may include their own layer and the ones below. Inside each
folder, the files must not include each other in a cycle.

Prints every violation as "file: includes target (why)" and exits 1 when there is any.
Usage: check_layers.py [SOURCE_ROOT]
"""
import os
import re
import sys

# Bottom first. A module may include itself and the modules before it.
MODULES = ["core", "net", "store", "embed", "ingest", "index", "rank", "eval", "harvest", "mail",
           "server"]
# Folders inside a module, bottom first; "" is the module's own top folder, which is the top.
LAYERS = {
    "store": ["", "sql", "sqlite", "postgres"],
    "server": ["http", "formats", "rules", "request", "pages", "api", "community", ""],
}
# store/ holds the interfaces, which every backend implements: the top folder is the bottom
# layer there, and opening a store (store_location.cpp, store_copy.cpp, table_rows.cpp) is the
# one place the backends are named from it.
STORE_OPENERS = {"store_location.cpp", "store_copy.cpp", "table_rows.cpp"}

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def place(path):
    """(module, layer) of a path under src/, or None for a path outside the modules."""
    parts = path.split("/")
    if parts[0] not in MODULES:
        return None
    layer = parts[1] if len(parts) > 2 and parts[0] in LAYERS else ""
    return parts[0], layer


def rank(module, layer):
    layers = LAYERS.get(module, [""])
    return layers.index(layer) if layer in layers else None


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..")
    src = os.path.join(root, "src")
    problems = []
    edges = {}
    for folder, _, files in os.walk(src):
        for name in files:
            if not name.endswith((".cpp", ".h")):
                continue
            full = os.path.join(folder, name)
            rel = os.path.relpath(full, src).replace(os.sep, "/")
            here = place(rel)
            if here is None:
                continue
            with open(full, encoding="utf-8") as f:
                targets = INCLUDE.findall(f.read())
            unit = rel.rsplit(".", 1)[0]
            for target in targets:
                there = place(target)
                if there is None:
                    continue
                if MODULES.index(there[0]) > MODULES.index(here[0]):
                    problems.append(f"{rel}: includes {target} (module {there[0]} is above {here[0]})")
                    continue
                if there[0] != here[0]:
                    continue
                if rank(*there) is None:
                    problems.append(f"{rel}: includes {target} (folder {there[1]} is no known layer)")
                elif rank(*here) is None:
                    problems.append(f"{rel}: is in {here[1]}, no known layer of {here[0]}")
                elif rank(*there) > rank(*here) and not (
                        here == ("store", "") and name in STORE_OPENERS):
                    problems.append(f"{rel}: includes {target} ({there[1] or 'the top'} is above "
                                    f"{here[1] or 'the top'})")
                target_unit = target.rsplit(".", 1)[0]
                if target_unit != unit and os.path.dirname(target) == os.path.dirname(rel):
                    edges.setdefault(unit, set()).add(target_unit)
    # Cycles among the files of one folder (a unit is a .h with its .cpp).
    state = {}

    def visit(unit, trail):
        state[unit] = "open"
        for nxt in sorted(edges.get(unit, ())):
            if state.get(nxt) == "open":
                cycle = trail[trail.index(nxt):] + [nxt] if nxt in trail else [unit, nxt]
                problems.append("include cycle: " + " -> ".join(cycle))
            elif nxt not in state:
                visit(nxt, trail + [nxt])
        state[unit] = "done"

    for unit in sorted(edges):
        if unit not in state:
            visit(unit, [unit])
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} include(s) against the layers (tests/support/check_layers.py)")
        return 1
    print("every include points downwards")
    return 0


if __name__ == "__main__":
    sys.exit(main())
