# needs: root
# Issue 12 item 5: submit says when a report is late ("nộp muộn", by how
# many days, judged as the report judges it: the first submission since a
# withdrawal, after the end of the due day), and warns, without refusing,
# about the lead tasks with no update in the period and the values the
# department monitors that are missing.
. ./lib.sh; init_data
at '2026-03-02 08:00:00' update II.1 --progress 30 >/dev/null
at '2026-03-02 08:00:00' update II.2 --status done >/dev/null
at '2026-03-02 08:00:00' indicator set 1 --period h1 --value 99 >/dev/null
echo "== on the due day, at 23:59: on time; HCC's stale tasks and values"
at '2026-05-20 23:59:00' submit --period h1 --dept HCC; echo "exit $?"
echo "== again, late: the first one counts"
at '2026-05-22 09:00:00' submit --period h1 --dept HCC; echo "exit $?"
echo "== withdrawn and submitted again: now late"
at '2026-05-22 10:00:00' submit --period h1 --dept HCC --withdraw >/dev/null
at '2026-05-23 09:00:00' submit --period h1 --dept HCC; echo "exit $?"
echo "== a day late, with every task updated"
for t in II.8 II.9 V.8 V.9; do at '2026-05-20 08:00:00' update $t --dept DVC --progress 10 >/dev/null; done
at '2026-05-21 00:00:01' submit --period h1 --dept DVC; echo "exit $?"
echo "== the consolidated report, late"
at '2026-05-25 09:00:00' submit --period h1 --consolidated --force; echo "exit $?"
echo "== the report agrees"
at '2026-05-26 09:00:00' report h1 --as-of 2026-05-26 --format json | python3 -c '
import json, sys
for s in json.load(sys.stdin)["submissions"]:
    print(s["department"], s["consolidated"], s["status"], s["submitted_on"])'
echo "== in English"
at '2026-11-17 09:00:00' --lang en submit --period annual --dept VHXH; echo "exit $?"
