# needs: root
# The annual period, h1 all submitted on time. Stale counts from the end of h1's
# department deadline day (20/05/2026): updates on that day are before it; a
# department that has submitted the annual report is no longer stale. KT and HCC
# submit early, VHXH on the deadline day at 23:59, DVC late; the consolidated
# report goes on 19/11, before its deadline.
. ./lib.sh; init_data
for d in KT HCC VHXH DVC; do at_fixture '2026-05-19 09:00:00' submit --period h1 --dept $d; done
at '2026-05-20 23:00:00' update I.1 --dept KT --progress 40 >/dev/null
at '2026-05-21 00:00:00' update III.1 --status in_progress >/dev/null
at '2026-05-21 09:00:00' submit --period h1 --consolidated >/dev/null
at '2026-06-15 10:00:00' update II.1 --status in_progress --progress 50 >/dev/null
at '2026-09-01 10:00:00' update II.2 --status done >/dev/null
for d in KT HCC; do at_fixture '2026-11-12 09:00:00' submit --period annual --dept $d; done
at_fixture '2026-11-15 23:59:00' submit --period annual --dept VHXH
at_fixture '2026-11-17 08:00:00' submit --period annual --dept DVC
at '2026-11-19 08:00:00' submit --period annual --consolidated >/dev/null
for day in 2026-11-07 2026-11-08 2026-11-12 2026-11-15 2026-11-16 2026-11-17 \
	   2026-11-19 2026-11-21; do
	echo "== $day"
	$PT -d "$D" check --today "$day"
	echo "exit $?"
done
