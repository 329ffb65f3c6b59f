#!/usr/bin/env python3
"""Score a planner analysis against a hand-written capability labelling.

Usage: python3 bench/capabilities/evaluate.py ANALYSIS_JSON LABELS_TOML [--json] [--top K]

* Each analysed file gets the first label group (in file order) with a matching
  glob; files that no glob matches are counted as "unlabelled" and left out.
  Production files are those labelled with a group of kind "capability" or
  "shared" ("excluded" groups drop a file).
* precision@K: for each of the top K candidates (by rank), its production files
  (analysis files with that module); a hit iff it has >= 1 production file and
  the largest *capability* label holds >= 60% of them.  precision = hits / K,
  or hits / (candidates present) when there are fewer than K.
* MoJoFM (Wen & Tzerpos 2004, see mojo.py) of planner's partition
  (file -> module) against the labels (file -> group), over production files
  that planner put in a module; and, on the same files, of two baselines:
  "by folder" (file -> parent directory) and "by top-2 dirs" (file -> first two
  segments of its parent directory).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tomllib
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from mojo import mojo_details  # noqa: E402

from globs import compile_glob  # noqa: E402  (self-tests: python3 globs.py)

KINDS = ("capability", "shared", "excluded")
HIT_SHARE = (3, 5)  # 60%, compared in integers: dominant * 5 >= 3 * production


def load_labels(path: str) -> tuple[dict, list[dict]]:
    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    groups = []
    for i, g in enumerate(data.get("group", [])):
        name, kind, globs = g.get("name"), g.get("kind"), g.get("globs")
        if not name or kind not in KINDS or not isinstance(globs, list):
            raise SystemExit(f"{path}: group #{i} ({name!r}) needs name, kind in {KINDS} and a globs list")
        groups.append({"name": name, "kind": kind, "res": [compile_glob(p) for p in globs]})
    return data, groups


def label_of(path: str, groups: list[dict]) -> dict | None:
    for g in groups:
        if any(r.match(path) for r in g["res"]):
            return g
    return None


def parent_dir(path: str) -> str:
    return os.path.dirname(path) or "."


def top2_dirs(path: str) -> str:
    parts = parent_dir(path).split("/")
    return "/".join(parts[:2])


def evaluate(analysis: dict, labels_path: str, top: int = 5) -> dict:
    meta, groups = load_labels(labels_path)
    files = analysis.get("files", [])
    kind_of_group = {g["name"]: g["kind"] for g in groups}

    label: dict[str, str] = {}  # file -> group name, labelled files only
    module: dict[str, str] = {}
    unlabelled: list[str] = []
    for f in files:
        fid = f["id"]
        if f.get("module") is not None:
            module[fid] = f["module"]
        g = label_of(fid, groups)
        if g is None:
            unlabelled.append(fid)
        else:
            label[fid] = g["name"]
    production = [fid for fid in label if kind_of_group[label[fid]] in ("capability", "shared")]
    production_set = set(production)
    kinds = Counter(kind_of_group[label[fid]] for fid in label)

    # precision@K
    files_by_module: dict[str, list[str]] = {}
    for f in files:
        if f.get("module") is not None:
            files_by_module.setdefault(f["module"], []).append(f["id"])
    cands = analysis.get("candidates") or []
    if isinstance(cands, dict):
        cands = cands.get("candidates") or []
    ranked = sorted(cands, key=lambda c: c["rank"])
    rows = []
    for cand in ranked[:top]:
        mod_files = files_by_module.get(cand["module"], [])
        prod = [fid for fid in mod_files if fid in production_set]
        cap = Counter(label[fid] for fid in prod if kind_of_group[label[fid]] == "capability")
        shared = sum(1 for fid in prod if kind_of_group[label[fid]] == "shared")
        dominant, dom_n = (cap.most_common(1)[0] if cap else (None, 0))
        share = dom_n / len(prod) if prod else 0.0
        hit = bool(prod) and dom_n * HIT_SHARE[1] >= HIT_SHARE[0] * len(prod)
        rows.append({
            "rank": cand["rank"], "module": cand["module"], "files": len(mod_files),
            "production": len(prod), "dominant": dominant, "dominant_files": dom_n,
            "share": round(share, 4), "shared_files": shared, "hit": hit,
            "labels": dict(cap.most_common()),
        })
    hits = sum(r["hit"] for r in rows)
    denominator = len(rows)
    precision = hits / denominator if denominator else None

    # MoJoFM over production files that planner placed in a module
    common = [fid for fid in production if fid in module]
    truth = {fid: label[fid] for fid in common}

    def fm(partition: dict) -> dict | None:
        if not common:
            return None
        return mojo_details(partition, truth).as_dict()

    planner_fm = fm({fid: module[fid] for fid in common})
    baselines = {
        "by_folder": fm({fid: parent_dir(fid) for fid in common}),
        "by_top2_dirs": fm({fid: top2_dirs(fid) for fid in common}),
    }

    return {
        "labels": labels_path,
        "repo": meta.get("repo"),
        "commit": meta.get("commit"),
        "k": top,
        "precision": precision,
        "hits": hits,
        "denominator": denominator,
        "fewer_than_k": denominator < top,
        "candidates": rows,
        "mojofm": planner_fm["mojofm"] if planner_fm else None,
        "mojo": planner_fm,
        "baselines": {k: (v["mojofm"] if v else None) for k, v in baselines.items()},
        "baselines_detail": baselines,
        "counts": {
            "analysis_files": len(files),
            "labelled": len(label),
            "unlabelled": len(unlabelled),
            "capability": kinds["capability"],
            "shared": kinds["shared"],
            "excluded": kinds["excluded"],
            "production": len(production),
            "production_flagged_test": sum(1 for f in files if f["id"] in production_set and f.get("test")),
            "mojofm_objects": len(common),
            "planner_modules_on_production": len({module[f] for f in common}),
            "label_groups_on_production": len(set(truth.values())),
        },
        "unlabelled_sample": unlabelled[:20],
    }


def fmt_pct(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.2f}"


def render_text(r: dict) -> str:
    c = r["counts"]
    out = [
        f"labels: {r['labels']}  repo: {r['repo']}  commit: {r['commit']}",
        f"files in analysis: {c['analysis_files']}  labelled: {c['labelled']} "
        f"(capability {c['capability']}, shared {c['shared']}, excluded {c['excluded']})  "
        f"unlabelled (left out): {c['unlabelled']}",
        f"production files: {c['production']}"
        + (f"  ({c['production_flagged_test']} of them flagged test by planner)" if c["production_flagged_test"] else ""),
        "",
        f"top {r['k']} candidates:",
    ]
    header = ("rank", "module", "files", "prod", "dominant capability", "share", "shared", "result")
    table = [header]
    for row in r["candidates"]:
        table.append((
            str(row["rank"]), row["module"], str(row["files"]), str(row["production"]),
            row["dominant"] or "-", f"{row['share'] * 100:.0f}%", str(row["shared_files"]),
            "hit" if row["hit"] else "miss",
        ))
    widths = [max(len(t[i]) for t in table) for i in range(len(header))]
    for t in table:
        out.append("  " + "  ".join(v.ljust(w) if i in (1, 4) else v.rjust(w)
                                   for i, (v, w) in enumerate(zip(t, widths))).rstrip())
    if r["precision"] is None:
        out.append("precision@%d: n/a (no candidates)" % r["k"])
    else:
        note = (f"  (only {r['denominator']} candidates; divided by {r['denominator']})"
                if r["fewer_than_k"] else "")
        out.append(f"precision@{r['k']}: {r['hits']}/{r['denominator']} = {r['precision']:.2f}{note}")
    out.append("")
    m = r["mojo"]
    if m is None:
        out.append("MoJoFM: n/a (no production file in a planner module)")
    else:
        out.append(f"MoJoFM over {m['n']} production files ({m['clusters_a']} planner modules "
                   f"vs {m['clusters_b']} label groups):")
        rows = [("planner", m)] + [(k.replace("_", " "), v) for k, v in r["baselines_detail"].items()]
        for name, d in rows:
            out.append(f"  {name:<14} MoJoFM {fmt_pct(d['mojofm']):>6}   mno {d['mno']} "
                       f"(moves {d['moves']}, joins {d['joins']}) / max {d['max_mno']}, "
                       f"{d['clusters_a']} clusters")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Score a planner analysis against capability labels.")
    ap.add_argument("analysis", metavar="ANALYSIS_JSON")
    ap.add_argument("labels", metavar="LABELS_TOML")
    ap.add_argument("--json", action="store_true", help="print a JSON object instead of text")
    ap.add_argument("--top", type=int, default=5, metavar="K", help="K for precision@K (default 5)")
    args = ap.parse_args(argv)
    if args.top < 1:
        ap.error("--top must be >= 1")
    with open(args.analysis, encoding="utf-8") as fh:
        analysis = json.load(fh)
    result = evaluate(analysis, args.labels, args.top)
    if args.json:
        json.dump(result, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        print(render_text(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
