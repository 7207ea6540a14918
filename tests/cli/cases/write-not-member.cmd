# needs: root nobody
# write as a user of no department (nobody, no groups): refused (77)
# whether or not a department or --commune is named, nothing written.
. ./lib.sh; init_data
chmod 755 $TMP
nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups faketime -f '2026-05-10 09:00:00' $PT -d $D "$@"; }
nobody write h1 I --text x; echo "exit $?"
nobody write h1 I --dept HCC --text x; echo "exit $?"
nobody write h1 I --commune --text x; echo "exit $?"
ls $D/departments/*/
