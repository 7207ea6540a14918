# needs: root
. ./lib.sh; init_data
printf "format: 1\ndepartment: HCC\nentries:\n- type: task\n  at: yesterday\n" > $D/departments/HCC/state.yaml
cp $D/departments/HCC/state.yaml $TMP/before
$PT -d $D update II.3 --progress 5; rc=$?
cmp $D/departments/HCC/state.yaml $TMP/before && echo unchanged
exit $rc
