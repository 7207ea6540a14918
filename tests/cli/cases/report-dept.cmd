# needs: root
# One department's report: the tasks it leads, its own submission, the
# indicators it executes or monitors, its own difficulties and proposals.
. ./lib.sh; . ./fixtures/report-year.sh; report_year
at '2026-11-27 10:00:00' report h1 --dept DVC
$PT -d $D report annual --as-of 2026-11-20 --dept "Phòng VH-XH" --format json | python3 -c '
import json, sys
r = json.load(sys.stdin)
print(r["department"])
print([(s["department"], s["status"]) for s in r["submissions"]])
print([i["number"] for i in r["indicators"]])
print([(t["id"], [l["department"] for l in t["leads"]]) for g in r["groups"] for t in g["tasks"]])
print(r["summary"]["total"])
print([d["department"] for d in r["summary"]["departments"]])
print([(d["task"], d["department"]) for d in r["difficulties"]], r["proposals"])'
