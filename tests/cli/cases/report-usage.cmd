$PT -d ../../data report; echo "exit $?"
$PT -d ../../data report q3; echo "exit $?"
$PT -d ../../data report h1 annual; echo "exit $?"
$PT -d ../../data report h1 --as-of 2026-02-30; echo "exit $?"
# DD/MM/YYYY is the same day as YYYY-MM-DD.
$PT -d ../../data report h1 --as-of 20/05/2026 >$TMP/vn; echo "exit $?"
$PT -d ../../data report h1 --as-of 2026-05-20 >$TMP/iso
cmp $TMP/vn $TMP/iso && echo "20/05/2026 = 2026-05-20"
$PT -d ../../data report h1 --format pdf; echo "exit $?"
$PT -d ../../data report h1 --bom; echo "exit $?"
$PT -d ../../data report h1 --format json --bom; echo "exit $?"
$PT -d ../../data report h1 --dept XYZ; echo "exit $?"
$PT -d ../../data report h1 --frobnicate; echo "exit $?"
$PT -d ../../data report h1 -o; echo "exit $?"
$PT -d ../../data report h1 -o ''; echo "exit $?"
$PT -d $TMP/nothing report h1; echo "exit $?"
$PT help report
