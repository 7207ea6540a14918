# bash completion for plantrack(1): commands, options, option values (department
# codes, periods, groups, statuses, formats), task ids and indicator numbers.
#
# Installed by 'make install' as $(PREFIX)/share/bash-completion/completions/plantrack,
# where bash-completion loads it on demand; or source it from ~/.bashrc.
#
# Nothing is hard-coded here: the words come from the program itself, through its
# hidden command 'plantrack __complete', which reads the command table and the plan
# of the data directory named on the command line being completed (-d DIR,
# --data DIR, --data=DIR) or in PLANTRACK_DATA.

# Runs the program being completed (as typed, so ./build/plantrack completes with
# itself) on the data directory of the command line; errors stay quiet.
_plantrack_ask()
{
	"${_plantrack_prog[@]}" __complete "$@" 2>/dev/null
}

# COMPREPLY = the words of $1 (one per line) that start with $2.
_plantrack_reply()
{
	local IFS=$'\n'
	# shellcheck disable=SC2207
	COMPREPLY=($(compgen -W "$1" -- "$2"))
}

_plantrack_files()
{
	local IFS=$'\n'
	compopt -o filenames 2>/dev/null
	# shellcheck disable=SC2207
	COMPREPLY=($(compgen "$1" -- "$2"))
}

# The argument name of option $1 ("CODE", "text|json"), from the caller's
# opts_all; fails for an option that takes none.
_plantrack_arg_of()
{
	local o
	for o in "${opts_all[@]}"; do
		if [ "${o%% *}" = "$1" ] && [ "$o" != "${o%% *}" ]; then
			printf '%s\n' "${o#* }"
			return 0
		fi
	done
	return 1
}

_plantrack()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
	local i=1 w cmd="" cmd_i=0 dir opt="" optarg="" line n
	local -a opts_all=()
	local -a _plantrack_prog=("${COMP_WORDS[0]/#\~/$HOME}")

	COMPREPLY=()
	# Global options, up to the command name.
	while [ "$i" -lt "$COMP_CWORD" ]; do
		w=${COMP_WORDS[i]}
		case $w in
		-d | --data)
			if [ "${COMP_WORDS[i + 1]}" = "=" ]; then
				dir=${COMP_WORDS[i + 2]}
				i=$((i + 3))
			else
				dir=${COMP_WORDS[i + 1]}
				i=$((i + 2))
			fi
			[ "$i" -le "$COMP_CWORD" ] &&
				_plantrack_prog+=(-d "${dir/#\~/$HOME}")
			;;
		-d?*)
			_plantrack_prog+=(-d "${w#-d}")
			i=$((i + 1))
			;;
		--color)
			if [ "${COMP_WORDS[i + 1]}" = "=" ]; then
				i=$((i + 3))
			else
				i=$((i + 1))
			fi
			;;
		--lang)
			if [ "${COMP_WORDS[i + 1]}" = "=" ]; then
				i=$((i + 3))
			else
				i=$((i + 2))
			fi
			;;
		-*)
			i=$((i + 1))
			;;
		*)
			cmd=$w
			cmd_i=$i
			break
			;;
		esac
	done

	if [ -z "$cmd" ]; then
		if [ "$prev" = "-d" ] || [ "$prev" = "--data" ] ||
			{ [ "$prev" = "=" ] && [ "${COMP_WORDS[COMP_CWORD - 2]}" = "--data" ]; }; then
			_plantrack_files -d "$cur"
		elif [ "$cur" = "=" ] && [ "$prev" = "--lang" ]; then
			_plantrack_reply "$(_plantrack_ask values '' --lang)" ""
		elif [ "$prev" = "=" ] && [ "${COMP_WORDS[COMP_CWORD - 2]}" = "--lang" ]; then
			_plantrack_reply "$(_plantrack_ask values '' --lang)" "$cur"
		elif [ "$prev" = "--lang" ]; then
			_plantrack_reply "$(_plantrack_ask values '' --lang)" "$cur"
		elif [ "$cur" = "=" ] && [ "$prev" = "--color" ]; then
			_plantrack_reply "$(_plantrack_ask values '' --color)" ""
		elif [ "$prev" = "=" ] && [ "${COMP_WORDS[COMP_CWORD - 2]}" = "--color" ]; then
			_plantrack_reply "$(_plantrack_ask values '' --color)" "$cur"
		elif [ "${cur#-}" != "$cur" ]; then
			_plantrack_reply "$(_plantrack_ask options | cut -d' ' -f1)" "$cur"
		else
			_plantrack_reply "$(_plantrack_ask commands)" "$cur"
		fi
		return 0
	fi

	# The command's options; "NAME ARG" for those that take an argument.
	while IFS= read -r line; do
		opts_all+=("$line")
	done < <(_plantrack_ask options "$cmd")

	# Completing an option's argument: "--dept K", "--dept=K" or "--dept=".
	if [ "$cur" = "=" ] && optarg=$(_plantrack_arg_of "$prev"); then
		opt=$prev
		cur=""
	elif [ "$prev" = "=" ] && [ "$COMP_CWORD" -ge 2 ] &&
		optarg=$(_plantrack_arg_of "${COMP_WORDS[COMP_CWORD - 2]}"); then
		opt=${COMP_WORDS[COMP_CWORD - 2]}
	elif [ "$COMP_CWORD" -gt "$((cmd_i + 1))" ] && optarg=$(_plantrack_arg_of "$prev"); then
		opt=$prev
	fi
	if [ -n "$opt" ]; then
		case $optarg in
		FILE*) _plantrack_files -f "$cur" ;;
		DIR*) _plantrack_files -d "$cur" ;;
		*) _plantrack_reply "$(_plantrack_ask values "$cmd" "$opt")" "$cur" ;;
		esac
		return 0
	fi
	if [ "${cur#-}" != "$cur" ]; then
		_plantrack_reply "$(printf '%s\n' "${opts_all[@]}" | cut -d' ' -f1)" "$cur"
		return 0
	fi

	# An argument: count those before it, skipping options and theirs.
	n=0
	i=$((cmd_i + 1))
	while [ "$i" -lt "$COMP_CWORD" ]; do
		w=${COMP_WORDS[i]}
		i=$((i + 1))
		case $w in
		--*)
			if [ "${COMP_WORDS[i]}" = "=" ]; then
				i=$((i + 2))
			elif _plantrack_arg_of "$w" >/dev/null; then
				i=$((i + 1))
			fi
			;;
		-?)
			_plantrack_arg_of "$w" >/dev/null && i=$((i + 1))
			;;
		-?*) ;;
		*) n=$((n + 1)) ;;
		esac
	done
	line=$(_plantrack_ask args "$cmd" "$n")
	if [ "$line" = "@file" ]; then
		_plantrack_files -f "$cur"
	else
		_plantrack_reply "$line" "$cur"
	fi
	return 0
}

complete -F _plantrack plantrack
