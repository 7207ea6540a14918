#!/bin/sh
# prefetch.sh CC CFLAGS...: every prefetch the sources ask for is in the
# code the compiler makes of them.
#
# A function of loads and prefetches alone has no effect the compiler can
# see, and GCC deleted the calls to such helpers before inlining them
# (include/plantrack/prefetch.h): history's and three report drawers'
# prefetches were not in the binary. For each file of src/, the prefetch
# instructions in its assembly (-S, with the flags given) must be at least
# as many as its __builtin_prefetch calls and its calls of the headers'
# PT_PREFETCHER helpers: each makes one at least, and inlining only adds
# copies.
set -eu
[ $# -ge 1 ] || { echo "usage: prefetch.sh CC [CFLAGS...]" >&2; exit 64; }
cc=$1
shift
# The helpers of the headers; one of a .c is counted by its own calls.
helpers=$(grep -ho 'PT_PREFETCHER void [a-z_0-9]*' src/*.h \
	include/plantrack/*.h | sed 's/.* //' | sort -u | paste -sd'|' -)
status=0
for f in src/*.c; do
	asked=$(grep -v '^[[:space:]]*\*' "$f" | grep -v 'PT_PREFETCHER' |
		grep -Eo "__builtin_prefetch\(|\<($helpers)\(" | wc -l)
	[ "$asked" -gt 0 ] || continue
	made=$("$cc" "$@" -S -o - "$f" | grep -c 'prefetch' || true)
	if [ "$made" -lt "$asked" ]; then
		echo "$f: $asked prefetches asked for, $made made" \
			"(a helper of prefetches alone must be PT_PREFETCHER)" >&2
		status=1
	fi
done
exit $status
