#!/usr/bin/env bash
# Whole process, cold start to answer: `muster strength LOG --on D --by country`
# against the sqlite3 shell importing the same file and answering with a SUM.
# The log is a plain one (exact, day-dated arrivals and departures), where the
# SUM of arrivals minus departures is muster's answer; both answers are
# checked equal first. Prints the median wall time of RUNS runs of each.
#
#   bench/whole_process.sh MUSTER_EXE [ROWS=1000000] [RUNS=5] [DIR=bench-data]
set -euo pipefail
muster=${1:?usage: whole_process.sh MUSTER_EXE [ROWS] [RUNS] [DIR]}
rows=${2:-1000000}
runs=${3:-5}
dir=${4:-bench-data}
day=2010-06-30
mkdir -p "$dir"
log="$dir/whole-plain-$rows.csv"
[ -s "$log" ] || "$muster" generate --rows "$rows" --seed 2025 --countries 200 --missions 20 \
  --plain > "$log"

run_muster() { "$muster" strength "$log" --on "$day" --by country --format csv; }
run_sqlite() {
  sqlite3 :memory: ".import --csv $log rows" ".mode csv" ".headers off" \
    "SELECT country, SUM(CASE kind WHEN 'arrival' THEN CAST(count AS INTEGER)
                                  ELSE -CAST(count AS INTEGER) END) AS n
     FROM rows WHERE date <= '$day' GROUP BY country HAVING n <> 0 ORDER BY country"
}

# Same answers: country and estimate of every country with someone present.
a=$(run_muster | tail -n +2 | awk -F, '$2 != 0 {print $1 "," $2}')
b=$(run_sqlite | tr -d '\r')
if [ "$a" != "$b" ]; then
  echo "whole_process: muster and sqlite3 disagree" >&2
  diff <(echo "$a") <(echo "$b") | head >&2
  exit 1
fi

median() {  # command...: median wall seconds of $runs runs
  local times=()
  for _ in $(seq "$runs"); do
    local t0 t1
    t0=$(date +%s.%N); "$@" > /dev/null; t1=$(date +%s.%N)
    times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}')")
  done
  printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}
m=$(median run_muster)
s=$(median run_sqlite)
bytes=$(stat -c %s "$log")
printf 'whole process, %s rows (%s bytes), median of %s runs:\n' "$rows" "$bytes" "$runs"
printf '  muster strength --by country   %8.3f s\n' "$m"
printf '  sqlite3 .import + SUM          %8.3f s\n' "$s"
printf '  ratio sqlite3 / muster         %8.1f x\n' "$(awk -v a="$s" -v b="$m" 'BEGIN {print a / b}')"
