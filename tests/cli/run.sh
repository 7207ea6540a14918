#!/bin/sh
# Golden-output CLI tests (after mandoc's regress/): each tests/cli/cases/NAME.cmd
# is a shell snippet run with $PT (the binary, under $PT_WRAPPER when set) from
# tests/cli, in a fresh $TMP; its stdout, then "--- stderr" and stderr if any,
# then "--- exit N" if N is not 0, must equal NAME.out byte for byte.
# PT_UPDATE=1 rewrites the .out files (review the diff before committing).
#
# usage: sh tests/cli/run.sh BINARY [CASE...]
bin=$1; shift
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
here=$(cd "$(dirname "$0")" && pwd)
cd "$here" || exit 1
if [ -n "${PT_WRAPPER:-}" ]; then PT="$PT_WRAPPER $bin"; else PT=$bin; fi
export PT LC_ALL=C.UTF-8 TZ=Asia/Ho_Chi_Minh
# The language is the default (vi) unless a case chooses another.
unset PLANTRACK_DATA PLANTRACK_LOCK_TIMEOUT NO_COLOR COLUMNS LANGUAGE LC_MESSAGES
pass=0 fail=0 skip=0
if [ $# -eq 0 ]; then set -- cases/*.cmd; fi
for cmd in "$@"; do
	name=${cmd%.cmd}; name=${name#cases/}
	# Cases that record as root (who acts for every department) say so.
	if grep -q '^# needs: root' "cases/$name.cmd" && [ "$(id -u)" -ne 0 ]; then
		echo "cli/$name: skipped: needs root (records for every department)"
		skip=$((skip + 1))
		continue
	fi
	TMP=$(mktemp -d) || exit 1
	export TMP
	out=$TMP/.out err=$TMP/.err
	( cd "$here" && . "./cases/$name.cmd" ) >"$out" 2>"$err"
	rc=$?
	{
		cat "$out"
		if [ -s "$err" ]; then echo "--- stderr"; cat "$err"; fi
		[ "$rc" -ne 0 ] && echo "--- exit $rc"
	} | sed "s|$TMP|\$TMP|g" >"$TMP/.got"
	if [ -n "${PT_UPDATE:-}" ]; then
		cp "$TMP/.got" "cases/$name.out"
	fi
	if cmp -s "$TMP/.got" "cases/$name.out"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: cli/$name" >&2
		diff -u "cases/$name.out" "$TMP/.got" | head -40 >&2
	fi
	chmod -R u+rwX "$TMP" 2>/dev/null
	rm -rf "$TMP"
done
echo "cli: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
