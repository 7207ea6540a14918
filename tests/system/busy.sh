#!/bin/sh
# busy.sh: a writer that finds the department locked waits at most
# PLANTRACK_LOCK_TIMEOUT seconds, then gives up with exit 75 and changes
# nothing; readers never wait for the lock.
#
# usage: sh tests/system/busy.sh BINARY
#
# With departments/HCC/lock held by util-linux flock(1) (another process,
# as an administrator's script or a hung update would):
#   - `PLANTRACK_LOCK_TIMEOUT=0.3 update II.1 --dept HCC --progress 10` exits
#     75 after about 0.3 s (not the default 5 s), says "busy", and
#     state.yaml is byte for byte unchanged; the same with
#     PLANTRACK_LOCK_TIMEOUT=0 (a single try);
#   - the other departments are not locked: an update of KT succeeds;
#   - readers (list, history, show, validate) exit 0 at once (< 2 s);
#   - an update with PLANTRACK_LOCK_TIMEOUT=5 started while the lock is held
#     waits, and succeeds once the lock is released (0.5 s later);
# and after the release an update with timeout 0 succeeds.
#
# Runs as root (root acts for every department) and is skipped otherwise.
NAME=busy
. "$(dirname "$0")/lib.sh"
sys_init "$@"

[ "$(id -u)" -eq 0 ] || sys_skip "needs root (root acts for every department)"
sys_need flock

D=$T/data
pt_init "$D" || { fail "init: $(cat "$T/.init.err")"; sys_finish; }
LOCK=$D/departments/HCC/lock
S=$D/departments/HCC/state.yaml

run "$T/u" "$BIN" -d "$D" update II.1 --dept HCC --progress 5 --result "trước"
expect_rc 0 "first update (creates state.yaml and the lock file)"

# hold_lock: flock(1) holds LOCK until $T/release exists (10 s at most).
hold_lock() {
	rm -f "$T/release"
	flock "$LOCK" sh -c 'i=0; while [ ! -e "$1" ] && [ $i -lt 200 ]; do
		sleep 0.05; i=$((i + 1)); done' sh "$T/release" &
	holder=$!
	i=0
	while flock -n "$LOCK" true 2>/dev/null; do
		i=$((i + 1))
		if [ $i -ge 200 ]; then
			fail "flock(1) did not take the lock within 2 s"
			return 1
		fi
		sleep 0.01
	done
	return 0
}

release_lock() {
	touch "$T/release"
	wait "$holder"
}

sys_on_exit 'touch "$T/release"; wait'
hold_lock || sys_finish
cp "$S" "$T/before"

# The writer gives up after the timeout, with 75 and "busy".
t0=$(now_ms)
run "$T/b" env PLANTRACK_LOCK_TIMEOUT=0.3 "$BIN" -d "$D" update II.1 --dept HCC --progress 10
dt=$(($(now_ms) - t0))
expect_rc 75 "update while locked exits 75 (EX_TEMPFAIL)"
check "its message says busy: $(head -1 "$T/b.err")" contains "$T/b.err" busy
check "it names the lock file" contains "$T/b.err" "$LOCK"
check "it waited about PLANTRACK_LOCK_TIMEOUT=0.3 s (took $dt ms)" in_range "$dt" 250 2499
check "it printed nothing on stdout" [ ! -s "$T/b.out" ]
check "state.yaml unchanged" cmp -s "$T/before" "$S"
check "no temp file left" [ "$(temp_files "$D/departments/HCC")" -eq 0 ]

t0=$(now_ms)
run "$T/b0" env PLANTRACK_LOCK_TIMEOUT=0 "$BIN" -d "$D" update II.2 --dept HCC --result "x"
dt=$(($(now_ms) - t0))
expect_rc 75 "update while locked, PLANTRACK_LOCK_TIMEOUT=0, exits 75"
check "PLANTRACK_LOCK_TIMEOUT=0 gives up at once (took $dt ms)" [ "$dt" -lt 1000 ]
check "state.yaml still unchanged" cmp -s "$T/before" "$S"

# Other departments have their own locks.
run "$T/kt" env PLANTRACK_LOCK_TIMEOUT=0 "$BIN" -d "$D" update I.1 --dept KT --progress 20
expect_rc 0 "update of KT while HCC is locked exits 0"

# Readers take no lock.
for cmd in "list" "history" "history --dept HCC --format json" "show II.1" \
	"show II.1 --format json" "validate"; do
	t0=$(now_ms)
	# shellcheck disable=SC2086
	run "$T/r" timeout 10 "$BIN" -d "$D" $cmd
	dt=$(($(now_ms) - t0))
	expect_rc 0 "reader '$cmd' while locked exits 0"
	check "reader '$cmd' did not wait for the lock (took $dt ms)" [ "$dt" -lt 2000 ]
done
run "$T/s" "$BIN" -d "$D" show II.1 --format json
check "show II.1 --format json while locked shows the last committed progress" \
	grep -q '"progress": 5,' "$T/s.out"

# A writer with a long enough timeout waits and then gets the lock.
t0=$(now_ms)
env PLANTRACK_LOCK_TIMEOUT=5 "$BIN" -d "$D" update II.1 --dept HCC --progress 30 \
	>"$T/w.out" 2>"$T/w.err" &
waiter=$!
sleep 0.5
check "the waiting writer is still waiting after 0.5 s" kill -0 "$waiter"
check "... and has not written yet" cmp -s "$T/before" "$S"
release_lock
wait "$waiter"
rc=$?
dt=$(($(now_ms) - t0))
_o=$T/w
expect_rc 0 "the waiting writer succeeds once the lock is released"
check "it waited for the lock (took $dt ms)" in_range "$dt" 450 4499
check "its progress is recorded" grep -q 'progress: 30' "$S"

# Released: an update at once, with a single try.
run "$T/a" env PLANTRACK_LOCK_TIMEOUT=0 "$BIN" -d "$D" update II.1 --dept HCC --progress 10
expect_rc 0 "update after the release exits 0"
check "it says recorded" contains "$T/a.out" recorded
n=$(count_quick "$D" HCC)
check "HCC history: 3 entries (first, waiting writer, after release; got $n)" [ "${n:-0}" -eq 3 ]
run "$T/v" "$BIN" -d "$D" validate
expect_rc 0 "validate exits 0 at the end"

sys_finish
