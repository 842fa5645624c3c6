#!/usr/bin/env bash
# Runs every recipe of docs/import.md that reads a sample table of
# tests/data/import/ (a ```sh block whose command names it), from the top of
# the repository, with MUSTER for `muster`: each must exit 0 and write a log
# that `muster check` accepts.
#   import_recipes.sh MUSTER TOP
set -euo pipefail
muster="$1"
top="$2"
cd "$top"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
n=0
# The blocks, each joined into one line (continuations removed).
while IFS= read -r cmd; do
  case "$cmd" in "muster import tests/data/import/"*) ;; *) continue ;; esac
  n=$((n + 1))
  echo "recipe $n: $cmd"
  eval "\"$muster\" ${cmd#muster }" > "$out/$n.csv" 2> "$out/$n.err" ||
    { cat "$out/$n.err"; echo "recipe $n failed"; exit 1; }
  "$muster" check "$out/$n.csv" > /dev/null || { echo "recipe $n: check refused its log"; exit 1; }
done < <(awk '/^```sh$/ { block = 1; line = ""; next }
              /^```$/ && block { block = 0; print line; next }
              block { sub(/\\$/, ""); line = line $0 }' docs/import.md)
if [ "$n" -lt 5 ]; then
  echo "only $n recipes on tests/data/import found in docs/import.md"
  exit 1
fi
echo "$n recipes ran"
