#!/bin/sh
# check-year.sh: a year of cron mail, replayed. `check --today DAY` runs on
# every day from 01/01/2026 to 01/06/2027 over two data directories, and
# every day a finding starts, turns overdue or stops goes into a
# transcript, which must equal check-year.expected: the start and stop
# rules of docs/cron.md, visible.
#
# usage: sh tests/system/check-year.sh BINARY     (PT_UPDATE=1 rewrites
#                                                  check-year.expected)
#
#   fresh  the bundled plan, nothing recorded (the data directory of a
#          commune that never used plantrack): each report is missed and
#          stops when the next period's report takes over (h1 after
#          15/11 and 20/11) or the plan year ends (annual, III.2: after
#          31/12/2026); on 01/06/2027, and every day of 2027, nothing;
#   year   tests/fixtures/check-year (made by make.sh there, III.2 due
#          30/06/2026): departments update their tasks and submit, some
#          late; the consolidated reports go late (h1 on 25/05, annual on
#          23/11) without VHXH's and DVC's h1 reports and DVC's annual
#          one, whose findings stop then, as does III.2's overdue (the
#          annual report records it). Stale findings stop on an update,
#          on the department's submission, at the deadline.
#
# A transcript line: "DAY SIGN SEVERITY KIND DEPT SUBJECT..." with SIGN +
# (starts), ~ (same finding, new severity) or - (stops), subjects of the
# same change grouped; "DAY exit N" when the exit status changes. Every
# day is also checked to print one line per finding and exit 0, 1 or 2
# accordingly; the checks run on a clock after the last record.
NAME=check-year
. "$(dirname "$0")/lib.sh"
sys_init "$@"
sys_need faketime date
use_python

FIX=$SRC_DIR/tests/fixtures/check-year
EXPECTED=$SYS_DIR/check-year.expected

pt_init "$T/fresh" || { fail "init fresh: $(cat "$T/.init.err")"; sys_finish; }
sed -f "$FIX/plan.sed" "$PLAN" >"$T/plan.yaml"
pt_init "$T/year" "$T/plan.yaml" ||
	{ fail "init year: $(cat "$T/.init.err")"; sys_finish; }
for d in KT HCC VHXH DVC; do
	cp "$FIX/$d.yaml" "$T/year/departments/$d/state.yaml"
done
run "$T/v" "$BIN" -d "$T/year" validate
expect_rc 0 "the fixture's records load"

# Every day of the replay, one a line.
"$PY" -c 'import datetime as d
day = d.date(2026, 1, 1)
while day <= d.date(2027, 6, 1):
    print(day)
    day += d.timedelta(days=1)' >"$T/days"

# replay DIR: for each day, "@@ DAY", check's output (stderr too), "@@ exit N".
replay() {
	while read -r day; do
		echo "@@ $day"
		faketime -f '2027-07-01 08:00:00' "$BIN" -d "$1" check \
			--today "$day" 2>&1
		echo "@@ exit $?"
	done <"$T/days"
}

for dir in fresh year; do
	echo "== $dir"
	replay "$T/$dir" >"$T/$dir.days"
	"$PY" - "$T/$dir.days" <<'PY'
import sys
from collections import OrderedDict

days = OrderedDict()
bad = []
rank = {}
KINDS = ['report-due', 'consolidated-due', 'task-due', 'stale']
for line in open(sys.argv[1], encoding='utf-8'):
    line = line.rstrip('\n')
    if line.startswith('@@ exit '):
        d['exit'] = int(line[8:])
        continue
    if line.startswith('@@ '):
        day = line[3:]
        d = days.setdefault(day, {'exit': None, 'found': {}})
        continue
    f = line.split('\t')
    if len(f) != 6:
        bad.append('%s: not a finding: %s' % (day, line))
        continue
    date, sev, kind, dept, subj, _msg = f
    d['found'][(kind, dept, subj)] = sev
    # Departments and subjects in check's order (plan order), as first
    # seen; kinds in check's order.
    rank.setdefault(dept, len(rank))
    rank.setdefault((dept, subj), len(rank))
prev, prev_exit = {}, 0
for day, d in days.items():
    found = d['found']
    want = 2 if 'overdue' in found.values() else 1 if found else 0
    if d['exit'] != want:
        bad.append('%s: exit %s with these findings, want %d' %
                   (day, d['exit'], want))
    groups = OrderedDict()
    for key in sorted(set(prev) | set(found),
                      key=lambda k: (KINDS.index(k[0]), rank[k[1]],
                                     rank[k[1:]])):
        kind, dept, subj = key
        if key not in prev:
            change = ('+', found[key])
        elif key not in found:
            change = ('-', prev[key])
        elif found[key] != prev[key]:
            change = ('~', found[key])
        else:
            continue
        groups.setdefault(change + (kind, dept), []).append(subj)
    for (sign, sev, kind, dept), subjs in groups.items():
        print(day, sign, sev, kind, dept, ' '.join(subjs))
    if d['exit'] != prev_exit:
        print(day, 'exit', d['exit'])
    prev, prev_exit = found, d['exit']
for b in bad:
    print('BAD', b)
PY
done >"$T/transcript"

if grep -q '^BAD' "$T/transcript"; then
	fail "days whose output or exit status is wrong:"
	grep '^BAD' "$T/transcript" | head -20 >&2
else
	ok "one line per finding, exit 0, 1 or 2 accordingly, every day"
fi
[ -n "${PT_UPDATE:-}" ] && cp "$T/transcript" "$EXPECTED"
if diff -u "$EXPECTED" "$T/transcript" >"$T/diff"; then
	ok "the year's findings start and stop as check-year.expected says"
else
	fail "the year's findings differ from check-year.expected:"
	head -60 "$T/diff" >&2
fi
# The issue's own example, said directly.
run "$T/june" faketime -f '2027-07-01 08:00:00' "$BIN" -d "$T/fresh" check \
	--today 2027-06-01
expect_rc 0 "a fresh data directory on 01/06/2027: exit 0"
check "... and not a byte" test ! -s "$T/june.out"
sys_finish
