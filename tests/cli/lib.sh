# Helpers for CLI cases (sourced by a case: . ./lib.sh).
# D is a fresh data directory made from the bundled plan.
D=$TMP/d
init_data() {
	$PT -d "$D" init --plan ../../data/plan.yaml >/dev/null 2>&1
}
# at 'YYYY-MM-DD HH:MM:SS' ARGS...: run plantrack on $D with the clock
# frozen at that local time (libfaketime; no back door in the tool).
at() {
	when=$1; shift
	faketime -f "$when" $PT -d "$D" "$@"
}
# at, for a fixture: its output is not the case's, nor what submit warns
# about (tasks without an update); errors still show.
at_fixture() {
	at "$@" >/dev/null 2>"$TMP/.fixture-err"
	grep -v -e ': cảnh báo: ' -e ': gợi ý: ' "$TMP/.fixture-err" >&2
	return 0
}
# A year of records used by several cases.
sample_year() {
	init_data
	at '2026-02-10 09:00:00' update II.1 --status in_progress --progress 20 --result "Đã rà soát 5 thủ tục" >/dev/null
	at '2026-03-01 14:30:00' update I.1 --dept KT --status in_progress --progress 30 --result "Đã tổng hợp 3 kiến nghị" --difficulty "Thiếu cán bộ chuyên trách" >/dev/null
	at '2026-03-02 08:15:00' update I.1 --dept VHXH --result "Đã gửi góp ý về thủ tục văn hóa" >/dev/null
	at '2026-04-15 10:00:00' update V.9 --dept DVC --status done --result "Tổ chức 2 lớp tập huấn chuyển đổi số" >/dev/null
	at '2026-05-18 16:00:00' indicator set 1 --period h1 --value 98,5 --note "Số liệu hệ thống một cửa" >/dev/null
	at_fixture '2026-05-19 11:00:00' submit --period h1 --dept HCC
	at '2026-05-20 09:00:00' update II.1 --progress 40 --proposal "Đề nghị thành phố hỗ trợ máy quét" >/dev/null
	at_fixture '2026-05-21 15:00:00' submit --period h1 --dept KT
	at_fixture '2026-05-21 16:00:00' submit --period h1 --consolidated --force
}
