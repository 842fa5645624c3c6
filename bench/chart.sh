#!/usr/bin/env bash
# `muster chart` of `muster generate --rows 1000000` (seed 1, its defaults:
# 50 countries, 10 missions, 1990-2025) by country over 35 years, monthly,
# beside `muster strength` of the same log: median wall time of RUNS runs
# from a cold process start, peak memory (/usr/bin/time), and the size of
# the SVG (consecutive equal points merged; at most 250 observations and 250
# conflicts drawn). The SVG is checked well-formed with xmllint first.
#
#   bench/chart.sh MUSTER_EXE [DIR=bench-data] [RUNS=5]
set -euo pipefail
muster=${1:?usage: chart.sh MUSTER_EXE [DIR] [RUNS]}
dir=${2:-bench-data}
runs=${3:-5}
mkdir -p "$dir"
log="$dir/generated-1000000.csv"
[ -f "$log" ] || "$muster" generate --rows 1000000 > "$log"

source "$(dirname "$0")/timing.sh"

chart=("$muster" chart "$log" --from 1990-01-01 --to 2025-12-31 --step month --by country)
"${chart[@]}" --out "$dir/chart.svg"
if command -v xmllint > /dev/null; then xmllint --noout "$dir/chart.svg"; fi
peak=$(/usr/bin/time -f '%M' "${chart[@]}" 2>&1 >/dev/null | tail -1)
echo "log: $log ($(stat -c %s "$log") bytes); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "chart, by country, monthly, 1990-2025: $(ms "$(timed "${chart[@]}")") ms (median of $runs), peak ${peak} KB, SVG $(stat -c %s "$dir/chart.svg") bytes"
echo "strength --on 2010-06-30 --by country: $(ms "$(timed "$muster" strength "$log" --on 2010-06-30 --by country)") ms"
