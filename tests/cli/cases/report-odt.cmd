# needs: root
# The OpenDocument text: mimetype first and stored, the other parts in their
# fixed order, checksummed uncompressed, their XML well-formed; the text of
# every paragraph, the spans and page styles. The same bytes whenever made.
. ./lib.sh; . ./fixtures/report-year.sh; report_year
at '2026-11-27 10:00:00' report annual --as-of 2026-11-20 --dept VHXH -o $TMP/a.odt
at '2028-01-01 00:00:00' report annual --as-of 2026-11-20 --dept VHXH -o $TMP/b.odt
cmp $TMP/a.odt $TMP/b.odt && echo "the same bytes"
head -c 38 $TMP/a.odt | tail -c 8; echo
python3 ../report/zipdoc.py $TMP/a.odt
