# needs: root
# Issue 9: a department's report can be withdrawn until the consolidated
# report of the period is sent; each step is in the history, and the
# report counts a resubmission after a withdrawal from its own date.
. ./lib.sh; init_data
at '2026-05-19 09:00:00' submit --period h1 --dept HCC
at '2026-05-19 10:00:00' submit --period h1 --dept HCC --withdraw; echo "exit $?"
at '2026-05-19 10:01:00' submit --period h1 --dept HCC --withdraw; echo "exit $?"
at '2026-05-20 09:00:00' report h1 --format json | python3 -c '
import json, sys
print([(s["department"], s["status"]) for s in json.load(sys.stdin)["submissions"] if s["department"] == "HCC"])'
at '2026-05-21 09:00:00' submit --period h1 --dept HCC
at '2026-05-21 10:00:00' submit --period h1 --consolidated --force >/dev/null 2>&1
at '2026-05-21 11:00:00' submit --period h1 --dept HCC --withdraw; echo "exit $?"
at '2026-05-21 11:00:00' submit --period h1 --consolidated --withdraw; echo "exit $?"
at '2026-05-22 09:00:00' report h1 --as-of 2026-05-21 --format json | python3 -c '
import json, sys
print([(s["department"], s["status"], s["submitted_on"]) for s in json.load(sys.stdin)["submissions"] if s["department"] == "HCC"])'
$PT -d $D history --dept HCC | cut -c44-
sed -n '/^- /,$p' $D/departments/HCC/state.yaml
