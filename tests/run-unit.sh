#!/bin/sh
# Runs every unit test binary in BUILD/tests, optionally under $PT_WRAPPER
# (valgrind). Fails if any fails.
build=${1:-build}
fail=0 n=0
for t in "$build"/tests/test_*; do
	case $t in *.o|*.d) continue ;; esac
	[ -x "$t" ] || continue
	n=$((n + 1))
	if ! ${PT_WRAPPER:-} "$t"; then
		echo "FAILED: $t" >&2
		fail=$((fail + 1))
	fi
done
echo "unit: $((n - fail)) passed, $fail failed"
[ "$fail" -eq 0 ]
