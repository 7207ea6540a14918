# needs: root
. ./lib.sh; init_data
$PT -d $D update II.3 --result "$(printf "bad \\377 byte")"; echo "exit $?"
$PT -d $D update II.3 --result "$(printf "tab\\tok, bell \\007 not")"; echo "exit $?"
ls $D/departments/HCC
