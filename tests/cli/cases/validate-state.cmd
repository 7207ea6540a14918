# needs: root
. ./lib.sh; sample_year
$PT -d $D validate && echo valid
printf "format: 1\ndepartment: KT\nentries:\n- type: task\n  at: 2026-01-01T00:00:00+07:00\n  user: x\n  uid: 1\n  task: II.3\n  role: lead\n  progress: 5\n" > $D/departments/KT/state.yaml
$PT -d $D validate
