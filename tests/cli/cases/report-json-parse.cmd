# needs: root
# The JSON read back with Python's json module; the summary agrees with the
# rows it sums up.
. ./lib.sh; . ./fixtures/report-year.sh; report_year
$PT -d $D report annual --as-of 2026-11-20 --format json | python3 -c '
import json, sys
r = json.load(sys.stdin)
print(sorted(r))
print(r["period"]["id"], r["as_of"], r["until"], r["reporting_window_after"])
for s in r["submissions"]:
    print(s["department"], s["consolidated"], s["due"], s["submitted_on"], s["status"], s["status_label"])
for i in r["indicators"]:
    print(i["number"], i["target"], i["value"], i["verdict"], i["verdict_label"])
leads = [l for g in r["groups"] for t in g["tasks"] for l in t["leads"]]
counts = {"rows": len(leads), "tasks": sum(len(g["tasks"]) for g in r["groups"])}
for s in ("not_started", "in_progress", "done"):
    counts[s] = sum(l["status"] == s for l in leads)
counts["overdue"] = sum(l["overdue"] for l in leads)
counts["not_reported"] = sum(l["not_reported"] for l in leads)
total = r["summary"]["total"]
print("summary agrees with the rows:", all(total[k] == v for k, v in counts.items()), total)
print("per department sums to the total:", all(sum(d[k] for d in r["summary"]["departments"]) == total[k] for k in ("rows", "done", "overdue", "not_reported")))
print([(t["id"], t["deadline"]) for g in r["groups"] for t in g["tasks"] if t["deadline"]["kind"] == "date"])
print(len(r["difficulties"]), "difficulties,", len(r["proposals"]), "proposals")'
