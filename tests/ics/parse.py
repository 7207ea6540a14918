#!/usr/bin/env python3
"""Parse an iCalendar file (RFC 5545) back, strictly, with the standard library.

usage: python3 tests/ics/parse.py FILE|-

Checks what calendar programs rely on: every line ends in CRLF; no physical line
is longer than 75 octets and each is valid UTF-8 on its own (folding never splits
a character); continuation lines start with one blank; BEGIN/END nest and match;
the required properties are there (VCALENDAR: VERSION 2.0, PRODID; VEVENT: UID
unique, DTSTAMP, DTSTART; VALARM: ACTION, TRIGGER, and DESCRIPTION for DISPLAY);
all-day DTSTART/DTEND are VALUE=DATE with DTEND after DTSTART; TEXT escapes are
valid. Prints one line per event (UID, start, end, alarms, unescaped SUMMARY) and
a last line "ics: ok, N events", or the first problem on stderr and exits 1.
"""
import datetime
import re
import sys

TEXT_PROPS = {"SUMMARY", "DESCRIPTION", "CATEGORIES", "X-WR-CALNAME",
              "X-WR-CALDESC", "LOCATION", "COMMENT"}


class Bad(Exception):
    pass


def physical_lines(data):
    if not data.endswith(b"\r\n"):
        raise Bad("the file does not end with CRLF")
    lines = data[:-2].split(b"\r\n")
    for n, raw in enumerate(lines, 1):
        if b"\r" in raw or b"\n" in raw:
            raise Bad(f"line {n}: a bare CR or LF (lines end in CRLF)")
        if len(raw) > 75:
            raise Bad(f"line {n}: {len(raw)} octets (at most 75)")
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as e:
            raise Bad(f"line {n}: not UTF-8 on its own (a fold split a "
                      f"character?): {e}") from None
    return lines


def unfold(lines):
    out = []
    for n, raw in enumerate(lines, 1):
        if raw[:1] in (b" ", b"\t"):
            if not out:
                raise Bad(f"line {n}: a continuation line comes first")
            out[-1] = (out[-1][0], out[-1][1] + raw[1:])
        else:
            out.append((n, raw))
    return [(n, raw.decode("utf-8")) for n, raw in out]


def unescape(value, n):
    out, i = [], 0
    while i < len(value):
        c = value[i]
        if c == "\\":
            if i + 1 >= len(value) or value[i + 1] not in "\\;,nN":
                raise Bad(f"line {n}: bad escape in TEXT: {value[i:i + 2]!r}")
            out.append("\n" if value[i + 1] in "nN" else value[i + 1])
            i += 2
            continue
        if c in ";,":
            raise Bad(f"line {n}: unescaped {c!r} in TEXT")
        out.append(c)
        i += 1
    return "".join(out)


def parse_line(n, line):
    m = re.match(r"([A-Za-z0-9-]+)((?:;[A-Za-z0-9-]+=[^;:,]*)*):(.*)\Z", line)
    if not m:
        raise Bad(f"line {n}: not NAME[;PARAM=V]:VALUE: {line!r}")
    name = m.group(1).upper()
    params = dict(p.split("=", 1) for p in m.group(2).split(";")[1:])
    value = m.group(3)
    if name in TEXT_PROPS:
        value = unescape(value, n)
    return name, params, value


def parse_date(params, value, n):
    if params.get("VALUE") != "DATE" or not re.fullmatch(r"\d{8}", value):
        raise Bad(f"line {n}: all-day dates are ;VALUE=DATE:YYYYMMDD")
    return datetime.date(int(value[:4]), int(value[4:6]), int(value[6:]))


def parse(data):
    stack, comps, uids = [], [], set()
    for n, line in unfold(physical_lines(data)):
        name, params, value = parse_line(n, line)
        if name == "BEGIN":
            stack.append({"type": value, "props": {}, "alarms": 0, "line": n})
            continue
        if name == "END":
            if not stack or stack[-1]["type"] != value:
                raise Bad(f"line {n}: END:{value} does not close "
                          f"{stack[-1]['type'] if stack else 'anything'}")
            comp = stack.pop()
            check_component(comp, uids)
            if comp["type"] == "VALARM":
                stack[-1]["alarms"] += 1
            elif comp["type"] == "VEVENT":
                comps.append(comp)
            if not stack and comp["type"] != "VCALENDAR":
                raise Bad(f"line {n}: {comp['type']} outside VCALENDAR")
            continue
        if not stack:
            raise Bad(f"line {n}: {name} outside any component")
        if name in stack[-1]["props"] and name not in ("CATEGORIES",):
            raise Bad(f"line {n}: {name} twice in {stack[-1]['type']}")
        stack[-1]["props"][name] = (params, value, n)
    if stack:
        raise Bad(f"{stack[-1]['type']} is never closed")
    return comps


def check_component(comp, uids):
    t, props, n = comp["type"], comp["props"], comp["line"]
    need = {"VCALENDAR": ["VERSION", "PRODID"],
            "VEVENT": ["UID", "DTSTAMP", "DTSTART"],
            "VALARM": ["ACTION", "TRIGGER"]}.get(t, [])
    for p in need:
        if p not in props:
            raise Bad(f"line {n}: {t} without {p}")
    if t == "VCALENDAR" and props["VERSION"][1] != "2.0":
        raise Bad("VERSION is not 2.0")
    if t == "VALARM":
        if props["ACTION"][1] == "DISPLAY" and "DESCRIPTION" not in props:
            raise Bad(f"line {n}: a DISPLAY alarm without DESCRIPTION")
        if not re.fullmatch(r"-?P(\d+W|\d+D)", props["TRIGGER"][1]):
            raise Bad(f"line {n}: TRIGGER {props['TRIGGER'][1]!r}")
    if t == "VEVENT":
        uid = props["UID"][1]
        if uid in uids:
            raise Bad(f"line {n}: UID {uid} twice")
        uids.add(uid)
        if not re.fullmatch(r"\d{8}T\d{6}Z", props["DTSTAMP"][1]):
            raise Bad(f"line {n}: DTSTAMP is not a UTC date-time")
        start = parse_date(*props["DTSTART"][:2], props["DTSTART"][2])
        comp["start"] = start
        comp["end"] = None
        if "DTEND" in props:
            end = parse_date(*props["DTEND"][:2], props["DTEND"][2])
            if end <= start:
                raise Bad(f"line {n}: DTEND is not after DTSTART")
            comp["end"] = end


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "-"
    data = sys.stdin.buffer.read() if path == "-" else open(path, "rb").read()
    try:
        events = parse(data)
    except Bad as e:
        print(f"ics: {e}", file=sys.stderr)
        return 1
    for ev in events:
        p = ev["props"]
        print(f"{p['UID'][1]}\t{ev['start']}\t{ev['end']}\t"
              f"{ev['alarms']} alarms\t{p.get('SUMMARY', ({}, ''))[1]}")
    print(f"ics: ok, {len(events)} events")
    return 0


if __name__ == "__main__":
    sys.exit(main())
