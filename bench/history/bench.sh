#!/usr/bin/env bash
# Times planner's history mining against git on one repository, in one run,
# and prints medians and ratios.
#
#   bench/history/bench.sh REPO [RUNS=5] [PLANNER=target/release/planner]
#
# SINCE=YYYY-MM-DD limits both line-count runs (planner --since, git log
# --since) to the same window, for a clone whose older blobs are missing
# (git stops at the first one it cannot read; planner only warns).
#
# Measured (wall clock, median of RUNS; peak RSS of the last planner run):
#   git-name-only   git log --no-merges --name-only            (renames on, as git's default)
#   git-no-renames  git log --no-merges --name-only --no-renames
#   git-numstat     git log --no-merges --numstat                (LINE_RUNS=1 runs)
#   cold            planner history -a coupling --no-cache     (no line counts)
#   warm            planner history -a coupling, cache primed, HEAD unchanged
#   cold-lines      planner history -a coupling --no-cache --line-counts (LINE_RUNS=1 runs)
# git's exit status is shown: a clone with a missing blob makes git stop early.
set -uo pipefail
repo=${1:?usage: bench.sh REPO [RUNS] [PLANNER]}
runs=${2:-5}
planner=${3:-target/release/planner}
cache=$(mktemp -d)
trap 'rm -rf "$cache"' EXIT

# Prints the median wall time of `runs` runs of "$@" (stdout discarded).
median() {
    local times=() t status
    for _ in $(seq "$runs"); do
        local start end
        start=$(date +%s.%N)
        "$@" >/dev/null 2>/tmp/bench_history.err
        status=$?
        end=$(date +%s.%N)
        times+=("$(echo "$end - $start" | bc)")
    done
    t=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    echo "$t $status"
}

report() { printf '%-16s %8.3f s  (exit %s)\n' "$1" "$2" "$3"; }

echo "repo: $repo ($(git -C "$repo" rev-list --count HEAD) commits), runs: $runs"
echo "machine: $(nproc) cores, $(free -h | awk '/Mem:/ {print $2}') RAM, $(date -u +%FT%TZ)"
echo "load at start: $(uptime | sed 's/.*load average: //')"
read -r gn gns < <(median git -C "$repo" log --no-merges --name-only)
report git-name-only "$gn" "$gns"
read -r gr grs < <(median git -C "$repo" log --no-merges --name-only --no-renames)
report git-no-renames "$gr" "$grs"
read -r cold cs < <(median "$planner" history "$repo" -a coupling --no-cache -q)
report cold "$cold" "$cs"
"$planner" history "$repo" -a coupling -q --cache-dir "$cache" >/dev/null
read -r warm ws < <(median "$planner" history "$repo" -a coupling -q --cache-dir "$cache")
report warm "$warm" "$ws"
# The line-count runs are long: once each.
runs_saved=$runs
runs=${LINE_RUNS:-1}
window=()
[ -n "${SINCE:-}" ] && window=(--since "$SINCE") && echo "line-count runs: --since $SINCE"
read -r lines ls < <(median "$planner" history "$repo" -a coupling --no-cache -q --line-counts "${window[@]}")
report cold-lines "$lines" "$ls"
read -r gnum gnums < <(median git -C "$repo" log --no-merges --numstat "${window[@]}")
runs=$runs_saved
report git-numstat "$gnum" "$gnums"
peak=$( { /usr/bin/time -f '%M' "$planner" history "$repo" -a coupling --no-cache -q >/dev/null; } 2>&1 | tail -1)
echo "peak RSS, cold: $((peak / 1024)) MiB"
echo "load at end: $(uptime | sed 's/.*load average: //')"
echo
echo "cold / git-name-only:   $(echo "scale=2; $cold / $gn" | bc)  (target <= 1.5)"
echo "cold / git-no-renames:  $(echo "scale=2; $cold / $gr" | bc)"
echo "warm / cold:            $(echo "scale=3; $warm / $cold" | bc)  (target <= 0.10)"
echo "cold-lines / numstat:   $(echo "scale=2; $lines / $gnum" | bc)  (target < 1)"
