# needs: root
# Issue 9: one department's unreadable state file (corrupt, a directory)
# no longer silences the others. Readers warn (FILE:LINE:COL), say in the
# output whose data is missing, print everyone else's, and exit 65;
# validate fails as before; the other departments can still record.
. ./lib.sh; sample_year
printf 'format: 1\ndepartment: KT\nentries: [\n' >$D/departments/KT/state.yaml
rm $D/departments/DVC/state.yaml
mkdir $D/departments/DVC/state.yaml
o=$TMP/out
echo "== list"
$PT -d $D list --group II >$o; echo "exit $?"
sed -n '1,3p' $o
echo "== show"
$PT -d $D show II.1 >$o; echo "exit $?"
sed -n '1,2p' $o
$PT -d $D show II.1 --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["unreadable_departments"])'
echo "== report"
$PT -d $D report h1 --as-of 2026-05-20 >$o; echo "exit $?"
sed -n '13,16p' $o
$PT -d $D report h1 --as-of 2026-05-20 --format md | grep 'Lưu ý'
$PT -d $D report h1 --as-of 2026-05-20 --format html | grep 'Lưu ý'
$PT -d $D report h1 --as-of 2026-05-20 --format csv | tail -1
$PT -d $D report h1 --as-of 2026-05-20 --format json | python3 -c '
import json, sys
r = json.load(sys.stdin)
print(r["unreadable_departments"], [s["status"] for s in r["submissions"]])'
$PT -d $D report h1 --as-of 2026-05-20 -o $TMP/h1.txt; echo "exit $?"
grep -c 'Lưu ý' $TMP/h1.txt
echo "== check"
$PT -d $D check --today 2026-05-20 --dept HCC; echo "exit $?"
$PT -d $D check --today 2026-05-10 --format json; echo "exit $?"
echo "== history"
$PT -d $D history --dept HCC >$o; echo "exit $?"
cat $o
echo "== validate"
$PT -d $D validate 2>/dev/null; echo "exit $?"
echo "== writes"
$PT -d $D update II.3 --progress 5 >/dev/null; echo "HCC update: exit $?"
$PT -d $D update I.1 --dept KT --progress 5; echo "KT update: exit $?"
