#!/bin/sh
# run.sh: runs every system test (tests/system/*.sh but lib.sh and this
# file) against one binary.
#
# usage: sh tests/system/run.sh BINARY [NAME...]
#
# Prints each test's own last line ("NAME: N passed, M failed" or
# "NAME: skipped: REASON"; its other output, on stderr, shows failures),
# then "system: N passed, M failed", counting scripts: a script passes when
# it exits 0 (a skipped one does, and is listed as skipped). Exits non-zero
# when any failed. PT_TEST_TIMEOUT=S fails a script that runs longer than
# S seconds (600).
if [ $# -lt 1 ]; then
	echo "usage: sh tests/system/run.sh BINARY [NAME...]" >&2
	exit 64
fi
bin=$1
shift
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
here=$(cd "$(dirname "$0")" && pwd)
[ $# -eq 0 ] && set -- concurrency crash busy auth full-disk spool check-year large-plan

pass=0 fail=0 skipped=
for name in "$@"; do
	# A hang fails the test (PT_TEST_TIMEOUT seconds, 600; the slowest
	# takes 15) instead of holding the run forever.
	out=$(timeout -k 10 "${PT_TEST_TIMEOUT:-600}" sh "$here/$name.sh" "$bin")
	rc=$?
	case $rc in
	124|137) out="$out
$name: stopped after ${PT_TEST_TIMEOUT:-600} s" ;;
	esac
	last=$(printf '%s\n' "$out" | tail -n 1)
	[ -n "$last" ] || last="$name: no result line"
	echo "$last"
	if [ "$rc" -eq 0 ]; then
		pass=$((pass + 1))
		case $last in *": skipped: "*) skipped="$skipped $name" ;; esac
	else
		fail=$((fail + 1))
		echo "FAIL: system/$name (exit $rc)" >&2
	fi
done
[ -n "$skipped" ] && echo "system: skipped:$skipped" >&2
echo "system: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
