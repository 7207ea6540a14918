# needs: root
# The commune's own text (write --commune, by the consolidator KT) is
# written for the consolidated report after the departments' deadline
# (20/05 for h1), the day it goes to Sở Tài chính (21/05): the report
# printed then has it, the latest one, while a department's text of the
# same day does not count (its report was due on the 20th). With --as-of
# the day's end is the limit for both. A department's report never has
# the commune's text.
. ./lib.sh; init_data
at '2026-05-19 09:00:00' write h1 V --dept HCC --text "HCC: kiến nghị trước hạn." >/dev/null
at '2026-05-21 08:00:00' write h1 V --dept HCC --text "HCC: sửa sau hạn." >/dev/null
at '2026-05-20 16:00:00' write h1 V --commune --text "Xã: bản nháp." >/dev/null
at '2026-05-21 09:00:00' write h1 V --commune --text "Xã: đề nghị Sở Tài chính tổ chức tập huấn." >/dev/null
echo "== 21/05 10:00, the consolidated report"
at '2026-05-21 10:00:00' report h1 --format md | sed -n '/^## V\./,/^Trên đây/p'
echo "== --as-of 20/05"
at '2026-05-21 10:00:00' report h1 --format md --as-of 20/05/2026 | sed -n '/^## V\./,/^Trên đây/p'
echo "== cleared on 21/05 at 11:00"
at '2026-05-21 11:00:00' write h1 V --commune --text "" >/dev/null
at '2026-05-21 11:05:00' report h1 --format md | sed -n '/^## V\./,/^Trên đây/p'
echo "== --dept KT"
at '2026-05-21 11:10:00' report h1 --format md --dept KT | sed -n '/^## V\./,/^Trên đây/p'
