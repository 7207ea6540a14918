# needs: root
. ./lib.sh; init_data
at "2026-03-02 08:15:00" update I.1 --dept VHXH --result "Đã gửi góp ý"
at "2026-03-02 08:16:00" update I.1 --dept VHXH --status done
at "2026-03-02 08:17:00" update I.1 --result "Kết quả của KT"
$PT -d $D show I.1 --format json | python3 -c "import json,sys; d=json.load(sys.stdin); print(d[\"leads\"], d[\"coordinating_notes\"])"
