#!/bin/sh
# The report as a browser shows it: the demo run's report.html rendered by headless Chromium
# (Debian's `chromium`), with every section heading in the DOM, a screenshot that is not blank,
# and no request made by the page (host names resolve nowhere, and the net log is read). Canary
# pages prove the checks can fail. Skipped, with the reason, where Chromium is not installed.
. "$(dirname "$0")/tap.sh"
. "$(dirname "$0")/report_fixture.sh"
CHECK="/usr/bin/python3 $ROOT/tests/cli/report_checks.py"

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
  echo "1..0 # SKIP chromium is not installed (scripts/install-deps installs Debian's chromium)"
  exit 0
fi

# chrome FLAGS... URL: headless Chromium on its own profile, nothing resolvable, a net log.
chrome() {
  timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run \
    --disable-background-networking --disable-component-update \
    --user-data-dir="$TMP/profile" --host-resolver-rules="MAP * ~NOTFOUND" \
    --log-net-log="$TMP/net.json" "$@" 2>>"$TMP/chrome.err"
}

make_run; ok $? "the stages write a run folder"
"$VALUEMAP" report "$TMP/run" --out "$TMP/rep" --quiet; ok $? "valuemap report"
page="file://$TMP/rep/report.html"

chrome --dump-dom "$page" >"$TMP/dom.html"; ok $? "chromium dumps the DOM"
$CHECK headings "$TMP/dom.html" "The headline|The value map|Each department's lens and the whole picture|Who is ahead, year by year|How sure we are|The pooled-budget deal|What the records show: journeys|How the records were linked"
ok $? "every section heading is in the rendered DOM"
n=$(grep -c '<svg class="chart"' "$TMP/dom.html"); [ "$n" -ge 15 ]; ok $? "the charts are in the DOM ($n)"
$CHECK netlog "$TMP/net.json"; ok $? "the page made no request"

chrome --screenshot="$TMP/shot.png" --window-size=800,1100 "$page" >/dev/null
ok $? "chromium takes a screenshot"
$CHECK png "$TMP/shot.png"; ok $? "the screenshot is not blank"

# Printing: @page makes the paper A4 (595 x 842 points), where Chromium's default is US Letter.
chrome --no-pdf-header-footer --print-to-pdf="$TMP/report.pdf" "$page" >/dev/null
ok $? "chromium prints the page to PDF"
grep -aq '/MediaBox \[0 0 59[45][.0-9]* 84[12][.0-9]*\]' "$TMP/report.pdf"; ok $? "the printed pages are A4"
! grep -aq '/MediaBox \[0 0 612 792\]' "$TMP/report.pdf"; ok $? "no US Letter page"

# Canaries: a blank page and a page that fetches an image must fail the same checks.
printf '<!DOCTYPE html><title>x</title>' >"$TMP/blank.html"
chrome --screenshot="$TMP/blank.png" --window-size=800,1100 "file://$TMP/blank.html" >/dev/null
! $CHECK png "$TMP/blank.png" >/dev/null; ok $? "canary: a blank page fails the screenshot check"
printf '<!DOCTYPE html><img src="http://example.invalid/a.png">' >"$TMP/fetch.html"
chrome --dump-dom "file://$TMP/fetch.html" >/dev/null
! $CHECK netlog "$TMP/net.json" >/dev/null; ok $? "canary: a page fetching an image fails the net-log check"
finish
