#!/bin/sh
# Runs every saved fuzz input through the harnesses of BUILD/fuzz (built
# with driver.c), optionally under $PT_WRAPPER (valgrind): the findings in
# tests/fuzz/regress/ and, so that the harnesses' success paths run too,
# the seeds in tests/fuzz/corpus/. A harness reports a bug by crashing.
# Usage: sh tests/fuzz/regress.sh BUILD
build=${1:-build}
dir=$(dirname "$0")
fail=0 n=0
for t in plan state snapshot memo yaml; do
	set --
	for f in "$dir/regress/$t"/* "$dir/corpus/$t"/*; do
		[ -f "$f" ] && set -- "$@" "$f"
	done
	[ $# -eq 0 ] && continue
	n=$((n + $#))
	if ! ${PT_WRAPPER:-} "$build/fuzz/fuzz_$t" "$@"; then
		echo "FAILED: $build/fuzz/fuzz_$t on one of: $*" >&2
		fail=1
	fi
done
echo "fuzz-regress: $n inputs, $([ $fail -eq 0 ] && echo passed || echo FAILED)"
exit $fail
