# needs: root
# Issue 12 item 4: todo, what each department still has to do for the
# reporting period in progress, as of --today: its report (due when, in or
# not, late), the consolidated one for Phòng Kinh tế and who is missing,
# lead tasks not updated since the period began, overdue ones, indicator
# values missing, tasks it coordinates without a note. Over the year of
# fixtures/report-year.sh (III.2 due 30/04); root sees every department.
. ./lib.sh; . ./fixtures/report-year.sh; report_year
# Descriptions are long: 60 characters of a table row (columns are two
# blanks apart) say which row it is; sentences are whole.
first60() {
	python3 -c 'import sys
for l in sys.stdin:
    l = l.rstrip("\n")
    print(l[:60].rstrip() if "  " in l else l)'
}
todo() { $PT -d $D todo "$@" | first60; }
echo "== 15/05: h1 in progress, HCC"
todo --today 15/05/2026 --dept HCC
echo "== 20/06: annual in progress, every department (root)"
todo --today 2026-06-20
echo "== 16/11: DVC a day late with its annual report"
todo --today 16/11/2026 --dept DVC
echo "== 30/11: KT late, the consolidated report overdue"
todo --today 30/11/2026 --dept kt
echo "== the same as JSON"
$PT -d $D todo --today 30/11/2026 --dept KT --format json | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(d["today"], d["period"])
for x in d["departments"]:
    print(x["code"], x["nothing_left"], x["missing_departments"])
    for r in x["reports"]:
        print(" ", r)
    print("  not updated:", [r["task"] for r in x["not_updated"]])
    print("  overdue:", [(r["task"], r["status"], r["progress"]) for r in x["overdue"]])
    print("  values:", x["indicators_without_value"], "coordinating:", len(x["coordinating_without_note"]))'
echo "== --period: h1 looked at after the fact"
todo --today 2026-06-20 --dept DVC --period h1
echo "== in English"
$PT -d $D --lang en todo --today 2026-06-20 --dept HCC | first60

echo "== 21/05 at noon: h1's consolidated report due today, KT late"
D=$TMP/noon; REPORT_YEAR_UNTIL='2026-05-21 12:00:00' report_year
todo --today 2026-05-21 --dept KT
todo --today 2026-05-21 --dept VHXH

echo "== nothing left: DVC updated its tasks and reported"
D=$TMP/dvc; init_data
for t in II.8 II.9 V.8; do at '2026-03-02 08:00:00' update $t --dept DVC --progress 50 >/dev/null; done
at '2026-03-02 08:00:00' update V.9 --dept DVC --status done >/dev/null
at_fixture '2026-05-19 08:00:00' submit --period h1 --dept DVC
todo --today 2026-05-19 --dept DVC

echo "== errors"
$PT -d $D todo --today 31/02/2026; echo "exit $?"
$PT -d $D todo --dept XYZ; echo "exit $?"
$PT -d $D todo --period q1; echo "exit $?"
$PT -d $D todo extra; echo "exit $?"
