#!/usr/bin/env bash
# `muster explain` against `muster strength` of the same group and day, cold
# process start to answer (median wall time of RUNS runs), on two logs:
#   - 20,000 arrivals of one contingent on one day (explain used to recompute
#     the group's strength after each row: quadratic in the rows of a day);
#   - `muster generate --rows 1000000` (seed 1, its defaults), one country
#     (the first of the breakdown) on 2010-06-30 and on 2025-12-31.
# Both answers are checked equal first (explain's strength after the last
# row is the strength). explain writes csv with --all (every row listed).
# Load average goes beside the figures: the machine may be shared.
#
#   bench/explain.sh MUSTER_EXE [DIR=bench-data] [RUNS=5]
set -euo pipefail
muster=${1:?usage: explain.sh MUSTER_EXE [DIR] [RUNS]}
dir=${2:-bench-data}
runs=${3:-5}
mkdir -p "$dir"

source "$(dirname "$0")/timing.sh"

same_day="$dir/explain-same-day-20000.csv"
if [ ! -s "$same_day" ]; then
  { echo "id,kind,date,mission,country,component,count"
    for i in $(seq 20000); do echo "a$i,arrival,2025-01-18,MSS,KEN,police,1"; done; } > "$same_day"
fi
generated="$dir/explain-generated-1000000.csv"
[ -s "$generated" ] || "$muster" generate --rows 1000000 --seed 1 > "$generated"
country=$("$muster" strength "$generated" --on 2010-06-30 --format csv | sed -n 2p | cut -d, -f1)

all=--all  # a muster from before --all lists every row anyway
"$muster" explain --help | grep -q -- --all || all=
explain() { "$muster" explain "$1" --on "$2" --country "$3" --format csv $all; }
strength() { "$muster" strength "$1" --on "$2" --country "$3" --by total --format csv; }

printf '%-46s %8s %14s %14s\n' log rows "explain (ms)" "strength (ms)"
for c in "$same_day 2025-01-18 KEN" "$generated 2010-06-30 $country" "$generated 2025-12-31 $country"; do
  read -r log day who <<< "$c"
  want=$(strength "$log" "$day" "$who" | tail -1)
  got=$(explain "$log" "$day" "$who" | awk -F, '$1 == "shapes" || $1 == "overwritten" {v = $12 "," $13 "," $14} END {print v}')
  if [ "$want" != "$got" ]; then
    echo "explain.sh: explain ($got) and strength ($want) disagree on $log $day $who" >&2
    exit 1
  fi
  rows=$(explain "$log" "$day" "$who" | awk -F, '$1 == "shapes" || $1 == "overwritten"' | wc -l)
  e=$(timed explain "$log" "$day" "$who")
  s=$(timed strength "$log" "$day" "$who")
  printf '%-46s %8d %14s %14s\n' "$(basename "$log") $who $day" "$rows" "$(ms "$e")" "$(ms "$s")"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
