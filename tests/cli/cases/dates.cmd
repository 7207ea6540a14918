# needs: root
# Dates as people type them: DD/MM/YYYY (also D/M/YYYY) or YYYY-MM-DD.
. ./lib.sh; sample_year
$PT -d $D check --today 20/05/2026 >$TMP/a; echo "check 20/05/2026: exit $?"
$PT -d $D check --today 2026-05-20 >$TMP/b
cmp $TMP/a $TMP/b && echo "same as 2026-05-20: $(wc -l <$TMP/a) findings"
$PT -d $D history --since 1/5/2026 >$TMP/a
$PT -d $D history --since 2026-05-01 >$TMP/b
cmp $TMP/a $TMP/b && echo "history --since 1/5/2026 = 2026-05-01: $(wc -l <$TMP/a) lines"
$PT -d $D report h1 --as-of 19/5/2026 --format json >$TMP/a
$PT -d $D report h1 --as-of 2026-05-19 --format json >$TMP/b
cmp $TMP/a $TMP/b && echo "report --as-of 19/5/2026 = 2026-05-19"
for d in 31/04/2026 29/02/2026 20/05/26 20-05-2026 2026/05/20 2026-5-20 "20/05/2026 "; do
	$PT -d $D check --today "$d"; echo "exit $?"
done
$PT --lang en -d $D history --since 32/1/2026; echo "exit $?"
