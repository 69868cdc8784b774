#!/usr/bin/python3
"""report_checks.py - independent checks of valuemap report's outputs, for the CLI tests.

usage: report_checks.py workbook FILE.xlsx SHEET,SHEET,... [INJECTED-TEXT ...]
       report_checks.py png FILE.png          (not blank: many colours, no colour dominant)
       report_checks.py netlog FILE.json      (no request made by the page itself)
       report_checks.py headings FILE.html "HEADING|HEADING|..."
Exits 0 when the check holds, 1 with a reason on stdout otherwise.
"""
import json
import re
import struct
import sys
import xml.etree.ElementTree as ET
import zipfile
import zlib

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def fail(reason):
    print(reason)
    sys.exit(1)


def shared_strings(z):
    if "xl/sharedStrings.xml" not in z.namelist():
        return []
    root = ET.fromstring(z.read("xl/sharedStrings.xml"))
    return ["".join(t.text or "" for t in si.iter(NS + "t")) for si in root]


def workbook(path, sheets, injected):
    z = zipfile.ZipFile(path)
    if z.testzip() is not None:
        fail("corrupt member in the zip")
    for name in z.namelist():
        if name.endswith(".xml") or name.endswith(".rels"):
            ET.fromstring(z.read(name))  # raises when not well-formed
    root = ET.fromstring(z.read("xl/workbook.xml"))
    names = [s.get("name") for s in root.find(NS + "sheets")]
    if names != sheets:
        fail("sheets %r, expected %r" % (names, sheets))
    strings = shared_strings(z)
    texts = set(strings)
    for name in z.namelist():
        if not name.startswith("xl/worksheets/"):
            continue
        sheet = ET.fromstring(z.read(name))
        if list(sheet.iter(NS + "f")):
            fail("%s holds a formula" % name)
        for c in sheet.iter(NS + "c"):
            if c.get("t") == "inlineStr":
                texts.add("".join(t.text or "" for t in c.iter(NS + "t")))
    for text in injected:
        if "'" + text not in texts:
            fail("%r is not stored as the text %r" % (text, "'" + text))
        if text in texts:
            fail("%r is stored bare, where a spreadsheet could run it" % text)


def png_rows(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail("not a PNG")
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            if depth != 8 or colour not in (2, 6):
                fail("unexpected PNG format")
            bpp = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw, stride, prev, rows = zlib.decompress(idat), width * bpp, None, []
    for y in range(height):
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        f = raw[y * (stride + 1)]
        up = prev or bytearray(stride)
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = up[i]
            c = up[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return rows, bpp


def png(path):
    rows, bpp = png_rows(path)
    counts = {}
    for line in rows[::4]:
        for i in range(0, len(line), bpp * 4):
            px = line[i:i + 3]
            counts[px] = counts.get(px, 0) + 1
    total = sum(counts.values())
    if len(counts) < 50:
        fail("only %d colours: the page looks blank" % len(counts))
    if max(counts.values()) > 0.97 * total:
        fail("one colour covers %.1f%% of the page" % (100.0 * max(counts.values()) / total))


def netlog(path):
    log = json.load(open(path))
    types = {v: k for k, v in log["constants"]["logEventTypes"].items()}
    for event in log.get("events", []):
        params = event.get("params", {})
        if types.get(event["type"]) != "URL_REQUEST_START_JOB" or "url" not in params:
            continue
        url = params["url"]
        if url.startswith(("file:", "data:", "about:", "chrome:")):
            continue
        # the browser's own background requests carry no origin; the page's carry its own
        if params.get("initiator") != "not an origin":
            fail("the page requested %s" % url.split("?")[0])


def headings(path, expected):
    html = open(path, encoding="utf-8").read()
    found = [re.sub(r"\s+", " ", h).strip() for h in re.findall(r"<h2[^>]*>(.*?)</h2>", html, re.S)]
    for h in expected:
        if h.replace("'", "&#39;") not in found and h not in found:
            fail("heading %r not in the DOM (found %r)" % (h, found))


def main():
    what, path = sys.argv[1], sys.argv[2]
    if what == "workbook":
        workbook(path, sys.argv[3].split(","), sys.argv[4:])
    elif what == "png":
        png(path)
    elif what == "netlog":
        netlog(path)
    elif what == "headings":
        headings(path, sys.argv[3].split("|"))
    else:
        fail("unknown check " + what)


if __name__ == "__main__":
    main()
