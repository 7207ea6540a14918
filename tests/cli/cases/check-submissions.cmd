# needs: root
# check around h1 with the sample year's records: HCC submitted on 19/05, KT a day
# late on 21/05 15:00 and the consolidated report on 21/05 16:00; VHXH and DVC
# never: from 21/05 they are no longer reminded (the consolidated report records
# them as missing). --today in the past ignores what was recorded after that day;
# only the leads that updated a task this year are not stale.
. ./lib.sh; sample_year
for day in 2026-05-13 2026-05-19 2026-05-20 2026-05-21 2026-05-22; do
	echo "== $day"
	$PT -d "$D" check --today "$day"
	echo "exit $?"
done
echo "== 2026-05-21, KT only"
$PT -d "$D" check --today 2026-05-21 --dept KT; echo "exit $?"
echo "== 2026-05-20, KT only"
$PT -d "$D" check --today 2026-05-20 --dept "Phòng Kinh tế"; echo "exit $?"
