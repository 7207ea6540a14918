#!/usr/bin/env python3
"""Check that the texts of data/plan.yaml are verbatim copies of the source document.

Usage: check_plan_text.py PLAN.yaml SOURCE.txt

PLAN.yaml is read with a tiny reader for the YAML subset that data/plan.yaml uses
(block mappings and sequences, double-quoted strings with only the escapes \\" \\\\ \\n,
flow sequences of plain codes, plain integers, dates and identifiers); PyYAML is not needed.
SOURCE.txt is the PDF text extract; the table rows that the PDF split across a page break
are joined again exactly as docs/plan-format.md ("How the 2026 plan was transcribed") says.

Checks: every string is NFC; every plan text, group title, indicator, task cell, alias and
party name occurs verbatim in the (mended) source; each task's and indicator's cells equal
the source's table cells; the codes of every refs mapping match its text; there are exactly
25 tasks and 4 indicators; the duties (Tổ chức thực hiện) are verbatim parts of their points
of section III with the parties the points name. Every string of the plan is either one of
those or listed in NOT_FROM_SOURCE (codes, Unix groups, periods, who signs a department's
report, how reports are issued): a new key must say which it is.
Exit status 0 on success, 1 with messages on failure, 2 on usage.
"""
import json
import re
import sys
import unicodedata

N_TASKS = 25
N_INDICATORS = 4
ROMAN = ["I", "II", "III", "IV", "V", "VI"]

# The page-break mends (docs/plan-format.md). A table row whose first cell is empty continues
# the row above; each non-empty cell is appended to the same column with one space, except the
# fragments listed in STRAY, where the PDF extract repeated the "ng" of "doanh".
STRAY = {
    ("Các Phòng, ban, các doanh", "ng nghiệp trên địa bàn"):
        "Các Phòng, ban, các doanh nghiệp trên địa bàn",
}
EXPECTED_MENDS = [
    ("II.8", "description"), ("II.8", "lead"), ("II.8", "coordinating"),
    ("III.2", "coordinating"),
    ("V.2", "coordinating"),
    ("V.8", "lead"),
]
TASK_COLUMNS = ["stt", "description", "lead", "coordinating", "deadline"]
# Tổ chức thực hiện (section III): the points that are duties, with the departments and
# parties each names ("Trưởng các phòng, đơn vị": every department).
DUTY_POINTS = {1: (["DVC"], ["VHXH"]), 2: (["ALL"], [])}

# Where a string of the plan comes from (paths as strings() gives them, indexes as [N]).
FROM_SOURCE = [
    r"/plan/(issuer|commune|city|number|place_date|title)",
    r"/plan/legal_bases\[N\]",
    r"/plan/signer/(name|title|authority)",
    r"/(departments|parties)\[N\]/(name|aliases\[N\])",
    r"/indicators\[N\]/(name|unit|target/(op|text)|monitoring/(code|text))",
    r"/indicators\[N\]/executing/(text|codes\[N\])",
    r"/groups\[N\]/(id|title)",
    r"/tasks\[N\]/(id|group|description|deadline/(kind|text|date))",
    r"/tasks\[N\]/(lead|coordinating)/(text|codes\[N\])",
    r"/periods\[N\]/recipient",
    r"/duties\[N\]/(text|(lead|coordinating)/(text|codes\[N\]))",
]
NOT_FROM_SOURCE = [
    r"/(departments|parties)\[N\]/(code|group|kind)",    # the tool's identifiers
    r"/departments\[N\]/head/(title|name)",               # who signs its own report
    r"/periods\[N\]/(id|name|start|end|department_due|consolidated_due|consolidator)",
    r"/reports/(agency|place|symbol)",                      # how reports are issued
    r"/reports/(recipients|department_recipients)\[N\]",
]


class YamlError(Exception):
    pass


# ---------------------------------------------------------------- tiny YAML-subset reader

KEY_RE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):(?: (.*))?$")
INT_RE = re.compile(r"-?[0-9]+$")
PLAIN_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]*$")


def scalar(text, where):
    if text.startswith('"'):
        if not (len(text) >= 2 and text.endswith('"')):
            raise YamlError("%s: unterminated double-quoted string" % where)
        body = text[1:-1]
        for m in re.finditer(r"\\(.)", body):
            if m.group(1) not in '"\\n':
                raise YamlError("%s: escape \\%s not allowed" % (where, m.group(1)))
        if re.search(r'(?<!\\)(?:\\\\)*"', body):
            raise YamlError("%s: unescaped quote inside string" % where)
        return json.loads(text)
    if text.startswith("["):
        if not text.endswith("]"):
            raise YamlError("%s: unterminated flow sequence" % where)
        inner = text[1:-1].strip()
        if not inner:
            return []
        return [scalar(x.strip(), where) for x in inner.split(",")]
    if INT_RE.match(text):
        return int(text)
    if not PLAIN_RE.match(text):
        raise YamlError("%s: plain scalar %r outside the supported subset" % (where, text))
    return text


def read_yaml(path):
    lines = []
    with open(path, encoding="utf-8") as f:
        for no, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if "\t" in line or line.endswith(" "):
                raise YamlError("%s:%d: tab or trailing space" % (path, no))
            stripped = line.lstrip(" ")
            if not stripped or stripped.startswith("#"):
                continue
            lines.append([no, len(line) - len(stripped), stripped])
    pos = [0]

    def where(i):
        return "%s:%d" % (path, lines[i][0])

    def block(indent):
        i = pos[0]
        if i >= len(lines) or lines[i][1] < indent:
            raise YamlError("%s: empty block" % where(min(i, len(lines) - 1)))
        if lines[i][2] == "-" or lines[i][2].startswith("- "):
            return seq(lines[i][1])
        return mapping(lines[i][1])

    def seq(indent):
        out = []
        while pos[0] < len(lines) and lines[pos[0]][1] == indent and lines[pos[0]][2].startswith("- "):
            i = pos[0]
            rest = lines[i][2][2:]
            if KEY_RE.match(rest):
                lines[i][1], lines[i][2] = indent + 2, rest
                out.append(mapping(indent + 2))
            else:
                out.append(scalar(rest, where(i)))
                pos[0] += 1
        return out

    def mapping(indent):
        out = {}
        while pos[0] < len(lines) and lines[pos[0]][1] == indent:
            i = pos[0]
            m = KEY_RE.match(lines[i][2])
            if not m:
                raise YamlError("%s: expected 'key: value'" % where(i))
            key, val = m.group(1), m.group(2)
            if key in out:
                raise YamlError("%s: repeated key %s" % (where(i), key))
            pos[0] += 1
            if val is None or val == "":
                if pos[0] >= len(lines) or lines[pos[0]][1] <= indent:
                    raise YamlError("%s: key %s has no value" % (where(i), key))
                out[key] = block(lines[pos[0]][1])
            else:
                out[key] = scalar(val, where(i))
        return out

    doc = block(0)
    if pos[0] != len(lines):
        raise YamlError("%s: unexpected indentation" % where(pos[0]))
    return doc


# ---------------------------------------------------------------- source tables

def table_rows(lines, header):
    """The tab-separated rows after the header line that starts with `header`."""
    start = next(k for k, l in enumerate(lines) if l.startswith(header))
    rows = []
    for line in lines[start + 1:]:
        if line == "":
            continue
        if "\t" not in line:
            break
        rows.append(line.split("\t"))
    return rows


def mend_rows(rows):
    out, mends = [], []
    for row in rows:
        if row[0] != "":
            out.append(list(row))
            continue
        prev = out[-1]
        for j, cell in enumerate(row[1:], 1):
            if cell:
                prev[j] = STRAY.get((prev[j], cell), prev[j] + " " + cell)
                mends.append((prev, j))
    return out, mends


def load_source(path):
    with open(path, encoding="utf-8") as f:
        raw = f.read()
    lines = raw.split("\n")
    indicators = {}
    for row in table_rows(lines, "STT\tChỉ tiêu\t"):
        indicators[int(row[0])] = row
    rows, mends = mend_rows(table_rows(lines, "STT\tNhiệm vụ\t"))
    groups, tasks, group = {}, {}, None
    for row in rows:
        if row[0] in ROMAN:
            group = row[0]
            groups[group] = row[1]
        else:
            tasks["%s.%s" % (group, row[0])] = row
    ids = {id(row): tid for tid, row in tasks.items()}
    done = [(ids.get(id(row), row[0]), TASK_COLUMNS[j]) for row, j in mends]
    cells = [c for r in list(indicators.values()) + rows for c in r]
    return raw, lines, raw + "\n" + "\n".join(cells), indicators, groups, tasks, done


# ---------------------------------------------------------------- checks

def strings(node, path=""):
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for k, v in node.items():
            yield from strings(k, path + "/<key>")
            yield from strings(v, path + "/" + k)
    elif isinstance(node, list):
        for k, v in enumerate(node):
            yield from strings(v, "%s[%d]" % (path, k))


def main(argv):
    if len(argv) != 3:
        print("usage: %s PLAN.yaml SOURCE.txt" % argv[0], file=sys.stderr)
        return 2
    errors = []
    err = errors.append
    try:
        doc = read_yaml(argv[1])
    except (YamlError, ValueError, OSError) as e:
        print("check_plan_text: %s" % e, file=sys.stderr)
        return 1
    try:
        raw, lines, text, src_ind, src_groups, src_tasks, mends = load_source(argv[2])
    except (StopIteration, IndexError, ValueError, OSError) as e:
        print("check_plan_text: %s: cannot read the source tables (%s: %s)"
              % (argv[2], type(e).__name__, e), file=sys.stderr)
        return 1

    if not unicodedata.is_normalized("NFC", raw):
        err("source %s is not NFC" % argv[2])
    if mends != EXPECTED_MENDS:
        err("source page-break joins %r differ from the documented %r" % (mends, EXPECTED_MENDS))
    for where, s in strings(doc):
        if not unicodedata.is_normalized("NFC", s):
            err("%s: not NFC: %s" % (where.lstrip("/"), ascii(s)))
    if doc.get("format") != 1:
        err("format is not 1")

    def get(node, *keys):
        for k in keys:
            if not isinstance(node, (dict, list)):
                return None
            try:
                node = node[k]
            except (KeyError, IndexError, TypeError):
                return None
        return node

    def verbatim(where, s, whole_line=False):
        if not isinstance(s, str):
            err("%s: missing or not a string" % where)
        elif whole_line and s not in lines:
            err("%s: %r is not a line of the source" % (where, s))
        elif s not in text:
            err("%s: %r does not occur in the source" % (where, s))

    def equal(where, got, want):
        if got != want:
            err("%s: %r differs from the source %r" % (where, got, want))

    plan = doc.get("plan") or {}
    for key in ("issuer", "commune", "city"):
        verbatim("plan/" + key, plan.get(key))
    for key in ("number", "place_date", "title"):
        verbatim("plan/" + key, plan.get(key), whole_line=True)
    for k, lb in enumerate(plan.get("legal_bases") or [None]):
        verbatim("plan/legal_bases[%d]" % k, lb)
    for key in ("name", "title"):
        verbatim("plan/signer/" + key, get(plan, "signer", key), whole_line=True)
    verbatim("plan/signer/authority", get(plan, "signer", "authority"))

    # names and spellings -> codes
    spelling, dept_codes = {}, set()
    for kind in ("departments", "parties"):
        for k, d in enumerate(doc.get(kind) or []):
            where = "%s[%d]" % (kind, k)
            code, name = d.get("code"), d.get("name")
            if kind == "departments":
                dept_codes.add(code)
            # A department's name is its canonical name; the source may print it with a
            # lower-case first letter only ("phòng Văn hóa – Xã hội").
            if not (isinstance(name, str) and name and
                    (name in text or name[0].lower() + name[1:] in text)):
                err("%s/name: %r does not occur in the source" % (where, name))
            for j, a in enumerate(d.get("aliases") or []):
                verbatim("%s/aliases[%d]" % (where, j), a)
            for s in [name] + list(d.get("aliases") or []):
                if s in spelling and spelling[s] != code:
                    err("%s: spelling %r used by %s and %s" % (where, s, spelling[s], code))
                spelling[s] = code

    def resolve(s):
        """Codes named by a cell: spellings separated by ', ' or '; ' (longest match)."""
        codes, rest = [], s
        while rest:
            for sp in sorted(spelling, key=len, reverse=True):
                if rest.startswith(sp):
                    codes.append(spelling[sp])
                    rest = rest[len(sp):]
                    break
            else:
                return None
            for sep in (", ", "; "):
                if rest.startswith(sep):
                    rest = rest[len(sep):]
                    break
            else:
                if rest:
                    return None
        return codes

    def refs(where, r, cell, departments_only=False):
        r = r if isinstance(r, dict) else {}
        equal(where + "/text", r.get("text"), cell)
        want = resolve(cell)
        if want is None:
            err("%s/text: %r names no known department or party" % (where, cell))
        elif r.get("codes") != want:
            err("%s/codes: %r do not match the text %r (%r)" % (where, r.get("codes"), cell, want))
        if departments_only and not (r.get("codes") and set(r["codes"]) <= dept_codes):
            err("%s/codes: must name at least one department and only departments" % where)

    # Phụ lục I
    inds = doc.get("indicators") or []
    if len(inds) != N_INDICATORS or len(src_ind) != N_INDICATORS:
        err("expected %d indicators, plan has %d, source %d" % (N_INDICATORS, len(inds), len(src_ind)))
    for k, ind in enumerate(inds):
        where = "indicators[%d]" % k
        row = src_ind.get(ind.get("number"))
        if row is None:
            err("%s: number %r is not in the source" % (where, ind.get("number")))
            continue
        _, name, unit, target, executing, monitoring = row
        equal(where + "/name", ind.get("name"), name)
        equal(where + "/unit", ind.get("unit"), unit)
        equal(where + "/target/text", get(ind, "target", "text"), target)
        m = re.fullmatch(r"(Tối thiểu )?([0-9]+)", target)
        if m and (get(ind, "target", "op"), get(ind, "target", "value")) != (
                ">=" if m.group(1) else "=", int(m.group(2))):
            err("%s/target: op/value do not match %r" % (where, target))
        refs(where + "/executing", ind.get("executing"), executing)
        equal(where + "/monitoring/text", get(ind, "monitoring", "text"), monitoring)
        if resolve(monitoring) != [get(ind, "monitoring", "code")]:
            err("%s/monitoring/code does not match %r" % (where, monitoring))

    # Phụ lục II
    groups = doc.get("groups") or []
    equal("groups/id", [g.get("id") for g in groups], list(src_groups))
    for k, g in enumerate(groups):
        if g.get("id") in src_groups:
            equal("groups[%d]/title" % k, g.get("title"), src_groups[g["id"]])

    tasks = doc.get("tasks") or []
    ids = [t.get("id") for t in tasks]
    if len(ids) != N_TASKS or len(set(ids)) != N_TASKS or len(src_tasks) != N_TASKS:
        err("expected %d distinct task ids, plan has %d (%d distinct), source %d"
            % (N_TASKS, len(ids), len(set(ids)), len(src_tasks)))
    equal("tasks/id", ids, list(src_tasks))
    deadline_kinds = {"Thường xuyên": ("ongoing", None), "Duy trì thường xuyên": ("maintained", None),
                      "Năm 2026": ("date", "2026-12-31")}
    for k, t in enumerate(tasks):
        where = "tasks[%d] (%s)" % (k, t.get("id"))
        row = src_tasks.get(t.get("id"))
        if row is None:
            err("%s: id is not in the source" % where)
            continue
        _, description, lead, coordinating, deadline = row
        equal(where + "/group", t.get("group"), t["id"].split(".")[0])
        equal(where + "/description", t.get("description"), description)
        refs(where + "/lead", t.get("lead"), lead, departments_only=True)
        refs(where + "/coordinating", t.get("coordinating"), coordinating)
        equal(where + "/deadline/text", get(t, "deadline", "text"), deadline)
        kind, date = deadline_kinds.get(deadline, (None, None))
        if (get(t, "deadline", "kind"), get(t, "deadline", "date")) != (kind, date):
            err("%s/deadline: kind/date do not match %r" % (where, deadline))

    for k, p in enumerate(doc.get("periods") or []):
        verbatim("periods[%d]/recipient" % k, p.get("recipient"))

    # Tổ chức thực hiện: each duty is the start of its point, verbatim.
    points = {}
    section = raw[raw.index("III. TỔ CHỨC THỰC HIỆN"):] if "III. TỔ CHỨC THỰC HIỆN" in raw else ""
    for line in section.split("\n"):
        m = re.match(r"([0-9]+)\. (.*)$", line)
        if m:
            points[int(m.group(1))] = m.group(2)
    duties = doc.get("duties") or []
    if sorted(d.get("number") for d in duties) != sorted(DUTY_POINTS):
        err("duties: numbers %r, expected the points %r" % (
            [d.get("number") for d in duties], sorted(DUTY_POINTS)))
    for k, d in enumerate(duties):
        where = "duties[%d]" % k
        point = points.get(d.get("number"))
        t = d.get("text")
        if point is None:
            err("%s: no point %r in Tổ chức thực hiện" % (where, d.get("number")))
        elif not (isinstance(t, str) and t and point.startswith(t)):
            err("%s/text: %r does not start point %s of the source" % (where, t, d.get("number")))
        for key in ("lead", "coordinating"):
            r = d.get(key) if isinstance(d.get(key), dict) else {}
            text_ = r.get("text")
            if text_ and not (point and text_ in point):
                err("%s/%s/text: %r is not in the point's text" % (where, key, text_))
            if text_ == "" and r.get("codes"):
                err("%s/%s: codes without a text" % (where, key))
        want = DUTY_POINTS.get(d.get("number"))
        got = (get(d, "lead", "codes"), get(d, "coordinating", "codes"))
        if want and got != want:
            err("%s: lead and coordinating codes %r differ from the point's %r" % (where, got, want))

    # Every string is checked above or declared not from the source.
    n_other = 0
    for path, _ in strings(doc):
        if "/<key>" in path:
            continue
        generic = re.sub(r"\[[0-9]+\]", "[N]", path)
        if any(re.fullmatch(p, generic) for p in FROM_SOURCE):
            continue
        if any(re.fullmatch(p, generic) for p in NOT_FROM_SOURCE):
            n_other += 1
            continue
        err("%s: a string neither checked against the source nor listed in "
            "NOT_FROM_SOURCE" % path.lstrip("/"))

    for e in errors:
        print("check_plan_text: " + e, file=sys.stderr)
    if errors:
        print("check_plan_text: %d error(s)" % len(errors), file=sys.stderr)
        return 1
    print("check_plan_text: ok: %d tasks, %d indicators, %d groups, %d duties, %d strings "
          "(%d not from the source)"
          % (len(tasks), len(inds), len(groups), len(duties),
             sum(1 for p, _ in strings(doc) if "/<key>" not in p), n_other))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
