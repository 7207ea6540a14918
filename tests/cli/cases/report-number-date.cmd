# The văn thư's number and date (Nghị định 30: numbers and days below 10 and
# the months 1 and 2 with a leading zero), blanks without them; the year of
# the blank date is the year the report is due.
$PT -d ../../data report h1 --as-of 2026-05-20 --number 5 --date 2026-02-03 | sed -n '1,4p'
$PT -d ../../data report h1 --as-of 2026-05-20 --number 5 --date 2026-02-03 | grep 'Kèm theo'
$PT -d ../../data report annual --as-of 2026-11-20 --number 45 --date 2026-11-20 --format md | sed -n '3p'
$PT -d ../../data report annual --as-of 2026-11-20 --dept VHXH --number 12 --format md | sed -n '3p'
$PT -d ../../data report annual --as-of 2026-11-20 --format md | sed -n '3p'
$PT -d ../../data report annual --as-of 2026-11-20 --format md | grep 'Kèm theo'
