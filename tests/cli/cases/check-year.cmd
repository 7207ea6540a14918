# check through the year on a data directory where nothing was recorded: before,
# on and after each deadline (h1: departments 20/05, consolidated 21/05; annual:
# 15/11 and 20/11; task III.2: 31/12/2026). Exit 0 nothing, 1 warnings, 2 overdue.
# h1's reports stop once the annual deadlines have passed (16/11, 21/11), the
# annual ones and III.2 when the plan year is over (docs/cron.md); every day is
# replayed by tests/system/check-year.sh.
. ./lib.sh; init_data
for day in 2026-05-10 2026-05-12 2026-05-13 2026-05-20 2026-05-21 2026-05-22 \
	   2026-11-07 2026-11-08 2026-11-16 2026-11-21 2026-12-23 2026-12-25 \
	   2026-12-31 2027-01-02 2027-06-01; do
	echo "== $day"
	$PT -d "$D" check --today "$day"
	echo "exit $?"
done
