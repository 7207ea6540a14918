#!/bin/sh
# full-disk.sh: a write that runs out of space fails with exit 74, says so,
# and leaves the old state.yaml exactly as it was.
#
# usage: sh tests/system/full-disk.sh BINARY
#
# On a 256 KiB tmpfs (root only; skipped when the mount is refused):
#   - init there and make a few updates;
#   - fill the file system (dd bs=4k until it fails): an update with an
#     8 KB --result exits 74, its message says "No space left on device" and
#     "nothing was changed", state.yaml is byte for byte the same, no temp
#     file (.state.yaml.*) is left; the same for a short update, for submit,
#     and for the first update of a department that has no state.yaml yet
#     (which must not appear); readers (list, history, validate) still work;
#   - with only 8 KiB free (less than the new file), so that the temp file
#     is partly written before the disk is full: the same checks for the
#     8 KB update;
#   - after removing the fill files the 8 KB update succeeds and is in the
#     history; validate exits 0.
# Unmounts at exit.
NAME=full-disk
. "$(dirname "$0")/lib.sh"
sys_init "$@"

[ "$(id -u)" -eq 0 ] || sys_skip "needs root (mounts a tmpfs)"
sys_need mount umount dd df

M=$T/mnt
mkdir "$M" || exit 1
mount -t tmpfs -o size=256k,mode=755 tmpfs "$M" 2>"$T/mount.err" ||
	sys_skip "cannot mount a tmpfs: $(head -1 "$T/mount.err")"
sys_on_exit 'umount "$M" || umount -l "$M"'

D=$M/data
pt_init "$D" || { fail "init on the tmpfs: $(cat "$T/.init.err")"; sys_finish; }
S=$D/departments/HCC/state.yaml
for i in 1 2 3 4; do
	run "$T/u" "$BIN" -d "$D" update II.$i --dept HCC --progress $((i * 10)) \
		--result "bước $i"
	expect_rc 0 "update $i on the tmpfs"
done
run "$T/u" "$BIN" -d "$D" update I.1 --dept KT --status in_progress
expect_rc 0 "update of KT on the tmpfs"
count0=$(count_quick "$D" HCC)
cp "$S" "$T/before"

# 185 x 45 bytes (UTF-8) = 8325 bytes: printf repeats its format for each
# argument.
# shellcheck disable=SC2046
long=$(printf 'Đã rà soát thủ tục hành chính %03d. ' $(seq 185))
len=$(printf %s "$long" | wc -c)
check "the long result is 8 KB or more ($len bytes)" in_range "$len" 8192 9000

# disk_full_checks WHAT [long]: the checks on a full disk; with "long" only
# those of the update with the 8 KB result.
disk_full_checks() {
	run "$T/f1" "$BIN" -d "$D" update II.5 --dept HCC --result "$long"
	expect_rc 74 "$1: update with an 8 KB result exits 74"
	check "$1: ... message says No space left on device: $(head -1 "$T/f1.err" | cut -c1-150)" \
		contains "$T/f1.err" "No space left on device"
	check "$1: ... and nothing was changed" contains "$T/f1.err" "nothing was changed"
	check "$1: ... and names state.yaml" contains "$T/f1.err" "$S"
	check "$1: ... state.yaml byte for byte as before" cmp -s "$T/before" "$S"
	check "$1: ... no temp file left" [ "$(temp_files "$D/departments/HCC")" -eq 0 ]
	[ "${2:-}" = long ] && return

	run "$T/f2" "$BIN" -d "$D" update II.6 --dept HCC --progress 5
	expect_rc 74 "$1: a short update exits 74"
	check "$1: ... state.yaml byte for byte as before" cmp -s "$T/before" "$S"
	run "$T/f3" "$BIN" -d "$D" submit --period h1 --dept HCC
	expect_rc 74 "$1: submit exits 74"
	check "$1: ... state.yaml byte for byte as before" cmp -s "$T/before" "$S"
	check "$1: ... no temp file left" [ "$(temp_files "$D/departments/HCC")" -eq 0 ]
}

# ---- a completely full disk ----
dd if=/dev/zero of="$M/fill" bs=4k 2>/dev/null
check "dd fills the tmpfs and fails (exit $?)" [ $? -ne 0 ]
avail=$(df -k --output=avail "$M" | tail -1 | tr -d ' ')
check "the tmpfs is full (${avail} KiB available)" [ "$avail" -eq 0 ]
disk_full_checks "full disk"
run "$T/f4" "$BIN" -d "$D" update II.8 --dept DVC --result "đầu tiên"
expect_rc 74 "full disk: first update of DVC (no state.yaml yet) exits 74"
check "full disk: ... DVC has no state.yaml" [ ! -e "$D/departments/DVC/state.yaml" ]
check "full disk: ... and no temp file" [ "$(temp_files "$D/departments/DVC")" -eq 0 ]
for cmd in list history validate "show II.1"; do
	# shellcheck disable=SC2086
	run "$T/r" "$BIN" -d "$D" $cmd
	expect_rc 0 "full disk: reader '$cmd' exits 0"
done

# ---- 8 KiB free: the temp file is partly written, then ENOSPC ----
rm -f "$M/fill"
dd if=/dev/zero of="$M/reserve" bs=4k count=2 2>/dev/null
dd if=/dev/zero of="$M/fill" bs=4k 2>/dev/null
rm -f "$M/reserve"
avail=$(df -k --output=avail "$M" | tail -1 | tr -d ' ')
check "8 KiB free on the tmpfs (${avail} KiB available)" [ "$avail" -eq 8 ]
disk_full_checks "8 KiB free" long

# ---- space again ----
rm -f "$M/fill"
run "$T/ok" "$BIN" -d "$D" update II.5 --dept HCC --result "$long"
expect_rc 0 "with space again, the 8 KB update exits 0"
check "... says recorded" contains "$T/ok.out" recorded
n=$(count_quick "$D" HCC)
check "HCC history: $count0 + 1 entries (got $n)" [ "${n:-0}" -eq $((count0 + 1)) ]
run "$T/s" "$BIN" -d "$D" show II.5 --format json
check "show II.5 has the 8 KB result" contains "$T/s.out" "$long"
check "no temp file left" [ "$(temp_files "$D/departments/HCC" "$D/departments/DVC")" -eq 0 ]
run "$T/v" "$BIN" -d "$D" validate
expect_rc 0 "validate exits 0 at the end"

sys_finish
