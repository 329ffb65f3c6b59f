#!/usr/bin/env python3
"""Builds a large synthetic monolith from a real one, for analyze at scale:
N copies of a Python package side by side, each copy importing only itself
(`saleor` → `saleor3` in imports and dotted paths), so the import graph, the
Django models and the module count all grow N-fold.

    python3 bench/scale/make_copies.py /work/repos/saleor saleor 10 /tmp/saleor-x10

With saleor (4,338 Python files, 0.85 M lines) and N = 10: 43,380 files,
8.5 M lines. Only `.py` files and the top-level `pyproject.toml` are copied;
no git history (analyze then skips the history stage). The output is
deterministic.
"""
import os
import re
import shutil
import sys


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    src, package, n, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(out)
    word = re.compile(r"\b" + re.escape(package) + r"\b")
    root = os.path.join(src, package)
    files = []
    for dirpath, dirnames, names in os.walk(root):
        dirnames.sort()
        for name in sorted(names):
            if name.endswith(".py"):
                files.append(os.path.join(dirpath, name))
    lines = 0
    for k in range(n):
        copy = f"{package}{k}"
        for path in files:
            rel = os.path.relpath(path, root)
            with open(path, encoding="utf-8", errors="surrogateescape") as f:
                text = f.read()
            text = word.sub(copy, text)
            lines += text.count("\n")
            dest = os.path.join(out, copy, rel)
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            with open(dest, "w", encoding="utf-8", errors="surrogateescape") as f:
                f.write(text)
    pyproject = os.path.join(src, "pyproject.toml")
    if os.path.exists(pyproject):
        shutil.copy(pyproject, os.path.join(out, "pyproject.toml"))
    print(f"{out}: {n * len(files)} Python files, {lines} lines")


if __name__ == "__main__":
    main()
