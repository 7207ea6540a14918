# help for check and export; the internal __complete is in no list.
$PT help check
$PT help export
$PT help | grep __complete; echo "listed: $?"
