#!/usr/bin/env python3
"""Check the layout facts a fixture is meant to have, from pdftotext -bbox.

Usage: checktable.py FILE.pdf OFFICIAL.csv [FIRST LAST]

For the pages FIRST..LAST (default all) that hold the target table, prints:
  * on how many pages the header row (项目名称… 总计 财政拨款 … 绩效指标) is found;
  * which pages begin with a continuation of a row split by the page break
    (the first line under the header has words only right of the 其他资金
    column, i.e. in 绩效目标/绩效指标);
  * over how many lines each 项目名称 cell is wrapped (lines of the name
    column put together until they give the next name of OFFICIAL.csv).
"""

import csv
import html
import re
import subprocess
import sys
from collections import Counter


def words(pdf, first, last):
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(first), "-l", str(last), pdf, "-"],
                         check=True, capture_output=True, text=True).stdout
    pages = []
    for page in out.split("<page ")[1:]:
        ws = []
        for m in re.finditer(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', page):
            ws.append((float(m.group(1)), float(m.group(2)), float(m.group(3)), float(m.group(4)), html.unescape(m.group(5))))
        pages.append(ws)
    return pages


def lines_of(ws):
    """Group words into lines by their vertical position."""
    ws = sorted(ws, key=lambda w: (round(w[1]), w[0]))
    lines = []
    for w in ws:
        if lines and abs(lines[-1][0] - w[1]) < 2.5:
            lines[-1][1].append(w)
        else:
            lines.append([w[1], [w]])
    return lines


def main():
    pdf, csvfile = sys.argv[1], sys.argv[2]
    npages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout).group(1))
    first, last = (int(sys.argv[3]), int(sys.argv[4])) if len(sys.argv) > 4 else (1, npages)
    with open(csvfile, encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))[3:]
    names = [r[0] for r in rows]
    texts = [t for r in rows for t in r[5:7] if t]
    pages = words(pdf, first, last)
    with_header, continued = [], []
    name_lines = []  # per page: text of the name column, top to bottom
    for i, ws in enumerate(pages):
        p = first + i
        byword = {w[4]: w for w in ws}
        if not all(k in byword for k in ("总计", "财政拨款", "绩效指标")):
            continue
        with_header.append(p)
        head_bottom = max(w[3] for w in ws if w[4] in ("总计", "财政拨款", "绩效目标", "绩效指标", "拨款"))
        x_total = byword["总计"][0]
        x_goal = byword["其他资金"][2] + 2 if "其他资金" in byword else byword["绩效目标"][0] - 40
        body = [w for w in ws if w[1] > head_bottom + 1 and not re.fullmatch(r"[—–-]*\s*\d+\s*[—–-]*|[—–-]", w[4])]
        ls = lines_of(body)
        # The first body line begins a row unless none of its words in the
        # 绩效目标/绩效指标 columns is the start of some goal or indicator text
        # (cells are vertically centred, so that line is usually the first
        # line of the next row's tallest cell).
        if ls and p > first:
            right = [w[4] for w in ls[0][1] if w[0] >= x_goal]
            if right and not any(t.startswith(w) for w in right for t in texts):
                continued.append(p)
        for _, l in ls:
            t = "".join(w[4] for w in l if w[2] <= x_total - 1)
            if t:
                name_lines.append(t)
    hist = Counter()
    k, acc, n = 0, "", 0
    for t in name_lines:
        if k >= len(names):
            break
        acc, n = acc + t, n + 1
        if acc == names[k]:
            hist[n] += 1
            k, acc, n = k + 1, "", 0
        elif not names[k].startswith(acc):
            acc, n = t, 1  # lost track (a name split by a page break); restart
            if acc == names[k]:
                hist[1] += 1
                k, acc, n = k + 1, "", 0
    print("  pages %d-%d: header row found on %d of %d pages %s" % (first, last, len(with_header), last - first + 1, with_header))
    print("  pages starting with the rest of a row split by the page break: %s" % (continued or "none"))
    print("  项目名称 cells (incl. 合计/unit rows) matched %d of %d; lines per name: %s"
          % (sum(hist.values()), len(names), ", ".join("%d line%s: %d" % (a, "s" if a > 1 else "", b) for a, b in sorted(hist.items()))))


if __name__ == "__main__":
    main()
