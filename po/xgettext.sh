#!/bin/sh
# Extracts every message of src/*.c into the template OUT: what _(), N_()
# and ngettext() mark, with the TRANSLATORS: comments above them. Used by
# 'make po' and by the tests (tests/i18n), so both see the same template.
#
# usage: sh po/xgettext.sh OUT [VERSION]
out=${1:?usage: sh po/xgettext.sh OUT [VERSION]}
version=${2:-}
case $out in /*) ;; *) out=$PWD/$out ;; esac
cd "$(dirname "$0")/.." || exit 1
# --add-location=file: line numbers would change the template at every edit.
exec xgettext --from-code=UTF-8 --language=C \
	--keyword=_ --keyword=N_ --keyword=ngettext:1,2 \
	--add-comments=TRANSLATORS: --add-location=file \
	--package-name=plantrack ${version:+--package-version="$version"} \
	--msgid-bugs-address="the plantrack authors (README.md)" \
	--output="$out" src/*.c
