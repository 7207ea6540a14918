# needs: root
# The writer keeps the history in order when the clock was set back a
# little (within the 10 minutes the loader allows): the new entry takes
# the time of the last one. Further back, the last entry is from the
# future and nothing is written over it until the clock catches up.
. ./lib.sh; init_data
at '2026-05-25 09:00:00' update III.2 --progress 10 >/dev/null
at '2026-05-25 08:55:00' update III.2 --progress 20 >/dev/null
grep '  at:' $D/departments/KT/state.yaml
at '2026-05-25 08:00:00' update III.2 --progress 30; echo "exit $?"
at '2026-05-25 09:10:00' update III.2 --progress 30 >/dev/null; echo "exit $?"
grep '  at:' $D/departments/KT/state.yaml
