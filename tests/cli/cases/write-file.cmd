# needs: root
# Issue 11 item 4: a department writes its sections from a file (CRLF
# and the empty lines around the text as a word processor leaves them),
# from standard input and with --text; the section by its id, its number
# or its words with or without accents; the period in any case. An
# unchanged text writes nothing. The commune's text is the consolidating
# department's (KT), apart from its own. Each text is one entry of the
# state file, the history tells its beginning and size.
. ./lib.sh; init_data
printf '\r\n\r\nĐoạn một của Trung tâm.\r\nDòng thứ hai.\r\n\r\nĐoạn hai, có dấu "ngoặc kép" và dấu # giữa dòng.\r\n\r\n' >$TMP/hcc.txt
at '2026-05-10 09:00:00' write h1 III.1 --dept HCC --file $TMP/hcc.txt; echo "exit $?"
printf 'Từ đầu vào chuẩn: đã quán triệt cho 12 cán bộ.\n' | at '2026-05-11 09:00:00' write h1 "công tác chỉ đạo" --dept hcc -; echo "exit $?"
at '2026-05-12 09:00:00' write H1 ket-qua-noi-bat --dept HCC --text-file $TMP/hcc.txt; echo "exit $?"
at '2026-05-13 09:00:00' write h1 V --commune --text "Đề nghị Sở Tài chính ban hành mẫu báo cáo."; echo "exit $?"
at '2026-05-13 09:05:00' write h1 proposals --dept KT --text "Đề nghị UBND xã bố trí kinh phí."; echo "exit $?"
at '2026-05-13 09:10:00' write annual IV --dept "Phòng Kinh tế" --text "Hoàn thành số hóa hồ sơ đất đai."; echo "exit $?"
sed -n '/^- /,$p' $D/departments/HCC/state.yaml
sed -n '/^- /,$p' $D/departments/KT/state.yaml
$PT -d $D validate && echo valid
$PT -d $D history
