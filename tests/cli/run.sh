#!/bin/sh
# Golden-output CLI tests (after mandoc's regress/): each tests/cli/cases/NAME.cmd
# is a shell snippet run with $PT (the binary, under $PT_WRAPPER when set) from
# tests/cli, in a fresh $TMP; its stdout, then "--- stderr" and stderr if any,
# then "--- exit N" if N is not 0, must equal NAME.out byte for byte.
# PT_UPDATE=1 rewrites the .out files (review the diff before committing).
# PT_JOBS=N runs N cases at a time (default: the number of processors);
# every case has its own $TMP and data directory, so they cannot meet.
# PT_CASES=FILE runs the cases named in FILE (one NAME a line, '#'
# comments), e.g. tests/cli/valgrind.list.
# PT_SKIP_ONCE=1 skips the cases marked '# once:' (big files through the
# binary without $PT_WRAPPER), which the plain build's run has run: the
# ASan build's run sets it.
# PT_CASE_TIMEOUT=S fails a case that runs longer than S seconds (default
# 600; the slowest, under valgrind, take 20): a hang fails the run instead
# of holding it forever.
#
# usage: sh tests/cli/run.sh BINARY [CASE...]
bin=$1; shift
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
here=$(cd "$(dirname "$0")" && pwd)
cd "$here" || exit 1
if [ -n "${PT_WRAPPER:-}" ]; then PT="$PT_WRAPPER $bin"; else PT=$bin; fi
export PT LC_ALL=C.UTF-8 TZ=Asia/Ho_Chi_Minh
# The cases' python3 by its own path, resolved once (a run makes 74 calls).
# shellcheck source=../python.sh
. "$here/../python.sh"
# The language is the default (vi) unless a case chooses another.
unset PLANTRACK_DATA PLANTRACK_LOCK_TIMEOUT NO_COLOR COLUMNS LANGUAGE LC_MESSAGES
# Internal: run.sh BINARY --one NAME runs one case for the pool below.
if [ "${1:-}" = --one ]; then
	one=$2
else
	one=
	if [ -n "${PT_CASES:-}" ]; then
		list=$PT_CASES
		case $list in /*) ;; *) list=$OLDPWD/$list ;; esac
		set -- $(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' -e 's|.*|cases/&.cmd|' "$list")
	fi
	if [ $# -eq 0 ]; then set -- cases/*.cmd; fi
	jobs=${PT_JOBS:-$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)}
	results=$(mktemp -d) || exit 1
	trap 'rm -rf "$results"' EXIT
	export PT_RESULTS=$results
fi
results=$PT_RESULTS
limit=${PT_CASE_TIMEOUT:-600}

# run_case NAME: runs one case, leaves RESULTS/NAME.{pass,fail,skip} (the
# diff in .fail) and says nothing.
run_case() {
	name=$1
	# Cases that record as root (who acts for every department) say so.
	if grep -q '^# needs: root' "cases/$name.cmd" && [ "$(id -u)" -ne 0 ]; then
		echo "cli/$name: skipped: needs root (records for every department)" \
			>"$results/$name.skip"
		return
	fi
	if [ -n "${PT_SKIP_ONCE:-}" ] && grep -q '^# once:' "cases/$name.cmd"; then
		echo "cli/$name: skipped: runs once, in the plain build's run" \
			>"$results/$name.skip"
		return
	fi
	# Cases that run the binary as nobody need it, and the catalogue
	# beside it, within nobody's reach (a clone in a 0700 directory is
	# not).
	if grep -q '^# needs: .*nobody' "cases/$name.cmd" &&
		! setpriv --reuid=65534 --regid=65534 --clear-groups \
			sh -c 'test -x "$1" && test -r "$2"' sh "$bin" \
			"$(dirname "$bin")/locale/vi/LC_MESSAGES/plantrack.mo" \
			2>/dev/null; then
		echo "cli/$name: skipped: user nobody cannot run $bin" \
			"or read its catalogue" >"$results/$name.skip"
		return
	fi
	TMP=$(mktemp -d) || exit 1
	export TMP
	out=$TMP/.out err=$TMP/.err
	# Its own process (python3 is a function of python.sh, set again),
	# so that timeout(1) can stop the case and all it started.
	timeout -k 10 "$limit" sh -c 'cd "$1" && . ../python.sh &&
		. "./cases/$2.cmd"' sh "$here" "$name" >"$out" 2>"$err" </dev/null
	rc=$?
	if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
		{
			echo "FAIL: cli/$name: stopped after $limit s (exit $rc)"
			tail -5 "$err"
		} >"$results/$name.fail"
		chmod -R u+rwX "$TMP" 2>/dev/null
		rm -rf "$TMP"
		return
	fi
	{
		cat "$out"
		if [ -s "$err" ]; then echo "--- stderr"; cat "$err"; fi
		[ "$rc" -ne 0 ] && echo "--- exit $rc"
	} | sed "s|$TMP|\$TMP|g" >"$TMP/.got"
	if [ -n "${PT_UPDATE:-}" ]; then
		cp "$TMP/.got" "cases/$name.out"
	fi
	if cmp -s "$TMP/.got" "cases/$name.out"; then
		: >"$results/$name.pass"
	else
		{
			echo "FAIL: cli/$name"
			diff -u "cases/$name.out" "$TMP/.got" | head -40
		} >"$results/$name.fail"
	fi
	chmod -R u+rwX "$TMP" 2>/dev/null
	rm -rf "$TMP"
}

if [ -n "$one" ]; then
	run_case "$one"
	exit 0
fi

# Up to $jobs cases at a time (xargs -P), each in a process of its own.
for cmd in "$@"; do
	name=${cmd%.cmd}; echo "${name#cases/}"
done | xargs -P "$jobs" -n 1 sh "$here/run.sh" "$bin" --one

pass=0 fail=0 skip=0
for cmd in "$@"; do
	name=${cmd%.cmd}; name=${name#cases/}
	if [ -e "$results/$name.pass" ]; then
		pass=$((pass + 1))
	elif [ -e "$results/$name.skip" ]; then
		skip=$((skip + 1))
		cat "$results/$name.skip"
	else
		fail=$((fail + 1))
		if [ -e "$results/$name.fail" ]; then
			cat "$results/$name.fail" >&2
		else
			echo "FAIL: cli/$name: the case did not finish" >&2
		fi
	fi
done
echo "cli: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
