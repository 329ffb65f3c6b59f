#!/usr/bin/env bash
# analyze at scale (issue 16): saleor cold and warm, and N copies of saleor
# (bench/scale/make_copies.py), wall time and peak memory, medians of RUNS.
#
#   bash bench/scale/run.sh [SALEOR=/work/repos/saleor] [RUNS=3] [COPIES=10]
set -euo pipefail
cd "$(dirname "$0")/../.."
SALEOR="${SALEOR:-/work/repos/saleor}"
RUNS="${RUNS:-3}"
COPIES="${COPIES:-10}"
PLANNER="${PLANNER:-target/release/planner}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

python3 bench/scale/make_copies.py "$SALEOR" saleor "$COPIES" "$WORK/copies" >&2

measure() { # label, then the command
  local label="$1"; shift
  local times=() mems=()
  for _ in $(seq "$RUNS"); do
    local line
    /usr/bin/time -o "$WORK/time" -f "%e %M" "$@" >/dev/null 2>&1 || true
    line=$(tail -1 "$WORK/time")
    times+=("${line% *}"); mems+=("${line#* }")
  done
  python3 - "$label" "${times[*]}" "${mems[*]}" <<'PY'
import statistics, sys
label, t, m = sys.argv[1], [float(x) for x in sys.argv[2].split()], [int(x) for x in sys.argv[3].split()]
print(f"| {label} | {statistics.median(t):.2f} s | {statistics.median(m) / 1024:.0f} MiB | {', '.join(f'{x:.2f}' for x in t)} |")
PY
}

echo "| run | wall (median of $RUNS) | peak RSS (median) | all runs (s) |"
echo "|---|---:|---:|---|"
measure "saleor, history cold (--no-cache)" "$PLANNER" analyze "$SALEOR" --out "$WORK/o1" -q --no-progress --no-cache
"$PLANNER" analyze "$SALEOR" --out "$WORK/o2" -q --no-progress >/dev/null 2>&1 || true
measure "saleor, history cache warm" "$PLANNER" analyze "$SALEOR" --out "$WORK/o2" -q --no-progress
measure "saleor × $COPIES, no git" "$PLANNER" analyze "$WORK/copies" --out "$WORK/o3" -q --no-progress
