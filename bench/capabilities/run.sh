#!/usr/bin/env bash
# Run planner on every labelled repository and score it against the labels.
#
# Usage: bench/capabilities/run.sh
#   PLANNER=path/to/planner   (default: target/release/planner of this checkout)
#   REPOS_DIR=/work/repos     (labels/<name>.toml is scored against $REPOS_DIR/<name>)
#   KEEP=dir                  (keep analyses and evaluations in dir instead of a temp dir)
#
# Prints a Markdown table (repo | files labelled | precision@5 | MoJoFM |
# by-folder MoJoFM | top-5 candidates) and the means. Always exits 0.

set -u
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
PLANNER="${PLANNER:-$ROOT/target/release/planner}"
case "$PLANNER" in /*) ;; */*) PLANNER="$PWD/$PLANNER" ;; esac
REPOS_DIR="${REPOS_DIR:-/work/repos}"

if [ -n "${KEEP:-}" ]; then
    TMP="$KEEP"; mkdir -p "$TMP"
else
    TMP="$(mktemp -d)"; trap 'rm -rf "$TMP"' EXIT
fi

if ! command -v "$PLANNER" >/dev/null 2>&1 && [ ! -x "$PLANNER" ]; then
    echo "planner binary not found: $PLANNER (set PLANNER=...)" >&2
    exit 0
fi

shopt -s nullglob
results=()
for labels in "$HERE"/labels/*.toml; do
    name="$(basename "$labels" .toml)"
    repo="$REPOS_DIR/$name"
    if [ ! -d "$repo" ]; then
        echo "skip $name: $repo not found" >&2
        continue
    fi
    out="$TMP/$name"
    rm -rf "$out"
    if ! "$PLANNER" analyze "$repo" --out "$out" --no-cache 2>/dev/null >/dev/null; then
        rm -rf "$out"
        if ! "$PLANNER" analyze "$repo" --out "$out" 2>/dev/null >/dev/null; then
            echo "skip $name: planner analyze failed" >&2
            continue
        fi
    fi
    if [ ! -f "$out/analysis.json" ]; then
        echo "skip $name: no analysis.json" >&2
        continue
    fi
    if ! python3 "$HERE/evaluate.py" "$out/analysis.json" "$labels" --json --top 5 >"$TMP/$name.eval.json" 2>"$TMP/$name.eval.err"; then
        echo "skip $name: evaluate.py failed: $(tail -n 1 "$TMP/$name.eval.err")" >&2
        continue
    fi
    results+=("$name=$TMP/$name.eval.json")
done

python3 - "${results[@]}" <<'EOF'
import json, sys

rows, precs, fms = [], [], []
for arg in sys.argv[1:]:
    name, path = arg.split("=", 1)
    with open(path) as fh:
        r = json.load(fh)
    c = r["counts"]
    p = r["precision"]
    ptxt = "n/a" if p is None else f"{p:.2f} ({r['hits']}/{r['denominator']})"
    if p is not None:
        precs.append(p)
    fm = r["mojofm"]
    if fm is not None:
        fms.append(fm)
    fold = r["baselines"]["by_folder"]
    top = ", ".join(f"{x['module']} {'✓' if x['hit'] else '✗'}" for x in r["candidates"]) or "-"
    labelled = f"{c['labelled']} ({c['production']} production"
    labelled += f", {c['unlabelled']} unlabelled)" if c["unlabelled"] else ")"
    rows.append(f"| {name} | {labelled} | {ptxt} | "
                f"{'n/a' if fm is None else f'{fm:.2f}'} | "
                f"{'n/a' if fold is None else f'{fold:.2f}'} | {top} |")

print("| repo | files labelled | precision@5 | MoJoFM | by-folder MoJoFM | top-5 candidates |")
print("|---|---|---|---|---|---|")
for row in rows:
    print(row)
print()
if not rows:
    print("No labelled repository was evaluated.")
else:
    mp = f"{sum(precs) / len(precs):.2f}" if precs else "n/a"
    mf = f"{sum(fms) / len(fms):.2f}" if fms else "n/a"
    print(f"Mean precision@5: {mp} over {len(precs)} repos; mean MoJoFM: {mf} over {len(fms)} repos.")
EOF
exit 0
