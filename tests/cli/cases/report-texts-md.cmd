# needs: root
# The sections' texts in Markdown: a department's name in bold italics
# before its text, paragraphs apart, a line break as <br>, <, > and &
# as entities, | and * escaped, and a paragraph that starts like a list
# ("1.", "- ") escaped so that it stays a paragraph.
. ./lib.sh; . ./fixtures/report-year.sh; REPORT_YEAR_TEXTS=1 report_year
at '2026-11-27 10:00:00' report h1 --format md | sed -n '/^## I\. /,/^## II\. /p'
at '2026-11-27 10:00:00' report h1 --format md | sed -n '/^## III\. /,/Trên đây/p'
echo "== KT's report"
at '2026-11-27 10:00:00' report h1 --dept KT --format md | sed -n '/^### 2\\\. Tồn tại/,/^### 3/p'
