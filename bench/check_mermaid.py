#!/usr/bin/env python3
"""Render every ```mermaid block in the given Markdown files (or folders) with
the real renderer, mermaid-cli on Debian's chromium, and fail if any block
does not render.

Usage: bench/check_mermaid.py PATH... [--mmdc /work/tools/bin/mmdc] [--png-dir DIR]
Exit: 0 all rendered, 1 some failed, 2 usage error.
mmdc comes from bench/peers/install.sh (it writes the wrapper that points
puppeteer at /usr/bin/chromium with --no-sandbox).

mermaid-cli does not fail on every syntax error: for some it renders an image
that says "Syntax error". The script therefore also checks the SVG for that.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

BLOCK = re.compile(r"```mermaid\n(.*?)```", re.S)


def markdown_files(paths):
    for path in paths:
        if os.path.isdir(path):
            for root, _, files in os.walk(path):
                for name in sorted(files):
                    if name.endswith(".md"):
                        yield os.path.join(root, name)
        elif path.endswith(".md"):
            yield path


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--mmdc", default=os.environ.get("MMDC", "/work/tools/bin/mmdc"))
    ap.add_argument("--png-dir", help="also write a PNG of each block here")
    args = ap.parse_args()
    if not os.path.exists(args.mmdc):
        print(f"mmdc not found at {args.mmdc}; run bench/peers/install.sh", file=sys.stderr)
        return 2
    total = failed = 0
    with tempfile.TemporaryDirectory() as td:
        for md in sorted(set(markdown_files(args.paths))):
            text = open(md, encoding="utf-8").read()
            for i, block in enumerate(BLOCK.findall(text)):
                total += 1
                src = os.path.join(td, f"b{total}.mmd")
                svg = os.path.join(td, f"b{total}.svg")
                open(src, "w", encoding="utf-8").write(block)
                run = subprocess.run([args.mmdc, "-i", src, "-o", svg, "-q"], capture_output=True, text=True)
                rendered = open(svg, encoding="utf-8").read() if os.path.exists(svg) else ""
                ok = run.returncode == 0 and rendered and "Syntax error" not in rendered
                size = len(block)
                print(f"{'ok  ' if ok else 'FAIL'} {md} block {i + 1} ({size} chars)")
                if not ok:
                    failed += 1
                    print((run.stderr or "renderer drew a syntax-error image").strip()[:2000])
                elif args.png_dir:
                    os.makedirs(args.png_dir, exist_ok=True)
                    base = os.path.splitext(os.path.basename(md))[0]
                    png = os.path.join(args.png_dir, f"{base}-{i + 1}.png")
                    subprocess.run([args.mmdc, "-i", src, "-o", png, "-q", "-w", "2000"], capture_output=True)
    print(f"{total - failed} of {total} blocks rendered")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
