# needs: root
# A character device (mknod: root only) is written to, never replaced.
mknod $TMP/null c 1 3
$PT -d ../../data report h1 --as-of 2026-05-20 -o $TMP/null; echo "exit $?"
test -c $TMP/null && echo "still a character device"
ls -A $TMP
