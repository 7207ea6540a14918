# export --format ics --dept KT: KT's deadlines as iCalendar (shown with the CRs
# of its CRLF line ends taken out; parse.py checks them), the same bytes on every
# export, and parsed back strictly.
$PT -d ../../data export --format ics --dept KT >"$TMP/kt.ics"; echo "exit $?"
tr -d '\r' <"$TMP/kt.ics"
python3 ../ics/parse.py "$TMP/kt.ics"
$PT -d ../../data export --format ics --dept kt | cmp - "$TMP/kt.ics" && echo "same bytes"
