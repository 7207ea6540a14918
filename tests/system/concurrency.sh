#!/bin/sh
# concurrency.sh: many writers at once lose nothing and corrupt nothing.
#
# usage: sh tests/system/concurrency.sh BINARY
#
# (a) 8 processes x 100 updates of department HCC, started together, over
#     tasks II.1..II.6 (every task is written by several processes). Each
#     update has a unique --result "HCC p<P> i<I>", so none is "nothing
#     changed". Afterwards `history --dept HCC --format json` must hold
#     exactly 800 entries, each (process, iteration) once and in each
#     process's order; each entry's "from" values must be the state the
#     entries before it made (no lost update from a stale read); and
#     `show TASK --format json` must give, for every task, the progress and
#     result the history folds to (result = that of the task's last entry).
#     Meanwhile a reader runs `validate` and `history` over and over: every
#     one must succeed (readers take no lock and must never see a partial
#     file).
# (b) HCC and KT at once, 4 x 50 updates each, in a fresh data directory:
#     both complete and each history holds exactly its 200 entries, same
#     checks.
# After each: no temp file (.state.yaml.*) is left and `validate` exits 0.
#
# Needs root (root acts for every department; other users would need the
# plan's Unix groups): skipped otherwise. PLANTRACK_LOCK_TIMEOUT=60 so that
# no writer gives up waiting.
NAME=concurrency
. "$(dirname "$0")/lib.sh"
sys_init "$@"

[ "$(id -u)" -eq 0 ] || sys_skip "needs root (root acts for every department)"
use_python

PLANTRACK_LOCK_TIMEOUT=60
export PLANTRACK_LOCK_TIMEOUT

# writer DATA DEPT P N TASK...: waits for $T/go, then makes N updates.
# Failures go to $T/bad.DEPT.P ("ITER EXIT") and $T/err.DEPT.P (stderr).
writer() {
	w_d=$1 w_dept=$2 w_p=$3 w_n=$4
	shift 4
	w_i=0
	while [ ! -e "$T/go" ] && [ $w_i -lt 1000 ]; do
		sleep 0.01
		w_i=$((w_i + 1))
	done
	w_i=1
	while [ "$w_i" -le "$w_n" ]; do
		w_k=$(((w_p + w_i) % $# + 1))
		w_task=
		eval "w_task=\${$w_k}"
		"$BIN" -d "$w_d" update "$w_task" --dept "$w_dept" \
			--progress $(((w_p * 37 + w_i * 13) % 101)) \
			--result "$w_dept p$w_p i$w_i" >/dev/null 2>>"$T/err.$w_dept.$w_p"
		w_rc=$?
		[ $w_rc -ne 0 ] && echo "$w_i $w_rc" >>"$T/bad.$w_dept.$w_p"
		w_i=$((w_i + 1))
	done
}

# reader DATA: validate + history until $T/stop; counts to $T/reads.*
reader() {
	r_ok=0 r_bad=0
	while [ ! -e "$T/stop" ]; do
		if "$BIN" -d "$1" validate 2>>"$T/reader.err" &&
			"$BIN" -d "$1" history --format json >"$T/reader.json" 2>>"$T/reader.err" &&
			[ -s "$T/reader.json" ]; then
			r_ok=$((r_ok + 1))
		else
			r_bad=$((r_bad + 1))
		fi
		sleep 0.2
	done
	echo "$r_ok" >"$T/reads.ok"
	echo "$r_bad" >"$T/reads.bad"
}

# After the writers: python's verdicts, temp files, validate.
verify() {
	v_d=$1 v_dept=$2 v_procs=$3 v_iters=$4
	shift 4
	if ls "$T"/bad."$v_dept".* >/dev/null 2>&1; then
		fail "$v_dept: $(cat "$T"/bad."$v_dept".* | wc -l) updates failed; first errors:"
		cat "$T"/err."$v_dept".* | head -5 | sed 's/^/    /' >&2
	else
		ok "$v_dept: all $((v_procs * v_iters)) updates exited 0"
	fi
	"$BIN" -d "$v_d" history --dept "$v_dept" --format json >"$T/hist.$v_dept.json" 2>"$T/hist.err"
	rc=$?
	_o=$T/hist
	expect_rc 0 "$v_dept: history --dept $v_dept --format json"
	mkdir -p "$T/show.$v_dept"
	for v_t in "$@"; do
		"$BIN" -d "$v_d" show "$v_t" --format json >"$T/show.$v_dept/$v_t.json" ||
			fail "$v_dept: show $v_t --format json exits 0"
	done
	"$PY" "$SYS_DIR/check_history.py" "$T/hist.$v_dept.json" "$v_dept" \
		"$v_procs" "$v_iters" "$T/show.$v_dept" "$@" >"$T/verdicts" 2>&1
	[ -s "$T/verdicts" ] || echo "FAIL: check_history.py printed nothing" >"$T/verdicts"
	while IFS= read -r v_line; do
		case $v_line in
		ok:*) ok "${v_line#ok: }" ;;
		FAIL:*) fail "${v_line#FAIL: }" ;;
		*) fail "check_history.py: $v_line" ;;
		esac
	done <"$T/verdicts"
	v_tmp=$(temp_files "$v_d/departments/$v_dept")
	check "$v_dept: no temp file left in departments/$v_dept (found $v_tmp)" [ "$v_tmp" -eq 0 ]
}

# ---- (a) 8 x 100 on one department ----
D=$T/a
pt_init "$D" || { fail "init $D: $(cat "$T/.init.err")"; sys_finish; }
HCC_TASKS="II.1 II.2 II.3 II.4 II.5 II.6"
start=$(now_ms)
pids=
for p in 1 2 3 4 5 6 7 8; do
	# shellcheck disable=SC2086
	writer "$D" HCC $p 100 $HCC_TASKS &
	pids="$pids $!"
done
reader "$D" &
rpid=$!
# Killed only while not yet waited for: until then their ids cannot be
# reused by other processes.
a_waited=
sys_on_exit "touch \"\$T/go\" \"\$T/stop\"; [ -n \"\$a_waited\" ] || kill $pids $rpid; wait"
touch "$T/go"
for p in $pids; do wait "$p"; done
touch "$T/stop"
wait "$rpid"
# shellcheck disable=SC2034 # read by the clean-up
a_waited=1
echo "$NAME: (a) 8 x 100 updates of HCC took $(($(now_ms) - start)) ms" >&2
# shellcheck disable=SC2086
verify "$D" HCC 8 100 $HCC_TASKS
reads_ok=$(cat "$T/reads.ok" 2>/dev/null || echo 0)
reads_bad=$(cat "$T/reads.bad" 2>/dev/null || echo 0)
if [ "$reads_bad" -eq 0 ] && [ "$reads_ok" -gt 0 ]; then
	ok "reader: $reads_ok validate+history runs during the writes, all exit 0"
else
	fail "reader: $reads_bad of $((reads_ok + reads_bad)) validate+history runs during the writes failed"
	head -5 "$T/reader.err" | sed 's/^/    /' >&2
fi
run "$T/val" "$BIN" -d "$D" validate
expect_rc 0 "(a) validate exits 0 afterwards"

# ---- (b) two departments at once: 4 x 50 each ----
rm -f "$T/go" "$T"/bad.* "$T"/err.*
D=$T/b
pt_init "$D" || { fail "init $D: $(cat "$T/.init.err")"; sys_finish; }
KT_TASKS="I.1 III.1 III.2 IV.1 V.1"
start=$(now_ms)
pids=
for p in 1 2 3 4; do
	# shellcheck disable=SC2086
	writer "$D" HCC $p 50 $HCC_TASKS &
	pids="$pids $!"
	# shellcheck disable=SC2086
	writer "$D" KT $p 50 $KT_TASKS &
	pids="$pids $!"
done
b_waited=
sys_on_exit "touch \"\$T/go\"; [ -n \"\$b_waited\" ] || kill $pids; wait"
touch "$T/go"
for p in $pids; do wait "$p"; done
# shellcheck disable=SC2034 # read by the clean-up
b_waited=1
echo "$NAME: (b) 4 x 50 updates of HCC and of KT took $(($(now_ms) - start)) ms" >&2
# shellcheck disable=SC2086
verify "$D" HCC 4 50 $HCC_TASKS
# shellcheck disable=SC2086
verify "$D" KT 4 50 $KT_TASKS
n=$(count_entries "$D")
check "(b) history of all departments has 400 entries (got $n)" [ "${n:-0}" -eq 400 ]
run "$T/val" "$BIN" -d "$D" validate
expect_rc 0 "(b) validate exits 0 afterwards"

sys_finish
