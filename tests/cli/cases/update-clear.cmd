# needs: root
# Issue 9: "" clears a text (it used to be written, then refused by every
# command of every department). Each clearing is an entry of the history;
# every reader and the next writer load the file.
. ./lib.sh; init_data
at '2026-03-02 08:00:00' update II.7 --proposal ""; echo "exit $?"
at '2026-03-02 08:01:00' update II.7 --result "Đã rà soát" --difficulty "Thiếu người" --proposal "Thêm biên chế"
at '2026-03-02 08:02:00' update II.7 --proposal ""; echo "exit $?"
at '2026-03-02 08:03:00' update II.7 --difficulty ""; echo "exit $?"
at '2026-03-02 08:04:00' update II.7 --result ""; echo "exit $?"
at '2026-03-02 08:05:00' update II.7 --result ""; echo "exit $?"
at '2026-03-02 08:06:00' indicator set 1 --period h1 --value 98 --note "Một cửa"
at '2026-03-02 08:07:00' indicator set 1 --period h1 --value 98,5 --note ""; echo "exit $?"
sed -n '/^- /,$p' $D/departments/VHXH/state.yaml
echo "== every command still works"
for c in list "show II.7" "report h1" "check --today 2026-05-20" validate history; do
	# shellcheck disable=SC2086
	$PT -d $D $c >/dev/null; echo "$c: exit $?"
done
at '2026-03-02 08:08:00' update II.7 --result "Lại có kết quả"; echo "exit $?"
$PT -d $D history II.7
$PT -d $D history --format json | python3 -c '
import json, sys
for e in json.load(sys.stdin)["entries"]:
    print(e["type"], [(c["field"], c["from"], c["to"]) for c in e["changes"]])'
