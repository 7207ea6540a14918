#!/usr/bin/env python3
"""Describes a .docx or .odt report for golden tests, deterministically.

usage: zipdoc.py FILE.docx|FILE.odt

The zip's parts in order with their method, date and the SHA-256 of their
uncompressed bytes (compressed bytes depend on the zlib version, these do
not); every XML part parsed (well-formed or the script fails); then the
document read back: its sections (page size and orientation, margins,
numbering), its tables (grid, header rows, merged cells) and the text of
each paragraph, one per line, with the cells of a table row between | .
"""
import hashlib
import sys
import xml.etree.ElementTree as ET
import zipfile

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
}


def q(prefix, name):
    return "{%s}%s" % (NS[prefix], name)


def docx_text(el):
    out = []
    for n in el.iter():
        if n.tag == W + "t":
            out.append(n.text or "")
        elif n.tag == W + "br":
            out.append("\\n")
        elif n.tag == W + "tab":
            out.append("\\t")
    return "".join(out)


def docx(z):
    body = ET.fromstring(z.read("word/document.xml")).find(W + "body")
    for sect in body.iter(W + "sectPr"):
        sz, mar = sect.find(W + "pgSz"), sect.find(W + "pgMar")
        num = sect.find(W + "pgNumType")
        print("section: %sx%s twips%s, margins top %s right %s bottom %s left %s%s%s" % (
            sz.get(W + "w"), sz.get(W + "h"),
            " landscape" if sz.get(W + "orient") == "landscape" else "",
            mar.get(W + "top"), mar.get(W + "right"), mar.get(W + "bottom"), mar.get(W + "left"),
            ", first page unnumbered" if sect.find(W + "titlePg") is not None else "",
            ", numbered from %s" % num.get(W + "start") if num is not None else ""))
    for el in body:
        if el.tag == W + "p":
            style = el.find(W + "pPr/" + W + "pStyle")
            text = docx_text(el)
            if text:
                print("%s%s" % ("[%s] " % style.get(W + "val") if style is not None else "", text))
        elif el.tag == W + "tbl":
            cols = [g.get(W + "w") for g in el.iter(W + "gridCol")]
            print("table: columns %s" % " ".join(cols))
            for tr in el.findall(W + "tr"):
                head = tr.find(W + "trPr/" + W + "tblHeader") is not None
                cells = []
                for tc in tr.findall(W + "tc"):
                    pr = tc.find(W + "tcPr")
                    span = pr.find(W + "gridSpan")
                    vm = pr.find(W + "vMerge")
                    mark = ""
                    if span is not None:
                        mark += "<span %s>" % span.get(W + "val")
                    if vm is not None:
                        mark += "<%s>" % vm.get(W + "val")
                    cells.append(mark + " / ".join(docx_text(p) for p in tc.findall(W + "p")
                                                   if docx_text(p)))
                print("  %s| %s |" % ("head " if head else "", " | ".join(cells)))


def odt_text(el):
    out = [el.text or ""]
    for n in el:
        if n.tag == q("text", "s"):
            out.append(" " * int(n.get(q("text", "c"), "1")))
        elif n.tag == q("text", "line-break"):
            out.append("\\n")
        elif n.tag == q("text", "tab"):
            out.append("\\t")
        else:
            out.append(odt_text(n))
        out.append(n.tail or "")
    return "".join(out)


def odt(z):
    styles = ET.fromstring(z.read("styles.xml"))
    for pl in styles.iter(q("style", "page-layout")):
        p = pl.find(q("style", "page-layout-properties"))
        print("page layout %s: %s x %s %s, margins top %s left %s right %s" % (
            pl.get(q("style", "name")), p.get(q("fo", "page-width")),
            p.get(q("fo", "page-height")), p.get(q("style", "print-orientation")),
            p.get(q("fo", "margin-top")), p.get(q("fo", "margin-left")),
            p.get(q("fo", "margin-right"))))
    for mp in styles.iter(q("style", "master-page")):
        print("master page %s on %s, next %s, %s" % (
            mp.get(q("style", "name")), mp.get(q("style", "page-layout-name")),
            mp.get(q("style", "next-style-name")),
            "page number" if mp.find(q("style", "header")) is not None else "no header"))
    content = ET.fromstring(z.read("content.xml"))
    masters = {}
    for s in content.iter(q("style", "style")):
        if s.get(q("style", "master-page-name")):
            props = s.find(q("style", "paragraph-properties"))
            if props is None:
                props = s.find(q("style", "table-properties"))
            masters[s.get(q("style", "name"))] = s.get(q("style", "master-page-name")) + (
                ", page 1" if props is not None and props.get(q("style", "page-number")) == "1" else "")
    text = content.find(q("office", "body")).find(q("office", "text"))
    for el in text:
        m = masters.get(el.get(q("text", "style-name")) or el.get(q("table", "style-name")))
        if m:
            print("-- new page: %s" % m)
        if el.tag == q("text", "p"):
            t = odt_text(el)
            if t:
                print(t)
        elif el.tag == q("table", "table"):
            print("table: %d columns" % len(el.findall(q("table", "table-column"))))
            rows = []
            for part in el:
                if part.tag == q("table", "table-header-rows"):
                    rows += [("head ", r) for r in part.findall(q("table", "table-row"))]
                elif part.tag == q("table", "table-row"):
                    rows.append(("", part))
            for head, r in rows:
                cells = []
                for c in r:
                    if c.tag == q("table", "covered-table-cell"):
                        cells.append("<covered>")
                        continue
                    mark = ""
                    for a, name in (("number-columns-spanned", "cols"), ("number-rows-spanned", "rows")):
                        if c.get(q("table", a)):
                            mark += "<%s %s>" % (name, c.get(q("table", a)))
                    cells.append(mark + " / ".join(odt_text(p) for p in c.findall(q("text", "p"))
                                                   if odt_text(p)))
                print("  %s| %s |" % (head, " | ".join(cells)))


def main(path):
    with zipfile.ZipFile(path) as z:
        if z.testzip() is not None:
            sys.exit("bad CRC")
        for i in z.infolist():
            data = z.read(i.filename)
            if i.filename.endswith(".xml") or i.filename.endswith(".rels"):
                ET.fromstring(data)     # well-formed, or an exception
            print("%-30s %-8s %04d-%02d-%02d %02d:%02d %6d sha256:%s" % (
                i.filename, "stored" if i.compress_type == zipfile.ZIP_STORED else "deflated",
                *i.date_time[:5], i.file_size, hashlib.sha256(data).hexdigest()[:16]))
        if path.endswith(".docx"):
            docx(z)
        else:
            odt(z)


if __name__ == "__main__":
    main(sys.argv[1])
