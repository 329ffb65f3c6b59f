#!/usr/bin/env python3
"""Run dependency-cruiser (and optionally madge) on a JS/TS repo and print
normalized repo-internal file->file edges.

Usage:
  depcruise_edges.py [REPO] [--dirs app server shared plugins] [--tsconfig PATH]
                     [-o OUT.json] [--raw RAW.json] [--madge MADGE_OUT.json]

Defaults: REPO=/work/repos/outline, tsconfig=REPO/tsconfig.json, dirs = the
subset of app/server/shared/plugins/src/packages that exists.
Tools come from $PEERS_NODE (default /work/tools/node; see install.sh).
Nothing is written into REPO: the generated config lives in a temp dir and
depcruise's cache is off.

Output JSON:
  {"tool":"dependency-cruiser","version":...,"seconds":...,"modules":N,
   "nodes":[PATH...],
   "edges":[{"from":"server/models/User.ts","to":"shared/types.ts",
             "kinds":["aliased","aliased-tsconfig","aliased-tsconfig-paths","import"]}...],
   "dropped":{"npm/core/unresolved...":count}}
kinds = union of dependency-cruiser's dependencyTypes over all imports of the
pair, plus a "dynamic" flag and the module system ("es6","cjs",...);
kinds_each = the distinct per-import kind sets (so "only type-only imports"
can be told from "a type-only and a value import").
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter

# first path segments of outline's tsconfig "paths" aliases (for stats only)
ALIAS_ROOTS = {"@server", "@shared", "~", "plugins"}
PEERS_NODE = os.environ.get("PEERS_NODE", "/work/tools/node")
BIN = os.path.join(PEERS_NODE, "node_modules", ".bin")

CONFIG_TEMPLATE = """
module.exports = {
  forbidden: [],
  options: {
    doNotFollow: { path: "(^|/)node_modules/" },
    exclude: { path: %(exclude)s },
    moduleSystems: ["es6", "cjs", "tsd", "amd"],
    tsPreCompilationDeps: true,
    tsConfig: { fileName: %(tsconfig)s },
    combinedDependencies: false,
    preserveSymlinks: false,
    enhancedResolveOptions: {
      extensions: [".ts", ".tsx", ".d.ts", ".js", ".jsx", ".mjs", ".cjs", ".json"],
      conditionNames: ["import", "require", "node", "default", "types"],
      mainFields: ["module", "main", "types", "typings"],
      exportsFields: ["exports"],
    },
    cache: false,
    progress: { type: "none" },
  },
};
"""


def run_depcruise(repo, dirs, tsconfig, exclude, raw_path):
    with tempfile.TemporaryDirectory() as td:
        cfg = os.path.join(td, "depcruise.config.cjs")
        with open(cfg, "w") as f:
            f.write(CONFIG_TEMPLATE % {"exclude": json.dumps(exclude), "tsconfig": json.dumps(tsconfig)})
        out = raw_path or os.path.join(td, "raw.json")
        cmd = [os.path.join(BIN, "depcruise"), "--config", cfg, "--output-type", "json",
               "--output-to", out, *dirs]
        t0 = time.perf_counter()
        p = subprocess.run(cmd, cwd=repo, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        secs = time.perf_counter() - t0
        if p.returncode != 0:
            sys.stderr.write(p.stdout + p.stderr)
            sys.exit(f"depcruise failed ({p.returncode})")
        with open(out) as f:
            return json.load(f), secs


def is_internal(repo, path):
    return (path and not path.startswith("/") and "node_modules/" not in path
            and os.path.isfile(os.path.join(repo, path)))


def normalize_depcruise(repo, raw):
    edges = {}
    dropped = Counter()
    nodes = set()
    for m in raw["modules"]:
        src = m["source"]
        if not is_internal(repo, src):
            continue
        nodes.add(src)
        for d in m.get("dependencies", []):
            tgt = d.get("resolved", "")
            if d.get("coreModule"):
                dropped["core"] += 1
                continue
            if d.get("couldNotResolve"):
                mod = d.get("module", "")
                if mod.startswith("."):
                    dropped["unresolved-relative"] += 1
                elif mod.split("/")[0] in ALIAS_ROOTS:
                    dropped["unresolved-alias"] += 1
                else:
                    dropped["unresolved-bare(npm)"] += 1
                continue
            if not is_internal(repo, tgt):
                dropped["external"] += 1
                continue
            if "undetermined" in d.get("dependencyTypes", []):
                # e.g. outline: bare `import "vitest"` resolves to ./vitest.d.ts
                # because tsconfig "paths" without baseUrl make the tsconfig dir
                # a lookup root for enhanced-resolve; really node_modules/vitest.
                dropped["bare-specifier-resolved-to-repo-file"] += 1
                continue
            k = set(d.get("dependencyTypes", []))
            if d.get("dynamic"):
                k.add("dynamic")
            if d.get("moduleSystem"):
                k.add(d["moduleSystem"])
            if d.get("exoticallyRequired"):
                k.add("exotic-require")
            edges.setdefault((src, tgt), set()).add(tuple(sorted(k)))
    return nodes, edges, dropped


def run_madge(repo, dirs, tsconfig):
    cmd = [os.path.join(BIN, "madge"), "--json", "--ts-config", tsconfig,
           "--extensions", "ts,tsx,js,jsx,mjs,cjs", *dirs]
    # madge calls process.exit() right after printing: a pipe gets truncated at
    # 64 KiB, so send stdout to a real file.
    with tempfile.TemporaryFile("w+") as outf:
        t0 = time.perf_counter()
        p = subprocess.run(cmd, cwd=repo, stdout=outf, stderr=subprocess.PIPE, text=True)
        secs = time.perf_counter() - t0
        outf.seek(0)
        text = outf.read()
    if not text.strip().startswith("{"):
        sys.stderr.write(p.stderr)
        sys.exit(f"madge failed ({p.returncode})")
    graph = json.loads(text)
    edges = []
    for src, tgts in graph.items():
        for t in tgts:
            if is_internal(repo, src) and is_internal(repo, t):
                edges.append({"from": src, "to": t})
    edges.sort(key=lambda e: (e["from"], e["to"]))
    return {"tool": "madge", "seconds": round(secs, 3), "modules": len(graph),
            "nodes": sorted(graph), "edges": edges}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("repo", nargs="?", default="/work/repos/outline")
    ap.add_argument("--dirs", nargs="+")
    ap.add_argument("--tsconfig")
    ap.add_argument("--exclude", default="(^|/)node_modules/|^build/",
                    help="regex of paths dependency-cruiser should skip")
    ap.add_argument("-o", "--out")
    ap.add_argument("--raw", help="also keep dependency-cruiser's raw JSON here")
    ap.add_argument("--madge", metavar="OUT", help="also run madge and write its normalized edges here")
    args = ap.parse_args()

    repo = os.path.abspath(args.repo)
    tsconfig = os.path.abspath(args.tsconfig or os.path.join(repo, "tsconfig.json"))
    dirs = args.dirs or [d for d in ("app", "server", "shared", "plugins", "src", "packages")
                         if os.path.isdir(os.path.join(repo, d))]

    raw, secs = run_depcruise(repo, dirs, tsconfig, args.exclude, args.raw)
    nodes, edges, dropped = normalize_depcruise(repo, raw)
    print(f"depcruise {' '.join(dirs)}: {secs:.2f}s modules={len(raw['modules'])} "
          f"internal_files={len(nodes)} edges={len(edges)} dropped={dict(dropped)}", file=sys.stderr)
    doc = {
        "tool": "dependency-cruiser",
        "version": subprocess.run([os.path.join(BIN, "depcruise"), "--version"],
                                  stdout=subprocess.PIPE, text=True).stdout.strip(),
        "dirs": dirs,
        "seconds": round(secs, 3),
        "modules": len(raw["modules"]),
        "nodes": sorted(nodes),
        "edges": [{"from": s, "to": t, "kinds": sorted(set().union(*each)),
                   "kinds_each": sorted(list(x) for x in each)}
                  for (s, t), each in sorted(edges.items())],
        "dropped": dict(dropped),
    }
    out = open(args.out, "w") if args.out else sys.stdout
    json.dump(doc, out, indent=1)
    out.write("\n")
    if args.out:
        out.close()

    if args.madge:
        md = run_madge(repo, dirs, tsconfig)
        print(f"madge: {md['seconds']:.2f}s modules={md['modules']} edges={len(md['edges'])}", file=sys.stderr)
        with open(args.madge, "w") as f:
            json.dump(md, f, indent=1)
            f.write("\n")


if __name__ == "__main__":
    main()
