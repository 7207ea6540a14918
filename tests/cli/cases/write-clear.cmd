# needs: root
# Correcting and clearing a section's text: a new text replaces the last
# one, "" clears it (and clearing nothing changes nothing). The report
# is rebuilt from the history: as of each day it shows the text of that
# day, or says the section has none.
. ./lib.sh; init_data
at '2026-05-10 09:00:00' write h1 IV --dept VHXH --text "Bản đầu."; echo "exit $?"
at '2026-05-12 09:00:00' write h1 IV --dept VHXH --text "Bản sửa: tiếp tục tuyên truyền."; echo "exit $?"
at '2026-05-14 09:00:00' write h1 IV --dept VHXH --text ""; echo "exit $?"
at '2026-05-15 09:00:00' write h1 IV --dept VHXH --text ""; echo "exit $?"
at '2026-05-15 09:00:00' write h1 I --dept VHXH --text ""; echo "exit $?"
for day in 2026-05-09 2026-05-10 2026-05-12 2026-05-14; do
	echo "== as of $day"
	at '2026-05-20 10:00:00' report h1 --as-of $day --dept VHXH --format md | sed -n '/^## IV\./,/^## V\./p' | sed -n 3p
done
$PT -d $D history --dept VHXH
$PT -d $D history --dept VHXH --format json | python3 -c '
import json, sys
for e in json.load(sys.stdin)["entries"]:
    print(e["type"], e["period"], e["section"], e["commune"], e["changes"], repr(e["text"]))'
