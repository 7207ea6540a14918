#!/bin/sh
# Runs every unit test binary in BUILD/tests, optionally under $PT_WRAPPER
# (valgrind). Fails if any fails, or runs longer than PT_TEST_TIMEOUT
# seconds (600; the slowest, under valgrind, take 12): a hang fails the
# run instead of holding it forever.
build=${1:-build}
fail=0 n=0
for t in "$build"/tests/test_*; do
	case $t in *.o|*.d) continue ;; esac
	[ -x "$t" ] || continue
	n=$((n + 1))
	# shellcheck disable=SC2086 # the wrapper: a command and its options
	timeout -k 10 "${PT_TEST_TIMEOUT:-600}" ${PT_WRAPPER:-} "$t"
	rc=$?
	if [ "$rc" -ne 0 ]; then
		case $rc in
		124|137) echo "FAILED: $t: stopped after ${PT_TEST_TIMEOUT:-600} s" >&2 ;;
		*) echo "FAILED: $t" >&2 ;;
		esac
		fail=$((fail + 1))
	fi
done
echo "unit: $((n - fail)) passed, $fail failed"
[ "$fail" -eq 0 ]
