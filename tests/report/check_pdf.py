#!/usr/bin/env python3
"""Checks a report document printed to PDF (by LibreOffice or Chromium).

usage: check_pdf.py [--restart] [--pages MIN-MAX] FILE.pdf [TEXT...]

With poppler's pdfinfo and pdftotext: every page is A4; the document's pages
are portrait and the appendix's (from the page that starts with "Phụ lục")
landscape, on pages of their own; the first page has no page number at the
top and the second has "2"; with --restart the appendix is numbered from 1
again (its first page unnumbered, its second "2"), otherwise the numbers go
on; the page count is within MIN-MAX. Every TEXT must appear somewhere
(task ids, the motto, the signer...).
Prints the page count and layout; exits 1 with the reasons if anything is
wrong.
"""
import re
import subprocess
import sys


def run(*args):
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def first_line(text):
    for line in text.split("\n"):
        if line.strip():
            return line.strip()
    return ""


def main(argv):
    restart = "--restart" in argv
    args = [a for a in argv[1:] if a != "--restart"]
    pages_min, pages_max = 1, 10000
    if args[:1] == ["--pages"] and len(args) > 1:
        pages_min, pages_max = (int(x) for x in args[1].split("-"))
        args = args[2:]
    if not args:
        print(__doc__, file=sys.stderr)
        return 2
    pdf, want = args[0], args[1:]
    errors = []
    info = run("pdfinfo", "-f", "1", "-l", "1000", pdf)
    sizes = [(float(w), float(h)) for w, h in
             re.findall(r"Page +\d+ size: +([0-9.]+) x ([0-9.]+) pts", info)]
    pages = [run("pdftotext", "-layout", "-f", str(i), "-l", str(i), pdf, "-")
             for i in range(1, len(sizes) + 1)]
    if not pages_min <= len(sizes) <= pages_max:
        errors.append(f"{len(sizes)} pages, not {pages_min} to {pages_max}")
    for i, (w, h) in enumerate(sizes, 1):
        if sorted((round(w), round(h))) != [595, 842]:
            errors.append(f"page {i}: {w} x {h} pt is not A4")
    landscape = [w > h for w, h in sizes]
    first_land = landscape.index(True) if True in landscape else len(sizes)
    if first_land == 0:
        errors.append("the first page is landscape")
    if any(landscape[first_land:]) and not all(landscape[first_land:]):
        errors.append(f"portrait pages after the landscape ones: {landscape}")
    if first_land < len(sizes):
        lines = [l.strip() for l in pages[first_land].split("\n") if l.strip()]
        # Numbers going on, the appendix's first page has one above.
        if not restart and lines and lines[0] == str(first_land + 1):
            lines = lines[1:]
        if not lines or lines[0] != "Phụ lục":
            errors.append(f"the first landscape page starts with "
                          f"{lines[:1]}, not 'Phụ lục'")
    # Page numbers: top centre, none on the first page.
    if re.fullmatch(r"\d+", first_line(pages[0])):
        errors.append("a page number on the first page")
    if first_land > 1 and first_line(pages[1]) != "2":
        errors.append(f"page 2 starts with {first_line(pages[1])!r}, not its number")
    if first_land + 1 < len(sizes):
        expect = "2" if restart else str(first_land + 2)
        if first_line(pages[first_land + 1]) != expect:
            errors.append(f"page {first_land + 2} starts with "
                          f"{first_line(pages[first_land + 1])!r}, not {expect}")
    if restart and first_land < len(sizes) and re.fullmatch(r"\d+", first_line(pages[first_land])):
        errors.append("a page number on the appendix's first page")
    text = re.sub(r"\s+", " ", " ".join(pages))
    for t in want:
        if t not in text:
            errors.append(f"missing: {t!r}")
    print(f"{pdf.rsplit('/', 1)[-1]}: {len(sizes)} pages, {first_land} portrait A4 + "
          f"{len(sizes) - first_land} landscape A4, numbered from page 2"
          f"{', the appendix again from 1' if restart else ''}; "
          f"{len(want)} texts found" if not errors else f"{pdf}: {len(sizes)} pages")
    for e in errors:
        print(f"  ERROR: {e}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
