#!/usr/bin/env bash
# One `muster append` into logs of 10^3, 10^5 and 10^6 rows, cold process
# start to synced row (the whole log is checked with the new row, so an
# append costs about one read of the log), beside one `muster strength` of
# the same log for scale. Each figure is the median wall time of RUNS runs,
# each run appending to a fresh copy of the log (the copy is not timed; the
# file is in the page cache). Logs: `muster generate --rows N --seed 1 --plain`.
#
#   bench/append.sh MUSTER_EXE [DIR=bench-data] [RUNS=5]
set -euo pipefail
muster=${1:?usage: append.sh MUSTER_EXE [DIR] [RUNS]}
dir=${2:-bench-data}
runs=${3:-5}
mkdir -p "$dir"

source "$(dirname "$0")/timing.sh"

printf '%10s %12s %12s %14s\n' rows bytes "append (ms)" "strength (ms)"
for rows in 1000 100000 1000000; do
  log="$dir/append-plain-$rows.csv"
  [ -s "$log" ] || "$muster" generate --rows "$rows" --seed 1 --plain > "$log"
  work="$dir/append-work-$rows.csv"
  appends=() reads=()
  for _ in $(seq "$runs"); do
    cp "$log" "$work"
    t0=$(now_ns)
    "$muster" append "$work" --kind arrival --date 2025-12-31 --mission MSS --country KEN \
      --component police --count 17 --source bench > /dev/null
    t1=$(now_ns)
    "$muster" strength "$work" --on 2025-12-31 --by total --format csv > /dev/null
    t2=$(now_ns)
    appends+=($((t1 - t0))) reads+=($((t2 - t1)))
  done
  a=$(printf '%s\n' "${appends[@]}" | median)
  r=$(printf '%s\n' "${reads[@]}" | median)
  printf '%10d %12d %12s %14s\n' "$rows" "$(stat -c %s "$log")" "$(ms "$a")" "$(ms "$r")"
  rm -f "$work"
done
