# needs: root
# Issue 11 item 4: the sections' texts in the text document. The
# consolidated report gathers per section the commune's text first, then
# each department's after its name; a section without text says so in one
# line; paragraphs and line breaks are kept. A department's report has its
# own text only. Texts recorded after the as-of day are not there
# (fixtures/report-year.sh, REPORT_YEAR_TEXTS).
. ./lib.sh; . ./fixtures/report-year.sh; REPORT_YEAR_TEXTS=1 report_year
at '2026-11-27 10:00:00' report h1 | sed -n '/^I\. CÔNG TÁC/,/^II\. KẾT QUẢ/p'
at '2026-11-27 10:00:00' report h1 | sed -n '/^III\. ĐÁNH GIÁ/,/Trên đây/p'
echo "== HCC's report"
at '2026-11-27 10:00:00' report h1 --dept HCC | sed -n '/^III\. ĐÁNH GIÁ/,/Trên đây/p'
echo "== DVC's report: the duties that concern it, then its text"
at '2026-11-27 10:00:00' report h1 --dept DVC | sed -n '/^I\. CÔNG TÁC/,/^II\. KẾT QUẢ/p'
echo "== the annual report as of 20/11"
at '2026-11-27 10:00:00' report annual --as-of 2026-11-20 | sed -n '/^III\. ĐÁNH GIÁ/,/^2\. Tồn tại/p'
at '2026-11-27 10:00:00' report annual --as-of 2026-11-21 | sed -n '/^1\. Kết quả nổi bật/,/^2\. Tồn tại/p'
