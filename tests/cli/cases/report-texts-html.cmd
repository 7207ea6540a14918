# needs: root
# The sections' texts in HTML: each paragraph a <p> of the body (justified,
# indented), the department's name in <b><i>, a line break kept by
# white-space: pre-wrap, the text escaped.
. ./lib.sh; . ./fixtures/report-year.sh; REPORT_YEAR_TEXTS=1 report_year
at '2026-11-27 10:00:00' report h1 --format html | sed -n '/^<h2>I\. /,/^<h2>II\. /p'
at '2026-11-27 10:00:00' report h1 --format html | sed -n '/^<h2>III\. /,/Trên đây/p'
