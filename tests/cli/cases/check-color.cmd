# Colour only on a terminal (script(1) gives one), only the severity, never with
# NO_COLOR or --color=never; --color (=always) forces it into a pipe.
. ./lib.sh; init_data
run_tty() { script -qec "$*" /dev/null | tr -d '\r'; }
run_tty "$PT -d $D check --today 2026-05-21 --dept KT" | sed "s/\x1b/<ESC>/g"
echo "== NO_COLOR"
NO_COLOR=1 run_tty "$PT -d $D check --today 2026-05-21 --dept KT" | sed "s/\x1b/<ESC>/g"
echo "== NO_COLOR empty"
NO_COLOR= run_tty "$PT -d $D check --today 2026-05-21 --dept KT" | sed "s/\x1b/<ESC>/g"
echo "== --color=never"
run_tty "$PT -d $D --color=never check --today 2026-05-21 --dept KT" | sed "s/\x1b/<ESC>/g"
echo "== pipe"
$PT -d "$D" check --today 2026-05-21 --dept KT | sed "s/\x1b/<ESC>/g"
echo "== --color, pipe, NO_COLOR"
NO_COLOR=1 $PT -d "$D" --color check --today 2026-05-21 --dept KT | sed "s/\x1b/<ESC>/g"
echo "== --color=auto, pipe"
$PT -d "$D" --color=auto check --today 2026-05-21 --dept KT | sed "s/\x1b/<ESC>/g"
echo "== --color=sometimes"
$PT -d "$D" --color=sometimes check; echo "exit $?"
