#!/usr/bin/env bash
# Benchmark: parse a ~10 MB Rails structure.sql (pg_dump --schema-only).
#
# The input is generated, never committed: openstreetmap-website's
# db/structure.sql (or any structure.sql given as $1) concatenated with
# itself, every `public.<name>` renamed per copy so each copy defines new
# tables, until the file reaches 10 MB.
#
#   bench/schema/run.sh [path/to/structure.sql] [runs]
#
# Prints each run's wall time and the median. Builds the release binary
# unless PLANNER_BIN names one.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
src="${1:-/work/repos/osm/db/structure.sql}"
runs="${2:-11}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/repo/db"

python3 - "$src" "$work/repo/db/structure.sql" <<'PY'
import re, sys
src = open(sys.argv[1], encoding="utf-8").read()
target = 10 * 1024 * 1024
out, i = [], 0
size = 0
while size < target:
    copy = re.sub(r"public\.([A-Za-z_][A-Za-z0-9_]*)", lambda m: f"public.{m.group(1)}_c{i}", src)
    out.append(copy)
    size += len(copy.encode())
    i += 1
open(sys.argv[2], "w", encoding="utf-8").write("".join(out))
print(f"input: {size} bytes, {i} copies of {sys.argv[1]}", file=sys.stderr)
PY

# PLANNER_BIN=path skips the build (e.g. to time an existing release binary).
if [ -z "${PLANNER_BIN:-}" ]; then
  (cd "$root" && cargo build --release --quiet)
fi
bin="${PLANNER_BIN:-$root/target/release/planner}"
"$bin" schema "$work/repo" --format json --no-progress > "$work/out.json"
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print('tables', len(d['tables']), 'foreign keys', len(d['foreign_keys']), 'failed', sum(s['failed'] for s in d['sources']), file=sys.stderr)" "$work/out.json"

times=()
for _ in $(seq "$runs"); do
  start=$(date +%s.%N)
  "$bin" schema "$work/repo" --format json -q > /dev/null
  end=$(date +%s.%N)
  times+=("$(python3 -c "print(f'{$end - $start:.3f}')")")
done
echo "runs (s): ${times[*]}"
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print "median (s): " a[int((NR+1)/2)]}'
