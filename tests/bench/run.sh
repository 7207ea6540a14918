#!/bin/bash
# run.sh: the benchmark behind `make bench` (tests/bench/bench.mk).
#
#   bash tests/bench/run.sh BUILD OUT
#
# BUILD holds plantrack (built -O2), gen and floor. For each N of
# $BENCH_SIZES it generates a plan and state of N tasks (gen --seed 1),
# checks them with `plantrack validate`, then times the floor (floor.c:
# libyaml over the same files and nothing else), list, report annual
# (text and json), check, and one update on a copy of the data. It writes
# the table, the machine and the targets between the markers
# "<!-- bench:begin -->" and "<!-- bench:end -->" of OUT (the analysis
# around them is kept), or all of OUT when it has no markers.
#
# Timing: bash's $EPOCHREALTIME around each run, so no process but the
# one measured is started (the fork and exec are counted, as a user's
# shell counts them); one warm-up run, then the median of $BENCH_RUNS (by
# default more runs for small N). Peak RSS: one more run under GNU time
# (%M). Speed is reported, never asserted: the exit status is not 0 only
# when something could not be measured (invalid data, a failed command).
set -u
export LC_ALL=C.UTF-8 TZ=Asia/Ho_Chi_Minh

build=${1:?usage: run.sh BUILD OUT}
out=${2:?usage: run.sh BUILD OUT}
sizes=${BENCH_SIZES:-25 1000 10000 100000}
pt=$build/plantrack
work=$build/data
results=$build/results.tsv	# N, name, median ms, peak KB, data bytes
# The dates the data were generated around: the state is of 2026, and
# `check` and `report` take the dates they judge by from the clock by
# default, which would make the results depend on the day.
as_of=2026-11-15
today=2026-11-12

die() { echo "bench: $*" >&2; exit 1; }

{ [ -x "$pt" ] && [ -x "$build/gen" ] && [ -x "$build/floor" ]; } ||
	die "$build must hold plantrack, gen and floor (make bench builds them)"
[ -x /usr/bin/time ] || die "GNU time is missing: apt-get install -y time"
mkdir -p "$work" || die "cannot create $work"

# Median of the numbers on stdin.
median() {
	sort -g | awk '{ v[NR] = $1 }
		END { if (NR % 2) print v[(NR + 1) / 2];
		      else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# Microseconds of $EPOCHREALTIME (seconds with 6 decimals, any locale).
usec() {
	local t=${1/,/.}
	echo $(( ${t%.*} * 1000000 + 10#${t#*.} ))
}

default_runs() {
	case $1 in
	25) echo 30 ;;
	1000) echo 15 ;;
	10000) echo 5 ;;
	*) echo 3 ;;
	esac
}

# record N NAME OKSTATUSES CMD...: times CMD, checks its exit status is
# one of OKSTATUSES (a regex), appends to $results. A status 64 (usage)
# is reported as "not implemented" rather than an error, as commands are
# still being written.
record() {
	local n=$1 name=$2 ok=$3 t0 t1 i st rss ms runs
	shift 3
	runs=${BENCH_RUNS:-$(default_runs "$n")}
	"$@" >/dev/null 2>"$build/err"
	st=$?
	if [ $st -eq 64 ]; then
		printf '%s\t%s\tn/a\tn/a\t%s\n' "$n" "$name" "$bytes" >>"$results"
		echo "  $name: not implemented (exit 64)"
		return 0
	fi
	[[ $st =~ ^($ok)$ ]] || {
		cat "$build/err" >&2
		die "N=$n $name: exit $st: $*"
	}
	for ((i = 0; i < runs; i++)); do
		t0=$EPOCHREALTIME
		"$@" >/dev/null 2>&1
		t1=$EPOCHREALTIME
		echo $(( $(usec "$t1") - $(usec "$t0") ))
	done >"$build/times"
	ms=$(median <"$build/times" | awk '{ printf "%.2f", $1 / 1000 }')
	/usr/bin/time -f %M -o "$build/rss" "$@" >/dev/null 2>&1
	rss=$(tail -n 1 "$build/rss")
	printf '%s\t%s\t%s\t%s\t%s\n' "$n" "$name" "$ms" "$rss" "$bytes" \
		>>"$results"
	echo "  $name: $ms ms, $rss KB"
}

# The update: one new entry per run, each with its own text so that it is
# a change and is written (lock, temp file, fsync, rename, fsync of the
# directory). On a copy, so that the data the reads see stay as generated.
record_update() {
	local n=$1 task=$2 dept=$3 t0 t1 i rss ms runs copy
	runs=${BENCH_RUNS:-$(default_runs "$n")}
	[ "$n" -le 1000 ] && runs=$((runs * 2))
	copy=$work/update-$n
	{ rm -rf "$copy" && cp -r "$work/$n" "$copy"; } ||
		die "cannot copy $work/$n"
	"$pt" -d "$copy" update "$task" --dept "$dept" --result \
		"Kết quả đo lần 0" >/dev/null 2>"$build/err" || {
		cat "$build/err" >&2
		die "N=$n update failed"
	}
	for ((i = 1; i <= runs; i++)); do
		t0=$EPOCHREALTIME
		"$pt" -d "$copy" update "$task" --dept "$dept" --result \
			"Kết quả đo lần $i" >/dev/null 2>&1
		t1=$EPOCHREALTIME
		echo $(( $(usec "$t1") - $(usec "$t0") ))
	done >"$build/times"
	ms=$(median <"$build/times" | awk '{ printf "%.2f", $1 / 1000 }')
	/usr/bin/time -f %M -o "$build/rss" "$pt" -d "$copy" update "$task" \
		--dept "$dept" --result "Kết quả đo RSS" >/dev/null 2>&1
	rss=$(tail -n 1 "$build/rss")
	printf '%s\t%s\t%s\t%s\t%s\n' "$n" "update" "$ms" "$rss" "$bytes" \
		>>"$results"
	echo "  update: $ms ms, $rss KB"
	rm -rf "$copy"
}

# Every measurement into $results, and what the report says of the run
# into $build/meta.
measure_all() {
	local load_start load_end run_date base_kb base_ms n d hint i t0 t1

	: >"$results" || die "cannot write $results"
	load_start=$(cut -d' ' -f1-3 /proc/loadavg)
	run_date=$(date -u '+%Y-%m-%d %H:%M UTC')
	# What any run of plantrack takes before it reads a byte (libc,
	# locale, libyaml, libunistring): the "3x the data" target says
	# nothing about it, and is checked on the rest.
	/usr/bin/time -f %M -o "$build/rss" "$pt" --version >/dev/null 2>&1 ||
		die "$pt --version failed"
	base_kb=$(tail -n 1 "$build/rss")
	for ((i = 0; i < 30; i++)); do
		t0=$EPOCHREALTIME
		"$pt" --version >/dev/null 2>&1
		t1=$EPOCHREALTIME
		echo $(( $(usec "$t1") - $(usec "$t0") ))
	done >"$build/times"
	base_ms=$(median <"$build/times" | awk '{ printf "%.2f", $1 / 1000 }')
	for n in $sizes; do
		echo "N = $n"
		d=$work/$n
		rm -rf "$d"
		hint=$("$build/gen" --seed 1 "$n" "$d") || die "gen $n failed"
		"$pt" -d "$d" validate ||
			die "N=$n: generated data do not validate"
		bytes=$(find "$d" -name '*.yaml' -type f -printf '%s\n' |
			awk '{ s += $1 } END { print s }')
		record "$n" floor 0 "$build/floor" "$d"
		record "$n" list 0 "$pt" -d "$d" list
		record "$n" "report text" 0 "$pt" -d "$d" report annual \
			--as-of "$as_of" --format text
		record "$n" "report json" 0 "$pt" -d "$d" report annual \
			--as-of "$as_of" --format json
		# check exits 1 (warnings) or 2 (overdue) when it finds
		# something.
		record "$n" check '0|1|2' "$pt" -d "$d" check --today "$today"
		# shellcheck disable=SC2086 # "TASK DEPT"
		record_update "$n" $hint
	done
	load_end=$(cut -d' ' -f1-3 /proc/loadavg)
	declare -p load_start load_end run_date base_kb base_ms \
		>"$build/meta" ||
		die "cannot write $build/meta"
}

# BENCH_REPORT_ONLY=1 rewrites OUT from the last run's results.
[ -n "${BENCH_REPORT_ONLY:-}" ] || measure_all
[ -f "$build/meta" ] || die "no results in $build: run the benchmark first"
# shellcheck source=/dev/null
. "$build/meta"

# ---- the report ----
fs=$(df -T "$work" | awk 'NR == 2 { print $2 }')
machine=$(
	echo "- CPU: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo |
		head -n 1), $(nproc) cores available"
	echo "- memory: $(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' \
		/proc/meminfo)"
	# shellcheck disable=SC1091 # the running system's
	echo "- kernel: $(uname -sr); $(. /etc/os-release && echo "$PRETTY_NAME")"
	echo "- compiler: $(${CC:-cc} --version | head -n 1), -O2"
	echo "- libyaml $(pkg-config --modversion yaml-0.1 2>/dev/null ||
		echo '?'), data on $fs"
	echo "- load average (1, 5, 15 min) before: $load_start; after: $load_end"
	echo "- \`plantrack --version\` (the fixed cost of a run: exec, dynamic" \
		"linking, locale): ${base_ms:-?} ms, $base_kb KB"
	echo "- run: $run_date, \`make bench\`" \
		"(tests/bench/run.sh)"
)

table=$(awk -F'\t' -v base="$base_kb" '
function fmt_ms(v) { return v == "n/a" ? "n/a" : sprintf("%.1f", v) }
function fmt_size(b) {
	return b < 1048576 ? sprintf("%.0f KB", b / 1024) : sprintf("%.1f MB", b / 1048576)
}
{
	n = $1; name = $2; ms[n, name] = $3; kb[n, name] = $4; bytes[n] = $5
	if (!(n in seen)) { seen[n] = 1; order[++nn] = n }
	if (!((name) in cseen)) { cseen[name] = 1; cmds[++nc] = name }
}
END {
	print "| N | data | command | median | × floor | peak RSS | (RSS − fixed) / data | targets |"
	print "| ---: | ---: | --- | ---: | ---: | ---: | ---: | --- |"
	for (i = 1; i <= nn; i++) {
		n = order[i]
		for (j = 1; j <= nc; j++) {
			c = cmds[j]
			if (!((n, c) in ms)) continue
			t = ms[n, c]; f = ms[n, "floor"]
			ratio = (t == "n/a" || f <= 0) ? "" : sprintf("%.2f", t / f)
			rss = kb[n, c] == "n/a" ? "n/a" : sprintf("%.1f MB", kb[n, c] / 1024)
			rr = kb[n, c] == "n/a" ? "" : sprintf("%.2f", (kb[n, c] - base) * 1024 / bytes[n])
			tg = ""
			if (t == "n/a") tg = "not implemented"
			else {
				# (x + 0: sprintf made strings, which compare as text)
				if (c == "list" || c ~ /^report/)
					tg = tg (ratio + 0 <= 1.5 ? "≤ 1.5× floor: met" : "≤ 1.5× floor: **MISSED**")
				# Below 1 MiB of data the fixed costs (stdio and
				# libyaml buffers, the first arena blocks) are all
				# there is to measure.
				if (c != "floor" && rr != "")
					tg = tg (tg == "" ? "" : "; ") \
					     (bytes[n] < 1048576 ? "RSS < 3× data: n/a (fixed costs)" : \
					      rr + 0 < 3 ? "RSS < 3× data: met" : "RSS < 3× data: **MISSED**")
				if (c == "update" && n == 25)
					tg = tg "; < 5 ms: " (t + 0 < 5 ? "met" : "**MISSED**")
			}
			printf "| %s | %s | %s | %s ms | %s | %s | %s | %s |\n", \
				n, fmt_size(bytes[n]), c, fmt_ms(t), (c == "floor" || c == "update") ? "" : ratio, rss, \
				c == "floor" ? "" : rr, tg
		}
	}
	if (("10000", "floor") in ms && ("100000", "floor") in ms) {
		print ""
		print "Growth from N = 10 000 to N = 100 000 (linear: at most 11×):"
		print ""
		print "| command | N = 10 000 | N = 100 000 | ratio | target |"
		print "| --- | ---: | ---: | ---: | --- |"
		for (j = 1; j <= nc; j++) {
			c = cmds[j]
			a = ms["10000", c]; b = ms["100000", c]
			if (a == "n/a" || b == "n/a" || a <= 0) continue
			g = b / a
			printf "| %s | %.1f ms | %.1f ms | %.2f× | %s |\n", c, a, b, g, \
				g + 0 <= 11 ? "met" : "**MISSED**"
		}
	}
}' "$results")

section=$(
	echo "<!-- bench:begin -->"
	echo "<!-- Written by tests/bench/run.sh (make bench): edit outside the markers. -->"
	echo
	echo "Commands, as timed (DIR = the generated data of N tasks; report" \
		"and check take fixed dates, since the data are of 2026):"
	echo
	echo '```'
	echo "floor DIR                       # tests/bench/floor.c: libyaml events only"
	echo "plantrack -d DIR list"
	echo "plantrack -d DIR report annual --as-of $as_of --format text"
	echo "plantrack -d DIR report annual --as-of $as_of --format json"
	echo "plantrack -d DIR check --today $today"
	echo "plantrack -d COPY update TASK --dept DEPT --result \"Kết quả đo lần I\""
	echo '```'
	echo
	echo "$table"
	echo
	echo "Machine:"
	echo
	echo "$machine"
	echo "<!-- bench:end -->"
)

if [ -f "$out" ] && grep -q '^<!-- bench:begin -->$' "$out" &&
   grep -q '^<!-- bench:end -->$' "$out"; then
	# Through the environment: awk -v would interpret backslashes.
	{ section=$section awk '
		/^<!-- bench:begin -->$/ { print ENVIRON["section"]; skip = 1
					   next }
		/^<!-- bench:end -->$/ { skip = 0; next }
		!skip' "$out" >"$out.tmp" && mv "$out.tmp" "$out"; } ||
		die "cannot write $out"
else
	{ echo "# Performance"; echo; echo "$section"; } >"$out" ||
		die "cannot write $out"
fi
echo "bench: results in $out"
