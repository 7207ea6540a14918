# export's usage errors: the format is required and must be ics.
$PT -d ../../data export; echo "exit $?"
$PT -d ../../data export --format csv; echo "exit $?"
$PT -d ../../data export --format ics --dept XYZ; echo "exit $?"
$PT -d ../../data export --format ics 2026; echo "exit $?"
$PT -d "$TMP/nowhere" export --format ics; echo "exit $?"
