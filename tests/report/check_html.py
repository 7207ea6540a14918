#!/usr/bin/env python3
"""Checks the structure of a `plantrack report --format html` page.

usage: check_html.py FILE|-

A self-contained official document: HTML5 doctype, UTF-8, lang="vi", the
national motto, A4 landscape, one table per section (h2), balanced
elements, and nothing that runs or fetches: no script, no link, image,
frame or object, no URL in any attribute or in the style sheet.
Prints what it found (deterministic, for golden tests) and exits 1 with
the reasons if anything is wrong.
"""
import sys
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
        "meta", "source", "track", "wbr"}
FORBIDDEN = {"script", "link", "img", "iframe", "frame", "object", "embed",
             "base", "form", "input", "audio", "video", "source"}
MOTTO = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]


class Checker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.errors = []
        self.stack = []
        self.doctype = None
        self.lang = None
        self.charset = None
        self.sections = []      # [heading, tables, rows]
        self.tables_before = 0  # tables outside any section
        self.bars = 0
        self.rows = 0
        self.text = []
        self.style = []
        self.in_style = False
        self.title = []
        self.in_title = False

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
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "meta" and "charset" in a:
            self.charset = a["charset"]
        if tag == "h2":
            self.sections.append(["", 0, 0])
        if tag == "table":
            if self.sections:
                self.sections[-1][1] += 1
            else:
                self.tables_before += 1
        if tag == "tr" and self.sections and "thead" not in self.stack:
            self.sections[-1][2] += 1
        if tag == "div" and a.get("class") == "bar":
            self.bars += 1
        if tag == "style":
            self.in_style = True
        if tag == "title":
            self.in_title = True
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag == "style":
            self.in_style = False
        if tag == "title":
            self.in_title = False
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> does not close <{self.stack[-1] if self.stack else ''}>")
            return
        self.stack.pop()

    def handle_data(self, data):
        if self.in_style:
            self.style.append(data)
            return
        if self.in_title:
            self.title.append(data)
        if self.stack and self.stack[-1] == "h2" and self.sections:
            self.sections[-1][0] += data
        self.text.append(data)


def main():
    path = sys.argv[1]
    raw = sys.stdin.buffer.read() if path == "-" else open(path, "rb").read()
    html = raw.decode("utf-8")      # fails loudly if it is not UTF-8
    c = Checker()
    c.feed(html)
    c.close()
    text = "".join(c.text)
    style = "".join(c.style)
    if not html.startswith("<!DOCTYPE html>"):
        c.errors.append("no HTML5 doctype first")
    if c.lang != "vi":
        c.errors.append(f"lang is {c.lang!r}")
    if (c.charset or "").lower() != "utf-8":
        c.errors.append(f"charset is {c.charset!r}")
    for m in MOTTO:
        if m not in text:
            c.errors.append(f"motto missing: {m}")
    if "@page" not in style or "A4 landscape" not in style:
        c.errors.append("no @page A4 landscape")
    for bad in ("url(", "@import", "://"):
        if bad in style:
            c.errors.append(f"style sheet has {bad}")
    if c.stack:
        c.errors.append(f"unclosed: {c.stack}")
    if c.tables_before:
        c.errors.append(f"{c.tables_before} table(s) outside the sections")
    for heading, tables, _ in c.sections:
        if tables != 1:
            c.errors.append(f"section {heading!r} has {tables} tables")
    print(f"doctype {c.doctype}, lang {c.lang}, charset {c.charset}")
    print(f"title: {''.join(c.title)}")
    print("motto:", " / ".join(m for m in MOTTO if m in text))
    for heading, tables, rows in c.sections:
        print(f"  {heading}: {tables} table, {rows} rows")
    print(f"progress bars: {c.bars}")
    if c.errors:
        for e in c.errors:
            print("ERROR:", e)
        return 1
    print("report-html: structure ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
