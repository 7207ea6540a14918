# needs: root
. ./lib.sh; sample_year
$PT -d $D history
