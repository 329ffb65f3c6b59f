#!/usr/bin/env python3
"""Check a capability labels file against a repository checkout.

Usage: python3 bench/capabilities/check_labels.py LABELS.toml REPO_PATH [-v] [--list GROUP]

Lists tracked source files (git ls-files) with the labelled extensions, assigns each
to the first group whose globs match, prints counts per group and every file that no
group matches.  Exits 1 if any file is unmatched (or the file is malformed).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tomllib
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from globs import compile_glob  # noqa: E402

EXTENSIONS = (
    ".py", ".pyi", ".rb", ".rake", ".js", ".jsx", ".mjs", ".cjs",
    ".ts", ".tsx", ".mts", ".cts",
)
KINDS = {"capability", "shared", "excluded"}


def tracked_files(repo: str) -> list[str]:
    out = subprocess.run(
        ["git", "-C", repo, "ls-files", "-z"], check=True, capture_output=True
    ).stdout.decode("utf-8", "surrogateescape")
    return sorted(p for p in out.split("\0") if p and p.endswith(EXTENSIONS))


def load_groups(labels_path: str) -> tuple[dict, list[dict]]:
    with open(labels_path, "rb") as fh:
        data = tomllib.load(fh)
    groups = data.get("group", [])
    errors = []
    names = set()
    for i, g in enumerate(groups):
        for key in ("name", "kind", "globs"):
            if key not in g:
                errors.append(f"group #{i} missing '{key}'")
        if g.get("kind") not in KINDS:
            errors.append(f"group {g.get('name')!r}: bad kind {g.get('kind')!r}")
        if g.get("name") in names:
            errors.append(f"duplicate group name {g.get('name')!r}")
        names.add(g.get("name"))
        g["_re"] = [compile_glob(p) for p in g.get("globs", [])]
    if errors:
        raise SystemExit("labels file errors:\n  " + "\n  ".join(errors))
    return data, groups


def assign(files: list[str], groups: list[dict]) -> tuple[dict[str, str | None], Counter]:
    result: dict[str, str | None] = {}
    glob_hits: Counter = Counter()
    for f in files:
        result[f] = None
        for g in groups:
            hit = next((r for r in g["_re"] if r.match(f)), None)
            if hit is not None:
                result[f] = g["name"]
                glob_hits[(g["name"], hit.pattern)] += 1
                break
    return result, glob_hits


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    ap.add_argument("labels")
    ap.add_argument("repo")
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="also report globs that never win a file")
    ap.add_argument("--list", metavar="GROUP", action="append", default=[],
                    help="print the files assigned to GROUP (repeatable)")
    args = ap.parse_args()

    data, groups = load_groups(args.labels)
    head = subprocess.run(["git", "-C", args.repo, "rev-parse", "HEAD"],
                          capture_output=True, text=True).stdout.strip()
    if data.get("commit") and head and data["commit"] != head:
        print(f"warning: labels commit {data['commit']} != repo HEAD {head}")

    files = tracked_files(args.repo)
    result, glob_hits = assign(files, groups)
    counts = Counter(v for v in result.values() if v is not None)
    kinds = Counter()
    print(f"{data.get('repo', args.repo)}: {len(files)} files")
    for g in groups:
        n = counts.get(g["name"], 0)
        kinds[g["kind"]] += n
        print(f"  {g['kind']:<10} {g['name']:<28} {n:5d}")
    print("  totals: " + ", ".join(f"{k}={v}" for k, v in sorted(kinds.items())))

    if args.verbose:
        for g in groups:
            for r, p in zip(g["_re"], g["globs"]):
                if glob_hits.get((g["name"], r.pattern), 0) == 0:
                    print(f"  note: glob {p!r} in {g['name']!r} wins no file")
            if counts.get(g["name"], 0) == 0:
                print(f"  note: group {g['name']!r} is empty")

    for name in args.list:
        print(f"--- {name}")
        for f, v in result.items():
            if v == name:
                print("   ", f)

    unmatched = [f for f, v in result.items() if v is None]
    if unmatched:
        print(f"UNMATCHED: {len(unmatched)} files")
        for f in unmatched:
            print("   ", f)
        return 1
    print("all files matched")
    return 0


if __name__ == "__main__":
    sys.exit(main())
