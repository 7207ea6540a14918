# check's usage errors (64), a missing data directory (66), a bad state file
# (65, after the other departments' findings and a notice that KT's are missing).
. ./lib.sh; init_data
$PT -d "$D" check --today 2026-5-20; echo "exit $?"
$PT -d "$D" check --today 2026-02-30; echo "exit $?"
$PT -d "$D" check --within -1; echo "exit $?"
$PT -d "$D" check --within soon; echo "exit $?"
$PT -d "$D" check --dept XYZ; echo "exit $?"
$PT -d "$D" check --format xml; echo "exit $?"
$PT -d "$D" check today; echo "exit $?"
$PT -d "$D" check --today; echo "exit $?"
$PT -d "$TMP/nowhere" check --today 2026-05-20; echo "exit $?"
printf 'format: 1\ndepartment: KT\nentries: [\n' >"$D/departments/KT/state.yaml"
$PT -d "$D" check --today 2026-05-20 --dept HCC; echo "exit $?"
