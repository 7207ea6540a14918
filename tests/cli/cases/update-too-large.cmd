# needs: root
# Issue 9: an update could write a state file larger than the size limit the
# loader accepts (then 64 MiB, now 128 MiB; seen: 67,112,862 bytes written,
# exit 0; every later command refused). The new file is now read back by the
# loader, limits included, before it replaces the old: refused (65), nothing written.
# Big files: the binary runs without $PT_WRAPPER (valgrind would take
# minutes over 128 MiB; the small cases run the same code under it).
# once: 12 s of the ASan build's run went to these files; its small cases
# run the same code.
. ./lib.sh; init_data
BIN=${PT##* }
python3 - "$D/departments/HCC/state.yaml" <<'PY'
import sys
limit = 128 << 20
head = "# plantrack state of department HCC. Written by plantrack: do not edit by hand.\nformat: 1\ndepartment: HCC\nentries:\n"
def entry(n, text):
    return ("- type: task\n  at: 2026-03-01T%02d:%02d:%02d+07:00\n  user: lan\n  uid: 1001\n"
            "  task: II.3\n  role: lead\n  result: \"%s\"\n"
            % (n // 3600, n // 60 % 60, n % 60, text))
out = [head]
size = len(head)
n = 0
# Entries of 16 000 bytes, then one that ends the file 1 000 bytes short
# of the limit: room for a short update, not for a long one.
while size < limit - 1000:
    room = limit - 1000 - size - len(entry(n, ""))
    out.append(entry(n, ("%05d" % n + "a" * 16000)[:max(1, min(16000, room))]))
    size += len(out[-1])
    n += 1
open(sys.argv[1], "w").write("".join(out))
PY
cp $D/departments/HCC/state.yaml $TMP/before
wc -c <$D/departments/HCC/state.yaml
faketime -f '2026-03-02 08:00:00' $BIN -d $D update II.3 --result "$(python3 -c 'print("b" * 16000)')"; echo "exit $?"
cmp $D/departments/HCC/state.yaml $TMP/before && echo unchanged
ls -a $D/departments/HCC
# A short text still fits (and this write was read back too).
faketime -f '2026-03-02 08:00:00' $BIN -d $D update II.3 --result "ngắn" >/dev/null; echo "exit $?"
wc -c <$D/departments/HCC/state.yaml
