#!/usr/bin/env bash
# Runs every command of commands.txt with MUSTER and writes, for each, its
# exit status, standard output and standard error to OUT/NN.txt.
#   run.sh MUSTER OUT                 record into OUT
#   run.sh MUSTER OUT EXPECTED        ... then compare OUT with EXPECTED
# The commands run in OUT/work, on logs of fixed names, so that the outputs
# do not depend on where the repository is.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
muster="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
out="$2"
expected=""
[ $# -ge 3 ] && expected="$(cd "$3" && pwd)"
rm -rf "$out"
mkdir -p "$out/work"
out="$(cd "$out" && pwd)"
cd "$out/work"
cp "$here/../../examples/haiti_mss/mss.csv" haiti.csv
troops="$here/../../../shared/data/us-troops-by-host-quarterly.csv"
if [ ! -f "$troops" ]; then
  echo "golden: skipped: $troops is not beside the repository"
  exit 77
fi
cp "$troops" troops.csv
"$muster" generate --rows 3000 --seed 11 --countries 30 --missions 6 > gen.csv
"$muster" generate --rows 500 --seed 5 --plain > plain.csv
n=0
while IFS= read -r line; do
  case "$line" in ''|'#'*) continue ;; esac
  n=$((n + 1))
  cmd="${line//HAITI/haiti.csv}"
  cmd="${cmd//PLAIN/plain.csv}"
  cmd="${cmd//GEN/gen.csv}"
  cmd="${cmd//TROOPS/troops.csv}"
  cmd="${cmd//NOSUCH/no-such.csv}"
  file="$out/$(printf '%02d' "$n").txt"
  set +e
  eval "args=($cmd)"  # words as the shell splits them, so that "" is an empty argument
  "$muster" "${args[@]}" > stdout.txt 2> stderr.txt
  status=$?
  set -e
  { echo "\$ muster $line"; echo "exit $status"; echo "--- stdout"; cat stdout.txt
    echo "--- stderr"; cat stderr.txt; } > "$file"
done < "$here/commands.txt"
rm -rf "$out/work"
if [ -n "$expected" ]; then
  diff -r "$expected" "$out" && echo "golden: $n commands, every output as recorded"
fi
