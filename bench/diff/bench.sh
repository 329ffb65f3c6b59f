#!/usr/bin/env bash
# Times `planner diff` the way CI runs it, over pull-request-sized changes of
# one repository, with a warm history cache.
#
#   bench/diff/bench.sh REPO [RUNS=7] [PRS=5] [PLANNER=target/release/planner]
#
# REPO is never written to: the script makes a `git clone --shared` in a
# temporary directory (objects borrowed from REPO), and for each of PRS
# recent first-parent commits that change 3 to 20 files it checks the commit
# out there and times
#     planner diff CLONE --base COMMIT~1
# (head = the working tree, as in CI) RUNS times after one warm-up run that
# fills the history cache. Prints the median, min and max wall time per
# change, the median CPU time (user + sys), the median over all runs, and
# the load average around each: on a busy 2-core machine the CPU time says
# more than the wall time does.
set -euo pipefail
repo=${1:?usage: bench.sh REPO [RUNS] [PRS] [PLANNER]}
runs=${2:-7}
prs=${3:-5}
planner=$(realpath "${4:-target/release/planner}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git clone -q --shared --no-checkout "$repo" "$work/repo"

mapfile -t changes < <(
    git -C "$repo" log --first-parent --no-merges --format=%H -300 | while read -r c; do
        n=$(git -C "$repo" diff --name-only "$c~1" "$c" 2>/dev/null | wc -l)
        if [ "$n" -ge 3 ] && [ "$n" -le 20 ]; then echo "$c $n"; fi
    done | head -n "$prs"
)

echo "repo: $repo, $(git -C "$repo" rev-list --count HEAD) commits; runs per change: $runs"
echo "machine: $(nproc) cores, $(free -h | awk '/Mem:/ {print $2}') RAM, $(uname -sr); $(date -u +%FT%TZ)"
echo "planner: $("$planner" --version)"
printf '%-12s %5s %8s %8s %8s %8s  %s\n' commit files median min max cpu "load before/after"
all=()
cpus=()
for entry in "${changes[@]}"; do
    read -r commit files <<<"$entry"
    git -C "$work/repo" checkout -q --detach "$commit"
    args=(diff "$work/repo" --base "$commit~1" -q --cache-dir "$work/cache")
    "$planner" "${args[@]}" >/dev/null || [ $? -eq 1 ]
    load_before=$(cut -d' ' -f1 /proc/loadavg)
    times=()
    cpu=()
    for _ in $(seq "$runs"); do
        /usr/bin/time -f '%e %U %S' -o "$work/time" "$planner" "${args[@]}" >/dev/null || [ $? -eq 1 ]
        read -r wall user sys <"$work/time"
        times+=("$wall")
        cpu+=("$(echo "$user + $sys" | bc)")
    done
    load_after=$(cut -d' ' -f1 /proc/loadavg)
    all+=("${times[@]}")
    cpus+=("${cpu[@]}")
    sorted=$(printf '%s\n' "${times[@]}" | sort -n)
    printf '%-12s %5s %8.3f %8.3f %8.3f %8.3f  %s/%s\n' "${commit:0:10}" "$files" \
        "$(echo "$sorted" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')" \
        "$(echo "$sorted" | head -1)" "$(echo "$sorted" | tail -1)" \
        "$(printf '%s\n' "${cpu[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')" \
        "$load_before" "$load_after"
done
printf 'median over all %d runs: %.3f s wall, %.3f s CPU\n' "${#all[@]}" \
    "$(printf '%s\n' "${all[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')" \
    "$(printf '%s\n' "${cpus[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
