#!/usr/bin/env bash
# Runs one case of the hostile-input corpus (tests/data/bad/EXPECTED says
# what each case must give) against the muster command, under a 30 s and
# 2 GB budget.
#   bad_corpus.sh MUSTER_EXE CORPUS_DIR WORK_DIR CASE
# Cases named gen-* are made here, in WORK_DIR, and removed after the run.
set -uo pipefail
muster=$1 corpus=$2 work=$3 case=$4
max_seconds=30 max_kb=$((2 * 1024 * 1024))
mkdir -p "$work"

line=$(grep -F -- "$case | " "$corpus/EXPECTED" | head -n1)
[ -n "$line" ] || { echo "no case $case in $corpus/EXPECTED"; exit 1; }
IFS='|' read -r _ outcome text also <<<"$line"
trim() { local s=$1; s=${s#"${s%%[![:space:]]*}"}; echo -n "${s%"${s##*[![:space:]]}"}"; }
outcome=$(trim "$outcome") text=$(trim "$text") also=$(trim "${also:-}")

fail() { echo "FAIL $case: $*"; exit 1; }

# --- generated cases ------------------------------------------------------------
H='id,kind,date,mission,country,count'
repeat() { head -c "$2" /dev/zero | tr '\0' "$1"; }  # repeat CHAR N
generate() {
  local f=$1
  case "$case" in
    gen-1mb-field.csv)
      { echo "$H,note"; echo -n '1,arrival,2024-01-01,MSS,KEN,1,'; repeat n 1000000; echo; } >"$f" ;;
    gen-field-over-limit.csv)
      { echo "$H,note"; echo -n '1,arrival,2024-01-01,MSS,KEN,1,'; repeat n $((1048576 + 1)); echo; } >"$f" ;;
    gen-100mb-line.csv)
      repeat a 100000000 >"$f" ;;
    gen-100mb-line-of-fields.csv)
      { echo "$H"; repeat , 100000000; echo; } >"$f" ;;
    gen-header-100000-columns.csv)
      { echo -n "$H,"; seq -f 'x_c%.0f' 7 100000 | paste -sd, -; } >"$f" ;;
    gen-header-1000-columns.csv)
      { echo -n "$H,"; seq -f 'x_c%.0f' 7 1000 | paste -sd, -;
        echo -n '1,arrival,2024-01-01,MSS,KEN,3'; repeat , 994; echo; } >"$f" ;;
    gen-long-column-name.csv)
      { echo -n "$H,x_"; repeat a 70; echo; } >"$f" ;;
    gen-100000-lines-in-a-field.csv)
      { echo "$H,note"; echo -n '1,arrival,2024-01-01,MSS,KEN,1,"'; repeat '\n' 100000; echo '"';
        echo '2,arrival,2024-02-30,MSS,KEN,1,'; } >"$f" ;;
    gen-many-errors.csv)
      { echo "$H"; seq -f '%.0f,arrival,2024-02-30,MSS,KEN,1' 1 2000; } >"$f" ;;
    *) fail "no generator" ;;
  esac
}

file="$corpus/$case"
if [[ $case == gen-* ]]; then
  file="$work/$case"
  generate "$file"
  trap 'rm -f "$file"' EXIT
fi
[ -f "$file" ] || fail "missing file $file"

# --- run ----------------------------------------------------------------------
out="$work/$case.out" err="$work/$case.err" usage="$work/$case.usage"
read -r verb arg rest <<<"$outcome"
day=2024-01-01
[ "$verb" = accepted ] && day=$arg
start=$(date +%s%N)
timeout "$max_seconds" /usr/bin/time -o "$usage" -f '%M' \
  "$muster" strength "$file" --on "$day" --by total --format csv >"$out" 2>"$err"
status=$?
ms=$(( ($(date +%s%N) - start) / 1000000 ))
kb=$(tail -n1 "$usage" 2>/dev/null || echo 0)
[ "$status" -eq 124 ] && fail "took more than ${max_seconds} s"
[[ $kb =~ ^[0-9]+$ ]] || kb=0
[ "$kb" -le "$max_kb" ] || fail "used ${kb} kB, more than 2 GB"
echo "$case: exit $status, ${ms} ms, ${kb} kB"

case "$verb" in
  refused)
    [ "$status" -eq 1 ] || { cat "$err"; fail "exit $status, expected 1"; }
    [ -s "$out" ] && fail "printed on stdout: $(head -c 200 "$out")"
    for n in $arg $rest; do
      grep -aF -- "$file:$n: " "$err" | grep -aqF -- "$text" ||
        { head -c 2000 "$err"; fail "no error '$text' at $file:$n"; }
    done
    if [ -n "$also" ]; then grep -aqF -- "$also" "$err" || fail "stderr lacks '$also'"; fi ;;
  accepted)
    [ "$status" -eq 0 ] || { head -c 2000 "$err"; fail "exit $status, expected 0"; }
    expected=$(printf 'estimate,low,high\n%s\n' "$text")
    [ "$(cat "$out")" = "$expected" ] || fail "printed '$(head -c 200 "$out")', expected '$expected'" ;;
  *) fail "bad outcome '$outcome'" ;;
esac
echo "ok"
