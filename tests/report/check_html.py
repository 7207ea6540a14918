#!/usr/bin/env python3
"""Checks the structure of a `plantrack report --format html` document.

usage: check_html.py FILE|-

A self-contained administrative document (Nghị định 30/2020/NĐ-CP,
docs/report-document.md): HTML5 doctype, UTF-8, lang="vi"; A4 portrait pages
with the page number at the top from the second page and a landscape page
style for the appendix; the header (agency with its rule, Quốc hiệu and Tiêu
ngữ with theirs, Số, địa danh and date), BÁO CÁO and the subject, Kính gửi,
sections I to V, Nơi nhận (from "- Như trên;" to "- Lưu: …") beside the
signature, and the Phụ lục in a landscape section; balanced elements, and
nothing that runs or fetches: no script, no link, image, frame or object, no
URL in any attribute or in the style sheet.
Prints what it found (deterministic, for golden tests) and exits 1 with the
reasons if anything is wrong.
"""
import re
import sys
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
        "meta", "source", "track", "wbr"}
FORBIDDEN = {"script", "link", "img", "iframe", "frame", "object", "embed",
             "base", "form", "input", "audio", "video", "source"}
MOTTO = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
SECTIONS = ["I. ", "II. ", "III. ", "IV. ", "V. "]


class Checker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.errors = []
        self.stack = []     # (tag, classes)
        self.doctype = None
        self.lang = None
        self.charset = None
        self.by_class = {}  # class -> [text, ...] of elements with it
        self.open_text = []  # [class list, text parts] of open elements
        self.headings = []
        self.sections = []  # section classes, in order
        self.tables = []    # [classes, has thead, rows, spans]
        self.style = []
        self.in_style = False
        self.title = []
        self.in_title = False
        self.in_heading = None

    def classes(self, attrs):
        return (dict(attrs).get("class") or "").split()

    def handle_decl(self, decl):
        self.doctype = decl

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for name, value in attrs:
            if value and "://" in value:
                self.errors.append(f"URL in <{tag} {name}>: {value}")
            if name.startswith("on"):
                self.errors.append(f"event handler <{tag} {name}>")
            if name in ("href", "src", "srcset", "action"):
                self.errors.append(f"<{tag}> has {name}")
        if tag in FORBIDDEN:
            self.errors.append(f"forbidden element <{tag}>")
        cls = self.classes(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "meta" and "charset" in a:
            self.charset = a["charset"]
        if tag == "section":
            self.sections.append(" ".join(cls))
        if tag == "table":
            self.tables.append([cls, False, 0, 0, self.sections[-1] if self.sections else ""])
        if tag == "thead" and self.tables:
            self.tables[-1][1] = True
        if tag == "tr" and self.tables:
            self.tables[-1][2] += 1
        if tag in ("td", "th") and self.tables and ("rowspan" in a or "colspan" in a):
            self.tables[-1][3] += 1
        if tag in ("h2", "h3", "h4"):
            self.in_heading = [tag, ""]
        if tag == "style":
            self.in_style = True
        if tag == "title":
            self.in_title = True
        if tag not in VOID:
            self.stack.append(tag)
            self.open_text.append([cls, []])

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag == "style":
            self.in_style = False
        if tag == "title":
            self.in_title = False
        if tag in ("h2", "h3", "h4") and self.in_heading:
            self.headings.append(tuple(self.in_heading))
            self.in_heading = None
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> does not close <{self.stack[-1] if self.stack else ''}>")
            return
        self.stack.pop()
        cls, parts = self.open_text.pop()
        text = "".join(parts)
        for c in cls:
            self.by_class.setdefault(c, []).append(text)
        if self.open_text:
            self.open_text[-1][1].append(text)

    def handle_data(self, data):
        if self.in_style:
            self.style.append(data)
            return
        if self.in_title:
            self.title.append(data)
        if self.in_heading:
            self.in_heading[1] += data
        if self.open_text:
            self.open_text[-1][1].append(data)


def main():
    path = sys.argv[1]
    raw = sys.stdin.buffer.read() if path == "-" else open(path, "rb").read()
    html = raw.decode("utf-8")      # fails loudly if it is not UTF-8
    c = Checker()
    c.feed(html)
    c.close()
    style = "".join(c.style)
    err = c.errors.append
    one = lambda k: (c.by_class.get(k) or [None])[0]

    if not html.startswith("<!DOCTYPE html>"):
        err("no HTML5 doctype first")
    if c.lang != "vi":
        err(f"lang is {c.lang!r}")
    if (c.charset or "").lower() != "utf-8":
        err(f"charset is {c.charset!r}")
    for bad in ("url(", "@import", "://"):
        if bad in style:
            err(f"style sheet has {bad}")
    if not re.search(r"@page \{ size: A4 portrait;", style):
        err("no @page A4 portrait")
    if not re.search(r"@page landscape \{ size: A4 landscape;", style):
        err("no landscape page style")
    if "@top-center { content: counter(page)" not in style or \
            "@page :first { @top-center { content: none; } }" not in style:
        err("no page number at the top from page 2")
    if c.stack:
        err(f"unclosed: {c.stack}")

    # The header: ô 1 to 4 of Nghị định 30.
    agency, number, place = one("agency"), one("number"), one("place-date")
    if not agency:
        err("no agency")
    if [one("motto1"), one("motto2")] != MOTTO:
        err(f"motto is {[one('motto1'), one('motto2')]}")
    if not (number or "").startswith("Số:"):
        err(f"number is {number!r}")
    if not re.fullmatch(r"\S.*, ngày .* tháng .* năm \d{4}", place or ""):
        err(f"place and date is {place!r}")
    if len(c.by_class.get("rule", [])) < 2:
        err("rules under the agency and the subject missing")
    if one("kind") != "BÁO CÁO":
        err(f"kind is {one('kind')!r}")
    if not one("subject"):
        err("no subject")
    if not (one("addressee") or "").startswith("Kính gửi: "):
        err(f"addressee is {one('addressee')!r}")
    h2 = [t for tag, t in c.headings if tag == "h2"]
    for s in SECTIONS:
        if not any(t.startswith(s) for t in h2):
            err(f"no section {s.strip()}")
    # The closing: Nơi nhận beside the signature.
    recipients = c.by_class.get("recipient", [])
    if one("recipients-label") != "Nơi nhận:":
        err(f"recipients label is {one('recipients-label')!r}")
    if not recipients or recipients[0] != "- Như trên;" or \
            not recipients[-1].startswith("- Lưu: "):
        err(f"recipients are {recipients}")
    if not one("signer-title"):
        err("no signer title")
    # The appendix: a landscape section of its own.
    appendix = "landscape" in c.sections
    if appendix:
        if c.sections.index("landscape") != len(c.sections) - 1:
            err("the landscape section is not the last")
        if one("appendix-label") != "Phụ lục" or \
                not (one("appendix-note") or "").startswith("(Kèm theo Báo cáo số"):
            err("appendix title wrong")
    grid = [t for t in c.tables if "grid" in t[0]]
    for t in grid:
        if not t[1]:
            err(f"a table without a header row in {t[4]!r}")

    print(f"doctype {c.doctype}, lang {c.lang}, charset {c.charset}")
    print(f"title: {''.join(c.title)}")
    print(f"header: {one('superior')!r} {agency!r} | {one('motto1')} / {one('motto2')} | {number!r} | {place!r}")
    print(f"kind: {one('kind')}; addressee: {one('addressee')}")
    print("sections:", ", ".join(c.sections))
    for tag, t in c.headings:
        print(f"  {tag}: {t}")
    for t in c.tables:
        print(f"  table {' '.join(t[0])} in {t[4]}: {t[2]} rows, {t[3]} spanning cells{', thead' if t[1] else ''}")
    print(f"closing: {one('recipients-label')} {recipients} | "
          f"{one('authority')!r} {one('signer-title')!r} {one('signer-name')!r}")
    if appendix:
        print(f"appendix: {one('appendix-label')} / {one('appendix-name')} / {one('appendix-note')}")
    if c.errors:
        for e in c.errors:
            print("ERROR:", e)
        return 1
    print("report-html: structure ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
