#!/usr/bin/env python3
"""Build grimp's import graph for one or more top-level Python packages and
print file-level edges as normalized JSON.

Usage:
  grimp_edges.py REPO_DIR PKG [PKG ...] [-o OUT.json] [--jsonl] [--details]

Output (default, JSON):
  {"tool":"grimp","version":...,"packages":[...],"build_seconds":...,
   "modules":N,"nodes":[PATH...],
   "edges":[{"from":"saleor/order/models.py","to":"saleor/core/models.py",
             "lines":[12,40]}...],           # "lines" only with --details
   "unmapped_modules":[...]}
With --jsonl: one {"from","to"} object per line (no header).
Paths are relative to REPO_DIR, '/'-separated. Module `a.b` maps to `a/b.py`
or `a/b/__init__.py` (or a/b/ for a namespace package, reported as unmapped).
Timing of grimp.build_graph is printed to stderr.
"""
import argparse
import json
import os
import sys
import time


def module_to_path(repo, module):
    rel = module.replace(".", "/")
    for cand in (rel + ".py", rel + "/__init__.py", rel + ".pyi", rel + "/__init__.pyi"):
        if os.path.isfile(os.path.join(repo, cand)):
            return cand
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("repo")
    ap.add_argument("packages", nargs="+")
    ap.add_argument("-o", "--out", help="write output here instead of stdout")
    ap.add_argument("--jsonl", action="store_true", help="JSON Lines edges instead of one JSON document")
    ap.add_argument("--details", action="store_true", help="add import line numbers per edge (slower)")
    args = ap.parse_args()

    repo = os.path.abspath(args.repo)
    sys.path.insert(0, repo)
    os.chdir(repo)
    import grimp

    t0 = time.perf_counter()
    graph = grimp.build_graph(*args.packages, include_external_packages=False, cache_dir=None)
    build_s = time.perf_counter() - t0
    print(f"grimp.build_graph({', '.join(args.packages)}): {build_s:.2f}s", file=sys.stderr)

    t1 = time.perf_counter()
    modules = sorted(graph.modules)
    path_of = {m: module_to_path(repo, m) for m in modules}
    unmapped = sorted(m for m, p in path_of.items() if p is None)
    edges = []
    for m in modules:
        src = path_of[m]
        for imported in sorted(graph.find_modules_directly_imported_by(m)):
            dst = path_of.get(imported) or module_to_path(repo, imported)
            if src is None or dst is None:
                continue
            e = {"from": src, "to": dst}
            if args.details:
                lines = sorted({d["line_number"] for d in graph.get_import_details(importer=m, imported=imported)})
                e["lines"] = lines
            edges.append(e)
    # Several modules can't collapse onto one file, but dedupe defensively.
    seen, uniq = set(), []
    for e in edges:
        k = (e["from"], e["to"])
        if k not in seen:
            seen.add(k)
            uniq.append(e)
    edges = uniq
    extract_s = time.perf_counter() - t1
    print(f"modules={len(modules)} mapped_files={len(modules) - len(unmapped)} "
          f"unmapped={len(unmapped)} edges={len(edges)} extract={extract_s:.2f}s", file=sys.stderr)

    out = open(args.out, "w") if args.out else sys.stdout
    if args.jsonl:
        for e in edges:
            out.write(json.dumps(e) + "\n")
    else:
        doc = {
            "tool": "grimp",
            "version": getattr(grimp, "__version__", None),
            "packages": args.packages,
            "build_seconds": round(build_s, 3),
            "modules": len(modules),
            "nodes": sorted(p for p in path_of.values() if p),
            "unmapped_modules": unmapped,
            "edges": edges,
        }
        json.dump(doc, out, indent=1)
        out.write("\n")
    if args.out:
        out.close()


if __name__ == "__main__":
    main()
