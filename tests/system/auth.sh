#!/bin/sh
# auth.sh: departments are kept apart by Unix groups, both by plantrack
# (exit 77) and by the file system.
#
# usage: sh tests/system/auth.sh BINARY
#
# Needs root, groupadd/useradd/userdel/groupdel and runuser; skipped
# otherwise. Creates groups pttest-kt, pttest-hcc, pttest-vhxh, pttest-dvc
# and users pttest_kt, pttest_hcc, pttest_vhxh (one department each),
# pttest_none (none) and pttest_two (KT and VHXH); refuses to run (skip) if
# any of these names exists already, and removes exactly what it created at
# exit, also after a failure or a signal. The plan is data/plan.yaml with
# the departments' groups renamed plantrack-* -> pttest-*.
#
# Checks:
#   init: departments/CODE is root:pttest-code, mode 2775; the data
#     directory and departments/ 0755; plan.yaml 0644.
#   pttest_kt records on its task I.1 (with umask 077): state.yaml and lock
#     are 0664 (lock 0660), group pttest-kt.
#   pttest_vhxh: `update I.1 --status in_progress` (KT leads I.1) -> 77, and
#     the message names the user, the department and the task; the same
#     with --dept KT (names group pttest-kt) and --dept VHXH; KT's
#     state.yaml unchanged. With the shell: appending to KT's state.yaml,
#     creating a file in departments/KT, removing KT's state.yaml are all
#     refused by the file system. `update I.1 --result` (VHXH coordinates
#     I.1 as one of "all departments") -> 0, recorded in VHXH's own
#     state.yaml as a coordinating note; KT's untouched.
#   pttest_hcc `indicator set 1 --period h1 --value 97,5` -> 0 (HCC monitors
#     indicator 1), value 97.5; pttest_kt the same -> 77.
#   pttest_none `update` -> 77 naming the user; reading (list, history,
#     show) works for everyone.
#   pttest_two `update I.1 --status done` -> 0 for KT (the lead);
#     `update II.7 --result` -> VHXH (lead of II.7); `--dept VHXH --status`
#     on I.1 -> 77; `submit --period h1` and `update V.9` (KT and VHXH
#     both lead it) without --dept -> 64 (ambiguous), naming the task.
#   pttest_kt `submit --period h1 --consolidated --force` -> 0; pttest_hcc -> 77.
#   `history --format json` (read by pttest_none) has exactly the entries
#     made, each with the right department, user and uid.
#   pttest_vhxh cannot take KT's lock with flock(1): the lock is 0660, so
#     only KT's members can hold it (and block KT's writers).
#   Every state.yaml a user wrote: 0664, every lock 0660, the department's group,
#     also after another user (with another primary group) replaced it;
#     nothing in DVC, which nobody wrote.
NAME=auth
. "$(dirname "$0")/lib.sh"
sys_init "$@"

[ "$(id -u)" -eq 0 ] || sys_skip "needs root (creates test users and groups)"
sys_need groupadd groupdel useradd userdel runuser getent stat
use_python

PT_GROUPS="pttest-kt pttest-hcc pttest-vhxh pttest-dvc"
PT_USERS="pttest_kt pttest_hcc pttest_vhxh pttest_none pttest_two"
for g in $PT_GROUPS; do
	getent group "$g" >/dev/null && sys_skip "group $g exists already (left by an earlier run? remove it with groupdel)"
done
for u in $PT_USERS; do
	getent passwd "$u" >/dev/null && sys_skip "user $u exists already (left by an earlier run? remove it with userdel)"
done

chmod 755 "$T"
# The clean-up is registered before each creation: a signal may interrupt
# groupadd/useradd after it made the entry. The names were free above, so
# whatever has them at exit is ours.
for g in $PT_GROUPS; do
	sys_on_exit "groupdel $g"
	groupadd "$g" || { fail "groupadd $g"; sys_finish; }
done
mkuser() {
	mu_u=$1
	shift
	sys_on_exit "userdel $mu_u"
	useradd -M -N -s /bin/sh "$@" "$mu_u" || { fail "useradd $mu_u"; sys_finish; }
}
mkuser pttest_kt -G pttest-kt
mkuser pttest_hcc -G pttest-hcc
mkuser pttest_vhxh -G pttest-vhxh
mkuser pttest_none
mkuser pttest_two -G pttest-kt,pttest-vhxh

# The users must be able to run the binary and read the plan wherever the
# tree is: copies in $T.
mkdir "$T/bin"
cp "$BIN" "$T/bin/plantrack" && chmod 755 "$T/bin" "$T/bin/plantrack"
B=$T/bin/plantrack
sed 's/^\( *group: \)plantrack-/\1pttest-/' "$PLAN" >"$T/plan.yaml"
n=$(grep -c '^ *group: pttest-' "$T/plan.yaml")
check "the test plan renames the 4 departments' groups (got $n)" [ "$n" -eq 4 ]
cd "$T" || exit 1

D=$T/data
run "$T/init" "$B" -d "$D" init --plan "$T/plan.yaml"
expect_rc 0 "init with the test plan"
check "init warns about no group: $(head -1 "$T/init.err")" [ ! -s "$T/init.err" ]

# mode_of FILE: "MODE USER GROUP" (octal mode without the file type).
mode_of() {
	stat -c '%a %U %G' "$1" 2>/dev/null
}
check "data directory is 755 root root ($(mode_of "$D"))" [ "$(mode_of "$D")" = "755 root root" ]
check "departments/ is 755 root root ($(mode_of "$D/departments"))" \
	[ "$(mode_of "$D/departments")" = "755 root root" ]
check "plan.yaml is 644 root root ($(mode_of "$D/plan.yaml"))" \
	[ "$(mode_of "$D/plan.yaml")" = "644 root root" ]
for c in KT HCC VHXH DVC; do
	g=pttest-$(echo "$c" | tr "[:upper:]" "[:lower:]")
	m=$(mode_of "$D/departments/$c")
	check "departments/$c is 2775 root $g ($m)" [ "$m" = "2775 root $g" ]
done

# as USER NAME ARGS...: plantrack -d $D ARGS as USER; output in
# $T/NAME.out and .err, exit status in $rc.
as() {
	as_u=$1 as_n=$2
	shift 2
	run "$T/$as_n" runuser -u "$as_u" -- "$B" -d "$D" "$@"
}
# file_is FILE MODE GROUP DESCRIPTION
file_is() {
	fi_m=$(stat -c '%a %G' "$1" 2>/dev/null)
	check "$4: $(basename "$(dirname "$1")")/$(basename "$1") is $2 $3 (${fi_m:-missing})" \
		[ "$fi_m" = "$2 $3" ]
}
KT=$D/departments/KT
VHXH=$D/departments/VHXH
HCC=$D/departments/HCC

# ---- pttest_kt starts KT's record, with a umask that would strip group w ----
run "$T/kt1" runuser -u pttest_kt -- sh -c 'umask 077; exec "$@"' sh \
	"$B" -d "$D" update I.1 --progress 10 --result "KT bắt đầu"
expect_rc 0 "pttest_kt updates its department's task I.1 (umask 077)"
file_is "$KT/state.yaml" 664 pttest-kt "written with umask 077"
file_is "$KT/lock" 660 pttest-kt "created with umask 077"
cp "$KT/state.yaml" "$T/kt.before"

# ---- pttest_vhxh and KT's task ----
as pttest_vhxh v1 update I.1 --status in_progress
expect_rc 77 "pttest_vhxh: update I.1 --status (KT leads) exits 77"
check "... message names the user: $(head -1 "$T/v1.err")" contains "$T/v1.err" pttest_vhxh
check "... message names the department" contains "$T/v1.err" VHXH
check "... message names the task" contains "$T/v1.err" I.1
check "... KT's state.yaml unchanged" cmp -s "$T/kt.before" "$KT/state.yaml"

as pttest_vhxh v2 update I.1 --dept KT --status in_progress
expect_rc 77 "pttest_vhxh: update I.1 --dept KT --status exits 77"
check "... message names user, department KT and its group: $(head -1 "$T/v2.err")" \
	grep -q 'pttest_vhxh.*KT.*pttest-kt' "$T/v2.err"
check "... message names the task" contains "$T/v2.err" I.1
check "... KT's state.yaml unchanged" cmp -s "$T/kt.before" "$KT/state.yaml"

as pttest_vhxh v3 update I.1 --dept VHXH --progress 50
expect_rc 77 "pttest_vhxh: update I.1 --dept VHXH --progress (coordinator) exits 77"
check "... message names user, department, task: $(head -1 "$T/v3.err")" \
	grep -q 'VHXH.*I\.1.*pttest_vhxh' "$T/v3.err"
check "... nothing written for VHXH" [ ! -e "$VHXH/state.yaml" ]

run "$T/sh1" runuser -u pttest_vhxh -- sh -c 'echo x >>"$1"' sh "$KT/state.yaml"
check "pttest_vhxh cannot append to KT's state.yaml with the shell (exit $rc)" [ "$rc" -ne 0 ]
check "... KT's state.yaml unchanged" cmp -s "$T/kt.before" "$KT/state.yaml"
run "$T/sh2" runuser -u pttest_vhxh -- sh -c ': >"$1"' sh "$KT/intruder"
check "pttest_vhxh cannot create a file in departments/KT (exit $rc)" [ "$rc" -ne 0 ]
check "... no file created" [ ! -e "$KT/intruder" ]
run "$T/sh3" runuser -u pttest_vhxh -- rm -f "$KT/state.yaml"
check "pttest_vhxh cannot remove KT's state.yaml (exit $rc)" [ -f "$KT/state.yaml" ]
run "$T/sh4" runuser -u pttest_vhxh -- sh -c 'echo x >>"$1"' sh "$KT/lock"
check "pttest_vhxh cannot write KT's lock file (exit $rc)" [ "$rc" -ne 0 ]
check "... the lock file stays empty" [ ! -s "$KT/lock" ]

# A lock anyone could open could be held by anyone, blocking every KT
# update (exit 75): the lock file is 0660, for KT's members only.
run "$T/sh5" runuser -u pttest_vhxh -- flock -n "$KT/lock" true
check "pttest_vhxh cannot take KT's lock (flock -n exit $rc; KT/lock is $(stat -c %a "$KT/lock"))" \
	[ "$rc" -ne 0 ]

as pttest_vhxh v4 update I.1 --result "VHXH đã gửi góp ý"
expect_rc 0 "pttest_vhxh: update I.1 --result (coordinating note) exits 0"
check "... reported as VHXH's coordinating note: $(head -1 "$T/v4.out")" \
	contains "$T/v4.out" "[VHXH, coordinating]"
check "... written in VHXH's own state.yaml" grep -qF "VHXH đã gửi góp ý" "$VHXH/state.yaml"
check "... as a coordinating entry" grep -q 'role: coordinating' "$VHXH/state.yaml"
check "... KT's state.yaml unchanged" cmp -s "$T/kt.before" "$KT/state.yaml"
file_is "$VHXH/state.yaml" 664 pttest-vhxh "written by pttest_vhxh"
file_is "$VHXH/lock" 660 pttest-vhxh "created by pttest_vhxh"

# ---- indicators ----
run "$T/h1" runuser -u pttest_hcc -- sh -c 'umask 027; exec "$@"' sh \
	"$B" -d "$D" indicator set 1 --period h1 --value 97,5
expect_rc 0 "pttest_hcc: indicator set 1 --period h1 --value 97,5 exits 0"
check "... HCC's state.yaml has value 97.5" grep -q 'value: 97.5' "$HCC/state.yaml"
file_is "$HCC/state.yaml" 664 pttest-hcc "written by pttest_hcc (umask 027)"
file_is "$HCC/lock" 660 pttest-hcc "created by pttest_hcc (umask 027)"
cp "$HCC/state.yaml" "$T/hcc.before"
as pttest_kt k2 indicator set 1 --period h1 --value 90
expect_rc 77 "pttest_kt: indicator set 1 (monitored by HCC) exits 77"
check "... message names the user and the indicator: $(head -1 "$T/k2.err")" \
	grep -q 'pttest_kt.*indicator 1\|indicator 1.*pttest_kt' "$T/k2.err"
check "... HCC's state.yaml unchanged" cmp -s "$T/hcc.before" "$HCC/state.yaml"

# ---- a user of no department ----
as pttest_none n1 update II.1 --result "không được"
expect_rc 77 "pttest_none: update II.1 exits 77"
check "... message names the user and the task: $(head -1 "$T/n1.err")" \
	grep -q 'pttest_none.*II\.1' "$T/n1.err"
as pttest_none n2 submit --period h1
expect_rc 77 "pttest_none: submit exits 77"
for cmd in list history "show I.1" validate; do
	# shellcheck disable=SC2086
	as pttest_none n3 $cmd
	expect_rc 0 "pttest_none may read: $cmd"
done
check "HCC's state.yaml unchanged by pttest_none" cmp -s "$T/hcc.before" "$HCC/state.yaml"

# ---- a user of two departments ----
# (KT's --progress 10 above has already made I.1 "in progress".)
as pttest_two t1 update I.1 --status done
expect_rc 0 "pttest_two (KT, VHXH): update I.1 --status exits 0"
check "... for KT, the lead: $(head -1 "$T/t1.out")" contains "$T/t1.out" "I.1 [KT]"
check "... in KT's state.yaml" grep -q 'user: pttest_two' "$KT/state.yaml"
file_is "$KT/state.yaml" 664 pttest-kt "replaced by pttest_two (primary group users)"
as pttest_two t2 update I.1 --dept VHXH --status "done"
expect_rc 77 "pttest_two: update I.1 --dept VHXH --status exits 77"
as pttest_two t3 update II.7 --result "VHXH chủ trì II.7"
expect_rc 0 "pttest_two: update II.7 --result exits 0"
check "... for VHXH, the lead of II.7: $(head -1 "$T/t3.out")" contains "$T/t3.out" "II.7 [VHXH]"
as pttest_two t4 submit --period h1
expect_rc 64 "pttest_two: submit without --dept is ambiguous (exit 64)"
check "... and asks for --dept" contains "$T/t4.err" "--dept"
as pttest_two t5 update V.9 --progress 10
expect_rc 64 "pttest_two: update V.9 (led by KT, DVC and VHXH) without --dept exits 64"
check "... naming the task and the two departments, nothing else: $(head -1 "$T/t5.err")" \
	grep -qx "plantrack: update: user pttest_two acts for several departments that could change task V.9 (KT, VHXH): say which with --dept CODE" "$T/t5.err"

# ---- reports ----
as pttest_kt s1 submit --period h1 --consolidated --force
expect_rc 0 "pttest_kt: submit --period h1 --consolidated --force exits 0"
cp "$HCC/state.yaml" "$T/hcc.before"
as pttest_hcc s2 submit --period h1 --consolidated
expect_rc 77 "pttest_hcc: submit --period h1 --consolidated exits 77"
check "... message names the user: $(head -1 "$T/s2.err")" contains "$T/s2.err" pttest_hcc
check "... HCC's state.yaml unchanged" cmp -s "$T/hcc.before" "$HCC/state.yaml"

# ---- what the files say ----
as pttest_none hist history --format json
expect_rc 0 "history --format json (read by pttest_none)"
{
	for u in $PT_USERS; do echo "$u $(id -u "$u")"; done
} >"$T/uids"
"$PY" - "$T/hist.out" "$T/uids" >"$T/verdicts" 2>&1 <<'EOF'
import json, sys
uids = dict(l.split() for l in open(sys.argv[2]))
try:
    entries = json.load(open(sys.argv[1], encoding="utf-8"))["entries"]
except Exception as e:
    print(f"FAIL: history JSON parses: {e}")
    sys.exit()
got = sorted((e["department"], e["user"], e["type"],
              str(e.get("task") or e.get("indicator") or e.get("period")))
             for e in entries)
want = sorted([
    ("KT", "pttest_kt", "task", "I.1"),
    ("VHXH", "pttest_vhxh", "task", "I.1"),
    ("HCC", "pttest_hcc", "indicator", "1"),
    ("KT", "pttest_two", "task", "I.1"),
    ("VHXH", "pttest_two", "task", "II.7"),
    ("KT", "pttest_kt", "submit", "h1"),
])
print(("ok: " if got == want else "FAIL: ")
      + f"history has exactly the entries made, by the right users" +
      ("" if got == want else f" (got {got}, want {want})"))
bad = [e for e in entries if str(e.get("uid")) != uids.get(e.get("user"))]
print(("ok: " if not bad else "FAIL: ") + "each entry's uid is its user's"
      + (f" (wrong: {bad[:2]})" if bad else ""))
EOF
while IFS= read -r line; do
	case $line in
	ok:*) ok "${line#ok: }" ;;
	FAIL:*) fail "${line#FAIL: }" ;;
	*) fail "history check: $line" ;;
	esac
done <"$T/verdicts"

file_is "$KT/state.yaml" 664 pttest-kt "at the end"
file_is "$KT/lock" 660 pttest-kt "at the end"
file_is "$VHXH/state.yaml" 664 pttest-vhxh "at the end"
file_is "$HCC/state.yaml" 664 pttest-hcc "at the end"
check "nothing written in DVC" [ -z "$(ls -A "$D/departments/DVC")" ]
check "no file in departments/KT but state.yaml and lock ($(ls -A "$KT" | tr '\n' ' '))" \
	[ "$(ls -A "$KT" | tr '\n' ' ')" = "lock state.yaml " ]
run "$T/val" "$B" -d "$D" validate
expect_rc 0 "validate exits 0 at the end"

cd / || exit 1
sys_finish
