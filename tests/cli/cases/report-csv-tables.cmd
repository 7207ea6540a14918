# needs: root
# Each CSV table read back with Python's csv module (RFC 4180): indicators,
# proposals, difficulties; the tasks' coordinating results.
. ./lib.sh; . ./fixtures/report-year.sh; report_year
for t in indicators proposals difficulties tasks; do
	$PT -d $D report annual --as-of 2026-11-20 --format csv --table $t >$TMP/$t.csv || echo "exit $?"
done
python3 - $TMP <<'PY'
import csv, sys
d = sys.argv[1]
for t in ("indicators", "proposals", "difficulties"):
    data = open(f"{d}/{t}.csv", "rb").read()
    assert data.count(b"\n") == data.count(b"\r\n"), t
    rows = list(csv.reader(open(f"{d}/{t}.csv", encoding="utf-8", newline="")))
    print(f"== {t}: {len(rows) - 1} rows, {len(rows[0])} columns")
    print(" | ".join(rows[0]))
    for r in rows[1:]:
        print(" | ".join(r))
rows = list(csv.DictReader(open(f"{d}/tasks.csv", encoding="utf-8", newline="")))
print("== tasks with coordinating results")
for r in rows:
    if r["Kết quả phối hợp"]:
        print(r["Mã nhiệm vụ"], r["Mã đơn vị chủ trì"], r["Mã tình trạng kỳ báo cáo"], repr(r["Kết quả phối hợp"]))
print("== states", sorted({r["Mã tình trạng kỳ báo cáo"] for r in rows}))
PY
