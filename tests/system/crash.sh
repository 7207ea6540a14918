#!/bin/sh
# crash.sh: a writer killed at any moment leaves the old or the new state,
# never a broken one, and never a stuck lock.
#
# usage: sh tests/system/crash.sh BINARY
#
# 100 rounds: an update of HCC (a unique --result of a few hundred bytes,
# so that the write takes a little while) starts in the background and gets
# SIGKILL after a random 0-20 ms. Then:
#   - `validate` exits 0 (state.yaml still loads);
#   - history has the previous number of entries (then state.yaml is byte
#     for byte the one before) or one more (then its last entry is the
#     killed update's);
#   - an update at once, with PLANTRACK_LOCK_TIMEOUT=0 (a single try at the
#     lock), succeeds: the kernel released the dead writer's flock; its
#     entry is counted (+1 exactly).
#   - a temp file (.state.yaml.*) the killed writer left (it cannot clean
#     up) is gone after that next update: whoever holds the lock removes
#     dead writers' temp files. Before then, `validate` and `history` are
#     checked with it present; how many there were is reported.
#
# Runs as root (root acts for every department) and is skipped otherwise.
NAME=crash
. "$(dirname "$0")/lib.sh"
sys_init "$@"

[ "$(id -u)" -eq 0 ] || sys_skip "needs root (root acts for every department)"
use_python

ROUNDS=${CRASH_ROUNDS:-100}
D=$T/data
pt_init "$D" || { fail "init: $(cat "$T/.init.err")"; sys_finish; }
S=$D/departments/HCC/state.yaml
# A padding that makes each entry (and so the file) larger.
pad=$(printf '%0300d' 0 | tr 0 x)

# results_with TEXT: how many history entries (JSON) set the result TEXT.
results_with() {
	"$BIN" -d "$D" history --dept HCC --format json 2>/dev/null |
		grep -cF "\"to\": \"$1\""
}

run "$T/u" "$BIN" -d "$D" update II.1 --dept HCC --progress 1 --result "start"
expect_rc 0 "first update"
prev=$(count_quick "$D" HCC)
check "history has 1 entry at first (got $prev)" [ "${prev:-0}" -eq 1 ]

killed_old=0 killed_new=0 bad_rounds=0 left_total=0
round=1
while [ $round -le "$ROUNDS" ]; do
	cp "$S" "$T/before"
	task=II.$((round % 6 + 1))
	text="killed $round $pad"
	delay=$(rand 21)
	( exec "$BIN" -d "$D" update "$task" --dept HCC \
		--progress $((round % 100 + 1)) --result "$text" >/dev/null 2>&1 ) &
	pid=$!
	sleep "$(printf '0.%03d' "$delay")"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	failures=$failed

	run "$T/v" "$BIN" -d "$D" validate
	[ "$rc" -eq 0 ] || fail "round $round (kill after $delay ms): validate exits 0 (got $rc): $(head -3 "$T/v.err")"

	n=$(count_quick "$D" HCC)
	if [ "${n:-x}" = "$prev" ]; then
		killed_old=$((killed_old + 1))
		cmp -s "$T/before" "$S" ||
			fail "round $round (kill after $delay ms): same number of entries but state.yaml changed"
	elif [ "${n:-x}" = "$((prev + 1))" ]; then
		killed_new=$((killed_new + 1))
		[ "$(results_with "$text")" -eq 1 ] ||
			fail "round $round (kill after $delay ms): one more entry, but not the killed update's"
		grep -qF "$text" "$S" ||
			fail "round $round (kill after $delay ms): state.yaml lacks the killed update's result"
	else
		fail "round $round (kill after $delay ms): history has ${n:-no} entries; expected $prev or $((prev + 1))"
	fi
	[ -n "$n" ] && prev=$n

	dead=$(temp_files "$D/departments/HCC")
	left_total=$((left_total + dead))
	run "$T/f" env PLANTRACK_LOCK_TIMEOUT=0 "$BIN" -d "$D" update II.1 --dept HCC \
		--result "follow-up $round"
	[ "$(temp_files "$D/departments/HCC")" -eq 0 ] ||
		fail "round $round: the next update removes the $dead temp file(s) the killed writer left"
	[ "$rc" -eq 0 ] || fail "round $round (kill after $delay ms): the next update (lock timeout 0) exits 0 (got $rc): $(head -3 "$T/f.err")"
	n=$(count_quick "$D" HCC)
	[ "${n:-x}" = "$((prev + 1))" ] ||
		fail "round $round: the next update adds one entry ($prev -> ${n:-none})"
	[ -n "$n" ] && prev=$n

	if [ "$failed" -eq "$failures" ]; then ok "round $round"; else bad_rounds=$((bad_rounds + 1)); fi
	round=$((round + 1))
done

echo "$NAME: $ROUNDS kills: $killed_old left the old state, $killed_new the new one; $left_total temp file(s) left behind, each removed by the next update" >&2

# A leftover as a killed writer leaves it: read around, then removed.
: >"$D/departments/HCC/.state.yaml.Kil9ed"
run "$T/v" "$BIN" -d "$D" validate
expect_rc 0 "validate with a leftover temp file"
run "$T/h" "$BIN" -d "$D" history --dept HCC
expect_rc 0 "history with a leftover temp file"
run "$T/u" "$BIN" -d "$D" update II.2 --dept HCC --status "done"
expect_rc 0 "update with a leftover temp file"
check "... which removed it" [ "$(temp_files "$D/departments/HCC")" -eq 0 ]
n=$(count_entries "$D" HCC)	# python: also checks that the JSON parses
check "final count is $((prev + 1)) (got $n)" [ "${n:-0}" -eq $((prev + 1)) ]
# Each round recorded its follow-up, plus the first and the last update.
expected_min=$((ROUNDS + 2))
check "history counts every follow-up update (>= $expected_min, got $n)" [ "${n:-0}" -ge "$expected_min" ]
check "the leftover temp files are not state.yaml itself" [ -f "$S" ]

sys_finish
