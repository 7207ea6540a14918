# needs: root
# Issue 12 item 4: list by status (update's words), overdue, and not
# updated since the reporting period began (the report's "Chưa báo cáo":
# no lead update after the previous period's department deadline day). The
# year of records up to 15/06/2026 (fixtures/report-year.sh: III.2 is due
# 30/04): h1's deadline (20/05) is past, so annual is the period in
# progress and its window opens on 21/05.
. ./lib.sh; . ./fixtures/report-year.sh
REPORT_YEAR_UNTIL='2026-06-15 12:00:00' report_year
# ids ARGS...: the ids list prints, on one line, on 15/06/2026.
ids() {
	printf '%s:' "$*"
	faketime -f '2026-06-15 14:00:00' $PT -d $D list "$@" >"$TMP/.list"
	rc=$?
	awk 'NR > 1 { printf " %s", $1 }' "$TMP/.list"
	echo
	[ "$rc" -eq 0 ] || echo "exit $rc"
}
ids --status in_progress
ids --status "Đang thực hiện" --dept KT
ids --status "hoan thanh"
ids --status done --status in_progress --group V
ids --status not_started --group II
ids --overdue
ids --not-updated
ids --not-updated --dept HCC
ids --not-updated --period H1
ids --not-updated --overdue
ids --not-updated --dept KT --coordinating --group II
echo "== json: the same tasks"
faketime -f '2026-06-15 14:00:00' $PT -d $D list --not-updated --dept HCC --format json |
	python3 -c 'import json, sys; print([t["id"] for t in json.load(sys.stdin)["tasks"]])'
echo "== text"
faketime -f '2026-06-15 14:00:00' $PT -d $D list --overdue
echo "== in English"
faketime -f '2026-06-15 14:00:00' $PT --lang en -d $D list --status done
echo "== errors"
ids --status xong
ids --period h1
ids --not-updated --period q9
