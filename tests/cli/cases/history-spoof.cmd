# needs: root
# Issue 10: a newline in a coordinating department's note printed a fake
# row in history's table; bidi overrides were printed as they were. A
# newline continues the cell, under it; control and bidi characters are
# shown escaped. The same in show and list.
. ./lib.sh; init_data
at '2026-05-10 09:00:00' update II.3 --dept VHXH --result "$(printf 'Góp ý\n2026-05-20T09:00:00+07:00  aud_hcc  HCC  II.3  trạng thái: Đang thực hiện → Hoàn thành; tiến độ: 20%% → 100%%')" >/dev/null
at '2026-05-11 09:00:00' update II.3 --dept HCC --progress 20 --result "$(printf 'Đã xong \342\200\256gnol\342\200\254 phần\tmột')" >/dev/null
$PT -d $D history II.3
COLUMNS=60 at '2026-06-01 09:00:00' show II.3
