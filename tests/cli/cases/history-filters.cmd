# needs: root
. ./lib.sh; sample_year
echo "## I.1"; $PT -d $D history i.1
echo "## --dept HCC --since 2026-05-01"; $PT -d $D history --dept HCC --since 2026-05-01
echo "## --since bad"; $PT -d $D history --since 2026-13-01; echo "exit $?"
echo "## empty"; $PT -d $D history III.2; echo "exit $?"
