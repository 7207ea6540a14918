# needs: root
# The dated task III.2 (31/12/2026, led by KT), not done and then done; KT's
# reports are all in, so only the task speaks. --within changes the window.
# Checks run on a clock after the last record (the loader refuses entries
# from the future), whatever day they check.
. ./lib.sh; init_data
for p in h1 annual; do
	at_fixture "2026-05-19 09:00:00" submit --period $p --dept KT
	at_fixture "2026-05-19 09:00:00" submit --period $p --consolidated --force
done
at '2026-12-01 09:00:00' update III.2 --status in_progress --progress 60 >/dev/null
for day in 2026-12-23 2026-12-24 2026-12-31 2027-01-02; do
	echo "== $day"
	at "2027-03-02 08:00:00" check --today "$day" --dept KT
	echo "exit $?"
done
echo "== 2026-12-01 --within 30"
at "2027-03-02 08:00:00" check --today 2026-12-01 --within 30 --dept KT; echo "exit $?"
echo "== 2026-12-31 --within 0"
at "2027-03-02 08:00:00" check --today 2026-12-31 --within 0 --dept KT; echo "exit $?"
at '2027-01-03 10:00:00' update III.2 --status done >/dev/null
for day in 2027-01-02 2027-01-03 2027-03-01; do
	echo "== $day, done on 03/01/2027"
	at "2027-03-02 08:00:00" check --today "$day" --dept KT
	echo "exit $?"
done
