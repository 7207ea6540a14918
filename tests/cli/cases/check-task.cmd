# needs: root
# A dated task, not done and then done: the bundled plan with III.2 (led by KT)
# due 31/10/2026 instead of 31/12/2026, inside the plan year. KT's department
# reports and the h1 consolidated report are in, so only the task speaks.
# --within changes the window. Checks run on a clock after the last record (the
# loader refuses entries from the future), whatever day they check.
. ./lib.sh
sed 's/^      date: 2026-12-31$/      date: 2026-10-31/' ../../data/plan.yaml >"$TMP/plan.yaml"
$PT -d "$D" init --plan "$TMP/plan.yaml" >/dev/null 2>&1
for p in h1 annual; do
	at_fixture "2026-05-19 09:00:00" submit --period $p --dept KT
done
at_fixture "2026-05-19 09:00:00" submit --period h1 --consolidated --force
at '2026-10-01 09:00:00' update III.2 --status in_progress --progress 60 >/dev/null
for day in 2026-10-23 2026-10-24 2026-10-31 2026-11-02; do
	echo "== $day"
	at "2027-03-02 08:00:00" check --today "$day" --dept KT
	echo "exit $?"
done
echo "== 2026-10-01 --within 30"
at "2027-03-02 08:00:00" check --today 2026-10-01 --within 30 --dept KT; echo "exit $?"
echo "== 2026-10-31 --within 0"
at "2027-03-02 08:00:00" check --today 2026-10-31 --within 0 --dept KT; echo "exit $?"
at '2026-11-03 10:00:00' update III.2 --status done >/dev/null
for day in 2026-11-02 2026-11-03 2026-11-10; do
	echo "== $day, done on 03/11/2026"
	at "2027-03-02 08:00:00" check --today "$day" --dept KT
	echo "exit $?"
done
