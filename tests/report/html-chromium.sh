#!/bin/sh
# Renders the HTML report in headless Chromium: a screenshot that is not
# blank, and a PDF whose pages are A4 landscape (the page's @page rule).
# Skips, saying why, where Chromium is not installed; its output does not
# depend on the machine otherwise.
#
# usage: sh tests/report/html-chromium.sh BINARY
bin=${1:-build/plantrack}
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
here=$(cd "$(dirname "$0")" && pwd)
name=report-html-chromium
chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser)}
if [ -z "$chromium" ]; then
	echo "$name: skipped: chromium not installed"
	exit 0
fi
TMP=$(mktemp -d) || exit 1
trap 'rm -rf "$TMP"' EXIT
export LC_ALL=C.UTF-8 TZ=Asia/Ho_Chi_Minh

fail() {
	echo "$name: $*" >&2
	[ -s "$TMP/chromium.log" ] && tail -20 "$TMP/chromium.log" >&2
	echo "$name: 0 passed, 1 failed"
	exit 1
}

# The bundled plan with nothing recorded yet, and a report as of a fixed
# day: every section, every table, every progress bar (empty) is there.
"$bin" -d "$here/../../data" report annual --as-of 2026-11-20 --format html \
	-o "$TMP/report.html" || fail "plantrack report failed"
python3 "$here/check_html.py" "$TMP/report.html" >"$TMP/check.log" ||
	fail "structure: $(cat "$TMP/check.log")"

# No network, no profile of the user's, nothing but the file.
run_chromium() {
	timeout 120 "$chromium" --headless --no-sandbox --disable-gpu \
		--disable-background-networking --disable-component-update \
		--disable-sync --no-first-run --user-data-dir="$TMP/profile" \
		"$@" "file://$TMP/report.html" >>"$TMP/chromium.log" 2>&1
}
run_chromium --screenshot="$TMP/report.png" --window-size=1400,1000 ||
	fail "chromium --screenshot failed"
run_chromium --print-to-pdf="$TMP/report.pdf" --no-pdf-header-footer ||
	fail "chromium --print-to-pdf failed"

python3 - "$TMP/report.png" "$TMP/report.pdf" <<'PY' || fail "rendering is wrong"
import re, struct, sys, zlib

png = open(sys.argv[1], "rb").read()
if png[:8] != b"\x89PNG\r\n\x1a\n":
    sys.exit("screenshot: not a PNG")
width, height = struct.unpack(">II", png[16:24])
if (width, height) != (1400, 1000):
    sys.exit(f"screenshot: {width}x{height}, not 1400x1000")
# A blank page is one colour: count the bytes that are not white in the
# (filtered) image data; text, borders and the motto make thousands.
data, pos = b"", 8
while pos < len(png):
    n, kind = struct.unpack(">I4s", png[pos:pos + 8])
    if kind == b"IDAT":
        data += png[pos + 8:pos + 8 + n]
    pos += 12 + n
raw = zlib.decompress(data)
ink = sum(1 for b in raw if b not in (0, 255))
if ink < 5000:
    sys.exit(f"screenshot: nearly blank ({ink} non-white bytes)")

pdf = open(sys.argv[2], "rb").read()
boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([0-9.]+) ([0-9.]+)\s*\]", pdf)
if not boxes:
    sys.exit("pdf: no pages")
for w, h in boxes:
    # A4 landscape: 297 x 210 mm = 841.89 x 595.28 pt.
    if abs(float(w) - 841.89) > 2 or abs(float(h) - 595.28) > 2:
        sys.exit(f"pdf: page {w.decode()} x {h.decode()} pt is not A4 landscape")
PY
echo "$name: 1 passed, 0 failed"
