#!/usr/bin/env python3
"""Compare planner's import graph with a peer tool's normalized edges.

Usage:
  compare_edges.py PLANNER.json PEER.json [--prefix saleor/ ...] [--min-recall 98]
                   [--report REPORT.txt] [--json SUMMARY.json]
                   [--planner-kind K ...] [--exclude-peer-kind type-only ...]

PLANNER.json: {"nodes":[{"id":PATH,...}],"edges":[{"from":PATH,"to":PATH,"kind":KIND},...]}
PEER.json:    {"edges":[{"from":PATH,"to":PATH,"kinds":[...]?,"lines":[...]?},...]}
              (output of grimp_edges.py / depcruise_edges.py; JSON Lines of edges also accepted)

Both sides are deduped to (from, to) pairs. With --prefix, only edges whose
both endpoints start with one of the prefixes are compared (--prefix-mode from:
only the importer must match). Self-edges are ignored on both sides.

Prints peer/planner edge counts, matched count and recall (% of peer edges
that planner has), precision-like share (% of planner edges the peer has).
The report file lists peer edges missing from planner grouped by a guessed
reason, and planner-only edges grouped by planner's kind(s).
Exit status 1 if recall < --min-recall (default 98), else 0.
"""
import argparse
import json
import os
import sys
from collections import defaultdict

SOURCE_EXTS = (".py", ".pyi", ".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts", ".rb")


def norm(p):
    p = p.replace("\\", "/")
    while p.startswith("./"):
        p = p[2:]
    return p


def load_json_or_jsonl(path):
    with open(path) as f:
        text = f.read()
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return {"edges": [json.loads(l) for l in text.splitlines() if l.strip()]}


def edge_ends(e):
    a = e.get("from", e.get("source"))
    b = e.get("to", e.get("target"))
    return norm(a), norm(b)


def load_planner(path, kinds_filter):
    doc = load_json_or_jsonl(path)
    nodes = set()
    for n in doc.get("nodes", []):
        nodes.add(norm(n["id"] if isinstance(n, dict) else n))
    pairs = defaultdict(set)
    for e in doc["edges"]:
        k = e.get("kind") or ",".join(e.get("kinds", [])) or "?"
        if kinds_filter and k not in kinds_filter:
            continue
        a, b = edge_ends(e)
        pairs[(a, b)].add(k)
    return nodes, pairs


def load_peer(path, exclude_kinds):
    doc = load_json_or_jsonl(path)
    pairs = {}
    for e in doc["edges"]:
        kinds = set(e.get("kinds", []))
        each = [set(x) for x in e.get("kinds_each", [])] or [kinds]
        # drop the edge only if EVERY import behind it has an excluded kind
        if exclude_kinds and all(x & exclude_kinds for x in each):
            continue
        a, b = edge_ends(e)
        pairs.setdefault((a, b), {"kinds": set(), "lines": set()})
        pairs[(a, b)]["kinds"] |= kinds
        pairs[(a, b)]["lines"] |= set(e.get("lines", []))
    nodes = {norm(n["id"] if isinstance(n, dict) else n) for n in doc.get("nodes", [])}
    return doc.get("tool", os.path.basename(path)), pairs, nodes


def in_scope(a, b, prefixes, mode):
    if not prefixes:
        return True
    ok_a = a.startswith(prefixes)
    return ok_a if mode == "from" else ok_a and b.startswith(prefixes)


def py_parent_init(path):
    """saleor/a/b.py -> saleor/a/__init__.py ; saleor/a/b/__init__.py -> saleor/a/__init__.py"""
    d = os.path.dirname(path)
    if path.endswith("/__init__.py"):
        d = os.path.dirname(d)
    return d + "/__init__.py" if d else None


def guess_missing_reason(a, b, info, planner_nodes, planner_pairs, planner_out):
    kinds = info["kinds"]
    if planner_nodes and a not in planner_nodes:
        return "importer not in planner nodes"
    if planner_nodes and b not in planner_nodes:
        if not b.endswith(SOURCE_EXTS):
            return f"target not in planner nodes (non-source {os.path.splitext(b)[1] or 'noext'})"
        if b.endswith(".d.ts"):
            return "target not in planner nodes (.d.ts)"
        return "target not in planner nodes"
    if a.endswith(".py"):
        parent = py_parent_init(b)
        if parent and (a, parent) in planner_pairs:
            return "py: planner has edge to parent package __init__ (from pkg import name?)"
        if b.endswith("/__init__.py") and any(t.startswith(b[: -len("__init__.py")]) for t in planner_out.get(a, ())):
            return "py: planner has edges into this package's submodules instead"
        if b.endswith("/__init__.py"):
            return "py: target is package __init__"
    for k, label in (("dynamic-import", "dynamic import"), ("require", "require()"),
                     ("export", "re-export"), ("type-only", "type-only import"),
                     ("aliased", "aliased (tsconfig paths)")):
        if k in kinds:
            return label
    if b.endswith((".json", ".css", ".svg", ".png")):
        return f"asset/json target ({os.path.splitext(b)[1]})"
    base = os.path.basename(a)
    if ".test." in base or ".spec." in base or base.startswith("test_") or "/tests/" in a or "/__mocks__/" in a:
        return "test/mock importer"
    if "local" in kinds:
        return "relative import"
    return "other"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("planner")
    ap.add_argument("peer")
    ap.add_argument("--prefix", action="append", default=[], help="path prefix to restrict to (repeatable)")
    ap.add_argument("--prefix-mode", choices=["both", "from"], default="both")
    ap.add_argument("--min-recall", type=float, default=98.0)
    ap.add_argument("--report", help="write detailed lists here (default: <peer>.vs-planner.txt next to planner file)")
    ap.add_argument("--json", help="write a machine-readable summary here")
    ap.add_argument("--planner-kind", action="append", default=[],
                    help="only use planner edges of these kinds (repeatable)")
    ap.add_argument("--exclude-peer-kind", action="append", default=[],
                    help="drop peer edges all of whose imports have this kind, e.g. type-only (repeatable)")
    ap.add_argument("--max-list", type=int, default=0, help="max edges listed per group in report (0 = all)")
    args = ap.parse_args()

    prefixes = tuple(norm(p) for p in args.prefix)
    planner_nodes, planner_all = load_planner(args.planner, set(args.planner_kind))
    tool, peer_all, peer_declared_nodes = load_peer(args.peer, set(args.exclude_peer_kind))

    planner = {k: v for k, v in planner_all.items() if k[0] != k[1] and in_scope(*k, prefixes, args.prefix_mode)}
    peer = {k: v for k, v in peer_all.items() if k[0] != k[1] and in_scope(*k, prefixes, args.prefix_mode)}
    if prefixes:
        planner_nodes = {n for n in planner_nodes if n.startswith(prefixes)} or planner_nodes

    planner_out = defaultdict(set)
    for a, b in planner:
        planner_out[a].add(b)

    matched = [k for k in peer if k in planner]
    missing = [k for k in peer if k not in planner]
    extra = [k for k in planner if k not in peer]
    recall = 100.0 * len(matched) / len(peer) if peer else 100.0
    share = 100.0 * len(matched) / len(planner) if planner else 100.0

    missing_groups = defaultdict(list)
    for k in sorted(missing):
        missing_groups[guess_missing_reason(*k, peer[k], planner_nodes, planner, planner_out)].append(k)
    peer_nodes = peer_declared_nodes or {x for k in peer_all for x in k}
    extra_groups = defaultdict(list)
    for k in sorted(extra):
        label = "+".join(sorted(planner[k]))
        if k[0] not in peer_nodes:
            label += " [importer not a peer module]"
        elif k[1] not in peer_nodes:
            label += " [target not a peer module]"
        extra_groups[label].append(k)

    lines = [
        f"peer: {tool}   planner: {args.planner}" + (f"   prefixes: {', '.join(prefixes)}" if prefixes else ""),
        f"peer edges (dedup pairs):    {len(peer)}",
        f"planner edges (dedup pairs): {len(planner)}   (raw pairs before scope: {len(planner_all)})",
        f"matched:                     {len(matched)}",
        f"recall (peer found by planner): {recall:.3f}%   (min {args.min_recall}%)",
        f"planner edges confirmed by peer: {share:.3f}%",
        f"missing from planner: {len(missing)}",
    ]
    lines += [f"  {len(v):6d}  {r}" for r, v in sorted(missing_groups.items(), key=lambda x: -len(x[1]))]
    lines.append(f"planner-only: {len(extra)}")
    lines += [f"  {len(v):6d}  {r}" for r, v in sorted(extra_groups.items(), key=lambda x: -len(x[1]))]
    summary = "\n".join(lines)
    print(summary)

    report = args.report or os.path.join(os.path.dirname(os.path.abspath(args.planner)),
                                         os.path.basename(args.peer).rsplit(".json", 1)[0] + ".vs-planner.txt")
    with open(report, "w") as f:
        f.write(summary + "\n\n")
        f.write("=== peer edges MISSING from planner, by guessed reason ===\n")
        for r, v in sorted(missing_groups.items(), key=lambda x: -len(x[1])):
            f.write(f"\n## {r} ({len(v)})\n")
            for a, b in v[: args.max_list or None]:
                info = peer[(a, b)]
                extra_info = ""
                if info["kinds"]:
                    extra_info += " kinds=" + ",".join(sorted(info["kinds"]))
                if info["lines"]:
                    extra_info += " lines=" + ",".join(map(str, sorted(info["lines"])))
                f.write(f"{a} -> {b}{extra_info}\n")
        f.write("\n=== planner-only edges, by planner kind ===\n")
        for r, v in sorted(extra_groups.items(), key=lambda x: -len(x[1])):
            f.write(f"\n## {r} ({len(v)})\n")
            for a, b in v[: args.max_list or None]:
                f.write(f"{a} -> {b}\n")
    print(f"report: {report}")

    if args.json:
        with open(args.json, "w") as f:
            json.dump({
                "peer": tool, "peer_edges": len(peer), "planner_edges": len(planner),
                "matched": len(matched), "recall": round(recall, 3), "confirmed_share": round(share, 3),
                "missing_by_reason": {r: len(v) for r, v in missing_groups.items()},
                "planner_only_by_kind": {r: len(v) for r, v in extra_groups.items()},
            }, f, indent=1)
    return 0 if recall >= args.min_recall else 1


if __name__ == "__main__":
    sys.exit(main())
