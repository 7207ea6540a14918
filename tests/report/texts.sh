# Sourced by the report tests: texts_data BINARY DIR PLAN makes DIR a data
# directory of PLAN (the bundled plan) in which departments and Phòng Kinh tế
# wrote the prose sections of the h1 report (plantrack write), at fixed
# times (faketime): several paragraphs, a line break inside one, a
# department's text after the commune's. The report to read is then
# "report h1 --as-of 2026-05-20". Returns 1 after saying why where that
# cannot be done: writing for every department needs root, and the fixed
# clock faketime.
texts_data() {
	if [ "$(id -u)" -ne 0 ]; then
		echo "not root (writing for every department needs it)"
		return 1
	fi
	if ! command -v faketime >/dev/null 2>&1; then
		echo "faketime not installed"
		return 1
	fi
	"$1" -d "$2" init --plan "$3" >/dev/null 2>&1 || { echo "init failed"; return 1; }
	{
	faketime -f '2026-05-12 08:00:00' "$1" -d "$2" write h1 I --commune --text "Ngày 20/01/2026, Chủ tịch UBND xã chủ trì hội nghị quán triệt Nghị quyết số 02/NQ-CP tới toàn thể cán bộ, công chức xã.

UBND xã ban hành Kế hoạch số 12/KH-UBND ngày 25/01/2026, giao Phòng Kinh tế theo dõi, tổng hợp." &&
	faketime -f '2026-05-12 09:00:00' "$1" -d "$2" write h1 I --dept DVC --text "Đăng toàn văn Nghị quyết 02/NQ-CP và Kế hoạch của UBND xã trên Cổng thông tin điện tử xã ngày 15/01/2026.
Phối hợp phòng Văn hóa – Xã hội đưa 4 tin trên hệ thống truyền thanh." &&
	faketime -f '2026-05-13 10:00:00' "$1" -d "$2" write h1 III.1 --dept HCC --text "Tiếp nhận 1.250 hồ sơ, giải quyết đúng hạn 100% (trước hạn 62%).

Số hóa 980 hồ sơ <đạt 78%> & tái sử dụng dữ liệu cho 310 hồ sơ." &&
	faketime -f '2026-05-15 10:00:00' "$1" -d "$2" write h1 III.3 --commune --text "Nguyên nhân khách quan: văn bản hướng dẫn của cấp trên ban hành chậm.

Nguyên nhân chủ quan: một số cán bộ kiêm nhiệm nhiều việc." &&
	faketime -f '2026-05-16 10:00:00' "$1" -d "$2" write h1 IV --dept VHXH --text "Tiếp tục tuyên truyền Nghị quyết 02/NQ-CP trên hệ thống truyền thanh xã." &&
	faketime -f '2026-05-18 10:00:00' "$1" -d "$2" write h1 V --commune --text "Đề nghị Sở Tài chính ban hành mẫu báo cáo thống nhất cho cấp xã."
	} >/dev/null || { echo "plantrack write failed"; return 1; }
}
