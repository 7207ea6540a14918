# needs: root
# Period ids in any case, as task ids and department codes.
. ./lib.sh; init_data
$PT -d $D report H1 --as-of 2026-05-20 >$TMP/a; echo "report H1: exit $?"
$PT -d $D report h1 --as-of 2026-05-20 >$TMP/b
cmp $TMP/a $TMP/b && echo "report H1 = report h1"
at '2026-05-18 16:00:00' indicator set 1 --period H1 --value 98,5; echo "exit $?"
at '2026-11-10 09:00:00' submit --period Annual --dept kt; echo "exit $?"
$PT -d $D history --format json | python3 -c '
import json, sys
for e in json.load(sys.stdin)["entries"]:
    print(e["type"], e.get("period"))'
$PT -d $D list --group iii | awk '{ print $1 }'
$PT -d $D report q3; echo "exit $?"
