#!/usr/bin/env bash
# closed_missions.sh MUSTER TOP: a UN-style monthly contributions table
# (tests/data/import/closed/un-contributions.csv: missions drop out of it
# once closed) imported as docs/import.md says, joined with the UN's list of
# missions imported with --kind end: every closed mission is 0 from its
# closing day on, the running one is untouched, and a table row dated after
# an end is a conflict for `check`.
set -uo pipefail
muster="$1"
data="$2/tests/data/import/closed"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# The strength of one mission on one day, as estimate,low,high ("0,0,0" when
# the answer has no row for it: nobody there).
on() {
  local out
  out="$("$muster" strength "$1" --on "$2" --by mission --mission "$3" --format csv 2>/dev/null)" ||
    fail "strength $1 --on $2 --mission $3 exited $?"
  out="$(tail -n +2 <<<"$out")"
  [ -z "$out" ] && { echo "0,0,0"; return; }
  cut -d, -f2- <<<"$out"
}

for absent in zero carry; do
  log="$dir/un-$absent.csv"
  "$muster" import "$data/un-contributions.csv" --date Month --date-format "%b %Y" \
      --country Contributor --mission-column Mission --count "Troops Total=troops" \
      --absent-as "$absent" > "$log" 2>/dev/null || fail "import of the contributions ($absent)"
  "$muster" import "$data/un-missions.csv" --kind end --date end_date \
      --mission-column mission_acronym --id-prefix m > "$dir/ends.csv" 2>/dev/null ||
    fail "import of the missions as ends"
  [ "$(head -1 "$log")" = "$(head -1 "$dir/ends.csv")" ] || fail "the two imports' headers differ"
  tail -n +2 "$dir/ends.csv" >> "$log"
  "$muster" check "$log" --strict > /dev/null || fail "check: the joined log ($absent) has a conflict"
  # UNMIH closed on 1996-06-30, MINUSMA on 1996-08-15; UNMISS is still running.
  [ "$(on "$log" 1996-06-29 UNMIH)" = "400,400,400" ] || fail "UNMIH before its end: $(on "$log" 1996-06-29 UNMIH)"
  for d in 1996-06-30 1996-07-01 1996-07-31 1996-12-31 2030-01-01; do
    [ "$(on "$log" "$d" UNMIH)" = "0,0,0" ] || fail "UNMIH on $d ($absent): $(on "$log" "$d" UNMIH)"
  done
  [ "$(on "$log" 1996-08-14 MINUSMA)" = "40,40,40" ] || fail "MINUSMA before its end: $(on "$log" 1996-08-14 MINUSMA)"
  for d in 1996-08-15 1996-08-31 1996-09-30 2030-01-01; do
    [ "$(on "$log" "$d" MINUSMA)" = "0,0,0" ] || fail "MINUSMA on $d ($absent): $(on "$log" "$d" MINUSMA)"
  done
  [ "$(on "$log" 1996-09-30 UNMISS)" = "75,75,75" ] || fail "UNMISS: $(on "$log" 1996-09-30 UNMISS)"
done

# A table that still lists MINUSMA after its end (and wrote nothing for it
# between): the row opens it again and check calls it a conflict with the
# end's 0, not an update of it.
log="$dir/un-carry.csv"
printf 'late,report,1996-09-30,MINUSMA,KEN,troops,40,,,a late table,,\n' >> "$log"
[ "$(on "$log" 1996-09-30 MINUSMA)" = "40,40,40" ] || fail "a report after the end: $(on "$log" 1996-09-30 MINUSMA)"
"$muster" check "$log" --format csv > "$dir/check.csv" 2>/dev/null
grep -q '^conflicts,late,' "$dir/check.csv" || fail "check does not call the late report a conflict: $(cat "$dir/check.csv")"
"$muster" check "$log" --strict > /dev/null 2>&1
[ $? -eq 3 ] || fail "check --strict does not exit 3 on the late report"
echo "closed missions are 0 from their closing day on"
