#!/bin/sh
# large-plan.sh: the file size limit (YR_MAX_FILE_SIZE, 128 MiB) admits a
# national-scale plan and refuses what is over it before reading it.
#
# usage: sh tests/system/large-plan.sh BINARY
#
#   - a plan of about 86 MB (135 000 tasks: data/plan.yaml's 25 tasks, with
#     the real plan's texts, repeated 5 400 times under new ids), over the
#     64 MiB the limit used to be, loads: `show` finds its last task;
#   - a plan one byte over the limit (a sparse file) is refused by its size
#     with exit 65 and a message naming the limit, at once;
#   - `init --plan` takes the large plan as well;
#   - warm runs (the snapshot of a large plan and of a few updates, summed
#     and given the pages of its entries and its fold by a second thread)
#     print what the YAML gives;
#   - the reports in every text format, whose 135 000 rows are drawn on two
#     threads (src/split.c), are what one processor draws (taskset).
# What it costs in time and memory is measured by `make bench`, never here.
NAME=large-plan
. "$(dirname "$0")/lib.sh"
sys_init "$@"

sys_need awk truncate

COPIES=5400
LIMIT=134217728		# YR_MAX_FILE_SIZE
D=$T/data
mkdir -p "$D/departments" || { fail "mkdir $D"; sys_finish; }

# The tasks of data/plan.yaml, copy k of task G.n named G.(n + k * 100):
# ids stay unique (no group of the real plan has 100 tasks).
awk -v copies="$COPIES" '
	/^tasks:/ { head = head $0 "\n"; intasks = 1; next }
	intasks && /^[^ #]/ { intasks = 0; done = 1 }
	intasks && /^  - id: / { nt++ }
	intasks && nt { task[nt] = task[nt] $0 "\n"; next }
	!done && !intasks { head = head $0 "\n"; next }
	{ tail = tail $0 "\n" }
	END {
		printf "%s", head
		for (k = 0; k < copies; k++)
			for (i = 1; i <= nt; i++) {
				t = task[i]
				split(substr(t, 9, index(t, "\n") - 9), id, ".")
				sub(/^  - id: [^\n]*\n/, "", t)
				printf "  - id: %s.%d\n%s", id[1], id[2] + k * 100, t
			}
		printf "%s", tail
	}' "$PLAN" >"$D/plan.yaml" || { fail "generating the plan"; sys_finish; }

size=$(wc -c <"$D/plan.yaml")
tasks=$(grep -c '^  - id: [IVX]*\.' "$D/plan.yaml")
check "the plan is over the old 64 MiB limit ($size bytes)" \
	in_range "$size" 67108865 "$LIMIT"
check "the plan has 135 000 tasks ($tasks)" [ "$tasks" -eq 135000 ]

last=$(grep '^  - id: V\.' "$D/plan.yaml" | tail -n 1 | sed 's/^  - id: //')
run "$T/s" "$BIN" -d "$D" show "$last"
expect_rc 0 "show finds the last task ($last)"
check "show prints its description" contains "$T/s.out" \
	"kịp thời nắm bắt các khó khăn vướng mắc"

run "$T/i" "$BIN" -d "$T/init" init --plan "$D/plan.yaml"
expect_rc 0 "init --plan takes the large plan"

# Entries of every kind the image's rooms are for, in the data directory
# init made: a lead's values with a difficulty, a coordinating
# department's note, a finished task.
D=$T/init
run "$T/u1" "$BIN" -d "$D" update I.1 --dept KT --progress 40 \
	--result "Đã rà soát 12 thủ tục" --difficulty "Thiếu nhân lực"
expect_rc 0 "a lead's update on the large plan"
run "$T/u2" "$BIN" -d "$D" update I.1 --dept HCC --result "Phối hợp rà soát"
expect_rc 0 "a coordinating department's note on the large plan"
run "$T/u3" "$BIN" -d "$D" update "$last" --dept KT --progress 100
expect_rc 0 "the last task finished"

# Warm: once the files have settled (SNAPSHOT_RACY_SECONDS), a run saves
# the image, and the runs after it read it, which leaves it as it was
# (a run that fell back to the YAML would save it anew).
sleep 3
img=$D/snapshot/image
run "$T/w0" "$BIN" -d "$D" list
expect_rc 0 "list saves the snapshot"
before=$(stat -c '%i %s %Y %Z' "$img" 2>/dev/null)
for cmd in list "check --today 2026-11-12" "show $last" "show I.1" \
	"report annual --format csv" "report annual --format json" \
	"report annual --format text"; do
	# shellcheck disable=SC2086
	run "$T/cold" "$BIN" --no-snapshot -d "$D" $cmd
	cold_rc=$rc
	# shellcheck disable=SC2086
	run "$T/warm" "$BIN" -d "$D" $cmd
	check "$cmd: warm exits as cold ($rc, $cold_rc)" [ "$rc" -eq "$cold_rc" ]
	check "$cmd: warm prints what cold does" cmp -s "$T/warm.out" \
		"$T/cold.out"
done
# On one processor (the first this process may use), a report's rows are
# drawn by one thread: the same bytes.
cpu=$(taskset -pc $$ 2>/dev/null | sed 's/.*: *//; s/[-,].*//')
if [ -n "$cpu" ] && [ "$(nproc 2>/dev/null || echo 1)" -ge 2 ]; then
	for f in csv json text md html; do
		run "$T/two" "$BIN" -d "$D" report annual --format $f
		run "$T/one" taskset -c "$cpu" "$BIN" -d "$D" report annual \
			--format $f
		expect_rc 0 "report --format $f on one processor"
		check "report --format $f: two threads draw what one does" \
			cmp -s "$T/one.out" "$T/two.out"
	done
else
	echo "large-plan: one processor (or no taskset): the rows are drawn by one thread only"
fi
after=$(stat -c '%i %s %Y %Z' "$img" 2>/dev/null)
check "the warm runs read the snapshot ($before)" \
	test -n "$before" -a "$before" = "$after"

# One byte over: refused by its size, before a byte is read.
truncate -s $((LIMIT + 1)) "$T/huge.yaml" || fail "truncate"
run "$T/h" "$BIN" validate "$T/huge.yaml"
expect_rc 65 "validate refuses a plan over the limit"
check "the message names the limit" contains "$T/h.err" \
	"file too large ($((LIMIT + 1)) bytes; the limit is $LIMIT)"

sys_finish
