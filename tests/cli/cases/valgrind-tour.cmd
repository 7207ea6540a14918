# needs: root
# For the valgrind run (tests/cli/valgrind.list), each once over a year of
# records: todo as text and JSON and a usage error, a withdrawal and the
# refusal of a second one, an indicator value refused and one set. The
# whole cases (todo, submit-withdraw, indicator-set) run in the plain and
# the ASan+UBSan runs; under valgrind their 44 starts took 42 s.
. ./lib.sh; . ./fixtures/report-year.sh; report_year
$PT -d $D todo --today 2026-06-20 --dept HCC
$PT -d $D todo --today 30/11/2026 --dept KT --format json | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(d["today"], d["period"], [(x["code"], x["missing_departments"]) for x in d["departments"]])'
$PT -d $D todo --period q1; echo "exit $?"
at '2026-11-26 09:00:00' submit --period annual --dept KT --withdraw; echo "exit $?"
at '2026-11-26 09:01:00' submit --period annual --dept KT --withdraw; echo "exit $?"
at '2026-11-26 10:00:00' indicator set 1 --period annual --value 101; echo "exit $?"
at '2026-11-26 10:00:00' indicator set 4 --period annual --value 91 --note "Số liệu quý IV"; echo "exit $?"
$PT -d $D history --dept KT --format json | python3 -c '
import json, sys
for e in json.load(sys.stdin)["entries"][-2:]:
    print(sorted(e.items()))'
