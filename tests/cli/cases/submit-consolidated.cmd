# needs: root
# Issue 12 item 5: submit --consolidated lists the departments that have
# not submitted and refuses (exit 64, nothing written) without --force; on a
# terminal it asks instead, "no" by default. With every report in, it
# goes without a word.
. ./lib.sh; init_data
at_fixture '2026-05-19 09:00:00' submit --period h1 --dept HCC
at_fixture '2026-05-19 09:00:00' submit --period h1 --dept KT
cp $D/departments/KT/state.yaml $TMP/kt.before
echo "== not on a terminal, without --force"
at '2026-05-21 09:00:00' submit --period h1 --consolidated; echo "exit $?"
cmp -s $TMP/kt.before $D/departments/KT/state.yaml && echo "KT's file unchanged"
echo "== on a terminal: Enter is no"
python3 fixtures/tty.py --input '\n' faketime -f '2026-05-21 09:00:00' $PT -d $D submit --period h1 --consolidated; echo "exit $?"
python3 fixtures/tty.py --input 'không\n' faketime -f '2026-05-21 09:00:00' $PT -d $D submit --period h1 --consolidated; echo "exit $?"
cmp -s $TMP/kt.before $D/departments/KT/state.yaml && echo "KT's file unchanged"
echo "== on a terminal: yes"
python3 fixtures/tty.py --input 'c\n' faketime -f '2026-05-21 09:00:00' $PT -d $D submit --period h1 --consolidated; echo "exit $?"
echo "== --force, for the annual report"
at '2026-11-20 09:00:00' submit --period annual --consolidated --force; echo "exit $?"
echo "== --force alone"
at '2026-11-20 09:00:00' submit --period annual --dept HCC --force; echo "exit $?"
echo "== every report in: no question"
D=$TMP/all; init_data
for d in KT HCC VHXH DVC; do at_fixture '2026-05-19 09:00:00' submit --period h1 --dept $d; done
python3 fixtures/tty.py faketime -f '2026-05-20 09:00:00' $PT -d $D submit --period h1 --consolidated; echo "exit $?"
echo "== in English"
D=$TMP/d
at '2026-11-20 10:00:00' --lang en submit --period annual --consolidated; echo "exit $?"
