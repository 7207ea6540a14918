# needs: root
# The interface labels of show, list and indicators in both languages;
# the plan's own text stays as written.
. ./lib.sh; sample_year
for l in vi en; do
	echo "==== $l"
	$PT --lang $l -d $D show I.1
	$PT --lang $l -d $D show III.2
	$PT --lang $l -d $D list --group II
	$PT --lang $l -d $D indicators | sed -n 1,2p
done
