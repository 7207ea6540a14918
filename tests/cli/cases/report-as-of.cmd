# needs: root
# The report is rebuilt from the recorded history: printed in November, the
# 6-month report is what was known at the end of 20/05, byte for byte.
. ./lib.sh; . ./fixtures/report-year.sh; report_year
at '2026-11-27 10:00:00' report h1 >$TMP/nov27
at '2026-11-27 10:00:00' report h1 --format json >$TMP/nov27.json
at '2026-12-15 08:00:00' report h1 >$TMP/dec15
cmp $TMP/nov27 $TMP/dec15 && echo "printed 27/11 and 15/12: same bytes"
$PT -d $D report h1 --as-of 2026-05-20 | cmp - $TMP/nov27 && echo "same as --as-of 2026-05-20"
at '2026-11-27 11:00:00' update II.3 --status in_progress --progress 10 >/dev/null
at '2026-11-27 12:00:00' report h1 | cmp - $TMP/nov27 && echo "a record of 27/11 changes nothing"
# What was known when: records on both sides of 20/05.
facts='import json, sys
r = json.load(sys.stdin)
print("as_of", r["as_of"], "until", r["until"], "as_of_now", r["as_of_now"])
for s in r["submissions"]:
    print("  submission", s["department"], "consolidated" if s["consolidated"] else "", s["status"], s["submitted_on"])
for g in r["groups"]:
    for t in g["tasks"]:
        if t["id"] in ("II.1", "V.9"):
            for l in t["leads"]:
                print("  ", t["id"], l["department"], l["status"], l["progress"], l["last_update"], l["result"])
print("  proposals", [p["on"] for p in r["proposals"]])'
echo "== h1 printed 27/11"
python3 -c "$facts" <$TMP/nov27.json
echo "== annual as of 20/05 and as of 10/06"
$PT -d $D report annual --as-of 2026-05-20 --format json | python3 -c "$facts"
$PT -d $D report annual --as-of 2026-06-10 --format json | python3 -c "$facts"
# On 20/05 the records of later days do not exist yet: the same year
# recorded up to noon that day.
D=$TMP/noon REPORT_YEAR_UNTIL='2026-05-20 12:00:00'
report_year
echo "== h1 printed at noon on 20/05: as of now"
at '2026-05-20 12:00:00' report h1 --format json | python3 -c "$facts"
at '2026-05-20 12:00:00' report h1 | grep 'Số liệu trong báo cáo tính đến'
echo "== h1 printed on 21/05: as of the deadline"
at '2026-05-21 08:00:00' report h1 | grep 'Số liệu trong báo cáo tính đến'
