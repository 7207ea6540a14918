# lib.sh: shared helpers for the system tests (tests/system/*.sh), sourced by
# each of them after setting NAME:
#
#	NAME=busy
#	. "$(dirname "$0")/lib.sh"
#	sys_init "$@"		# resolves $BIN, makes $T, installs the traps
#
# A script adds its own clean-up commands with sys_on_exit 'CMD' (run in
# reverse order, at exit or on a signal, even after a failed check) and ends
# with sys_finish, which prints "NAME: N passed, M failed" and sets the exit
# status. sys_skip REASON prints "NAME: skipped: REASON" and exits 0.
#
# POSIX sh (dash): no arrays, no local, no $RANDOM.

pass=0
failed=0
_sys_cleanup=
_sys_done=

# The commands run under a known locale, language (the checks read the
# messages in English) and time zone, and with none of the user's
# plantrack settings.
LC_ALL=C.UTF-8
LANGUAGE=en
TZ=Asia/Ho_Chi_Minh
export LC_ALL LANGUAGE TZ
unset PLANTRACK_DATA PLANTRACK_LOCK_TIMEOUT NO_COLOR COLUMNS

ok() {
	pass=$((pass + 1))
	[ -n "${SYS_VERBOSE:-}" ] && echo "ok: $NAME: $*" >&2
	return 0
}

fail() {
	failed=$((failed + 1))
	echo "FAIL: $NAME: $*" >&2
	return 1
}

# check DESCRIPTION COMMAND...: passes when COMMAND succeeds.
check() {
	_d=$1
	shift
	if "$@"; then ok "$_d"; else fail "$_d"; fi
}

# run OUT COMMAND...: runs COMMAND with stdout in OUT.out and stderr in
# OUT.err; its exit status is in $rc.
run() {
	_o=$1
	shift
	"$@" >"$_o.out" 2>"$_o.err"
	rc=$?
}

# expect_rc WANT DESCRIPTION: checks $rc (from run) and shows the command's
# stderr when it is wrong.
expect_rc() {
	if [ "$rc" -eq "$1" ]; then
		ok "$2"
	else
		fail "$2: exit $rc, expected $1"
		[ -n "${_o:-}" ] && [ -s "$_o.err" ] && sed 's/^/    stderr: /' "$_o.err" | head -5 >&2
		return 1
	fi
}

# contains FILE TEXT: FILE contains TEXT (fixed string).
contains() {
	grep -qF -- "$2" "$1"
}

# in_range V LO HI: LO <= V <= HI (integers).
in_range() {
	[ "$1" -ge "$2" ] && [ "$1" -le "$3" ]
}

# now_ms: milliseconds on some clock, for durations.
now_ms() {
	# GNU date; %N is nanoseconds.
	_n=$(date +%s%N)
	echo $((_n / 1000000))
}

# rand N: a random integer in 0..N-1.
rand() {
	_r=$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')
	echo $((_r % $1))
}

sys_on_exit() {
	_sys_cleanup="$1
$_sys_cleanup"
}

_sys_exit() {
	[ -n "$_sys_done" ] && return
	_sys_done=1
	# A second signal must not cut the clean-up short (the commands it
	# runs inherit the ignoring, too).
	trap '' INT TERM HUP
	# Each command on its own line, newest first; errors are not fatal.
	while IFS= read -r _c; do
		[ -n "$_c" ] && eval "$_c" </dev/null >/dev/null 2>&1
	done <<EOF
$_sys_cleanup
EOF
}

sys_skip() {
	echo "$NAME: skipped: $*"
	exit 0
}

sys_finish() {
	echo "$NAME: $pass passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit $?
}

# use_python: sets $PY to the python3 interpreter itself (a pyenv shim
# in front of it costs a tenth of a second per call), or skips the test.
use_python() {
	command -v python3 >/dev/null 2>&1 || sys_skip "python3 not found"
	PY=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null)
	[ -n "$PY" ] && [ -x "$PY" ] || PY=python3
}

sys_need() {
	for _t in "$@"; do
		command -v "$_t" >/dev/null 2>&1 || sys_skip "$_t not found"
	done
}

sys_init() {
	if [ $# -ne 1 ]; then
		echo "usage: sh tests/system/$NAME.sh BINARY" >&2
		exit 64
	fi
	BIN=$1
	case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
	if [ ! -x "$BIN" ] || [ -d "$BIN" ]; then
		echo "$NAME: $BIN: not an executable (run make first)" >&2
		echo "$NAME: 0 passed, 1 failed"
		exit 1
	fi
	SYS_DIR=$(cd "$(dirname "$0")" && pwd)
	SRC_DIR=$(cd "$SYS_DIR/../.." && pwd)
	PLAN=$SRC_DIR/data/plan.yaml
	T=$(mktemp -d "${TMPDIR:-/tmp}/pt-$NAME.XXXXXX") || exit 1
	sys_on_exit 'rm -rf "$T"'
	trap '_sys_exit' EXIT
	# dash runs the EXIT trap on exit but not when killed by a signal.
	trap '_sys_exit; trap - EXIT; exit 130' INT
	trap '_sys_exit; trap - EXIT; exit 143' TERM
	trap '_sys_exit; trap - EXIT; exit 129' HUP
}

# pt_init DIR: a fresh data directory from PLAN (or $2) at DIR.
pt_init() {
	"$BIN" -d "$1" init --plan "${2:-$PLAN}" >/dev/null 2>"$T/.init.err"
}

# count_entries DATA [DEPT]: the number of entries `history --format json`
# shows (of DEPT, or all); empty output when history fails.
count_entries() {
	if [ -n "${2:-}" ]; then
		"$BIN" -d "$1" history --dept "$2" --format json
	else
		"$BIN" -d "$1" history --format json
	fi 2>/dev/null | "${PY:-python3}" -c 'import json,sys
print(len(json.load(sys.stdin)["entries"]))' 2>/dev/null
}

# count_quick DATA DEPT: the number of entries of DEPT in `history --format
# json`, counted with grep (python takes too long to start for a loop): one
# "at" key per entry; the texts of the tests never contain '"at": "'.
count_quick() {
	"$BIN" -d "$1" history --dept "$2" --format json 2>/dev/null |
		grep -c '^ *"at": "'
}

# temp_files DIR...: how many writer temp files (.state.yaml.XXXXXX) are
# left in the given department directories.
temp_files() {
	find "$@" -maxdepth 1 -name '.state.yaml.*' 2>/dev/null | wc -l | tr -d ' '
}
