# Helpers for the i18n tests (sourced: . tests/i18n/lib.sh). Needs $root.

# make_pseudo DIR: DIR/locale/vi/LC_MESSAGES/plantrack.mo, a catalogue
# "vi" built from a template freshly extracted from src/*.c, in which every
# non-empty line of every message reads ⟦line⟧; formats stay as they were.
make_pseudo() {
	sh "$root/po/xgettext.sh" "$1/fresh.pot" || return 1
	msgen "$1/fresh.pot" |
		sed -e 's/charset=CHARSET/charset=UTF-8/' \
		    -e 's/^"Plural-Forms: .*/"Plural-Forms: nplurals=2; plural=n != 1;\\n"/' \
		    -e 's/^"Language: .*/"Language: vi\\n"/' >"$1/en.po" || return 1
	msgfilter --keep-header -i "$1/en.po" -o "$1/pseudo.po" \
		sed -e 's/^\(..*\)$/⟦\1⟧/' || return 1
	mkdir -p "$1/locale/vi/LC_MESSAGES" &&
		msgfmt --check-format -o "$1/locale/vi/LC_MESSAGES/plantrack.mo" \
			"$1/pseudo.po"
}
