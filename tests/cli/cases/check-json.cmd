# check --format json: the document (always one, even with nothing to say), parsed
# back; the exit status is the same as with text.
. ./lib.sh; init_data
$PT -d "$D" check --today 2026-05-21 --dept KT --format json; echo "exit $?"
$PT -d "$D" check --today 2026-05-10 --format json; echo "exit $?"
$PT -d "$D" check --today 2026-05-13 --format json | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(d["today"], d["within"], len(d["findings"]))
for f in d["findings"][:3]:
    print(f["date"], f["severity"], f["kind"], f["department"], f["subject"], f["days"])
print(sorted({f["kind"] for f in d["findings"]}))'
