# needs: root
# Status colours in list and show (forced with --color into the pipe): done green,
# in progress yellow, nothing reported dim, a dated task past its deadline and
# not done bold red. Columns still line up; without --color not one escape.
. ./lib.sh; init_data
esc() { sed 's/\x1b/<ESC>/g'; }
at '2026-06-01 09:00:00' update III.1 --status in_progress --progress 30 >/dev/null
at '2026-06-01 09:00:00' update V.9 --dept DVC --status done >/dev/null
at '2026-06-01 09:00:00' update V.9 --dept KT --progress 50 >/dev/null
at '2026-12-20 09:00:00' --color list --group III | esc
at '2026-12-20 09:00:00' --color list --group V | grep '^V\.9 ' | esc
echo "== after 31/12/2026"
at '2027-01-05 09:00:00' --color list --group III | esc
at '2027-01-05 09:00:00' --color show III.2 | grep 'Tiến độ' | esc
at '2027-01-05 09:00:00' --color show III.1 | grep 'Tiến độ' | esc
echo "== done in time"
at '2026-12-30 09:00:00' update III.2 --status done >/dev/null
at '2027-01-05 09:00:00' --color list --group III | esc
echo "== no colour into a pipe"
at '2027-01-05 09:00:00' list --group III | tr -cd '\033' | wc -c
