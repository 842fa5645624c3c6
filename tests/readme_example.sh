#!/usr/bin/env bash
# readme_example.sh EXE LOG: runs the README's C++ example from an empty
# directory outside the repository, as a user would.
set -uo pipefail
exe="$1" log="$2"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
cd "$dir" || exit 1
fail() { echo "FAIL: $*" >&2; exit 1; }

out="$("$exe" "$log" 2>err.txt)"; rc=$?
[ $rc -eq 0 ] || fail "on $log: exit $rc, stderr: $(cat err.txt)"
grep -qx 'KEN 617' <<<"$out" || fail "no 'KEN 617' line in: $out"
grep -q '^27 January, with the planned arrivals: ' <<<"$out" || fail "no planned line in: $out"

"$exe" missing.csv >out.txt 2>err.txt; rc=$?
[ $rc -eq 1 ] || fail "on a missing file: exit $rc (expected 1), stderr: $(cat err.txt)"
grep -q '^missing.csv' err.txt || fail "the error does not name the file: $(cat err.txt)"
grep -q 'terminate called' err.txt && fail "it aborted: $(cat err.txt)"
[ ! -s out.txt ] || fail "it printed on standard output: $(cat out.txt)"

printf 'not,a,log\n' > bad.csv
"$exe" bad.csv >out.txt 2>err.txt; rc=$?
[ $rc -eq 1 ] || fail "on a bad log: exit $rc (expected 1)"
grep -q '^bad.csv:1:' err.txt || fail "the error does not give FILE:LINE: $(cat err.txt)"

"$exe" >out.txt 2>err.txt; rc=$?
[ $rc -eq 2 ] || fail "without a LOG: exit $rc (expected 2)"
grep -qi 'usage' err.txt || fail "without a LOG: no usage line: $(cat err.txt)"
echo "the README's example ran from $dir"
