# export --format ics: every deadline of the plan, parsed back (CRLF, lines of at
# most 75 octets folded between characters, nesting, required properties, unique
# UIDs, all-day dates, alarms); one department's calendar is a subset of it.
$PT -d ../../data export --format ics >"$TMP/all.ics"; echo "exit $?"
python3 ../ics/parse.py "$TMP/all.ics"
$PT -d ../../data export --format ics --dept HCC | python3 ../ics/parse.py -
grep -c '^BEGIN:VALARM' "$TMP/all.ics"
LC_ALL=C awk '{ if (length($0) > m) m = length($0) } END { print "longest line:", m, "octets with the CR" }' "$TMP/all.ics"
