#!/bin/sh
# Fails when interface text bypasses the catalogue (docs/i18n.md).
#
# Builds a pseudo-language from a template freshly extracted from src/*.c,
# in which every message reads ⟦message⟧ (each line of it marked), points
# the uninstalled binary at it with PLANTRACK_TEST_LOCALEDIR (which only
# the uninstalled, unprivileged build reads: paths.h), runs every command's
# help and usage, a set of errors and the interface labels of list, show
# and indicators, and hands the transcript to check_markers.py, which
# fails on any line of interface text without the markers.
#
# As more of the program goes through the catalogue, add its messages to
# the list below (docs/i18n.md).
#
# usage: sh tests/i18n/pseudo.sh BINARY
bin=${1:?usage: sh tests/i18n/pseudo.sh BINARY}
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d) || exit 1
trap '[ -n "$PT_KEEP" ] || rm -rf "$tmp"' EXIT
PT=${PT_WRAPPER:+$PT_WRAPPER }$bin

# ---- the pseudo-language, as the catalogue "vi" in a directory of our own
# shellcheck source=lib.sh
. "$here/lib.sh"
make_pseudo "$tmp" || exit 1

export PLANTRACK_TEST_LOCALEDIR="$tmp/locale" LC_ALL=C.UTF-8 LANGUAGE=vi
unset PLANTRACK_DATA LC_MESSAGES NO_COLOR COLUMNS
D=$tmp/d
$PT -d "$D" init --plan "$root/data/plan.yaml" >/dev/null 2>&1 || {
	echo "pseudo: cannot init a data directory with $bin" >&2; exit 1; }
# With something recorded, show has its result, note and update labels.
if [ "$(id -u)" -eq 0 ]; then
	$PT -d "$D" update II.1 --status in_progress --progress 20 \
		--result "Đã rà soát 5 thủ tục" >/dev/null 2>&1 &&
	$PT -d "$D" update II.1 --dept KT --result "Đã góp ý" >/dev/null 2>&1 ||
		{ echo "pseudo: cannot record on $D" >&2; exit 1; }
fi
mkdir -p "$tmp/bad" && echo klingon >"$tmp/bad/language"

commands=$($PT __complete commands) || exit 1
out=$tmp/transcript
# run MODE ARGS...: one section of the transcript ("table N" is a mode).
run() {
	mode=$1; shift
	if [ "$mode" = table ]; then mode="table $1"; shift; fi
	echo "@@ $mode $*" >>"$out"
	$PT "$@" >>"$out" 2>&1
	return 0
}
: >"$out"
run all help
run all --help
run all ''
run all frobnicate
run all --bogus
run all -d
run all --lang
run all --lang xx help
run all --color=sometimes help
run all --data '' help
run all help frobnicate
run all help --bogus
run all help list extra
run all version extra
run all -d "$tmp/bad" version
for c in $commands; do
	run all help "$c"
	# indicator's options follow its subcommand.
	[ "$c" = indicator ] && c="indicator set"
	# shellcheck disable=SC2086
	run all $c --no-such-option
done
run all list --help
run all list --data x
run all list --lang
run all check --today 31/02/2026
run all history --since yesterday
run all report h1 --as-of 2026-13-01
run prefixed -d "$tmp/none" list
run all -d "$D" report zz
run all -d "$D" list --dept ZZ
run all -d "$D" list --group ZZ
run all -d "$D" list --coordinating
run all -d "$D" list --format xml
run all -d "$D" list extra
run all -d "$D" show
run all -d "$D" show II.1 extra
run all -d "$D" show IX.9
run all -d "$D" indicators extra
run all -d "$D" write h1
run all -d "$D" write h1 summary --text x
run all -d "$D" write h1 causes --text x --file /dev/null
run all -d "$D" write h1 causes
run all -d "$D" write h1 causes --file /dev/null
run all -d "$D" write h1 causes --text "$(printf 'a\001b')"
run show -d "$D" show II.1
run show -d "$D" show I.1
run show -d "$D" show III.2	# a dated deadline
run table 6 -d "$D" list
run table 4 -d "$D" indicators

# shellcheck disable=SC2086
python3 "$here/check_markers.py" "$out" $commands
rc=$?
if [ "$rc" -ne 0 ]; then
	echo "pseudo: interface text that bypasses the catalogue (above);" \
	     "wrap it in _() (docs/i18n.md)" >&2
	exit 1
fi
# The checker itself must catch an unmarked message.
printf '@@ all x\n⟦usage:⟧ plantrack x\nplantrack: list: unknown option\n' \
	>"$tmp/self"
if python3 "$here/check_markers.py" "$tmp/self" list >/dev/null; then
	echo "pseudo: check_markers.py let an unmarked message through" >&2
	exit 1
fi
echo "pseudo: $(grep -c '^@@' "$out") runs, all interface text marked"
