#!/bin/sh
# Converts the .docx and .odt reports to PDF with LibreOffice (one run for
# all of them: it takes seconds to start) and checks the pages: A4, the
# report portrait and the Phụ lục landscape, the page count, page numbers
# at the top from page 2 and from 1 again in the Phụ lục, and the texts
# the pages must carry: header, signature, every task, the sections' texts
# (check_pdf.py, with poppler's pdfinfo and pdftotext). Skips, saying why,
# where LibreOffice (libreoffice-writer-nogui, with fonts-liberation2 for
# the Vietnamese glyphs) or poppler-utils is missing.
#
# usage: sh tests/report/libreoffice.sh BINARY
bin=${1:-build/plantrack}
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
here=$(cd "$(dirname "$0")" && pwd)
name=report-libreoffice
soffice=${SOFFICE:-$(command -v soffice || command -v libreoffice)}
if [ -z "$soffice" ]; then
	echo "$name: skipped: LibreOffice not installed (apt-get install libreoffice-writer-nogui fonts-liberation2)"
	exit 0
fi
if ! command -v pdftotext >/dev/null 2>&1 || ! command -v pdfinfo >/dev/null 2>&1; then
	echo "$name: skipped: poppler-utils not installed"
	exit 0
fi
TMP=$(mktemp -d) || exit 1
trap 'rm -rf "$TMP"' EXIT
export LC_ALL=C.UTF-8 TZ=Asia/Ho_Chi_Minh
# shellcheck source=../python.sh
. "$here/../python.sh"
data=$here/../../data
set -- report annual --as-of 2026-11-20 --number 7 --date 2026-11-20
for f in docx odt; do
	"$bin" -d "$data" "$@" -o "$TMP/consolidated-$f.$f" &&
	"$bin" -d "$data" "$@" --dept DVC -o "$TMP/department-$f.$f" || {
		echo "$name: plantrack report failed"; exit 1; }
done
# The sections' texts (tests/report/texts.sh): printed with the rest.
. "$here/texts.sh"
if why=$(texts_data "$bin" "$TMP/texts" "$data/plan.yaml"); then
	for f in docx odt; do
		"$bin" -d "$TMP/texts" report h1 --as-of 2026-05-20 \
			-o "$TMP/texts-$f.$f" || { echo "$name: plantrack report failed"; exit 1; }
	done
else
	echo "$name: the sections' texts skipped: $why"
fi
ids=$("$bin" -d "$data" report annual --as-of 2026-11-20 --format json |
	python3 -c 'import json, sys
print(" ".join(t["id"] for g in json.load(sys.stdin)["groups"] for t in g["tasks"]))')
dvc_ids=$("$bin" -d "$data" report annual --as-of 2026-11-20 --dept DVC --format json |
	python3 -c 'import json, sys
print(" ".join(t["id"] for g in json.load(sys.stdin)["groups"] for t in g["tasks"]))')
# A profile of its own: no user's settings, no lock held by another run.
timeout 300 "$soffice" -env:UserInstallation="file://$TMP/profile" --headless \
	--convert-to pdf --outdir "$TMP" "$TMP"/*.docx "$TMP"/*.odt \
	>"$TMP/soffice.log" 2>&1
pass=0 fail=0
for f in docx odt; do
	for who in consolidated department; do
		pdf=$TMP/$who-$f.pdf
		if [ "$who" = consolidated ]; then
			# shellcheck disable=SC2086 # the task ids, one word each
			set -- --pages 8-14 "Số: 07/BC-UBND" "Kính gửi: Sở Tài chính" "- Lưu: VT, KT." \
				"Phạm Văn Kim" "(Kèm theo Báo cáo số 07/BC-UBND" $ids
		else
			# shellcheck disable=SC2086
			set -- --pages 4-7 "ỦY BAN NHÂN DÂN" "XÃ VIỆT KHÊ" "TRUNG TÂM DỊCH VỤ" \
				"Số: 07/BC-DVC" "(qua Phòng Kinh tế)" "GIÁM ĐỐC" $dvc_ids
		fi
		pages=$2; shift 2
		if [ -s "$pdf" ] && python3 "$here/check_pdf.py" --restart \
			--pages "$pages" "$pdf" \
			"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" "Độc lập - Tự do - Hạnh phúc" \
			"Việt Khê, ngày 20 tháng 11 năm 2026" "Nơi nhận:" "- Như trên;" \
			"$@" >"$TMP/log" 2>&1; then
			pass=$((pass + 1))
			sed "s/^/$name: /" "$TMP/log"
		else
			fail=$((fail + 1))
			echo "FAIL: $name ($who.$f)" >&2
			cat "$TMP/log" "$TMP/soffice.log" >&2 2>/dev/null
		fi
	done
done
# Every paragraph of the texts on the pages, the department named before
# its own.
for f in docx odt; do
	pdf=$TMP/texts-$f.pdf
	[ -e "$TMP/texts-$f.$f" ] || continue
	if [ -s "$pdf" ] && python3 "$here/check_pdf.py" --restart "$pdf" \
		"Ngày 20/01/2026, Chủ tịch UBND xã chủ trì hội nghị quán triệt" \
		"UBND xã ban hành Kế hoạch số 12/KH-UBND ngày 25/01/2026" \
		"Trung tâm dịch vụ sự nghiệp công: Đăng toàn văn Nghị quyết" \
		"Phối hợp phòng Văn hóa – Xã hội đưa 4 tin" \
		"Số hóa 980 hồ sơ <đạt 78%> & tái sử dụng" \
		"Nguyên nhân chủ quan: một số cán bộ kiêm nhiệm nhiều việc." \
		"Đề nghị Sở Tài chính ban hành mẫu báo cáo thống nhất" \
		>"$TMP/log" 2>&1; then
		pass=$((pass + 1))
		sed "s/^/$name: texts: /" "$TMP/log"
	else
		fail=$((fail + 1))
		echo "FAIL: $name (texts.$f)" >&2
		cat "$TMP/log" "$TMP/soffice.log" >&2 2>/dev/null
	fi
done
echo "$name: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
