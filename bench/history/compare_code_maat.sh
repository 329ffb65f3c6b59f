#!/usr/bin/env bash
# Compares `planner history` with code-maat-python's coupling and revisions
# on one repository, with the same filters: no merges, no renames, no path or
# author excludes, changeset cap 30, code-maat's default thresholds.
#
#   bench/history/compare_code_maat.sh /work/repos/saleor [planner-binary]
#
# code-maat normally reads `git log --numstat`; coupling and revisions never
# look at line counts, and `git log --numstat` stops at the first missing blob
# (saleor's clone lacks one), so the log is built from `--name-only` with
# zero counts, in code-maat's format.
set -euo pipefail
repo=${1:?usage: compare_code_maat.sh REPO [PLANNER]}
planner=${2:-target/release/planner}
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d)
git -C "$repo" -c core.quotePath=false log --name-only --no-renames --no-merges \
    --date=short --pretty=format:'--%h--%ad--%aN' |
    awk '/^--/ {print; next} /^$/ {print; next} {print "0\t0\t" $0}' >"$out/git.log"
code-maat coupling "$out/git.log" -o "$out/cm_coupling.csv" >/dev/null
code-maat revisions "$out/git.log" -o "$out/cm_revisions.csv" >/dev/null
"$planner" history "$repo" -a coupling --no-renames --no-excludes --no-cache -q >"$out/pl_coupling.csv"
"$planner" history "$repo" -a revisions --no-renames --no-excludes --no-cache -q >"$out/pl_revisions.csv"
echo "== coupling"
python3 "$here/compare_csv.py" "$out/pl_coupling.csv" "$out/cm_coupling.csv" coupling
echo "== revisions"
python3 "$here/compare_csv.py" "$out/pl_revisions.csv" "$out/cm_revisions.csv" revisions
echo "(files in $out)"
