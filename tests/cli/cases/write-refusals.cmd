# needs: root
# What write refuses, saying what and where, writing nothing: a missing
# or unknown period or section, the text given twice or not at all (no
# editor off a terminal), control characters and bidi overrides, a text
# over the limit (32 KiB), an empty or missing file; a user of several
# departments must say which; only the consolidating department writes
# the commune's text. (A user of no department: write-not-member.)
. ./lib.sh; init_data
at '2026-05-10 09:00:00' write; echo "exit $?"
at '2026-05-10 09:00:00' write h1; echo "exit $?"
at '2026-05-10 09:00:00' write q3 I --dept HCC --text x; echo "exit $?"
at '2026-05-10 09:00:00' write h1 II --dept HCC --text x; echo "exit $?"
at '2026-05-10 09:00:00' write h1 I extra --dept HCC --text x; echo "exit $?"
at '2026-05-10 09:00:00' write h1 I --dept HCC --text x --file $TMP/a.txt; echo "exit $?"
at '2026-05-10 09:00:00' write h1 I --dept HCC </dev/null; echo "exit $?"
at '2026-05-10 09:00:00' write h1 I --dept HCC --text "$(printf 'Word \302\223cp1252\302\224')"; echo "exit $?"
at '2026-05-10 09:00:00' write h1 I --dept HCC --text "$(printf 'dòng 1\n\ndòng 2 \342\200\256đảo')"; echo "exit $?"
python3 -c 'print("Quán triệt. " * 3000)' >$TMP/long.txt
at '2026-05-10 09:00:00' write h1 I --dept HCC --file $TMP/long.txt; echo "exit $?"
printf '\n  \n\n' >$TMP/blank.txt
at '2026-05-10 09:00:00' write h1 I --dept HCC --file $TMP/blank.txt; echo "exit $?"
at '2026-05-10 09:00:00' write h1 I --dept HCC - </dev/null; echo "exit $?"
at '2026-05-10 09:00:00' write h1 I --dept HCC --file $TMP/none.txt; echo "exit $?"
at '2026-05-10 09:00:00' write h1 I --dept XYZ --text x; echo "exit $?"
# root acts for every department.
at '2026-05-10 09:00:00' write h1 I --text x; echo "exit $?"
at '2026-05-10 09:00:00' write h1 I --dept HCC --commune --text x; echo "exit $?"
ls $D/departments/*/
