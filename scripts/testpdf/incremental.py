#!/usr/bin/env python3
"""Append an incremental update to a PDF with a classic xref table.

Usage: incremental.py IN.pdf OUT.pdf

OUT is IN byte for byte, followed by one update section (as Acrobat writes
when a signed or edited file is saved incrementally):

  * a new version of page 1, the same dictionary but with /Contents turned
    into an array [old-contents NEW 0 R];
  * NEW, a small Flate content stream that draws nothing visible (q Q), so
    the page still reads exactly like the original;
  * a new version of the /Info dictionary with /ModDate set to now;
  * a classic xref section for just those objects and a trailer with /Prev
    pointing at the original xref.

A reader that ignores the update still sees the same text; one that follows
startxref must walk /Prev to find every other object.
"""

import re
import sys
import time
import zlib


def parse_xref(d, at):
    """Offsets of in-use objects of the classic xref section at offset at."""
    m = re.compile(rb"xref\s*").match(d, at)
    if not m:
        sys.exit("not a classic xref table at %d" % at)
    pos = m.end()
    offs = {}
    sub = re.compile(rb"(\d+) (\d+)\s*")
    while True:
        m = sub.match(d, pos)
        if not m:
            break
        first, count = int(m.group(1)), int(m.group(2))
        pos = m.end()
        for i in range(count):
            e = d[pos:pos + 20]
            if e[17:18] == b"n":
                offs[first + i] = int(e[:10])
            pos += 20
    t = d.index(b"trailer", pos)
    return offs, d[t:d.index(b"startxref", t)]


def obj_body(d, off, num):
    m = re.compile(rb"%d\s+0\s+obj\s*" % num).match(d, off)
    if not m:
        sys.exit("object %d not at %d" % (num, off))
    end = d.index(b"endobj", m.end())
    return d[m.end():end].strip()


def ref(dict_bytes, key):
    m = re.search(rb"/" + key + rb"\s+(\d+)\s+0\s+R", dict_bytes)
    return int(m.group(1)) if m else None


def main():
    src, dst = sys.argv[1], sys.argv[2]
    d = open(src, "rb").read()
    startxref = int(re.findall(rb"startxref\s+(\d+)", d)[-1])
    offs, trailer = parse_xref(d, startxref)
    size = int(re.search(rb"/Size\s+(\d+)", trailer).group(1))
    root = ref(trailer, b"Root")
    info = ref(trailer, b"Info")
    idm = re.search(rb"/ID\s*\[[^\]]*\]", trailer)

    pages = ref(obj_body(d, offs[root], root), b"Pages")
    kids = re.search(rb"/Kids\s*\[\s*(\d+)\s+0\s+R", obj_body(d, offs[pages], pages))
    page1 = int(kids.group(1))
    pbody = obj_body(d, offs[page1], page1)
    contents = re.search(rb"/Contents\s+(\d+\s+0\s+R|\[[^\]]*\])", pbody)
    old = contents.group(1)
    if old.startswith(b"["):
        old = old[1:-1].strip()
    new_num = size
    pbody = pbody[:contents.start()] + b"/Contents [" + old + b" %d 0 R]" % new_num + pbody[contents.end():]

    ibody = obj_body(d, offs[info], info)
    moddate = time.strftime("/ModDate (D:%Y%m%d%H%M%SZ)", time.gmtime()).encode()
    if re.search(rb"/ModDate\s*\([^)]*\)", ibody):
        ibody = re.sub(rb"/ModDate\s*\([^)]*\)", moddate, ibody)
    else:
        ibody = ibody[:-2] + moddate + b">>"

    stream = zlib.compress(b"% incremental update: nothing drawn\nq Q\n", 9)

    out = bytearray(d)
    if not out.endswith(b"\n"):
        out += b"\n"
    new = {}
    new[page1] = len(out)
    out += b"%d 0 obj\n%s\nendobj\n" % (page1, pbody)
    new[info] = len(out)
    out += b"%d 0 obj\n%s\nendobj\n" % (info, ibody)
    new[new_num] = len(out)
    out += b"%d 0 obj\n<</Filter /FlateDecode /Length %d>>\nstream\n" % (new_num, len(stream))
    out += stream + b"\nendstream\nendobj\n"
    xref = len(out)
    out += b"xref\n"
    for n in sorted(new):
        out += b"%d 1\n%010d 00000 n \n" % (n, new[n])
    out += b"trailer\n<</Size %d /Root %d 0 R /Info %d 0 R /Prev %d" % (new_num + 1, root, info, startxref)
    if idm:
        out += b" " + idm.group(0)
    out += b">>\nstartxref\n%d\n%%%%EOF\n" % xref
    open(dst, "wb").write(out)


if __name__ == "__main__":
    main()
