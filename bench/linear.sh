#!/usr/bin/env bash
# `muster check`, `chart` and `report` against `muster strength` of the same
# file, cold process start to answer, on logs where a view is applied to many
# figures at once (issue 24: each must take at most 10 times strength's time):
#   - N reports of one contingent on one day (N = 50,000 and 100,000; about
#     1 MB and 2 MB): check holds each against the tracks just before it;
#   - 10,000 observations (reports with a blank country, on 100 days) against
#     10,000 contingents (50 countries x 200 components, one arrival each):
#     check holds each against the sum of its group.
# Prints, for each log and command, the median wall time of RUNS runs and its
# ratio to strength's. With OTHER_EXE (e.g. a build of the commit before),
# both are timed in the same run, one after the other on each log. A command
# that takes longer than $MUSTER_LINEAR_LIMIT seconds (default 300) is cut
# short and shown as ">LIMIT".
#
#   bench/linear.sh MUSTER_EXE [DIR=bench-data] [RUNS=3] [OTHER_EXE]
set -euo pipefail
muster=${1:?usage: linear.sh MUSTER_EXE [DIR] [RUNS] [OTHER_EXE]}
dir=${2:-bench-data}
runs=${3:-3}
other=${4:-}
limit=${MUSTER_LINEAR_LIMIT:-300}
mkdir -p "$dir"

source "$(dirname "$0")/timing.sh"

same_day() {  # N reports of MSS/KEN/police on 2025-01-18, figures 600 to 699
  local n=$1 f="$dir/linear-same-day-$1.csv"
  if [ ! -s "$f" ]; then
    awk -v n="$n" 'BEGIN {
      print "id,kind,date,mission,country,component,count"
      for (i = 1; i <= n; i++) printf "r%d,report,2025-01-18,MSS,KEN,police,%d\n", i, 600 + (i * 7919) % 100
    }' > "$f"
  fi
  echo "$f"
}

observations() {  # 10,000 contingents, then 10,000 observations of MSS
  local f="$dir/linear-observations-10000.csv"
  if [ ! -s "$f" ]; then
    awk 'BEGIN {
      split("KEN USA FRA DEU GBR ITA ESP PRT NLD BEL SWE NOR DNK FIN POL CZE AUT CHE IRL GRC " \
            "TUR EGY NGA GHA SEN RWA ETH ZAF IND PAK BGD NPL LKA CHN JPN KOR IDN MYS PHL THA " \
            "VNM AUS NZL CAN MEX BRA ARG CHL PER URY", c, " ")
      print "id,kind,date,mission,country,component,count"
      n = 0
      for (k = 1; k <= 50; k++)
        for (p = 1; p <= 200; p++)
          printf "a%d,arrival,2025-01-01,MSS,%s,unit%d,%d\n", ++n, c[k], p, 10 + (n % 90)
      for (i = 1; i <= 10000; i++) {
        day = sprintf("2025-%02d-%02d", 2 + int((i % 100) / 28), 1 + (i % 100) % 28)
        component = i % 2 ? "" : sprintf("unit%d", 1 + i % 200)
        printf "o%d,report,%s,MSS,,%s,%d\n", i, day, component, 500000 + (i * 7919) % 100000
      }
    }' > "$f"
  fi
  echo "$f"
}

# One command, cut short after $limit seconds.
run() {
  local exe=$1 what=$2 log=$3 day=$4
  case "$what" in
    strength) timeout "$limit" "$exe" strength "$log" --on "$day" --format csv ;;
    check) timeout "$limit" "$exe" check "$log" --format csv ;;
    chart) timeout "$limit" "$exe" chart "$log" --from 2025-01-01 --to 2025-06-30 ;;
    report) timeout "$limit" "$exe" report "$log" --on "$day" --out "$dir/linear-report.html" ;;
  esac
}

# The median time of `run`, or ">limit" where a run was cut short.
time_of() {
  local times=() t0 t1 status
  for _ in $(seq "$runs"); do
    t0=$(now_ns)
    set +e; run "$@" > /dev/null; status=$?; set -e
    t1=$(now_ns)
    if [ "$status" -eq 124 ]; then echo ">${limit}000"; return; fi
    [ "$status" -eq 0 ] || { echo "linear.sh: $2 failed on $3 (exit $status)" >&2; exit 1; }
    times+=($((t1 - t0)))
  done
  ms "$(printf '%s\n' "${times[@]}" | median)"
}

exes=("$muster")
[ -n "$other" ] && exes+=("$other")
printf '%-34s %-9s %-8s %12s %9s\n' log exe command "time (ms)" "x strength"
for c in "$(same_day 50000) 2025-01-18" "$(same_day 100000) 2025-01-18" "$(observations) 2025-06-30"; do
  read -r log day <<< "$c"
  for exe in "${exes[@]}"; do
    name=$([ "$exe" = "$muster" ] && echo this || echo other)
    s=$(time_of "$exe" strength "$log" "$day")
    printf '%-34s %-9s %-8s %12s %9s\n' "$(basename "$log")" "$name" strength "$s" 1.0
    for what in check chart report; do
      t=$(time_of "$exe" "$what" "$log" "$day")
      case "$t" in
        '>'*) ratio=">$(awk -v t="${t#>}" -v s="$s" 'BEGIN {printf "%.0f", t / s}')" ;;
        *) ratio=$(awk -v t="$t" -v s="$s" 'BEGIN {printf "%.1f", t / s}') ;;
      esac
      printf '%-34s %-9s %-8s %12s %9s\n' "$(basename "$log")" "$name" "$what" "$t" "$ratio"
    done
  done
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
