# needs: root
# Issue 12 item 4: on a narrow terminal list wraps rather than cutting the
# task to a handful of columns: the other columns wrap too (never below
# their longest word) so that the task keeps a third of the width; a
# colour a wrap splits ends with each line. --wide, and output that is not
# a terminal, print each row on one line. The terminals are ptys of given
# widths (fixtures/tty.py).
. ./lib.sh; sample_year
on() { cols=$1; shift; python3 fixtures/tty.py --cols "$cols" faketime -f '2026-06-01 09:00:00' $PT -d $D "$@"; }
echo "== 80 columns"
NO_COLOR=1 on 80 list --dept KT --group V
echo "== 60 columns, with colour"
on 60 list --group II | sed -n 1,12p | sed 's/\x1b/<ESC>/g'
echo "== 40 columns: the narrowest words decide"
NO_COLOR=1 on 40 list --group III
echo "== --wide: one line each"
NO_COLOR=1 on 80 list --group III --wide
echo "== not a terminal: one line each"
faketime -f '2026-06-01 09:00:00' $PT -d $D list --group III
echo "== todo on 80 columns"
NO_COLOR=1 on 80 todo --dept VHXH
echo "== show on 60 columns"
NO_COLOR=1 on 60 show I.1
