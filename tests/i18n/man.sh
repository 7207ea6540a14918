#!/bin/sh
# The manual in both languages: each renders without a groff warning, and
# the Vietnamese one names the same options, commands' synopses and
# environment variables as the English one, so that neither falls behind.
#
# usage: sh tests/i18n/man.sh
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
en=$root/docs/plantrack.1 vi=$root/docs/vi/plantrack.1
fail=0
if command -v groff >/dev/null 2>&1; then
	for page in "$en" "$vi"; do
		# -k: the Vietnamese page is UTF-8 (man-db runs preconv too).
		out=$(groff -k -ww -z -Tutf8 -man "$page" 2>&1)
		[ -z "$out" ] || { echo "man: $page: $out" >&2; fail=1; }
	done
else
	echo "man: groff not installed: rendering not checked"
fi
# words NAME PATTERN FILE: the sorted set of what matches.
words() { grep -o -- "$1" "$2" | sort -u; }
for pat in '\\-\\-[a-z][a-z-]*' '^\.B plantrack [a-z]*' '^\.B [A-Z_][A-Z_]*$'; do
	if ! words "$pat" "$en" >"${TMPDIR:-/tmp}/man-en.$$" ||
		! words "$pat" "$vi" | diff -u "${TMPDIR:-/tmp}/man-en.$$" - >&2; then
		echo "man: docs/vi/plantrack.1 and docs/plantrack.1 differ in $pat" >&2
		fail=1
	fi
done
rm -f "${TMPDIR:-/tmp}/man-en.$$"
[ "$fail" -eq 0 ] && echo "man: both pages render and agree"
exit "$fail"
