# Issue 10: -o to a device, a FIFO or a link replaced it by a regular file
# (as root, -o /dev/null replaced the system's /dev/null). Now only a
# regular file or a new name is replaced; anything else is written to.
ln -s /dev/null $TMP/null
$PT -d ../../data report h1 --as-of 2026-05-20 -o $TMP/null; echo "exit $?"
test -L $TMP/null && echo "the link to /dev/null is still a link"
ls -l /dev/null | cut -c1
# /dev/stdout is a link to /proc/self/fd/1: the report goes to standard output.
$PT -d ../../data report h1 --as-of 2026-05-20 --format csv -o /dev/stdout >$TMP/so.csv; echo "exit $?"
head -1 $TMP/so.csv
ln -s /dev/stdout $TMP/out-link
$PT -d ../../data report h1 --as-of 2026-05-20 --format csv -o $TMP/out-link | cmp - $TMP/so.csv && echo "a link to /dev/stdout: the same"
rm $TMP/so.csv
# A FIFO someone reads gets the report, and stays a FIFO.
mkfifo $TMP/fifo
cat $TMP/fifo >$TMP/from-fifo &
$PT -d ../../data report h1 --as-of 2026-05-20 --format csv -o $TMP/fifo; echo "exit $?"
wait
test -p $TMP/fifo && echo "the FIFO is still a FIFO"
$PT -d ../../data report h1 --as-of 2026-05-20 --format csv | cmp - $TMP/from-fifo && echo "its reader got the whole report"
rm $TMP/from-fifo
# A link to a regular file: written through, the link kept.
echo old >$TMP/target; ln -s target $TMP/link
$PT -d ../../data report h1 --as-of 2026-05-20 --format csv -o $TMP/link; echo "exit $?"
test -L $TMP/link && head -1 $TMP/target
ls -A $TMP
