#!/usr/bin/env bash
# Times a full `planner analyze` (code, schema, history with a cold cache, and
# every document) on one repository, against `git log --no-merges
# --name-only --no-renames` in the same run, and prints medians, the ratio and
# the peak memory.
#
#   bench/analyze_bench.sh REPO [RUNS=5] [PLANNER=target/release/planner]
#
# Target (issue 5): under 5 s and under 1 GB on saleor, on this 2-core machine.
set -uo pipefail
repo=${1:?usage: analyze_bench.sh REPO [RUNS] [PLANNER]}
runs=${2:-5}
planner=${3:-target/release/planner}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

seconds() {
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s.%N)
    echo "$end - $start" | bc
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "repo: $repo, runs: $runs, $(nproc) cores, $(date -u +%FT%TZ), load: $(cut -d' ' -f1-3 /proc/loadavg)"
planner_times=()
git_times=()
for i in $(seq "$runs"); do
    rm -rf "$work/cache" "$work/out"
    planner_times+=("$(XDG_CACHE_HOME="$work/cache" seconds "$planner" analyze "$repo" --out "$work/out" -q --no-progress)")
    git_times+=("$(seconds git -C "$repo" log --no-merges --name-only --no-renames)")
done
p=$(printf '%s\n' "${planner_times[@]}" | median)
g=$(printf '%s\n' "${git_times[@]}" | median)
rm -rf "$work/cache" "$work/out"
peak=$( { XDG_CACHE_HOME="$work/cache" /usr/bin/time -f '%M' "$planner" analyze "$repo" --out "$work/out" -q --no-progress >/dev/null; } 2>&1 | tail -1)
printf 'planner analyze, cold cache: %6.2f s (median of %s)\n' "$p" "$runs"
printf 'git log --name-only:         %6.2f s\n' "$g"
printf 'ratio planner / git log:     %6.2f\n' "$(echo "$p / $g" | bc -l)"
echo "peak RSS, cold: $((peak / 1024)) MiB"
echo "documents: $(find "$work/out" -type f | wc -l) files"
