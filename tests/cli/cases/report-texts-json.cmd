# needs: root
# The sections in the report's JSON: all six, each with its texts as
# recorded (the commune's first, then the departments' in plan order), the
# exact text with its paragraphs and line breaks; a department's report
# has its own only; the CSV table of the texts.
. ./lib.sh; . ./fixtures/report-year.sh; REPORT_YEAR_TEXTS=1 report_year
at '2026-11-27 10:00:00' report h1 --format json | python3 -c '
import json, sys
r = json.load(sys.stdin)
print(json.dumps(r["sections"][:2], ensure_ascii=False, indent=2))
for s in r["sections"]:
    print(s["number"], s["id"], [(t["department"], t["commune"], len(t["text"])) for t in s["texts"]])'
at '2026-11-27 10:00:00' report h1 --dept KT --format json | python3 -c '
import json, sys
for s in json.load(sys.stdin)["sections"]:
    print(s["id"], [(t["department"], t["commune"], t["text"]) for t in s["texts"]])'
at '2026-11-27 10:00:00' report h1 --format csv --table sections
