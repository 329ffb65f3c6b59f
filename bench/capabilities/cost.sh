#!/usr/bin/env bash
# What capability discovery costs: `planner analyze` with discovery on
# (the default) against the same run with `[modules] discover = false`, in
# the same script run, alternating, median of N runs each. Warm history
# cache, so the numbers are about the code stages.
#
# Usage: bench/capabilities/cost.sh REPO [RUNS]   (PLANNER=path/to/planner)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PLANNER="${PLANNER:-$ROOT/target/release/planner}"
REPO="$1"; RUNS="${2:-5}"
TMP="$(mktemp -d)"; trap 'rm -rf "$TMP"' EXIT
printf '[modules]\ndiscover = false\n' > "$TMP/off.toml"
printf '[modules]\ndiscover = true\n' > "$TMP/on.toml"
"$PLANNER" analyze "$REPO" --out "$TMP/warm" --config "$TMP/on.toml" >/dev/null 2>&1
on=(); off=()
for _ in $(seq "$RUNS"); do
  for mode in on off; do
    s=$(date +%s.%N)
    "$PLANNER" analyze "$REPO" --out "$TMP/$mode" --config "$TMP/$mode.toml" >/dev/null 2>&1
    e=$(date +%s.%N)
    t=$(echo "$e - $s" | bc)
    if [ "$mode" = on ]; then on+=("$t"); else off+=("$t"); fi
  done
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
m_on=$(median "${on[@]}"); m_off=$(median "${off[@]}")
printf 'repo %s  runs %s  load %s\n' "$(basename "$REPO")" "$RUNS" "$(cut -d' ' -f1 /proc/loadavg)"
printf 'discovery off: median %.3f s\ndiscovery on:  median %.3f s\nratio on/off:  %.3f\n' "$m_off" "$m_on" "$(echo "$m_on / $m_off" | bc -l)"
