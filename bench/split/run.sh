#!/usr/bin/env bash
# Benchmark: the SQL statement splitter stays linear when a dump holds an
# unfinished `CREATE TRIGGER … BEGIN` (issue #14, item 3).
#
# Generates two dumps of the same size (default 200 MB): a `CREATE TABLE`
# followed by `INSERT` lines, and the same with one unfinished
# `CREATE TRIGGER … BEGIN` line after the table. Without the fix every `;`
# after that line re-read the statement from its start (quadratic: 400 KB took
# 5 s, 200 MB never finished). With it the two runs take about the same time.
#
#   bench/split/run.sh [megabytes] [runs]
#
# Prints each run's wall time, the medians and the ratio with/without.
# Builds the release binary unless PLANNER_BIN names one. Inputs are generated
# in a temporary directory and removed afterwards.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
mb="${1:-200}"
runs="${2:-3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/plain" "$work/trigger"

python3 - "$mb" "$work/plain/dump.sql" "$work/trigger/dump.sql" <<'PY'
import sys
target = int(sys.argv[1]) * 1024 * 1024
head = "CREATE TABLE t (id integer PRIMARY KEY, name text);\n"
trigger = "CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n"
line = "INSERT INTO t VALUES ({}, 'name; with a semicolon');\n"
block = "".join(line.format(i) for i in range(10000))
with open(sys.argv[2], "w") as plain, open(sys.argv[3], "w") as trig:
    plain.write(head)
    trig.write(head + trigger)
    size = len(head)
    while size < target:
        plain.write(block)
        trig.write(block)
        size += len(block)
print(f"inputs: {size} bytes of INSERTs, with and without the trigger line", file=sys.stderr)
PY

if [ -z "${PLANNER_BIN:-}" ]; then
  (cd "$root" && cargo build --release --quiet)
fi
bin="${PLANNER_BIN:-${CARGO_TARGET_DIR:-$root/target}/release/planner}"

time_runs() {
  local dir="$1" times=()
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s.%N)
    "$bin" schema "$dir" --format json -q > /dev/null
    end=$(date +%s.%N)
    times+=("$(python3 -c "print(f'{$end - $start:.3f}')")")
  done
  echo "$2 runs (s): ${times[*]}" >&2
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

plain=$(time_runs "$work/plain" "without trigger line")
trig=$(time_runs "$work/trigger" "with trigger line   ")
echo "median without: ${plain} s"
echo "median with:    ${trig} s"
python3 -c "print(f'ratio with/without: {$trig / $plain:.2f}')"
