#!/bin/sh
# Reads the .docx reports back with python-docx (Debian's python3-docx, for
# /usr/bin/python3): sections, page size, margins, fonts, the header and
# closing tables, headings, the task table's repeated header and merged
# cells, the sections' texts paragraph by paragraph (check_docx.py). Skips,
# saying why, where python-docx is missing.
#
# usage: sh tests/report/docx-python.sh BINARY
bin=${1:-build/plantrack}
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
here=$(cd "$(dirname "$0")" && pwd)
name=report-docx-python
py=${PYTHON_DOCX:-/usr/bin/python3}
if ! "$py" -c 'import docx' >/dev/null 2>&1; then
	echo "$name: skipped: python-docx not installed (apt-get install python3-docx)"
	exit 0
fi
TMP=$(mktemp -d) || exit 1
trap 'rm -rf "$TMP"' EXIT
export LC_ALL=C.UTF-8 TZ=Asia/Ho_Chi_Minh
data=$here/../../data
pass=0 fail=0
for who in consolidated department; do
	set -- report annual --as-of 2026-11-20 -o "$TMP/$who.docx"
	[ "$who" = department ] && set -- "$@" --dept DVC
	if "$bin" -d "$data" "$@" &&
	    "$py" "$here/check_docx.py" "$TMP/$who.docx" "$who" >"$TMP/log"; then
		pass=$((pass + 1))
		sed "s/^/$name: /" "$TMP/log" | head -1
	else
		fail=$((fail + 1))
		echo "FAIL: $name ($who)" >&2
		cat "$TMP/log" >&2
	fi
done
# The sections' texts, read back paragraph by paragraph (check_docx.py
# compares them with the report's JSON).
. "$here/texts.sh"
if why=$(texts_data "$bin" "$TMP/texts" "$data/plan.yaml"); then
	set -- -d "$TMP/texts" report h1 --as-of 2026-05-20
	if "$bin" "$@" -o "$TMP/texts.docx" && "$bin" "$@" -o "$TMP/texts.json" &&
	    "$py" "$here/check_docx.py" "$TMP/texts.docx" consolidated \
		"$TMP/texts.json" >"$TMP/log"; then
		pass=$((pass + 1))
		sed -n "s/^  texts: /$name: texts: /p" "$TMP/log"
	else
		fail=$((fail + 1))
		echo "FAIL: $name (texts)" >&2
		cat "$TMP/log" >&2
	fi
else
	echo "$name: the sections' texts skipped: $why"
fi
echo "$name: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
