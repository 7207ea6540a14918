# needs: root
# The CSV read back with Python's csv module (RFC 4180), with and without BOM.
. ./lib.sh; . ./fixtures/report-year.sh; report_year
$PT -d $D report annual --as-of 2026-11-20 --format csv --bom -o $TMP/bom.csv
$PT -d $D report annual --as-of 2026-11-20 --format csv >$TMP/plain.csv
head -c 3 $TMP/bom.csv | od -An -tx1
tail -c +4 $TMP/bom.csv | cmp - $TMP/plain.csv && echo "BOM + the same bytes"
python3 - $TMP/bom.csv $TMP/plain.csv <<'PY'
import csv, sys
data = open(sys.argv[2], "rb").read()
print("CRLF records:", data.count(b"\r\n"), "bare LF outside CRLF:", data.count(b"\n") - data.count(b"\r\n"))
with open(sys.argv[1], encoding="utf-8-sig", newline="") as f:
    rows = list(csv.reader(f))
header, body = rows[0], rows[1:]
print(len(header), "columns:", " | ".join(header))
print(len(body), "rows, all", {len(r) for r in body}, "wide")
by = {(r[1], r[3]): dict(zip(header, r)) for r in body}
for key in [("III.2", "KT"), ("V.9", "KT"), ("V.9", "DVC"), ("V.9", "VHXH"), ("I.1", "KT"), ("II.1", "HCC")]:
    r = by[key]
    print(key, r["Mã trạng thái"], r["Tiến độ (%)"], r["Cập nhật lần cuối"], r["Ngày hạn"] or "-", "quá hạn:", r["Quá hạn"], "chưa báo cáo:", r["Chưa báo cáo"])
print(repr(by[("III.2", "KT")]["Kết quả thực hiện"]))
print(repr(by[("II.1", "HCC")]["Kết quả thực hiện"]))
print("overdue:", [k for k, r in by.items() if r["Quá hạn"] == "có"])
print("not reported:", sum(r["Chưa báo cáo"] == "có" for r in by.values()))
PY
