#!/usr/bin/env bash
# examples/haiti_mss prints the spec's section 8 numbers of the Haiti log
# (spec event-log-v1.md, "An example"), taken from the library: the six
# contingents of unknown size and the unattributed personnel 163 to 182
# together, each country at most 182, the mission 780 to 799.
#   haiti_mss_example.sh HAITI_MSS
set -euo pipefail
out="$("$1")"
flat="$(printf '%s' "$out" | tr -s ' \n' '  ')"  # the wrapped sentences as one line
fail() { echo "haiti_mss_example: $1"; printf '%s\n' "$out"; exit 1; }
for want in \
  "Both hold if the 6 contingents of unknown size, from 5 countries, and the personnel the total finds in no contingent number 163 to 182 together" \
  "each country: Bahamas at most 182, Belize at most 182, Guatemala at most 182, Jamaica at most 182 and El Salvador at most 182" \
  "the unattributed: at most 182" \
  "Counting the total, the mission numbers 780 to 799 on 20 Jan 2025 (estimate 780)" \
  "In short: 617 Kenyan police in Haiti on 19 Jan 2025"; do
  case "$flat" in *"$want"*) ;; *) fail "no \"$want\"" ;; esac
done
echo "haiti_mss_example: every number as the spec says"
