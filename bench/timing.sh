# Sourced by the bench scripts: wall-clock timing in nanoseconds.
#   now_ns              the time now
#   median              the median of numbers on standard input, one a line
#   ms NS               NS as milliseconds with one decimal
#   timed COMMAND...    the median wall time of $runs runs of COMMAND (output discarded)
now_ns() { date +%s%N; }
median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
ms() { awk -v ns="$1" 'BEGIN {printf "%.1f", ns / 1e6}'; }
timed() {
  local times=() t0 t1
  for _ in $(seq "$runs"); do
    t0=$(now_ns); "$@" > /dev/null; t1=$(now_ns)
    times+=($((t1 - t0)))
  done
  printf '%s\n' "${times[@]}" | median
}
