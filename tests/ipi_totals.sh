#!/usr/bin/env bash
# Issue 26's IPI acceptance, on the IPI-shaped tables of tests/data/import:
# a table of mission totals imported without --country answers, on every
# table month, each mission's total as its unattributed personnel; joined
# with per-contributor tables of the same months, a mission answers its total
# where its contributors fall short of it (the rest unattributed), and its
# contributors' sum where they exceed it (the total then bounds nothing).
#   ipi_totals.sh MUSTER DATA_DIR
set -euo pipefail
muster=$1
data=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "ipi_totals: $1"; exit 1; }
# The lines of the command's output that `want` lists, each must be there.
expect() {
  local what=$1 out=$2
  shift 2
  for want in "$@"; do
    grep -qxF -- "$want" <<<"$out" || { printf '%s\n' "$out"; fail "$what: no line \"$want\""; }
  done
}
totals() {
  "$muster" import "$@" --date date --mission-column mission --count total \
    --missing-as unknown --absent-as zero --id-prefix m 2>/dev/null
}
contributors() {
  "$muster" import "$data"/ipi-countries/*.csv --country-name {file} --date date \
    --mission-column mission --count troops=troops --count police=police \
    --missing-as zero --absent-as zero --id-prefix c 2>/dev/null
}

# Mission totals alone: each month's total is the mission's unattributed
# personnel (blank country and component), never 0.
totals "$data/ipi-mission-totals.csv" >"$work/missions.csv"
for day in 2024-01-31 2024-02-29 2024-03-31; do
  out=$("$muster" strength "$work/missions.csv" --on "$day" --by contingent)
  case $day in
    2024-01-31) expect "$day" "$out" "MINURSO,,,220,220,220" "UNMISS,,,18120,18120,18120" ;;
    # UNMISS has no figure in February (NA): a size nobody knows, not 0.
    2024-02-29) expect "$day" "$out" "MINURSO,,,218,218,218" "UNMISS,,,18120,0," ;;
    # MINURSO left the table in March: closed.
    2024-03-31) expect "$day" "$out" "UNMISS,,,18000,18000,18000"
                ! grep -q '^MINURSO' <<<"$out" || fail "$day: MINURSO is listed after it closed" ;;
  esac
done
# By section 5 alone the same log has no contingent: it lists nothing.
out=$("$muster" strength "$work/missions.csv" --on 2024-01-31 --by mission --parts-only)
[ "$out" = "mission,estimate,low,high" ] || fail "section 5 alone lists $out"

# Joined with the contributors: they fall short, the rest is unattributed.
{ cat "$work/missions.csv"; contributors | tail -n +2; } >"$work/joined.csv"
out=$("$muster" strength "$work/joined.csv" --on 2024-01-31 --by contingent)
# UNMISS: Ghana 700 troops and 30 police, Kenya 12 police; 18120 - 742 = 17378.
expect "joined" "$out" "UNMISS,,,17378,17378,17378" "UNMISS,GHA,troops,700,700,700" \
  "UNMISS,GHA,police,30,30,30" "UNMISS,KEN,police,12,12,12" "MINURSO,,,210,210,210"
out=$("$muster" strength "$work/joined.csv" --on 2024-01-31 --by mission)
expect "joined, by mission" "$out" "MINURSO,220,220,220" "UNMISS,18120,18120,18120"

# A total below its contributors' sum: the mission answers the sum, and no
# personnel are unattributed.
printf 'date,mission,total\n2024-01,UNMISS,700\n' >"$work/short.csv"
{ totals "$work/short.csv"; contributors | tail -n +2; } >"$work/exceeded.csv"
out=$("$muster" strength "$work/exceeded.csv" --on 2024-01-31 --by mission)
expect "exceeded" "$out" "UNMISS,742,742,742"
out=$("$muster" strength "$work/exceeded.csv" --on 2024-01-31 --by contingent)
! grep -q '^UNMISS,,,' <<<"$out" || fail "exceeded: unattributed personnel listed: $out"
echo "ipi_totals: every table month as issue 26 says"
