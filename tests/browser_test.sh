#!/usr/bin/env bash
# browser_test.sh MUSTER CHROMIUM SOURCE_DIR OUT_DIR
# Renders the Haiti report and the hostile-text report in headless Chromium:
# the Haiti report shows its figures and fits a 390-pixel-wide viewport
# without horizontal scrolling; the hostile report's DOM holds the log's text
# as text and builds no element from it. Screenshots go to OUT_DIR.
set -uo pipefail
muster="$1" chromium="$2" src="$3" out="$4"
if [ -z "$chromium" ] || [ ! -x "$chromium" ]; then
  echo "SKIP: no chromium (Debian: apt-get install chromium)"; exit 77
fi
mkdir -p "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
browse() {  # browse WIDTHxHEIGHT FILE ARGS...: chromium headless on a file
  local size="$1" file="$2"; shift 2
  timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
    --disable-extensions --user-data-dir="$work/profile" --window-size="$size" "$@" "file://$file" 2>"$work/chromium.log"
}

"$muster" report "$src/examples/haiti_mss/mss.csv" --parts-only --out "$work/haiti.html" || fail "muster report --parts-only (Haiti)"
"$muster" report "$src/tests/data/hostile.csv" --on 2025-01-20 --out "$work/hostile.html" || fail "muster report (hostile)"

# The Haiti report renders and shows its figures.
browse 390,844 "$work/haiti.html" --dump-dom > "$work/haiti.dom" || fail "chromium --dump-dom: $(tail -3 "$work/chromium.log")"
for want in '617' 'ken-landed-217' 'landed in Haiti on January 18' 'ken-now-600' 'verdict-conflicts' '<svg'; do
  grep -qF -- "$want" "$work/haiti.dom" || fail "the Haiti report's DOM lacks '$want'"
done

# By default (spec section 8): the unattributed row and what the mission total narrows.
"$muster" report "$src/examples/haiti_mss/mss.csv" --out "$work/haiti-totals.html" || fail "muster report (Haiti, totals counted)"
browse 390,844 "$work/haiti-totals.html" --dump-dom > "$work/haiti-totals.dom" || fail "chromium on haiti-totals.html"
for want in 'unattributed' '780 to 799' 'narrows BHS, BLZ, GTM, JAM and SLV to at most 182 each' '<svg'; do
  grep -qF -- "$want" "$work/haiti-totals.dom" || fail "the Haiti report with totals lacks '$want'"
done

# It fits 390 pixels: headless Chromium keeps its window at least 500 pixels
# wide, so the report is shown in a 390-pixel frame of a page that writes the
# framed document's width into the DOM (the report itself has no script).
cat > "$work/fit.html" <<'HTML'
<!DOCTYPE html><html><body style="margin:0">
<iframe id="f" src="haiti.html" style="width:390px;height:844px;border:0"></iframe>
<script>
window.addEventListener("load", function () {
  var d = document.getElementById("f").contentDocument.documentElement;
  document.body.setAttribute("data-width", d.scrollWidth + "/" + d.clientWidth);
});
</script></body></html>
HTML
browse 800,900 "$work/fit.html" --allow-file-access-from-files --dump-dom > "$work/fit.dom" || fail "chromium on fit.html"
width="$(grep -o 'data-width="[0-9]*/[0-9]*"' "$work/fit.dom" | grep -o '[0-9]*/[0-9]*')"
[ -n "$width" ] || fail "no width measured: $(head -c 300 "$work/fit.dom")"
[ "${width#*/}" -eq 390 ] || fail "the frame is ${width#*/} px wide, not 390"
[ "${width%/*}" -le "${width#*/}" ] || fail "the report scrolls sideways at 390 px: document ${width%/*} px wide in a ${width#*/} px viewport"
echo "at 390 px: document width/viewport = $width"

# The hostile report: the log's markup is text in the DOM, never elements.
browse 390,844 "$work/hostile.html" --dump-dom > "$work/hostile.dom" || fail "chromium on hostile.html"
# (a serialised DOM escapes < in text, so every < in it is markup)
for bad in '<script' '<img' '<a ' '<b>' '<iframe' '<foreignobject'; do
  if grep -qiF -- "$bad" "$work/hostile.dom"; then fail "the hostile report's DOM has '$bad' as markup"; fi
done
if grep -qiP '<[^>]*\son[a-z]+\s*=' "$work/hostile.dom"; then fail "the hostile report's DOM has an on... attribute"; fi
[ "$(grep -o '<svg' "$work/hostile.dom" | wc -l)" -eq 1 ] || fail "the hostile report's DOM has an svg element from the log"
grep -qF '&lt;script&gt;alert("m")&lt;/script&gt;' "$work/hostile.dom" || fail "the hostile text is not there as text"
if grep -qP '\x{202E}|\x{2066}' "$work/hostile.dom" 2>/dev/null; then fail "a bidirectional control survives"; fi

# Screenshots of the report by default (spec section 8): a phone and a desktop.
browse 390,2600 "$work/haiti-totals.html" --screenshot="$out/haiti-report-phone.png" >/dev/null || fail "screenshot (phone)"
browse 1280,2200 "$work/haiti-totals.html" --screenshot="$out/haiti-report-desktop.png" >/dev/null || fail "screenshot (desktop)"
"$muster" chart "$src/examples/haiti_mss/mss.csv" --from 2024-06-01 --to 2025-03-31 \
  --title "MSS Haiti: personnel by country" --out "$work/chart.svg" || fail "muster chart"
browse 960,540 "$work/chart.svg" --screenshot="$out/haiti-chart.png" >/dev/null || fail "screenshot (chart)"
for png in haiti-report-phone haiti-report-desktop haiti-chart; do
  [ "$(head -c 8 "$out/$png.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "$png.png is not a PNG"
done
echo "screenshots: $out/haiti-report-phone.png $out/haiti-report-desktop.png $out/haiti-chart.png"
