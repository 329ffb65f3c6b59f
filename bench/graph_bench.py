#!/usr/bin/env python3
"""Benchmark `planner graph` against its peers, in one run, as ratios.

  planner graph saleor   vs  grimp.build_graph("saleor")   (target: ratio <= 1)
  planner graph outline  vs  dependency-cruiser            (target: ratio <= 0.1)

Runs are interleaved (planner, peer, planner, peer, ...) so machine noise hits
both alike; the medians are reported. grimp is timed around build_graph only
(its import and Python start-up are not counted), which is the stricter test
for planner, whose whole process is timed. grimp's cache is off.

Usage: bench/graph_bench.py [--runs 5] [--planner target/release/planner]
                            [--saleor /work/repos/saleor] [--outline /work/repos/outline]
Needs the peers from bench/peers/install.sh.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def wall(cmd, **kw):
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)
    return time.perf_counter() - start


def grimp_seconds(repo):
    code = (
        "import sys, time, grimp; sys.path.insert(0, sys.argv[1]);"
        "t = time.perf_counter(); grimp.build_graph('saleor', cache_dir=None);"
        "print(time.perf_counter() - t)"
    )
    out = subprocess.run([sys.executable, "-c", code, repo], check=True, capture_output=True, text=True)
    return float(out.stdout.strip())


def depcruise_seconds(repo):
    with tempfile.TemporaryDirectory() as td:
        out = os.path.join(td, "dc.json")
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, os.path.join(HERE, "peers", "depcruise_edges.py"), repo, "-o", out],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        return time.perf_counter() - start


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--planner", default=os.path.join(HERE, "..", "target", "release", "planner"))
    ap.add_argument("--saleor", default="/work/repos/saleor")
    ap.add_argument("--outline", default="/work/repos/outline")
    args = ap.parse_args()
    planner = os.path.abspath(args.planner)
    graph = lambda repo: [planner, "graph", repo, "--format", "json", "-q", "--no-progress"]

    rows = []
    for name, repo, peer_name, peer in [
        ("saleor", args.saleor, "grimp build_graph", grimp_seconds),
        ("outline", args.outline, "dependency-cruiser", depcruise_seconds),
    ]:
        if not os.path.isdir(repo):
            print(f"skip {name}: {repo} not found", file=sys.stderr)
            continue
        ours, theirs = [], []
        for i in range(args.runs):
            ours.append(wall(graph(repo)))
            theirs.append(peer(repo))
            print(f"{name} run {i + 1}: planner {ours[-1]:.2f}s, {peer_name} {theirs[-1]:.2f}s", file=sys.stderr)
        p, q = statistics.median(ours), statistics.median(theirs)
        rows.append((name, p, peer_name, q, p / q))

    print(f"| repo | planner graph (median of {args.runs}) | peer | peer (median) | ratio planner/peer |")
    print("|---|---:|---|---:|---:|")
    for name, p, peer_name, q, r in rows:
        print(f"| {name} | {p:.2f} s | {peer_name} | {q:.2f} s | {r:.2f} |")


if __name__ == "__main__":
    main()
