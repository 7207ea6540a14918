# needs: root
# Issue 9: text people paste. CRLF and CR become LF; C0 and C1 controls
# (curly quotes after a cp1252 mix-up are U+0093 and U+0094) and bidi
# overrides are refused with the character and where it is; nothing is
# written then.
. ./lib.sh; init_data
at '2026-03-02 08:00:00' update II.3 --result "$(printf 'Word \342\200\234nháy\342\200\235 \302\223cp1252\302\224')"; echo "exit $?"
at '2026-03-02 08:00:00' update II.3 --difficulty "$(printf 'dòng 1\ndòng 2 \342\200\256đảo chiều')"; echo "exit $?"
at '2026-03-02 08:00:00' update II.3 --proposal "$(printf 'chuông \007')"; echo "exit $?"
at '2026-03-02 08:00:00' update II.3 --result "$(printf 'xấu \377')"; echo "exit $?"
ls $D/departments/HCC
at '2026-03-02 08:00:00' update II.3 --result "$(printf 'Từ Word:\r\ndòng 2\r\ndòng 3\rdòng 4')"; echo "exit $?"
printf 'Tệp của Windows\r\nvới hai dòng\r\n' >$TMP/word.txt
at '2026-03-02 08:01:00' update II.3 --difficulty-file $TMP/word.txt; echo "exit $?"
printf 'Từ đầu vào chuẩn\n' | at '2026-03-02 08:02:00' update II.3 --proposal-file -; echo "exit $?"
at '2026-03-02 08:03:00' update II.3 --proposal-file $TMP/none.txt; echo "exit $?"
at '2026-03-02 08:03:00' update II.3 --result-file - --proposal-file - </dev/null; echo "exit $?"
sed -n '/^- /,$p' $D/departments/HCC/state.yaml
$PT -d $D validate && echo valid
