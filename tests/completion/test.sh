#!/bin/bash
# Bash completion tests: sources completion/plantrack.bash, sets COMP_WORDS and
# COMP_CWORD as bash would for a command line, calls _plantrack and compares
# COMPREPLY. Words are separated by blanks; a trailing blank starts an empty word;
# write "--dept = K" for what bash splits "--dept=K" into (COMP_WORDBREAKS has =).
#
# usage: bash tests/completion/test.sh BINARY
bin=${1:?usage: bash tests/completion/test.sh BINARY}
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
data=$root/data
export LC_ALL=C.UTF-8
unset PLANTRACK_DATA NO_COLOR
# shellcheck source=../../completion/plantrack.bash
. "$root/completion/plantrack.bash"

pass=0 fail=0

# expect LINE WANT: completing LINE (the cursor at its end) offers WANT, the
# words of COMPREPLY joined by blanks.
expect()
{
	local line=$1 want=$2 got
	read -ra COMP_WORDS <<<"$line"
	[[ $line == *" " ]] && COMP_WORDS+=("")
	COMP_WORDS[0]=$bin
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMP_LINE=$line
	COMP_POINT=${#line}
	COMPREPLY=()
	_plantrack
	got="${COMPREPLY[*]}"
	if [ "$got" = "$want" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: completion of '$line'" >&2
		echo "  want: '$want'" >&2
		echo "  got:  '$got'" >&2
	fi
}

# expect_has LINE WORD...: COMPREPLY holds every WORD (and is not empty).
expect_has()
{
	local line=$1 w ok=1
	shift
	expect "$line" "__unused__" 2>/dev/null
	fail=$((fail - 1))
	for w in "$@"; do
		case " ${COMPREPLY[*]} " in *" $w "*) ;; *) ok=0 ;; esac
	done
	if [ "$ok" = 1 ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: completion of '$line' lacks one of: $*" >&2
		echo "  got:  '${COMPREPLY[*]}'" >&2
	fi
}

# expect_lacks LINE WORD: COMPREPLY does not hold WORD.
expect_lacks()
{
	local line=$1
	expect "$line" "__unused__" 2>/dev/null
	fail=$((fail - 1))
	case " ${COMPREPLY[*]} " in
	*" $2 "*)
		fail=$((fail + 1))
		echo "FAIL: completion of '$line' offers '$2'" >&2
		;;
	*) pass=$((pass + 1)) ;;
	esac
}

# Commands: from the command table, the internal ones never.
expect_has "plantrack " check export help history list show submit todo update
expect_lacks "plantrack " __complete
expect "plantrack ch" "check"
expect "plantrack e" "export"
expect "plantrack hi" "history"
expect "plantrack _" ""
expect "plantrack help ch" "check"
# Global options and --color's values.
expect "plantrack --c" "--color"
expect "plantrack --d" "--data"
expect "plantrack --color =" "auto always never"
expect "plantrack --color = n" "never"
expect "plantrack --color = always l" "list"
expect "plantrack -d $root/da" "$root/data"
expect "plantrack --l" "--lang"
expect "plantrack --lang " "vi en"
expect "plantrack --lang e" "en"
expect "plantrack --lang =" "vi en"
expect "plantrack --lang = v" "vi"
expect "plantrack --lang en l" "list"
expect "plantrack --lang = en --color = never l" "list"
# A command's options, from its synopsis and help.
expect "plantrack -d $data check --" "--today --within --dept --format"
expect "plantrack -d $data export --" "--format --dept"
expect "plantrack -d $data list --c" "--coordinating"
expect "plantrack -d $data list --s" "--status"
expect "plantrack -d $data list --o" "--overdue"
expect "plantrack -d $data list --n" "--not-updated"
expect "plantrack -d $data show II.3 --" "--format"
expect "plantrack -d $data todo --" "--dept --today --period --format"
expect "plantrack -d $data submit --f" "--force"
# A field option named in a command's help prose is offered once.
expect "plantrack -d $data submit --c" "--consolidated"
# Option values: choices, and ids from the plan of the data directory.
expect "plantrack -d $data check --format " "text json"
expect "plantrack -d $data export --format " "ics"
expect "plantrack -d $data export --format = i" "ics"
expect "plantrack -d $data export --format ics " ""
expect "plantrack -d $data check --dept " "KT HCC VHXH DVC"
expect "plantrack -d $data check --dept = H" "HCC"
expect "plantrack -d $data check --dept =" "KT HCC VHXH DVC"
expect "plantrack -d $data list --wide --dept V" "VHXH"
expect "plantrack -d $data submit --period " "h1 annual"
expect "plantrack -d $data update II.3 --status " "not_started in_progress done"
expect "plantrack -d $data list --status " "not_started in_progress done"
expect "plantrack -d $data list --not-updated --period " "h1 annual"
expect "plantrack -d $data todo --dept D" "DVC"
expect "plantrack -d $data todo --period a" "annual"
expect "plantrack -d $data todo --format " "text json"
expect "plantrack -d $data todo " ""
expect "plantrack -d $data list --group I" "I II III IV"
expect "plantrack -d $data init --plan $data/pl" "$data/plan.yaml"
# Arguments: task ids, literal words, indicator numbers, files.
expect "plantrack -d $data show III." "III.1 III.2"
expect "plantrack -d $data history --dept KT IV." "IV.1 IV.2"
expect "plantrack -d $data history --dept = KT IV." "IV.1 IV.2"
expect "plantrack -d $data history II.1 " ""
expect "plantrack -d $data update III.2 --result x --dept KT --status done " ""
expect "plantrack -d $data indicator " "set"
expect "plantrack -d $data indicator set " "1 2 3 4"
expect "plantrack -d $data validate $data/pl" "$data/plan.yaml"
expect "plantrack -d $data check " ""
expect "plantrack -d $data frobnicate --" ""
# Whatever another command declares completes the same way: report's PERIOD
# argument and its short option -o FILE.
if "$bin" help report >/dev/null 2>&1; then
	expect "plantrack -d $data report " "h1 annual"
	expect "plantrack -d $data report -o $data/pl" "$data/plan.yaml"
	expect "plantrack -d $data report -o x.txt a" "annual"
	expect "plantrack -d $data report h1 --format c" "csv"
fi
# write: a period, then a section (the ids; the report's words are for
# people who type them).
expect "plantrack -d $data write " "h1 annual"
expect "plantrack -d $data write h1 " "direction highlights shortcomings causes outlook proposals"
expect "plantrack -d $data write annual o" "outlook"
expect "plantrack -d $data write h1 causes --c" "--commune"
expect "plantrack -d $data write h1 causes --t" "--text --text-file"
expect "plantrack -d $data write h1 causes --f" "--file"
# The data directory: --data=DIR, PLANTRACK_DATA, a missing one (quietly nothing).
expect "plantrack --data = $data submit --period a" "annual"
PLANTRACK_DATA=$data expect "plantrack show III." "III.1 III.2"
expect "plantrack -d $root/nonexistent check --dept " ""
expect "plantrack -d $root/nonexistent check --format " "text json"

echo "completion: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
