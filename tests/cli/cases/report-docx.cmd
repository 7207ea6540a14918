# needs: root
# The Word document: its parts in their fixed order, each dated 1980-01-01
# and checksummed uncompressed, its XML well-formed; the document read back
# (sections, tables, merged cells, the text of every paragraph). Made twice
# with the clock a year apart: the same bytes. -o NAME.docx chooses the
# format.
. ./lib.sh; . ./fixtures/report-year.sh; report_year
at '2026-11-27 10:00:00' report h1 --dept KT --number 3 --date 2026-05-20 -o $TMP/a.docx
at '2027-12-01 08:00:00' report h1 --dept KT --number 3 --date 2026-05-20 --format docx >$TMP/b.docx
cmp $TMP/a.docx $TMP/b.docx && echo "the same bytes"
python3 ../report/zipdoc.py $TMP/a.docx
