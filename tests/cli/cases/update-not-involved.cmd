# needs: root
. ./lib.sh; init_data
$PT -d $D update II.3 --dept KT --status done
