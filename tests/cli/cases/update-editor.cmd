# needs: root
# Issue 12 item 3: 'update ID' without field options, on a terminal (a pty,
# fixtures/tty.py), opens $EDITOR on a template: the task, then a block per
# field the department may set. The editor here is a script that does what
# a person would (fixtures/editor.py). A block left alone is not recorded,
# an emptied text is kept (and said), [xóa] clears; paragraphs, lines that
# look like headings and lines starting with # survive; an error offers to
# edit again, and what was written is never lost.
. ./lib.sh; init_data
# $EDITOR runs through sh -c, which knows nothing of python.sh's function
# python3: the interpreter by its own path first on $PATH, not a shim.
case $PT_PY in /*)
	mkdir "$TMP/bin" && ln -s "$PT_PY" "$TMP/bin/python3" && PATH=$TMP/bin:$PATH
esac
ED="python3 fixtures/editor.py"
# ed_update WHEN ANSWERS EDITOR-ARGS UPDATE-ARGS...: update on a terminal
# at WHEN, the editor run as "$ED EDITOR-ARGS FILE" (sh quoting), ANSWERS
# typed ahead.
ed_update() {
	when=$1 answers=$2 edargs=$3; shift 3
	rm -f "$TMP"/template.*
	# shellcheck disable=SC2086
	TMPDIR=$TMP EDITOR="$ED $edargs" python3 fixtures/tty.py \
		--input "$answers" faketime -f "$when" $PT -d $D update "$@" \
		>"$TMP/.tty"
	rc=$?
	# The file that keeps what was written has a random name.
	sed 's/plantrack-update-[A-Za-z0-9]\{6\}/plantrack-update-XXXXXX/' "$TMP/.tty"
	echo "exit $rc"
}
printf '40\n' >"$TMP/p40"
cat >"$TMP/r1" <<'TEXT'
Đã rà soát 12 thủ tục hành chính liên quan đến doanh nghiệp.

Đoạn hai, có một dòng giống tiêu đề và một dòng bắt đầu bằng dấu thăng:
=== khó khăn, vướng mắc
\=== kiến nghị, đề xuất ===
\# 100% thủ tục đã công khai
TEXT
: >"$TMP/none"
printf 'Thiếu cán bộ\n' >"$TMP/d1"
printf '[XÓA]\n' >"$TMP/clear"
printf '150\n' >"$TMP/bad"
printf 'dang thuc hien\n' >"$TMP/st0"
printf '60%%\n' >"$TMP/p60"
printf 'Bản của tôi\n' >"$TMP/r2"
printf 'Ý kiến của VHXH\n' >"$TMP/v1"

echo "== one field: progress"
ed_update '2026-03-01 09:00:00' '' "set 'tiến độ' $TMP/p40" II.3
cat "$TMP/template.1"
echo "== paragraphs, a heading-like line, a # line"
ed_update '2026-03-02 09:00:00' '' "set 'kết quả' $TMP/r1" II.3
echo "== left as it was: the value written escaped"
ed_update '2026-03-03 09:00:00' '' keep ii.3
sed -n '/^=== kết quả ===$/,/^=== khó khăn, vướng mắc ===$/p' "$TMP/template.1"
echo "== emptied template"
ed_update '2026-03-04 09:00:00' '' empty II.3
echo "== an emptied text is kept; another recorded"
ed_update '2026-03-05 09:00:00' '' "set 'kết quả' $TMP/none 'khó khăn, vướng mắc' $TMP/d1" II.3
echo "== [xóa] clears"
ed_update '2026-03-06 09:00:00' '' "set 'khó khăn, vướng mắc' $TMP/clear" II.3
echo "== an error, edited again"
ed_update '2026-03-07 09:00:00' 'c\n' "rounds 'set:tiến độ:$TMP/bad,set:tiến độ:$TMP/p60'" II.3
head -3 "$TMP/template.2"
echo "== reopening a done task needs its progress"
at '2026-03-07 10:00:00' update II.3 --status done >/dev/null
ed_update '2026-03-08 09:00:00' 'k\n' "set 'trạng thái' $TMP/st0" II.3
ls "$TMP"/plantrack-update-*.txt 2>/dev/null | wc -l
grep -h '^dang thuc hien$' "$TMP"/plantrack-update-*.txt
echo "== the editor fails"
ed_update '2026-03-09 09:00:00' '' fail II.3
echo "== a coordinating department: its notes only"
ed_update '2026-03-10 09:00:00' '' "set 'kết quả' $TMP/v1" II.3 --dept VHXH
grep '^===' "$TMP/template.1"
echo "== someone else records meanwhile"
EDITOR_MEANWHILE="$PT -d $D update II.3 --result 'Của người khác' >/dev/null" \
	ed_update '2026-03-11 09:05:00' '' "set 'kết quả' $TMP/r2" II.3
ls "$TMP"/plantrack-update-*.txt 2>/dev/null | wc -l
grep -h -x 'Bản của tôi' "$TMP"/plantrack-update-*.txt
echo "== the record"
sed -n '/^- /,$p' $D/departments/HCC/state.yaml
at '2026-03-12 09:00:00' show II.3 | sed -n '/^Tiến độ/,$p'
$PT -d $D history II.3 --format json | python3 -c '
import json, sys
for e in json.load(sys.stdin)["entries"]:
    for c in e["changes"]:
        if c["field"] == "result" and c["to"]:
            print(json.dumps(c["to"], ensure_ascii=False))'
