# needs: root
. ./lib.sh; init_data
for args in "II.3" "II.3 --status finished" "II.3 --progress 101" "II.3 --progress 5x" "II.3 --status done --progress 50" "IX.9 --progress 1" "II.3 --dept XYZ --progress 1" "--progress 1"; do
	echo "## update $args"; $PT -d $D update $args 2>&1; echo "exit $?"
done
ls $D/departments/HCC
