# needs: root
# The sections' texts read back from the Word and OpenDocument files: one
# paragraph of the document per paragraph of a text, a line break inside
# one (\n below), the department's name in front of its first paragraph.
. ./lib.sh; . ./fixtures/report-year.sh; REPORT_YEAR_TEXTS=1 report_year
at '2026-11-27 10:00:00' report h1 -o $TMP/h1.docx
python3 ../report/zipdoc.py $TMP/h1.docx | sed -n '/^\[Heading1\] I\. /,/^Trên đây/p'
at '2026-11-27 10:00:00' report h1 --dept KT -o $TMP/kt.odt
python3 ../report/zipdoc.py $TMP/kt.odt | sed -n '/III\. ĐÁNH GIÁ/,/^Trên đây/p'
