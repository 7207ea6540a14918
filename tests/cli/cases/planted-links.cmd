# needs: root
# Issue 10: a member replaced departments/KT/state.yaml by a link to a
# root-only file, and root's cron 'check' quoted it; the lock as a link,
# and departments/KT as a link, had root create files where they point.
# Nothing in the data directory is followed: refused, naming the path,
# quoting nothing of the target.
. ./lib.sh; init_data
at '2026-05-10 09:00:00' update I.1 --progress 10 >/dev/null
printf 'root:$y$j9T$0123456789abcdef:20000:0:99999:7:::\n' >$TMP/shadow
chmod 600 $TMP/shadow
cp -p $TMP/shadow $TMP/shadow.orig
mv $D/departments/KT/state.yaml $TMP/kt.yaml
ln -s $TMP/shadow $D/departments/KT/state.yaml
$PT -d $D check --today 2026-05-25; echo "check: exit $?"
$PT -d $D validate; echo "validate: exit $?"
$PT -d $D history; echo "history: exit $?"
$PT -d $D update I.1 --progress 20; echo "update: exit $?"
cmp $TMP/shadow $TMP/shadow.orig && echo "the linked file is unchanged"
# The lock as a link to a file that does not exist: not created.
rm $D/departments/KT/state.yaml $D/departments/KT/lock
mv $TMP/kt.yaml $D/departments/KT/state.yaml
ln -s $TMP/created-by-root $D/departments/KT/lock
$PT -d $D update I.1 --progress 20; echo "update: exit $?"
ls $TMP/created-by-root 2>&1 | sed 's/.*created-by-root.*/not created/'
# departments/KT as a link to a directory elsewhere.
rm $D/departments/KT/lock
mv $D/departments/KT $TMP/elsewhere
ln -s $TMP/elsewhere $D/departments/KT
$PT -d $D update I.1 --progress 20; echo "update: exit $?"
ls -A $TMP/elsewhere
