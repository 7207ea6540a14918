# needs: root
# check takes no lock: it answers at once while writers hold every department's
# lock (a writer would wait for them, then give up with exit 75).
. ./lib.sh; init_data
at_fixture '2026-05-19 11:00:00' submit --period h1 --dept HCC
exec 5>>"$D/departments/KT/lock" 6>>"$D/departments/HCC/lock" \
	7>>"$D/departments/VHXH/lock" 8>>"$D/departments/DVC/lock"
flock -x 5 && flock -x 6 && flock -x 7 && flock -x 8
timeout 5 $PT -d "$D" check --today 2026-05-21 --dept VHXH; echo "exit $?"
PLANTRACK_LOCK_TIMEOUT=0 at '2026-05-21 10:00:00' submit --period h1 --dept VHXH 2>/dev/null; echo "writer: exit $?"
exec 5>&- 6>&- 7>&- 8>&-
