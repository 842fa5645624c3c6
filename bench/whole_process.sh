#!/usr/bin/env bash
# Whole process, cold start to answer: `muster strength LOG --on D --by country`
# against the sqlite3 shell importing the same file and answering with a SUM,
# DuckDB (its Node package: bench/duckdb_strength.mjs) and pandas
# (bench/pandas_strength.py) reading the CSV and aggregating. The log is a
# plain one (exact, day-dated arrivals and departures), where the sum of
# arrivals minus departures is muster's answer; every answer is checked equal
# to muster's first. Prints the median wall time of RUNS runs of each, and for
# DuckDB and pandas also the median of their engine's time measured inside
# the process (read_csv to the answer, start-up and imports excluded), and
# `muster check` and `muster explain` (one country) of the same log beside
# strength.
#
#   bench/whole_process.sh MUSTER_EXE [ROWS=1000000] [RUNS=5] [DIR=bench-data]
#
# DuckDB is looked for in $MUSTER_BENCH_NODE/node_modules (default: the build
# tree's bench-node, three levels above MUSTER_EXE), installed with
#   npm install --prefix BUILD/bench-node @duckdb/node-api
# pandas in $MUSTER_BENCH_PYTHON (default: python3, else /usr/bin/python3;
# Debian's python3-pandas). A comparator that is not installed is skipped,
# with a message saying so.
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

here=$(cd "$(dirname "$0")" && pwd)
node_dir=${MUSTER_BENCH_NODE:-$(cd "$(dirname "$muster")/../.." && pwd)/bench-node}

run_muster() { "$muster" strength "$log" --on "$day" --by country --format csv; }
run_sqlite() {
  sqlite3 :memory: ".import --csv $log rows" ".mode csv" ".headers off" \
    "SELECT country, SUM(CASE kind WHEN 'arrival' THEN CAST(count AS INTEGER)
                                  ELSE -CAST(count AS INTEGER) END) AS n
     FROM rows WHERE date <= '$day' GROUP BY country HAVING n <> 0 ORDER BY country"
}

run_duckdb() { DUCKDB_NODE_DIR="$node_dir" node "$here/duckdb_strength.mjs" "$log" "$day" 2; }
run_pandas() { "$python" "$here/pandas_strength.py" "$log" "$day"; }

# Which comparators are installed.
have_duckdb=0
if ! command -v node > /dev/null; then
  echo "whole_process: skipping DuckDB: node is not installed" >&2
elif ! (cd "$node_dir" 2> /dev/null && node -e "require.resolve('@duckdb/node-api')" 2> /dev/null); then
  echo "whole_process: skipping DuckDB: @duckdb/node-api is not installed in $node_dir" \
    "(npm install --prefix $node_dir @duckdb/node-api)" >&2
else
  have_duckdb=1
fi
have_pandas=0
python=${MUSTER_BENCH_PYTHON:-}
if [ -z "$python" ]; then
  for p in python3 /usr/bin/python3; do
    if command -v "$p" > /dev/null && "$p" -c 'import pandas' 2> /dev/null; then python=$p; break; fi
  done
fi
if [ -n "$python" ] && "$python" -c 'import pandas' 2> /dev/null; then
  have_pandas=1
else
  echo "whole_process: skipping pandas: no python3 with pandas (apt-get install python3-pandas)" >&2
fi

# Same answers: country and estimate of every country with someone present.
a=$(run_muster | tail -n +2 | awk -F, '$2 != 0 {print $1 "," $2}')
same() {  # name answer: stops where the answer is not muster's
  if [ "$a" != "$2" ]; then
    echo "whole_process: muster and $1 disagree" >&2
    diff <(echo "$a") <(echo "$2") | head >&2
    exit 1
  fi
}
same sqlite3 "$(run_sqlite | tr -d '\r')"
if [ "$have_duckdb" = 1 ]; then same DuckDB "$(run_duckdb 2> /dev/null)"; fi
if [ "$have_pandas" = 1 ]; then same pandas "$(run_pandas 2> /dev/null)"; fi

middle() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
# The runs are interleaved: each of $runs rounds runs every command once, so
# that a slow moment of a shared machine weighs on all of them alike.
declare -A wall engine
timed() {  # name command...: appends the wall time (and any engine_seconds) of one run
  local name=$1 t0 t1 e
  shift
  t0=$(date +%s.%N); e=$("$@" 2>&1 > /dev/null | awk '$1 == "engine_seconds" {print $2}')
  t1=$(date +%s.%N)
  wall[$name]+=" $(awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}')"
  [ -z "$e" ] || engine[$name]+=" $e"
}
country=$(run_muster | sed -n 2p | cut -d, -f1)
for _ in $(seq "$runs"); do
  timed muster run_muster
  timed sqlite run_sqlite
  timed check "$muster" check "$log"
  timed explain "$muster" explain "$log" --on "$day" --country "$country" --format csv --all
  if [ "$have_duckdb" = 1 ]; then timed duckdb run_duckdb; fi
  if [ "$have_pandas" = 1 ]; then timed pandas run_pandas; fi
done
med() { middle ${wall[$1]}; }
m=$(med muster)
bytes=$(stat -c %s "$log")
printf 'whole process, %s rows (%s bytes), median of %s interleaved runs:\n' "$rows" "$bytes" "$runs"
printf '  muster strength --by country        %8.3f s\n' "$m"
printf '  sqlite3 .import + SUM               %8.3f s   sqlite3 / muster %6sx\n' "$(med sqlite)" "$(ratio "$(med sqlite)" "$m")"
# check and explain (one country, every row listed) on the same log, against strength.
printf '  muster check                        %8.3f s   check / strength %6sx\n' "$(med check)" "$(ratio "$(med check)" "$m")"
printf '  muster explain --country %s --all  %8.3f s   explain / strength %4sx\n' "$country" "$(med explain)" "$(ratio "$(med explain)" "$m")"
if [ "$have_duckdb" = 1 ]; then
  e=$(middle ${engine[duckdb]})
  printf '  DuckDB (node), whole process        %8.3f s   DuckDB / muster  %6sx\n' "$(med duckdb)" "$(ratio "$(med duckdb)" "$m")"
  printf '  DuckDB engine alone (read_csv+SUM)  %8.3f s   DuckDB / muster  %6sx\n' "$e" "$(ratio "$e" "$m")"
fi
if [ "$have_pandas" = 1 ]; then
  e=$(middle ${engine[pandas]})
  printf '  pandas, whole process               %8.3f s   pandas / muster  %6sx\n' "$(med pandas)" "$(ratio "$(med pandas)" "$m")"
  printf '  pandas engine alone (read_csv+sum)  %8.3f s   pandas / muster  %6sx\n' "$e" "$(ratio "$e" "$m")"
fi
