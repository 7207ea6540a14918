#!/bin/sh
# spool.sh: spool mode, as crontab(1) and at(1) do it (issue 10): only
# plantrack writes the records, and nothing the caller names gets its
# privilege.
#
# usage: sh tests/system/spool.sh BINARY
#
# Needs root, groupadd/useradd, runuser, setpriv, flock, make and a C
# compiler; skipped otherwise, or when the temporary directory is mounted
# nosuid. Creates the group ptspool (INSTALL_GROUP), the department groups
# ptspool-kt, -hcc, -vhxh, -dvc and the users ptspool_kt (KT), ptspool_hcc
# (HCC) and ptspool_none; refuses to run (skip) if any of them exists, and
# removes exactly what it made at exit, also after a failure or a signal.
# BINARY is used only as the binary of before spool mode (part B); the
# installed one is built from this tree with 'make install PREFIX=$T/prefix
# STATEDIR=$T/state INSTALL_GROUP=ptspool BUILD=$T/build'.
#
# Part A, a fresh installation:
#   make install: the binary root:ptspool 2755, STATEDIR root:ptspool 2755.
#   init (root): STATEDIR and departments/ root:ptspool 2755, plan.yaml 0644,
#     departments/CODE 2770; init by a user is refused (77).
#   ptspool_kt and ptspool_hcc record through the tool; history has their
#     uids; the files are theirs, group ptspool.
#   With shell commands, neither user can read, append to, truncate, chmod,
#     remove, rename, hard-link or replace any file of the data directory,
#     nor create a file or a link in any of its directories: every file is
#     byte for byte the same afterwards.
#   While a privileged plantrack of ptspool_kt waits for the KT lock (root
#     holds it): RLIMIT_CORE is 0 and /proc/PID is root's (not dumpable), so
#     the user cannot open /proc/PID/fd; with fs.suid_dumpable set to 1 for
#     the check (when writable), so that the kernel alone would not do it.
#   Setgid hygiene: --data and PLANTRACK_DATA naming a directory of the
#     user's (departments/KT a link to the installed one) get no privilege:
#     nothing is written there; another spelling of STATEDIR keeps it;
#     TMPDIR is not used; -o FILE, validate FILE and init --plan FILE into
#     the data directory are opened with the user's ids (77, nothing
#     written, nothing quoted); a data directory of the user's own works
#     unprivileged, with the user's groups; an unreadable plan there is
#     exit 77, not 66.
#   A forged, backdated entry appended by root is caught by validate (the
#     history checks of issue 10 item 4).
# Part B, an upgrade: a data directory in the department groups' layout,
#   written by the users with the old binary (one keeps a hard link to
#   KT's state.yaml); the installed binary refuses it (77) until root runs
#   'init --convert'; afterwards the modes are spool mode's, the records
#   unchanged, the user's hard link no longer reaches them, and they update
#   through the tool again.
NAME=spool
. "$(dirname "$0")/lib.sh"
sys_init "$@"

# The history checks (issue 10 item 4) are another branch's work: until
# they are merged, validate accepting a forged entry is an expected
# failure. Set to yes when both are on the same branch.

[ "$(id -u)" -eq 0 ] || sys_skip "needs root (creates users and groups, installs setgid)"
sys_need groupadd groupdel useradd userdel runuser setpriv getent stat flock \
	make cc findmnt sha256sum
use_python
case ",$(findmnt -no OPTIONS --target "$T" 2>/dev/null)," in
*,nosuid,*) sys_skip "$T is on a file system mounted nosuid" ;;
esac

PT_GROUPS="ptspool ptspool-kt ptspool-hcc ptspool-vhxh ptspool-dvc"
PT_USERS="ptspool_kt ptspool_hcc ptspool_none"
for g in $PT_GROUPS; do
	getent group "$g" >/dev/null && sys_skip "group $g exists already (left by an earlier run? remove it with groupdel)"
done
for u in $PT_USERS; do
	getent passwd "$u" >/dev/null && sys_skip "user $u exists already (left by an earlier run? remove it with userdel)"
done

chmod 755 "$T"
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
mkuser ptspool_kt -G ptspool-kt
mkuser ptspool_hcc -G ptspool-hcc
mkuser ptspool_none

S=$T/state
P=$T/prefix
B=$P/bin/plantrack
KT=$S/departments/KT
HCC=$S/departments/HCC

# ---- make install into a temporary prefix ----
# A make of its own: not the outer make's jobserver, nor its flags (make
# check's sanitizer pass exports LDFLAGS=-fsanitize=...: LeakSanitizer
# cannot work in a process that is not dumpable). -O0 builds in half the
# time.
run "$T/make" env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u CFLAGS -u LDFLAGS \
	-u CPPFLAGS -u LDLIBS make -s -j2 \
	-C "$SRC_DIR" install BUILD="$T/build" PREFIX="$P" STATEDIR="$S" \
	INSTALL_GROUP=ptspool CFLAGS='-O0 -g' LDFLAGS= CPPFLAGS= LDLIBS=
expect_rc 0 "make install PREFIX=\$T/prefix STATEDIR=\$T/state INSTALL_GROUP=ptspool" ||
	{ tail -5 "$T/make.err" >&2; sys_finish; }
chmod 755 "$P" "$P/bin" "$P/share" "$P/share/plantrack"

mode_of() {
	stat -c '%a %U %G' "$1" 2>/dev/null
}
check "the binary is 2755 root ptspool ($(mode_of "$B"))" [ "$(mode_of "$B")" = "2755 root ptspool" ]
check "STATEDIR is 2755 root ptspool ($(mode_of "$S"))" [ "$(mode_of "$S")" = "2755 root ptspool" ]

sed 's/^\( *group: \)plantrack-/\1ptspool-/' "$PLAN" >"$T/plan.yaml"
chmod 644 "$T/plan.yaml"

# as USER NAME ARGS...: the installed plantrack as USER (runuser: a login's
# groups); output in $T/NAME.out and .err, exit status in $rc.
as() {
	as_u=$1 as_n=$2
	shift 2
	run "$T/$as_n" runuser -u "$as_u" -- "$B" "$@"
}
# sh_as USER NAME SCRIPT [ARGS]: a shell command as USER.
sh_as() {
	sa_u=$1 sa_n=$2 sa_s=$3
	shift 3
	run "$T/$sa_n" runuser -u "$sa_u" -- sh -c "$sa_s" sh "$@"
}

# ==== Part A: a fresh installation ====

as ptspool_kt init0 init --plan "$T/plan.yaml"
expect_rc 77 "init of the installed data directory by a user exits 77"
check "... and says only root may: $(head -1 "$T/init0.err")" contains "$T/init0.err" "only root"
check "... and writes nothing" [ -z "$(ls -A "$S")" ]

run "$T/init" "$B" init --plan "$T/plan.yaml"
expect_rc 0 "root: plantrack init (the installed data directory)"
check "STATEDIR stays 2755 root ptspool ($(mode_of "$S"))" [ "$(mode_of "$S")" = "2755 root ptspool" ]
check "plan.yaml is 644 root ptspool ($(mode_of "$S/plan.yaml"))" \
	[ "$(mode_of "$S/plan.yaml")" = "644 root ptspool" ]
check "departments/ is 2755 root ptspool ($(mode_of "$S/departments"))" \
	[ "$(mode_of "$S/departments")" = "2755 root ptspool" ]
for c in KT HCC VHXH DVC; do
	m=$(mode_of "$S/departments/$c")
	check "departments/$c is 2770 root ptspool ($m)" [ "$m" = "2770 root ptspool" ]
done

# ---- members record through the tool ----
run "$T/k1" runuser -u ptspool_kt -- sh -c 'umask 077; exec "$@"' sh \
	"$B" update I.1 --progress 10 --result "KT bắt đầu"
expect_rc 0 "ptspool_kt: update I.1 (umask 077)"
as ptspool_hcc h1 indicator set 1 --period h1 --value 97,5
expect_rc 0 "ptspool_hcc: indicator set 1 --period h1 --value 97,5"
as ptspool_hcc h2 update II.3 --progress 20 --result "HCC rà soát"
expect_rc 0 "ptspool_hcc: update II.3"
as ptspool_kt k2 update II.3 --progress 90
expect_rc 77 "ptspool_kt: update II.3 (HCC leads) exits 77, as before spool mode"
check "KT/state.yaml is 664 ptspool_kt ptspool ($(mode_of "$KT/state.yaml"))" \
	[ "$(mode_of "$KT/state.yaml")" = "664 ptspool_kt ptspool" ]
check "KT/lock is 660 ptspool_kt ptspool ($(mode_of "$KT/lock"))" \
	[ "$(mode_of "$KT/lock")" = "660 ptspool_kt ptspool" ]
check "HCC/state.yaml is 664 ptspool_hcc ptspool ($(mode_of "$HCC/state.yaml"))" \
	[ "$(mode_of "$HCC/state.yaml")" = "664 ptspool_hcc ptspool" ]

as ptspool_none hist history --format json
expect_rc 0 "ptspool_none reads the history through the tool"
"$PY" - "$T/hist.out" "$(id -u ptspool_kt)" "$(id -u ptspool_hcc)" >"$T/verdicts" 2>&1 <<'EOF'
import json, sys
kt, hcc = sys.argv[2], sys.argv[3]
try:
    entries = json.load(open(sys.argv[1], encoding="utf-8"))["entries"]
except Exception as e:
    print(f"FAIL: history JSON parses: {e}")
    sys.exit()
got = sorted((e["department"], e["user"], str(e["uid"])) for e in entries)
want = sorted([("KT", "ptspool_kt", kt), ("HCC", "ptspool_hcc", hcc),
               ("HCC", "ptspool_hcc", hcc)])
print(("ok: " if got == want else "FAIL: ")
      + "history has the three entries, each with its real user and uid"
      + ("" if got == want else f" (got {got}, want {want})"))
EOF
verdicts() {
	while IFS= read -r line; do
		case $line in
		ok:*) ok "${line#ok: }" ;;
		FAIL:*) fail "${line#FAIL: }" ;;
		*) fail "python: $line" ;;
		esac
	done <"$T/verdicts"
}
verdicts

# ---- nobody changes a file by hand ----
tree_sum() {
	(cd "$S" && find . -type f | LC_ALL=C sort | xargs sha256sum)
}
tree_list() {
	(cd "$S" && find . | LC_ALL=C sort)
}
tree_sum >"$T/sum.before"
tree_list >"$T/list.before"
mkdir "$T/home_kt" "$T/home_hcc"
chown ptspool_kt "$T/home_kt"
chown ptspool_hcc "$T/home_hcc"

# Every file (KT's state.yaml is ptspool_kt's own) and every directory,
# in one shell per user (runuser is slow to start): it prints what worked.
cat >"$T/attack.sh" <<'EOF'
# attack.sh HOME: every change by hand a member might try, on the files
# and directories listed in HOME/files and HOME/dirs.
home=$1 n=0
could() { echo "could: $*"; }
for f in $(cat "$home/files"); do
	for a in 'echo x >>"$1"' ': >"$1"' 'chmod 666 "$1"' 'rm -f "$1"' \
		'mv -f "$1" "$1.x"' 'ln -f "$1" "$2/hard"' \
		'ln -sf /etc/passwd "$1"' 'cp /etc/hostname "$1"' \
		'truncate -s 0 "$1"'; do
		n=$((n + 1))
		sh -c "$a" sh "$f" "$home" 2>/dev/null && could "$a on $f"
	done
	case $f in */plan.yaml|*/language) ;; *)
		cat "$f" >/dev/null 2>&1 && could "read $f" ;;
	esac
done
for d in $(cat "$home/dirs"); do
	for a in ': >"$1/new"' 'ln -s /etc/shadow "$1/state.yaml.new"' \
		'mkdir "$1/sub"' 'chmod 777 "$1"' 'mv "$1" "$1.x"'; do
		n=$((n + 1))
		sh -c "$a" sh "$d" 2>/dev/null && could "$a in $d"
	done
done
echo "tried: $n"
EOF
attacks=0
for u in ptspool_kt ptspool_hcc; do
	home=$T/home_${u#ptspool_}
	find "$S" -type f >"$home/files"
	find "$S" -type d >"$home/dirs"
	sh_as "$u" "atk-$u" 'sh "$1" "$2"' "$T/attack.sh" "$home"
	n=$(sed -n 's/^tried: //p' "$T/atk-$u.out")
	attacks=$((attacks + ${n:-0}))
	want=$(($(wc -l <"$home/files") * 9 + $(wc -l <"$home/dirs") * 5))
	check "$u tried ${n:-no} changes by hand ($want expected)" [ "${n:-0}" -eq "$want" ]
	check "$u: none worked $(grep -m3 could "$T/atk-$u.out" | tr '\n' ';')" \
		[ -z "$(grep could "$T/atk-$u.out")" ]
done
tree_sum >"$T/sum.after"
tree_list >"$T/list.after"
check "$attacks shell attacks by ptspool_kt and ptspool_hcc all refused: every file byte for byte the same" \
	cmp -s "$T/sum.before" "$T/sum.after"
check "... and no file or link added or removed" cmp -s "$T/list.before" "$T/list.after"
check "... and no hard link made in their homes" sh -c \
	'[ ! -e "$1/hard" ] && [ ! -e "$2/hard" ]' sh "$T/home_kt" "$T/home_hcc"

# ---- a running plantrack: no core, no /proc/PID/fd ----
dumpable_note="fs.suid_dumpable as it is"
old_dumpable=$(cat /proc/sys/fs/suid_dumpable 2>/dev/null)
if [ -n "$old_dumpable" ] && [ "$old_dumpable" != 1 ] &&
	(echo 1 >/proc/sys/fs/suid_dumpable) 2>/dev/null; then
	sys_on_exit "echo $old_dumpable >/proc/sys/fs/suid_dumpable"
	dumpable_note="fs.suid_dumpable=1, so the kernel alone would not hide it"
fi
mkfifo "$T/go"
flock "$KT/lock" sh -c ': >"$1/held"; read x <"$1/go"' sh "$T" &
holder=$!
sys_on_exit "kill $holder"
i=0
while [ ! -e "$T/held" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
check "root holds KT's lock" [ -e "$T/held" ]
# setpriv execs: $! is plantrack itself.
setpriv --reuid=ptspool_kt --regid="$(id -g ptspool_kt)" --init-groups -- \
	env PLANTRACK_LOCK_TIMEOUT=60 "$B" update I.1 --progress 15 \
	>"$T/w.out" 2>"$T/w.err" &
waiter=$!
sys_on_exit "kill $waiter"
i=0
while [ $i -lt 200 ]; do
	ls -l "/proc/$waiter/fd" 2>/dev/null | grep -q "KT/lock" && break
	sleep 0.05
	i=$((i + 1))
done
check "a privileged plantrack of ptspool_kt waits for the lock" \
	sh -c 'ls -l "/proc/$1/fd" | grep -q "KT/lock"' sh "$waiter"
check "... its core file size limit is 0 ($(grep 'Max core' "/proc/$waiter/limits" | tr -s ' '))" \
	grep -Eq '^Max core file size +0 +0 ' "/proc/$waiter/limits"
check "... /proc/PID/fd is root's: not dumpable ($dumpable_note)" \
	[ "$(stat -c %u "/proc/$waiter/fd")" = 0 ]
sh_as ptspool_kt procfd 'ls "/proc/$1/fd"' "$waiter"
check "... ptspool_kt cannot list /proc/PID/fd of its own plantrack (exit $rc)" [ "$rc" -ne 0 ]
sh_as ptspool_kt procfd2 'cat "/proc/$1/fd/3"' "$waiter"
check "... nor read through /proc/PID/fd/3 (exit $rc)" [ "$rc" -ne 0 ]
echo go >"$T/go"
wait "$holder"
wait "$waiter"
rc=$?
check "... and records once root lets go (exit $rc)" [ "$rc" -eq 0 ]

# ---- setgid hygiene: what the caller names gets the caller's ids ----
cp "$KT/state.yaml" "$T/kt.before" 2>/dev/null ||
	{ fail "root reads KT/state.yaml"; sys_finish; }
tree_list >"$T/list.before"
# A data directory of ptspool_kt's making whose departments/KT is a link to
# the installed one; and another whose departments/ is.
sh_as ptspool_kt evil 'mkdir -p "$1/evil/departments" "$1/evil2" &&
	cp "$2" "$1/evil/plan.yaml" && cp "$2" "$1/evil2/plan.yaml" &&
	ln -s "$3/departments/KT" "$1/evil/departments/KT" &&
	ln -s "$3/departments" "$1/evil2/departments"' "$T/home_kt" "$T/plan.yaml" "$S"
expect_rc 0 "ptspool_kt makes data directories whose departments link to the installed one"
as ptspool_kt e1 --data "$T/home_kt/evil" update I.1 --progress 99
check "--data DIR (departments/KT a link): the update fails (exit $rc)" [ "$rc" -ne 0 ]
run "$T/e2" runuser -u ptspool_kt -- env PLANTRACK_DATA="$T/home_kt/evil2" \
	"$B" update I.1 --progress 99
check "PLANTRACK_DATA=DIR (departments/ a link): the update fails (exit $rc)" [ "$rc" -ne 0 ]
check "... KT's records unchanged" cmp -s "$T/kt.before" "$KT/state.yaml"
tree_list >"$T/list.after"
check "... and nothing created in the data directory" cmp -s "$T/list.before" "$T/list.after"

run "$T/e3" runuser -u ptspool_kt -- env PLANTRACK_DATA="$P/../state/" \
	TMPDIR="$T/home_kt/tmp" "$B" update I.1 --progress 20
expect_rc 0 "PLANTRACK_DATA=\$T/prefix/../state/ is the installed directory: update works"
check "... TMPDIR is not used (nothing in \$TMPDIR)" [ ! -e "$T/home_kt/tmp" ]
check "... KT/state.yaml still 664 ptspool_kt ptspool" \
	[ "$(mode_of "$KT/state.yaml")" = "664 ptspool_kt ptspool" ]
cp "$KT/state.yaml" "$T/kt.before"
cp "$S/plan.yaml" "$T/plan.before"
tree_list >"$T/list.before"

as ptspool_kt o1 report h1 -o "$KT/report.txt"
expect_rc 77 "report -o into departments/KT exits 77 (the user's ids)"
as ptspool_kt o2 report h1 -o "$KT/state.yaml"
expect_rc 77 "report -o departments/KT/state.yaml exits 77"
as ptspool_kt o3 report h1 --format csv -o "$S/plan.yaml"
expect_rc 77 "report -o plan.yaml exits 77"
check "... KT's records and the plan unchanged" sh -c \
	'cmp -s "$1" "$2" && cmp -s "$3" "$4"' sh "$T/kt.before" "$KT/state.yaml" \
	"$T/plan.before" "$S/plan.yaml"
tree_list >"$T/list.after"
check "... and no file added" cmp -s "$T/list.before" "$T/list.after"
as ptspool_kt o4 report h1 -o "$T/home_kt/r.txt"
expect_rc 0 "report -o into the user's own directory works"
check "... the file is the user's ($(mode_of "$T/home_kt/r.txt"))" \
	[ "$(stat -c %U "$T/home_kt/r.txt")" = ptspool_kt ]
check "... and not the installed group's" [ "$(stat -c %G "$T/home_kt/r.txt")" != ptspool ]

as ptspool_kt v1 validate "$KT/state.yaml"
expect_rc 77 "validate FILE in the data directory exits 77 (read with the user's ids)"
check "... quoting nothing of it" sh -c '! grep -q "KT bắt đầu\|entries" "$1"' sh "$T/v1.err"
as ptspool_kt v2 validate
expect_rc 0 "validate (the data directory, through the tool) exits 0"
as ptspool_kt i2 init --plan "$KT/state.yaml"
expect_rc 77 "init --plan FILE in the data directory exits 77"
check "... because the user cannot read it: $(head -1 "$T/i2.err")" contains "$T/i2.err" "Permission denied"
as ptspool_kt c1 init --convert
expect_rc 77 "init --convert by a user exits 77"

# A data directory of one's own: unprivileged, as before spool mode. Its
# plan gives KT to ptspool-kt and HCC to ptspool-hcc, which ptspool_kt is
# not in; the other groups may or may not exist (init warns either way).
sed -e 's/^\( *group: \)plantrack-kt/\1ptspool-kt/' \
    -e 's/^\( *group: \)plantrack-hcc/\1ptspool-hcc/' "$PLAN" >"$T/plan-own.yaml"
chmod 644 "$T/plan-own.yaml"
as ptspool_kt own --data "$T/home_kt/own" init --plan "$T/plan-own.yaml"
expect_rc 0 "ptspool_kt: init of a data directory of its own"
check "... warns that ptspool_kt is not in HCC's group: $(grep ptspool-hcc "$T/own.err")" \
	grep -q "not in group 'ptspool-hcc' of department HCC: $T/home_kt/own/departments/HCC stays in group $(id -gn ptspool_kt) (see docs/administration.md)$" "$T/own.err"
check "... departments/HCC stays ptspool_kt's group, 2775 ($(mode_of "$T/home_kt/own/departments/HCC"))" \
	[ "$(mode_of "$T/home_kt/own/departments/HCC")" = "2775 ptspool_kt $(id -gn ptspool_kt)" ]
as ptspool_kt own2 --data "$T/home_kt/own" update I.1 --progress 40
expect_rc 0 "... update there"
check "... departments/KT is the department's group, 2775 ($(mode_of "$T/home_kt/own/departments/KT"))" \
	[ "$(mode_of "$T/home_kt/own/departments/KT")" = "2775 ptspool_kt ptspool-kt" ]
check "... state.yaml is ptspool_kt's and KT's group ($(mode_of "$T/home_kt/own/departments/KT/state.yaml"))" \
	[ "$(mode_of "$T/home_kt/own/departments/KT/state.yaml")" = "664 ptspool_kt ptspool-kt" ]
check "... nothing there belongs to the installed group" \
	[ -z "$(find "$T/home_kt/own" -group ptspool)" ]
# An unreadable plan is a permission problem (77), not a missing one (66).
chmod 000 "$T/home_kt/own/plan.yaml"
as ptspool_kt own3 --data "$T/home_kt/own" list
expect_rc 77 "an unreadable plan.yaml in the data directory: list exits 77"
as ptspool_kt own4 validate "$T/home_kt/own/plan.yaml"
expect_rc 77 "an unreadable plan file: validate FILE exits 77"

# ---- a forged entry planted by root ----
cat >>"$KT/state.yaml" <<'EOF'
- type: submit
  at: 2026-05-19T09:00:00+07:00
  user: root
  uid: 0
  period: h1
  consolidated: true
EOF
run "$T/forged" "$B" validate
expect_rc 65 "validate catches a backdated entry appended by root"
cp "$T/kt.before" "$KT/state.yaml"

# ==== Part B: an upgrade from the department groups' layout ====

rm -rf "${S:?}"/*
mkdir "$T/old"
cp "$BIN" "$T/old/plantrack"
chmod 755 "$T/old" "$T/old/plantrack"
O=$T/old/plantrack
run "$T/oinit" "$O" -d "$S" init --plan "$T/plan.yaml"
expect_rc 0 "the binary of before spool mode makes the old layout"
run "$T/ok1" runuser -u ptspool_kt -- "$O" -d "$S" update I.1 --progress 30
expect_rc 0 "ptspool_kt records with the old binary"
run "$T/ok2" runuser -u ptspool_hcc -- "$O" -d "$S" update II.3 --progress 30
expect_rc 0 "ptspool_hcc records with the old binary"
sh_as ptspool_kt keep 'ln "$1" "$2/kept"' "$KT/state.yaml" "$T/home_kt"
expect_rc 0 "ptspool_kt keeps a hard link to KT's state.yaml (the old layout allows it)"
cp "$KT/state.yaml" "$T/kt.before"
cp "$HCC/state.yaml" "$T/hcc.before"

as ptspool_kt u1 update I.1 --progress 35
expect_rc 77 "the installed binary refuses the old layout (exit 77)"
check "... and says what to do: $(head -1 "$T/u1.err")" contains "$T/u1.err" "plantrack init --convert"

# A report kept by the report cache under the old layout, by whoever
# could write there then.
mkdir -p "$S/snapshot" && printf 'PTMEMO\r\n kept before\n' >"$S/snapshot/report-md"
run "$T/conv" "$B" init --convert
expect_rc 0 "root: plantrack init --convert"
check "... drops the reports kept under the old layout" [ ! -e "$S/snapshot/report-md" ]
check "snapshot is 2770 root ptspool ($(mode_of "$S/snapshot"))" \
	[ "$(mode_of "$S/snapshot")" = "2770 root ptspool" ]
check "... says what it did: $(head -1 "$T/conv.out")" contains "$T/conv.out" "converted"
check "... the records are unchanged" sh -c 'cmp -s "$1" "$2" && cmp -s "$3" "$4"' sh \
	"$T/kt.before" "$KT/state.yaml" "$T/hcc.before" "$HCC/state.yaml"
for d in "$S" "$S/departments"; do
	check "${d#"$T"/} is 2755 root ptspool ($(mode_of "$d"))" [ "$(mode_of "$d")" = "2755 root ptspool" ]
done
for c in KT HCC VHXH DVC; do
	check "departments/$c is 2770 root ptspool ($(mode_of "$S/departments/$c"))" \
		[ "$(mode_of "$S/departments/$c")" = "2770 root ptspool" ]
done
check "KT/state.yaml is a new file: 664 root ptspool ($(mode_of "$KT/state.yaml"))" \
	[ "$(mode_of "$KT/state.yaml")" = "664 root ptspool" ]
sh_as ptspool_kt kept 'printf "  - forged: yes\n" >>"$1"' "$T/home_kt/kept"
check "the kept hard link no longer reaches the records" cmp -s "$T/kt.before" "$KT/state.yaml"
as ptspool_kt u2 update I.1 --progress 35
expect_rc 0 "ptspool_kt updates through the tool after the conversion"
as ptspool_hcc u3 update II.3 --progress 35
expect_rc 0 "ptspool_hcc too"
run "$T/val" "$B" validate
expect_rc 0 "validate exits 0 at the end"

sys_finish
