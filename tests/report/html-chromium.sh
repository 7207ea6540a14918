#!/bin/sh
# Renders the HTML report in headless Chromium: the page's structure (the
# elements of an administrative document, check_html.py), a screenshot
# that is not blank, and a PDF of A4 pages: portrait for the report with
# the page number at the top from page 2, landscape for the Phụ lục, every
# task and the header, closing and signature in the text (check_pdf.py,
# with poppler's pdfinfo and pdftotext).
# Skips, saying why, where Chromium or poppler is not installed; its
# output does not depend on the machine otherwise.
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
# shellcheck source=../python.sh
. "$here/../python.sh"

fail() {
	echo "$name: $*" >&2
	[ -s "$TMP/chromium.log" ] && tail -20 "$TMP/chromium.log" >&2
	echo "$name: 0 passed, 1 failed"
	exit 1
}

# The bundled plan with nothing recorded yet, and a report as of a fixed
# day: every section, every table, every task of the Phụ lục is there.
"$bin" -d "$here/../../data" report annual --as-of 2026-11-20 --number 7 \
	--date 2026-11-20 -o "$TMP/report.html" || fail "plantrack report failed"
python3 "$here/check_html.py" "$TMP/report.html" >"$TMP/check.log" ||
	fail "structure: $(cat "$TMP/check.log")"
ids=$("$bin" -d "$here/../../data" report annual --as-of 2026-11-20 \
	--format json | python3 -c 'import json, sys
print(" ".join(t["id"] for g in json.load(sys.stdin)["groups"] for t in g["tasks"]))')

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

python3 - "$TMP/report.png" <<'PY' || fail "the screenshot is wrong"
import struct, sys, zlib

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
PY
if ! command -v pdftotext >/dev/null 2>&1; then
	echo "$name: 1 passed, 0 failed (pages not checked: poppler-utils not installed)"
	exit 0
fi
# shellcheck disable=SC2086 # the task ids, one word each
python3 "$here/check_pdf.py" "$TMP/report.pdf" "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" \
	"Số: 07/BC-UBND" "Việt Khê, ngày 20 tháng 11 năm 2026" "Kính gửi: Sở Tài chính" \
	"Nơi nhận:" "- Như trên;" "- Lưu: VT, KT." "PHÓ CHỦ TỊCH" "Phạm Văn Kim" \
	"(Kèm theo Báo cáo số 07/BC-UBND ngày 20 tháng 11 năm 2026" $ids \
	>"$TMP/pdf.log" || fail "the PDF is wrong: $(cat "$TMP/pdf.log")"
echo "$name: $(cat "$TMP/pdf.log")"
echo "$name: 1 passed, 0 failed"
