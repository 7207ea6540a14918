# needs: root
# The interface labels of show, list and indicators in both languages;
# the plan's own text stays as written.
. ./lib.sh; sample_year
for l in vi en; do
	echo "==== $l"
	at '2026-06-01 09:00:00' --lang $l show I.1
	at '2026-06-01 09:00:00' --lang $l show III.2
	$PT --lang $l -d $D list --group II
	$PT --lang $l -d $D indicators | sed -n 1,2p
done
