# A FIFO, a directory or a device where a state file should be: refused
# before anything is read; a FIFO never makes a reader or writer wait.
. ./lib.sh; init_data
mkfifo $D/departments/HCC/state.yaml
mkdir $D/departments/KT/state.yaml
mkfifo $D/departments/DVC/lock
timeout 10 $PT -d $D validate; echo "validate: exit $?"
timeout 10 $PT -d $D update V.9 --dept DVC --progress 5; echo "update: exit $?"
