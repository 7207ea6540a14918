# needs: root
. ./lib.sh; init_data
at "2026-05-18 16:00:00" indicator set 1 --period h1 --value 98,5 --note "Hệ thống một cửa"
at "2026-05-19 16:00:00" indicator set 1 --period h1 --value 99
at "2026-05-19 16:00:00" indicator set 2 --period annual --value 81.25
for args in "1 --period h1" "1 --period q3 --value 5" "7 --period h1 --value 5" "1 --period h1 --value 101" "1 --period h1 --value abc" "get 1" ""; do
	echo "## indicator set $args"; $PT -d $D indicator set $args 2>&1; echo "exit $?"
done
$PT -d $D indicator 2>&1; echo "exit $?"
$PT -d $D history --format json | python3 -c "import json,sys; [print(e[\"indicator\"], e[\"period\"], e[\"changes\"], e[\"note\"]) for e in json.load(sys.stdin)[\"entries\"]]"
