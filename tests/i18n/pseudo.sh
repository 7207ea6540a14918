#!/bin/sh
# Fails when interface text bypasses the catalogue (docs/i18n.md).
#
# Builds a pseudo-language from a template freshly extracted from src/*.c,
# in which every message reads ⟦message⟧ (each line of it marked), points
# the uninstalled binary at it with PLANTRACK_TEST_LOCALEDIR (which only
# the uninstalled, unprivileged build reads: paths.h), runs every command's
# help and usage, a set of errors, the interface labels of list, show and
# indicators, init, check's and history's output, the errors of bad plan
# and state files (FILE:LINE:COL, libyaml's own included) and of the store
# (a directory or a planted link where a state file belongs), and hands
# the transcript to check_markers.py, which fails on any line of interface
# text without the markers.
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
# shellcheck source=../python.sh
. "$here/../python.sh"

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
# todo, list's filters, show's reports, update without options, submit.
run all -d "$D" todo --dept ZZ
run all -d "$D" todo --today 2026-02-30
run all -d "$D" list --status xx
run all -d "$D" list --period h1
run all -d "$D" submit --period h1 --force
run all -d "$D" update II.1
run show -d "$D" show II.1 --format text
# todo's sentences and headings; its table rows are the plan's text.
echo "@@ all -d $D todo --today 2026-05-15 (rows left out)" >>"$out"
$PT -d "$D" todo --today 2026-05-15 2>&1 |
	grep -v -e '^[IVX]*\.[0-9]' -e '^[0-9] ' >>"$out"
if [ "$(id -u)" -eq 0 ]; then
	run all -d "$D" submit --period h1 --dept HCC
	run all -d "$D" submit --period h1 --consolidated
fi

# ---- init, check, history, export
run all -d "$tmp/new" init --plan "$root/data/plan.yaml"
run all -d "$tmp/new" init --plan "$root/data/plan.yaml"	# exists
run all -d "$tmp/new2" init --plan "$tmp/nosuch.yaml"
run all -d "$D" init extra
# check's first five fields are for programs (date, severity, kind, codes).
run "tsv 5" -d "$D" check --today 2026-05-13
run "tsv 5" -d "$D" check --today 2026-05-21
run "tsv 5" -d "$D" check --today 2026-11-16 --dept KT
run "tsv 5" -d "$D" check --today 2026-12-31 --dept KT
run all -d "$D" check --within 9999
run all -d "$D" check extra
run all -d "$D" export
run all -d "$D" export --format csv
run all -d "$D" export --format ics extra
run all:root -d "$D" history
run all -d "$D" history IX.9
run all -d "$D" history II.1 extra
run all -d "$D" report h1 extra
run all -d "$D" report
run all -d "$D" report h1 -o ''
run all -d "$D" report h1 --format md -o /nonexistent/dir/x.md
run all:complete -d "$D" __complete frobnicate
run all:complete -d "$D" __complete args list x

# ---- data files: plan and state files with errors, as FILE:LINE:COL
# messages; the files' own words (keys, values) are data.
plan_bad=$root/tests/fixtures/plan/errors.yaml
state_bad=$root/tests/fixtures/state/errors.yaml
run "data:$plan_bad" validate "$plan_bad"
run all validate "$tmp/nosuch.yaml"
printf 'format: 1\nplan: [\n  x: 1\n' >"$tmp/syntax.yaml"
run "data:$tmp/syntax.yaml" validate "$tmp/syntax.yaml"
printf 'format: 1\n\tplan: x\n' >"$tmp/tab.yaml"
run "data:$tmp/tab.yaml" validate "$tmp/tab.yaml"
printf 'format: 1\nplan: \001\n' >"$tmp/ctl.yaml"
run "data:$tmp/ctl.yaml" validate "$tmp/ctl.yaml"
printf 'format: 1\000\n' >"$tmp/nul.yaml"
run all validate "$tmp/nul.yaml"
printf 'format: 1\n--- \nformat: 1\n' >"$tmp/two.yaml"
run all validate "$tmp/two.yaml"
mkdir "$tmp/dir.yaml"
run all validate "$tmp/dir.yaml"
: >"$tmp/empty.yaml"
run all validate "$tmp/empty.yaml"
# A data directory whose department files are broken in every way the
# store and the loader refuse: errors, a YAML syntax error, a directory
# and a planted link where the file belongs.
B=$tmp/broken
$PT -d "$B" init --plan "$root/data/plan.yaml" >/dev/null 2>&1
cp "$state_bad" "$B/departments/KT/state.yaml"
printf 'format: 1\ndepartment: HCC\nentries: [\n' \
	>"$B/departments/HCC/state.yaml"
mkdir "$B/departments/VHXH/state.yaml"
ln -s /etc/passwd "$B/departments/DVC/state.yaml"
run "data:$state_bad" -d "$B" validate
run "tsv:$state_bad 5" -d "$B" check --today 2026-05-13
run "data:$state_bad" -d "$B" history
run "data:$state_bad" -d "$B" update I.1 --dept KT --progress 5
run "data:$state_bad" -d "$B" submit --period h1 --dept KT

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
# ... nor one after check's machine fields, nor one about a data file
# whose words are not the file's.
printf '@@ tsv 5 check\n⟦x⟧\n2026-05-20\twarn\treport-due\tKT\th1\tnot submitted\n' \
	>"$tmp/self"
printf 'format: 1\n' >"$tmp/self.yaml"
printf '@@ data:%s validate\n⟦x⟧\nf.yaml:1:1: format is missing\n' \
	"$tmp/self.yaml" >"$tmp/self2"
if python3 "$here/check_markers.py" "$tmp/self" check >/dev/null ||
	python3 "$here/check_markers.py" "$tmp/self2" validate >/dev/null; then
	echo "pseudo: check_markers.py let an unmarked message through" >&2
	exit 1
fi
echo "pseudo: $(grep -c '^@@' "$out") runs, all interface text marked"
