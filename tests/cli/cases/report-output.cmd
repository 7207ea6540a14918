# -o FILE: the whole report in one atomic rename; nothing on standard output.
mkdir $TMP/out
$PT -d ../../data report h1 --as-of 2026-05-20 -o $TMP/out/r.txt; echo "exit $?"
$PT -d ../../data report h1 --as-of 2026-05-20 | cmp - $TMP/out/r.txt && echo "file = standard output"
stat -c '%a %n' $TMP/out/r.txt
# Replacing a file is a rename: a hard link to the old one keeps the old bytes.
echo old >$TMP/out/r.md; ln $TMP/out/r.md $TMP/out/old-link
$PT -d ../../data report h1 --as-of 2026-05-20 --format md -o $TMP/out/r.md; echo "exit $?"
cat $TMP/out/old-link; head -1 $TMP/out/r.md
ls -A $TMP/out
# -o - is standard output.
$PT -d ../../data report h1 --as-of 2026-05-20 --format csv -o - | head -1
# Failures write nothing and leave no temporary file.
$PT -d ../../data report h1 --as-of 2026-05-20 -o /nonexistent/dir/x; echo "exit $?"
$PT -d ../../data report h1 --as-of 2026-05-20 -o $TMP/out; echo "exit $?"
ls -A $TMP $TMP/out
