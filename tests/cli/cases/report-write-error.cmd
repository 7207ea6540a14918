# needs: root
# Issue 9: a failed write to standard output is an I/O error (74) with the
# system's message, for every command that prints (report said "out of
# memory", 71; check's findings hid it behind 1 and 2).
. ./lib.sh; sample_year
for c in "report h1" "report h1 --format json" "report annual --format html" \
	 "check --today 2026-12-30" "history" "list" "show II.1" "indicators" \
	 "help update" "export --format ics"; do
	# shellcheck disable=SC2086
	$PT -d $D $c >/dev/full; echo "$c: exit $?"
done
