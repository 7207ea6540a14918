#!/bin/sh
# The catalogues are complete and clean (docs/i18n.md): for each language,
# msgfmt --check passes (formats, header), and against a template freshly
# extracted from src/*.c every message is translated, none is fuzzy, none
# is obsolete, none is left over from messages that are gone; the
# committed po/plantrack.pot is that template.
#
# usage: sh tests/i18n/po-check.sh [LANG...]     (default: vi)
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
[ $# -eq 0 ] && set -- vi
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "po-check: $*" >&2; fail=1; }

sh "$root/po/xgettext.sh" "$tmp/fresh.pot" || exit 1
# msgcmp: every message of the second file is in the first, translated.
msgcmp --use-untranslated "$root/po/plantrack.pot" "$tmp/fresh.pot" \
	>"$tmp/out" 2>&1 &&
	msgcmp --use-untranslated "$tmp/fresh.pot" "$root/po/plantrack.pot" \
	>>"$tmp/out" 2>&1 ||
	{ cat "$tmp/out" >&2; bad "po/plantrack.pot is out of date: run 'make po'"; }
for l in "$@"; do
	po=$root/po/$l.po
	msgfmt --check -o /dev/null "$po" || bad "$l.po: msgfmt --check failed"
	if ! msgcmp "$po" "$tmp/fresh.pot" >"$tmp/out" 2>&1; then
		cat "$tmp/out" >&2
		bad "$l.po lacks translations of the messages above (run 'make po', then translate)"
	fi
	n=$(msgattrib --only-fuzzy --no-obsolete "$po" | grep -c '^msgid ')
	[ "$n" -gt 0 ] && bad "$l.po: $((n - 1)) fuzzy translations: check them, then remove '#, fuzzy'"
	n=$(msgattrib --only-obsolete "$po" | grep -c '^#~ msgid ')
	[ "$n" -gt 0 ] && bad "$l.po: $n obsolete translations (#~): run 'make po'"
	# Translated messages that no longer exist in the sources.
	if ! msgattrib --no-obsolete "$po" |
		msgcmp --use-untranslated "$tmp/fresh.pot" - >"$tmp/out" 2>&1; then
		cat "$tmp/out" >&2
		bad "$l.po has messages the sources no longer use: run 'make po'"
	fi
done
[ "$fail" -eq 0 ] && echo "po-check: $* complete"
exit "$fail"
