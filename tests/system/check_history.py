#!/usr/bin/env python3
"""check_history.py: checks the history one department recorded while several
processes updated it at once (tests/system/concurrency.sh).

usage: check_history.py HISTORY.json DEPT PROCS ITERS SHOWDIR TASK...

HISTORY.json is `plantrack history --dept DEPT --format json`; process p
(1..PROCS) made ITERS updates, iteration i (1..ITERS) with --result
"DEPT p<p> i<i>" on one of the TASKs; SHOWDIR/TASK.json is `plantrack show
TASK --format json` afterwards.

Prints one line per check, "ok: ..." or "FAIL: ...", and nothing else.
"""
import json
import re
import sys


def main():
    hist_path, dept, procs, iters, showdir = sys.argv[1:6]
    procs, iters = int(procs), int(iters)
    tasks = sys.argv[6:]
    results = []

    def check(cond, desc):
        results.append(("ok: " if cond else "FAIL: ") + desc)
        return cond

    try:
        with open(hist_path, encoding="utf-8") as f:
            entries = json.load(f)["entries"]
    except (OSError, ValueError, KeyError) as e:
        check(False, f"{dept}: history is JSON with entries: {e}")
        print("\n".join(results))
        return
    check(len(entries) == procs * iters,
          f"{dept}: history has {procs}x{iters}={procs * iters} entries (got {len(entries)})")

    bad = [e for e in entries
           if e.get("department") != dept or e.get("type") != "task"
           or e.get("role") != "lead" or e.get("task") not in tasks]
    check(not bad, f"{dept}: every entry is a lead task entry of {dept} on {tasks}"
          + (f" (first wrong: {bad[0]})" if bad else ""))

    # Every (process, iteration) result exactly once, in each process's order.
    pat = re.compile(r"^%s p(\d+) i(\d+)$" % re.escape(dept))
    seen = {}
    last_iter = {}
    order_bad = []
    stray = []
    for e in entries:
        res = [c["to"] for c in e.get("changes", []) if c.get("field") == "result"]
        if len(res) != 1:
            stray.append(e)
            continue
        m = pat.match(res[0] or "")
        if not m:
            stray.append(e)
            continue
        p, i = int(m.group(1)), int(m.group(2))
        seen[(p, i)] = seen.get((p, i), 0) + 1
        if i <= last_iter.get(p, 0):
            order_bad.append((p, i))
        last_iter[p] = i
    missing = [(p, i) for p in range(1, procs + 1) for i in range(1, iters + 1)
               if (p, i) not in seen]
    dup = [k for k, n in seen.items() if n > 1]
    extra = [k for k in seen if not (1 <= k[0] <= procs and 1 <= k[1] <= iters)]
    check(not missing, f"{dept}: every (process, iteration) result is in the history"
          + (f" ({len(missing)} missing, e.g. {missing[:5]})" if missing else ""))
    check(not dup, f"{dept}: no result is recorded twice"
          + (f" ({len(dup)} twice, e.g. {dup[:5]})" if dup else ""))
    check(not stray and not extra, f"{dept}: no entry without one expected result"
          + (f" (e.g. {(stray + extra)[:2]})" if stray or extra else ""))
    check(not order_bad, f"{dept}: each process's updates appear in the order it made them"
          + (f" (out of order: {order_bad[:5]})" if order_bad else ""))

    # Serialisability: each entry's "from" is what the entries before it
    # made of the task, so no update worked from a stale read. A progress
    # of 1-99 on a task not started starts it: status changes too.
    cur = {t: {"progress": 0, "result": None, "status": "not_started"}
           for t in tasks}
    last = {}
    chain_bad = []
    for n, e in enumerate(entries):
        t = e.get("task")
        if t not in cur:
            continue
        for c in e.get("changes", []):
            f = c.get("field")
            if f not in ("progress", "result", "status"):
                chain_bad.append((n, f"unexpected field {f}"))
                continue
            if c.get("from") != cur[t][f]:
                chain_bad.append((n, t, f, c.get("from"), cur[t][f]))
            if c.get("to") == cur[t][f]:
                chain_bad.append((n, t, f, "no change", c.get("to")))
            cur[t][f] = c.get("to")
        last[t] = e
    check(not chain_bad, f"{dept}: every change starts from the previous state (no lost update)"
          + (f" ({len(chain_bad)} bad, e.g. {chain_bad[:3]})" if chain_bad else ""))

    ats = [e.get("at", "") for e in entries]
    check(ats == sorted(ats), f"{dept}: entry times never go backwards")

    # The current state each task shows is the fold of its history, and its
    # result is the one of its last entry.
    for t in tasks:
        try:
            with open(f"{showdir}/{t}.json", encoding="utf-8") as f:
                show = json.load(f)
            lead = [x for x in show["leads"] if x["department"] == dept][0]
        except (OSError, ValueError, KeyError, IndexError) as e:
            check(False, f"{dept}: show {t} --format json has a lead entry for {dept}: {e}")
            continue
        want_res = None
        if t in last:
            want_res = [c["to"] for c in last[t]["changes"] if c["field"] == "result"][0]
        check(lead.get("result") == want_res == cur[t]["result"],
              f"{dept}: show {t}: result {lead.get('result')!r} is the last entry's {want_res!r}")
        check(lead.get("progress") == cur[t]["progress"],
              f"{dept}: show {t}: progress {lead.get('progress')!r} is the history's {cur[t]['progress']!r}")
    print("\n".join(results))


if __name__ == "__main__":
    main()
