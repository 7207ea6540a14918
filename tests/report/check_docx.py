#!/usr/bin/python3
"""Reads a `plantrack report --format docx` file back with python-docx (Debian's
python3-docx, for /usr/bin/python3) and checks what Word will show.

usage: check_docx.py FILE.docx consolidated|department [REPORT.json]

The sections: A4 portrait with the margins of Nghị định 30/2020/NĐ-CP
(20 mm top and bottom, 30 mm left, 15 mm right) and a different first page
(no page number), then the Phụ lục in a landscape A4 section; Times New Roman
14 pt by default; the header table (agency, motto, Số, place and date), BÁO
CÁO, Kính gửi, the headings I to V, the closing table (Nơi nhận beside the
signature); the task table with its header row repeated and the cells of a
task with several lead departments merged (vMerge), a group's title across
the table (gridSpan). With REPORT.json (the same report as --format json),
the sections' texts: each paragraph of a text (they are separated by an
empty line) one paragraph of the document, a line break inside it a line
break, a department's text opened by its name in bold italics. Prints what
it found; exits 1 with the reasons.
"""
import json
import re
import sys

import docx
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Mm

MOTTO = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]


def near(length, mm):
    return abs(length - Mm(mm)) < Mm(0.2)


def main(argv):
    if len(argv) not in (3, 4) or argv[2] not in ("consolidated", "department"):
        print(__doc__, file=sys.stderr)
        return 2
    d = docx.Document(argv[1])
    kind = argv[2]
    errors = []
    err = errors.append

    # Sections: page size, orientation, margins, first page.
    secs = d.sections
    if len(secs) != 2:
        err(f"{len(secs)} sections, not 2")
    for i, s in enumerate(secs):
        land = i == 1
        w, h = (297, 210) if land else (210, 297)
        if not (near(s.page_width, w) and near(s.page_height, h)):
            err(f"section {i}: page {s.page_width.mm:.1f} x {s.page_height.mm:.1f} mm")
        if s.orientation != (WD_ORIENT.LANDSCAPE if land else WD_ORIENT.PORTRAIT):
            err(f"section {i}: orientation {s.orientation}")
        for side, mm in (("top", 20), ("bottom", 20), ("left", 30), ("right", 15)):
            if not near(getattr(s, side + "_margin"), mm):
                err(f"section {i}: {side} margin {getattr(s, side + '_margin').mm:.1f} mm")
        if not s.different_first_page_header_footer:
            err(f"section {i}: the first page is numbered")
        if "PAGE" not in s.header._element.xml:
            err(f"section {i}: no page number in the header")
        if any(p.text.strip() for p in s.first_page_header.paragraphs):
            err(f"section {i}: text in the first page's header")
    pg = secs[1]._sectPr.find(qn("w:pgNumType")) if len(secs) > 1 else None
    if pg is None or pg.get(qn("w:start")) != "1":
        err("the Phụ lục is not numbered from 1")

    # The default font.
    rpr = d.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:rPr"))
    fonts = rpr.find(qn("w:rFonts"))
    size = rpr.find(qn("w:sz"))
    if fonts.get(qn("w:ascii")) != "Times New Roman" or size.get(qn("w:val")) != "28":
        err("the default font is not Times New Roman 14 pt")

    # The body's paragraphs.
    texts = [p.text for p in d.paragraphs]
    kind_p = [p for p in d.paragraphs if p.text == "BÁO CÁO"]
    if not kind_p or not all(r.bold for r in kind_p[0].runs):
        err("no bold BÁO CÁO")
    to = [t for t in texts if t.startswith("Kính gửi: ")]
    want_to = "Sở Tài chính" if kind == "consolidated" else "(qua Phòng Kinh tế)"
    if not to or want_to not in to[0]:
        err(f"Kính gửi is {to}")
    heads = [p.text for p in d.paragraphs if p.style.style_id == "Heading1"]
    for n in ("I. ", "II. ", "III. ", "IV. ", "V. "):
        if not any(h.startswith(n) for h in heads):
            err(f"no heading {n.strip()}")
    if "Phụ lục" not in texts:
        err("no Phụ lục")

    # The header, the closing, the task table.
    tables = d.tables
    head = tables[0]
    agency, nation = head.cell(0, 0).text, head.cell(0, 1).text
    number, place = head.cell(1, 0).text, head.cell(1, 1).text
    if [l for l in nation.split("\n") if l] != MOTTO:
        err(f"motto is {nation!r}")
    if not number.startswith("Số: ") or ", ngày " not in place:
        err(f"number and date are {number!r}, {place!r}")
    closing = [t for t in tables if t.cell(0, 0).text.startswith("Nơi nhận:")]
    if len(closing) != 1:
        err("no closing table")
    else:
        lines = closing[0].cell(0, 0).text.split("\n")
        if lines[1] != "- Như trên;" or not lines[-1].startswith("- Lưu: "):
            err(f"recipients are {lines}")
        sign = closing[0].cell(0, 1).text
    tasks = [t for t in tables if t.cell(0, 0).text == "STT" and len(t.columns) == 7]
    merged = groups = 0
    if len(tasks) != 1:
        err(f"{len(tasks)} task tables")
    else:
        t = tasks[0]
        if t.rows[0]._tr.find(qn("w:trPr")).find(qn("w:tblHeader")) is None:
            err("the task table's header row does not repeat")
        if [c.text for c in t.rows[0].cells] != ["STT", "Nhiệm vụ", "Thời hạn",
                                                  "Đơn vị chủ trì", "Tình trạng",
                                                  "Kết quả thực hiện", "Đơn vị phối hợp"]:
            err(f"task table header {[c.text for c in t.rows[0].cells]}")
        for r in range(1, len(t.rows)):
            if t.cell(r, 0)._tc is t.cell(r, 6)._tc:
                groups += 1
            elif r > 1 and t.cell(r, 1)._tc is t.cell(r - 1, 1)._tc:
                merged += 1
                if t.cell(r, 3)._tc is t.cell(r - 1, 3)._tc:
                    err(f"row {r}: the lead department is merged too")
        # V.9 has three lead departments, V.8 two: three rows merged on to
        # a row above in the consolidated report.
        if kind == "consolidated" and merged != 3:
            err(f"{merged} merged task rows, not 3")
        if groups < 1:
            err("no group title across the table")
    print(f"{kind}: {len(secs)} sections (A4 portrait, A4 landscape), margins 20/20/30/15 mm, "
          f"first pages unnumbered; {len(tables)} tables; "
          f"{merged} merged task rows, {groups} group rows")
    print(f"  header: {agency!r} | {number!r} | {place!r}")
    print(f"  headings: {' / '.join(heads)}")
    if closing:
        print(f"  signature: {sign!r}")
    if len(argv) == 4:
        with open(argv[3], encoding="utf-8") as f:
            n = check_texts(d, json.load(f), kind, err)
        print(f"  texts: {n} paragraphs of the sections' texts found, as paragraphs")
    for e in errors:
        print("ERROR:", e)
    return 1 if errors else 0


def check_texts(d, report, kind, err):
    """The texts of report["sections"] in the body of d; returns how many
    paragraphs were found."""
    body = {}
    for p in d.paragraphs:
        body.setdefault(p.text, p)
    found = 0
    for s in report["sections"]:
        for t in s["texts"]:
            paras = [x.strip("\n") for x in re.split(r"\n[ \t]*\n", t["text"])]
            paras = [x for x in paras if x.strip()]
            lead = None
            if kind == "consolidated" and not t["commune"]:
                lead = t["name"] + ":"
            for i, para in enumerate(paras):
                want = f"{lead} {para}" if lead and i == 0 else para
                p = body.get(want)
                if p is None:
                    err(f"section {s['number']}: no paragraph {want[:60]!r}")
                    continue
                found += 1
                if lead and i == 0:
                    r0 = p.runs[0]
                    if r0.text != lead or not r0.bold or not r0.italic:
                        err(f"section {s['number']}: {lead!r} is not a bold italic lead-in")
                if "\n" in para and "\n" not in p.text:
                    err(f"section {s['number']}: the line break is lost")
    if not found:
        err("no text found")
    return found


if __name__ == "__main__":
    sys.exit(main(sys.argv))
