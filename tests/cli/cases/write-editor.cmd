# needs: root
# The text from the user's editor, on a terminal (script(1) gives
# plantrack one; the editor is tests/cli/fixtures/editor.sh). The template
# shows the section, whose report it is, what it should say, for section I
# the duties that concern the department, and the current text to correct;
# '#' lines are left out. A text left unchanged or emptied records nothing
# and says so. A text that cannot be recorded (a control character, or
# another write of the section while the editor was open) is kept in a
# file, which --file then records.
. ./lib.sh; init_data
cp fixtures/editor.sh $TMP/editor.sh
export EDITOR=$TMP/editor.sh KEEP_TEMPLATE=$TMP/template TMPDIR=$TMP/tmp
mkdir -p $TMP/tmp
tty() {
	script -qec "faketime -f '$1' $PT -d $D $2" /dev/null >$TMP/o 2>&1; rc=$?
	tr -d '\r' <$TMP/o | sed 's/plantrack-section-[A-Za-z0-9]*/plantrack-section-XXXXXX/g'
	echo "exit $rc"
}
echo "== a new text"
EDIT="add Đã quán triệt Nghị quyết cho 25 cán bộ." tty '2026-05-10 09:00:00' "write h1 I --dept DVC"
cat $TMP/template
echo "== a correction: the template starts with the current text"
EDIT="replace 25 27" tty '2026-05-11 09:00:00' "write h1 I --dept DVC"
head -3 $TMP/template
echo "== unchanged, then emptied"
EDIT="replace nothing-to-replace x" tty '2026-05-11 10:00:00' "write h1 I --dept DVC"
EDIT="empty" tty '2026-05-11 10:00:00' "write h1 I --dept DVC"
echo "== the commune's text: no duties of one department, all of them"
EDIT="add Xã đã ban hành Kế hoạch." tty '2026-05-11 11:00:00' "write h1 direction --commune"
sed -n '3,4p' $TMP/template
echo "== refused, kept"
EDIT="bytes" tty '2026-05-12 09:00:00' "write h1 III.2 --dept HCC"
cat -A $TMP/tmp/plantrack-section-*.txt
rm -f $TMP/tmp/plantrack-section-*.txt
echo "== changed meanwhile: kept, then recorded from the file"
RACE="$PT -d $D write h1 I --dept DVC --text Của_đồng_nghiệp" \
EDIT="race Bản của tôi." tty '2026-05-12 10:00:00' "write h1 I --dept DVC"
f=$(ls $TMP/tmp/plantrack-section-*.txt)
at '2026-05-12 10:05:00' write h1 direction --dept DVC --file $f; echo "exit $?"
rm -f $f
echo "== the editor fails"
EDIT="fail" tty '2026-05-12 11:00:00' "write h1 IV --dept HCC"
ls $TMP/tmp	# nothing left behind
$PT -d $D history
