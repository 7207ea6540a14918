# needs: root
# Issue 12 item 3: --result-file - (standard input) and --difficulty-file
# FILE take text of several paragraphs, Vietnamese, exactly as written
# (CRLF as LF, NFC; one final newline, an editor's, is not part of it), and
# every output keeps the paragraphs: list and show, history, the report.
. ./lib.sh; init_data
printf 'Đã rà soát 12 thủ tục:\n- cấp giấy phép kinh doanh;\n- đất đai.\n\nĐoạn hai: giảm 30%% thời gian.\n\n\nĐoạn ba, sau hai dòng trống.\n' >$TMP/result
printf 'Thie\314\202\314\201u ca\314\201n bo\314\202\314\243\r\n\r\nChu\314\233a co\314\201 kinh phi\314\201\r\n' >$TMP/difficulty
at '2026-05-10 09:00:00' update II.1 --result-file - --difficulty-file $TMP/difficulty <$TMP/result
echo "== the file holds it exactly"
sed -n '/^  result/,$p' $D/departments/HCC/state.yaml
echo "== list"
$PT -d $D list --group II --format json | python3 -c '
import json, sys
t = json.load(sys.stdin)["tasks"][0]["leads"][0]
print(json.dumps(t["result"], ensure_ascii=False))
print(json.dumps(t["difficulty"], ensure_ascii=False))'
echo "== show"
at '2026-05-10 10:00:00' show II.1 | sed -n '/^Kết quả/,$p'
echo "== history"
$PT -d $D history II.1 --format json | python3 -c '
import json, sys
for c in json.load(sys.stdin)["entries"][0]["changes"]:
    print(c["field"], json.dumps(c["to"], ensure_ascii=False))'
echo "== the report: text, Markdown, JSON"
at '2026-05-10 10:00:00' report h1 --dept HCC | grep -A12 '^II.1 '
at '2026-05-10 10:00:00' report h1 --format md | grep '^| II.1 '
at '2026-05-10 10:00:00' report h1 --format json | python3 -c '
import json, sys
for g in json.load(sys.stdin)["groups"]:
    for t in g["tasks"]:
        if t["id"] == "II.1":
            print(json.dumps(t["leads"][0]["result"], ensure_ascii=False))'
echo "== two texts from standard input"
at '2026-05-10 11:00:00' update II.1 --result-file - --proposal-file - </dev/null; echo "exit $?"
