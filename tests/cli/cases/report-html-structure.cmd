# needs: root
# The HTML checked with Python's html.parser: a self-contained official page.
. ./lib.sh; . ./fixtures/report-year.sh; report_year
$PT -d $D report annual --as-of 2026-11-20 --format html -o $TMP/r.html
python3 ../report/check_html.py $TMP/r.html
$PT -d $D report h1 --as-of 2026-05-20 --dept HCC --format html | python3 ../report/check_html.py -
