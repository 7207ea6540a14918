# needs: root
# Phòng Kinh tế's internal annex: the departments' submissions, never in the
# document sent upstream, and without a row for the consolidated report
# itself.
. ./lib.sh; . ./fixtures/report-year.sh; report_year
$PT -d $D report annual --as-of 2026-11-20 --internal
$PT -d $D report annual --as-of 2026-11-20 --internal --format csv
$PT -d $D report annual --as-of 2026-11-20 --internal --dept DVC --format md
echo "== the document has no submissions"
n=$($PT -d $D report annual --as-of 2026-11-20 | grep -c -e 'Đúng hạn' -e 'Nộp muộn' -e 'Chưa nộp' -e 'Báo cáo tổng hợp gửi'); echo "$n lines"
