#!/usr/bin/env python3
"""Build the HTML inputs of the test PDFs from the official seven-column CSVs.

Usage: mkhtml.py WORKDIR

WORKDIR must hold liwan-official.csv and huadu-official.csv, as written by
`jixiao export --table official --format csv` (see make.sh). Writes into
WORKDIR:

  liwan-chromium.html, huadu-chromium.html  A4 landscape, ruled table, <thead>,
                                            narrow 项目名称 column, page footer
  liwan-writer.html, huadu-writer.html      portrait, no borders, valign=middle
  budget-book.html                          a 部门预算 book around the Huadu table
"""

import csv
import html
import os
import sys
from decimal import Decimal

HEADER = ["项目名称（资金使用单位）", "总计", "财政拨款", "财政专户拨款", "其他资金", "绩效目标", "绩效指标"]

# Columns whose cells the published sample leaves blank (not 0.00).
# 荔湾: 财政专户拨款 and 其他资金 are empty in every row of the sample.
BLANK_COLUMNS = {"liwan": {3, 4}, "huadu": set()}


def money(s):
    """53584.69 -> 53,584.69 (the published tables use thousands separators)."""
    if s.strip() == "":
        return ""
    return "{:,.2f}".format(Decimal(s))


def load(workdir, name):
    with open(os.path.join(workdir, name + "-official.csv"), encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    title = rows[0][0]
    org = rows[1][0]  # 部门名称：… or 单位名称：…
    unit = rows[1][6]  # 单位：万元
    assert rows[2] == HEADER, rows[2]
    body = []
    for r in rows[3:]:
        r = list(r) + [""] * (7 - len(r))
        cells = [r[0]] + [money(x) for x in r[1:5]] + [r[5], r[6]]
        for c in BLANK_COLUMNS[name]:
            cells[c] = ""
        body.append(cells)
    return title, org, unit, body


def esc(s):
    return html.escape(s, quote=False)


# Chromium (Skia) embeds TrueType fonts as CIDFontType2 subsets with a
# ToUnicode CMap, but turns CFF-outline fonts (Noto CJK) and synthesized bold
# into Type 3 fonts, which would make the files large; so the stack is all
# TrueType and nothing is bold: Liberation Serif for Latin and digits, Droid
# Sans Fallback for CJK, DejaVu Sans for the few signs neither has (≦ ≧).
FONTS = '"Liberation Serif", "Droid Sans Fallback", "DejaVu Sans"'

FOOTER_CSS = '@bottom-center { content: "— " counter(page) " —"; font-size: 9pt; font-family: {FONTS}; }'.replace("{FONTS}", FONTS)

CHROMIUM_CSS = """
@page { size: A4 landscape; margin: 14mm 12mm 16mm 12mm; %s }
html { font-family: {FONTS}; font-size: 9pt; }
h1 { text-align: center; font-size: 16pt; font-weight: normal; margin: 0 0 4mm 0; }
.meta { display: flex; justify-content: space-between; margin: 0 0 2mm 0; }
table.target { border-collapse: collapse; width: 100%%; table-layout: fixed; }
table.target th, table.target td { border: 1px solid #000; padding: 2px 3px; vertical-align: middle; line-height: 1.35; }
table.target thead { display: table-header-group; }
table.target th { font-weight: normal; text-align: center; }
table.target td.n { text-align: right; white-space: nowrap; }
table.target td.l { text-align: left; }
""".replace("{FONTS}", FONTS) % FOOTER_CSS

# Column widths of the target table (A4 landscape, 273 mm wide text area).
# 项目名称 at 8% leaves room for 6 characters of 9pt text, so most names wrap
# over 2-3 lines; 财政专户拨款 at 6% holds 4 characters: 财政专户 / 拨款.
COLS = ["8%", "7%", "7%", "6%", "6%", "26%", "40%"]


def target_table(org, unit, title, body, heading_tag="h1"):
    out = []
    out.append('<%s>%s</%s>' % (heading_tag, esc(title), heading_tag))
    out.append('<div class="meta"><span>%s</span><span>%s</span></div>' % (esc(org), esc(unit)))
    out.append('<table class="target"><colgroup>')
    for w in COLS:
        out.append('<col style="width:%s">' % w)
    out.append('</colgroup><thead><tr>')
    for h in HEADER:
        out.append('<th>%s</th>' % esc(h))
    out.append('</tr></thead><tbody>')
    for r in body:
        out.append('<tr><td class="l">%s</td>' % esc(r[0]))
        for c in r[1:5]:
            out.append('<td class="n">%s</td>' % esc(c))
        out.append('<td class="l">%s</td><td class="l">%s</td></tr>' % (esc(r[5]), esc(r[6])))
    out.append('</tbody></table>')
    return "\n".join(out)


def chromium_page(title, org, unit, body):
    return ('<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>%s</title>'
            '<style>%s</style></head><body>\n%s\n</body></html>\n'
            % (esc(title), CHROMIUM_CSS, target_table(org, unit, title, body)))


def writer_page(title, org, unit, body):
    # LibreOffice's HTML import: a plain table, border=0, no CSS borders,
    # every cell vertically centred. Widths as <col width>.
    widths = [12, 8, 8, 7, 7, 24, 34]
    out = ['<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>%s</title>' % esc(title),
           '<style>body, td, th, p { font-family: "Noto Sans CJK SC"; font-size: 8pt; } '
           'h1 { font-family: "Noto Sans CJK SC"; font-size: 14pt; text-align: center; }</style></head><body>',
           '<h1>%s</h1>' % esc(title),
           '<p>%s　　　　%s</p>' % (esc(org), esc(unit)),
           '<table border="0" cellspacing="0" cellpadding="3" width="100%">']
    out.append('<thead><tr>')
    for h, w in zip(HEADER, widths):
        out.append('<th width="%d%%" valign="middle" align="center">%s</th>' % (w, esc(h)))
    out.append('</tr></thead><tbody>')
    for r in body:
        out.append('<tr><td valign="middle" align="left">%s</td>' % esc(r[0]))
        for c in r[1:5]:
            out.append('<td valign="middle" align="right">%s</td>' % esc(c))
        out.append('<td valign="middle" align="left">%s</td><td valign="middle" align="left">%s</td></tr>'
                   % (esc(r[5]), esc(r[6])))
    out.append('</tbody></table></body></html>\n')
    return "\n".join(out)


# ---------------------------------------------------------------- budget book

D = Decimal


def fm(x):
    return "{:,.2f}".format(x)


def budget_book(title, org, unit, body):
    name = org.split("：", 1)[1]
    # Made-up but self-consistent numbers around the real 项目支出 total.
    project_total = D(body[0][1].replace(",", ""))  # the 合计 row
    basic = [  # (code, name, 人员经费, 公用经费)
        ("2080150", "事业运行", D("842.16"), D("139.12")),
        ("2080505", "机关事业单位基本养老保险缴费支出", D("96.40"), D("0")),
        ("2080506", "机关事业单位职业年金缴费支出", D("38.56"), D("0")),
        ("2101102", "事业单位医疗", D("54.70"), D("0")),
        ("2210201", "住房公积金", D("85.44"), D("0")),
    ]
    proj = {"2080199": D("145.02")}
    proj["2080799"] = project_total - proj["2080199"]
    subjects = [  # (code, name, level)
        ("208", "社会保障和就业支出", 1), ("20801", "人力资源和社会保障管理事务", 2),
        ("2080150", "事业运行", 3), ("2080199", "其他人力资源和社会保障管理事务支出", 3),
        ("20805", "行政事业单位养老支出", 2), ("2080505", "机关事业单位基本养老保险缴费支出", 3),
        ("2080506", "机关事业单位职业年金缴费支出", 3),
        ("20807", "就业补助", 2), ("2080799", "其他就业补助支出", 3),
        ("210", "卫生健康支出", 1), ("21011", "行政事业单位医疗", 2), ("2101102", "事业单位医疗", 3),
        ("221", "住房保障支出", 1), ("22102", "住房改革支出", 2), ("2210201", "住房公积金", 3),
    ]
    leaf = {}
    for code, _, p, g in basic:
        leaf[code] = [p, g, D(0)]
    for code, v in proj.items():
        leaf.setdefault(code, [D(0), D(0), D(0)])[2] += v

    def agg(code):
        s = [D(0), D(0), D(0)]
        for c, v in leaf.items():
            if c.startswith(code):
                s = [a + b for a, b in zip(s, v)]
        return s

    tot = agg("")
    grand = sum(tot)
    by_class = {c: sum(agg(c)) for c in ("208", "210", "221")}

    css = """
@page { size: A4 landscape; margin: 14mm 12mm 16mm 12mm; %s }
@page cover { @bottom-center { content: none; } }
html { font-family: {FONTS}; font-size: 9pt; }
.cover { page: cover; height: 170mm; display: flex; flex-direction: column; justify-content: center; align-items: center; }
.cover .year { font-size: 36pt; font-weight: normal; letter-spacing: 4pt; margin-bottom: 18mm; }
.cover .org { font-size: 20pt; margin-bottom: 40mm; }
.cover .date { font-size: 14pt; }
.sheet { break-before: page; }
h1 { text-align: center; font-size: 16pt; font-weight: normal; margin: 0 0 4mm 0; }
h2 { text-align: center; font-size: 18pt; font-weight: normal; margin: 10mm 0 8mm 0; }
.toc { width: 60%%; margin: 0 auto; font-size: 12pt; line-height: 2.2; }
.toc div { display: flex; justify-content: space-between; }
.meta { display: flex; justify-content: space-between; margin: 0 0 2mm 0; }
table.grid { border-collapse: collapse; width: 100%%; }
table.grid th, table.grid td { border: 1px solid #000; padding: 3px 4px; vertical-align: middle; }
table.grid th { text-align: center; font-weight: normal; }
table.grid td.n { text-align: right; white-space: nowrap; }
table.target { border-collapse: collapse; width: 100%%; table-layout: fixed; }
table.target th, table.target td { border: 1px solid #000; padding: 2px 3px; vertical-align: middle; line-height: 1.35; }
table.target thead { display: table-header-group; }
table.target th { font-weight: normal; text-align: center; }
table.target td.n { text-align: right; white-space: nowrap; }
table.target td.l { text-align: left; }
""".replace("{FONTS}", FONTS) % FOOTER_CSS

    o = ['<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>%s2024年部门预算</title><style>%s</style></head><body>'
         % (esc(name), css)]
    o.append('<div class="cover"><div class="year">2024年部门预算</div><div class="org">%s</div>'
             '<div class="date">二〇二四年一月</div></div>' % esc(name))
    toc = ["一、部门收支总表", "二、部门收入总表", "三、一般公共预算支出表", "四、项目支出绩效目标表（含转移支付项目）", "五、政府采购预算表"]
    o.append('<div class="sheet"><h2>目　录</h2><div class="toc">%s</div></div>'
             % "".join('<div><span>%s</span></div>' % esc(t) for t in toc))

    def meta():
        return '<div class="meta"><span>%s</span><span>单位：万元</span></div>' % esc(org)

    # 部门收支总表
    z = fm(D(0))
    inc = [("一、一般公共预算拨款收入", fm(grand)), ("二、政府性基金预算拨款收入", z), ("三、国有资本经营预算拨款收入", z),
           ("四、财政专户管理资金收入", z), ("五、单位资金", z)]
    exp = [("一、社会保障和就业支出", fm(by_class["208"])), ("二、卫生健康支出", fm(by_class["210"])),
           ("三、住房保障支出", fm(by_class["221"])), ("", ""), ("", "")]
    o.append('<div class="sheet"><h1>部门收支总表</h1>%s<table class="grid">' % meta())
    o.append('<thead><tr><th colspan="2">收　入</th><th colspan="2">支　出</th></tr>'
             '<tr><th>项　目</th><th>预算数</th><th>项　目</th><th>预算数</th></tr></thead><tbody>')
    for (a, b), (c, d) in zip(inc, exp):
        o.append('<tr><td>%s</td><td class="n">%s</td><td>%s</td><td class="n">%s</td></tr>' % (a, b, c, d))
    o.append('<tr><td>本年收入合计</td><td class="n">%s</td><td>本年支出合计</td><td class="n">%s</td></tr>' % (fm(grand), fm(grand)))
    o.append('<tr><td>上年结转</td><td class="n">%s</td><td>结转下年</td><td class="n">%s</td></tr>' % (z, z))
    o.append('<tr><td>收入总计</td><td class="n">%s</td><td>支出总计</td><td class="n">%s</td></tr>' % (fm(grand), fm(grand)))
    o.append('</tbody></table></div>')

    # 部门收入总表: 总计 | 财政拨款 (小计/一般公共预算/政府性基金) | 财政专户拨款 | 其他资金, 合计 row
    o.append('<div class="sheet"><h1>部门收入总表</h1>%s<table class="grid">' % meta())
    o.append('<thead><tr><th colspan="2">科　目</th><th rowspan="2">总计</th><th colspan="3">财政拨款</th>'
             '<th rowspan="2">财政专户拨款</th><th rowspan="2">其他资金</th></tr>'
             '<tr><th>科目编码</th><th>科目名称</th><th>小计</th><th>一般公共预算</th><th>政府性基金预算</th></tr></thead><tbody>')

    def inc_row(code, nm, v):
        return ('<tr><td>%s</td><td>%s</td><td class="n">%s</td><td class="n">%s</td><td class="n">%s</td>'
                '<td class="n">%s</td><td class="n">%s</td><td class="n">%s</td></tr>'
                % (code, esc(nm), fm(v), fm(v), fm(v), z, z, z))
    o.append(inc_row("", "合计", grand))
    for code, nm, lvl in subjects:
        o.append(inc_row(code, "　" * (lvl - 1) + nm, sum(agg(code))))
    o.append('</tbody></table></div>')

    # 一般公共预算支出表: 合计 | 基本支出 (小计/人员经费/公用经费) | 项目支出
    o.append('<div class="sheet"><h1>一般公共预算支出表</h1>%s<table class="grid">' % meta())
    o.append('<thead><tr><th colspan="2">功能分类科目</th><th rowspan="2">合计</th><th colspan="3">基本支出</th>'
             '<th rowspan="2">项目支出</th></tr>'
             '<tr><th>科目编码</th><th>科目名称</th><th>小计</th><th>人员经费</th><th>公用经费</th></tr></thead><tbody>')

    def exp_row(code, nm, s):
        return ('<tr><td>%s</td><td>%s</td><td class="n">%s</td><td class="n">%s</td><td class="n">%s</td>'
                '<td class="n">%s</td><td class="n">%s</td></tr>'
                % (code, esc(nm), fm(sum(s)), fm(s[0] + s[1]), fm(s[0]), fm(s[1]), fm(s[2])))
    o.append(exp_row("", "合计", tot))
    for code, nm, lvl in subjects:
        o.append(exp_row(code, "　" * (lvl - 1) + nm, agg(code)))
    o.append('</tbody></table></div>')

    # the target table, exactly as huadu-chromium.html, on its own pages
    o.append('<div class="sheet">%s</div>' % target_table(org, unit, title, body))

    # 政府采购预算表, after the target table
    gp = [("流动人员人事档案信息化建设经费", "档案数字化加工服务", "C16 信息技术服务", "1", D("45.00")),
          ("机构运行辅助经费", "物业管理服务", "C21 物业管理服务", "1", D("36.00")),
          ("公共就业服务工作经费", "宣传资料印刷", "C23 印刷和出版服务", "1", D("8.50"))]
    gsum = sum(x[4] for x in gp)
    o.append('<div class="sheet"><h1>政府采购预算表</h1>%s<table class="grid">' % meta())
    o.append('<thead><tr><th>项目名称</th><th>采购项目</th><th>采购品目</th><th>数量</th><th>总计</th>'
             '<th>财政拨款</th><th>财政专户拨款</th><th>其他资金</th></tr></thead><tbody>')
    o.append('<tr><td>合计</td><td></td><td></td><td></td><td class="n">%s</td><td class="n">%s</td>'
             '<td class="n">%s</td><td class="n">%s</td></tr>' % (fm(gsum), fm(gsum), z, z))
    for a, b, c, q, v in gp:
        o.append('<tr><td>%s</td><td>%s</td><td>%s</td><td class="n">%s</td><td class="n">%s</td>'
                 '<td class="n">%s</td><td class="n">%s</td><td class="n">%s</td></tr>'
                 % (esc(a), esc(b), esc(c), q, fm(v), fm(v), z, z))
    o.append('</tbody></table></div>')
    o.append('</body></html>\n')
    return "\n".join(o)


def main():
    workdir = sys.argv[1]
    for name in ("liwan", "huadu"):
        t = load(workdir, name)
        with open(os.path.join(workdir, name + "-chromium.html"), "w", encoding="utf-8") as f:
            f.write(chromium_page(*t))
        with open(os.path.join(workdir, name + "-writer.html"), "w", encoding="utf-8") as f:
            f.write(writer_page(*t))
        if name == "huadu":
            with open(os.path.join(workdir, "budget-book.html"), "w", encoding="utf-8") as f:
                f.write(budget_book(*t))


if __name__ == "__main__":
    main()
