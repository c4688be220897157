package ingest

import (
	"context"
	"errors"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"jixiao"
	"jixiao/internal/pdf"
)

// The test PDFs in testdata/pdf are the two samples printed in the official
// seven-column layout by three producers (scripts/testpdf/make.sh makes
// them; testdata/pdf/README.md lists what each tests). Each must give
// exactly the expected tables, read by the pure-Go reader alone.
var pdfFixtures = []struct {
	file, sample string
	ruled        bool // the first table page draws its cells' rules
}{
	{"liwan-chromium.pdf", liwan, true},
	{"huadu-chromium.pdf", huadu, true},
	{"liwan-writer.pdf", liwan, false},
	{"huadu-writer.pdf", huadu, false},
	{"liwan-calc.pdf", liwan, true},
	{"huadu-calc.pdf", huadu, true},
	{"huadu-calc-noborder.pdf", huadu, false},
	{"huadu-gbk-notounicode.pdf", huadu, true},
	{"liwan-writer-objstm.pdf", liwan, false},
	{"huadu-chromium-incremental.pdf", huadu, true},
	{"encrypted-owner-only.pdf", huadu, true},
	{"budget-book.pdf", huadu, true},
}

func readPDFFixture(t testing.TB, file string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "pdf", file))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestPDFFixturesGiveExpectedTables(t *testing.T) {
	t.Setenv("PATH", t.TempDir()) // no pdftotext, nor any other tool
	for _, fx := range pdfFixtures {
		t.Run(fx.file, func(t *testing.T) {
			doc := parseOK(t, fx.file, readPDFFixture(t, fx.file))
			checkTables(t, fx.sample, doc)
			if doc.Layout != LayoutPDF || doc.Year != 2024 || doc.Agency == "" {
				t.Errorf("layout %q year %d agency %q", doc.Layout, doc.Year, doc.Agency)
			}
			for _, f := range doc.Findings {
				if f.Rule != "parse.pages" {
					t.Errorf("finding %s: %s", f.Rule, f.Message)
				}
			}
			if ruled := firstGrid(t, fx.file).ruled; ruled != fx.ruled {
				t.Errorf("ruled = %v, want %v: the test no longer covers the reading it names", ruled, fx.ruled)
			}
		})
	}
}

// firstGrid returns the grid of the first page with the table's header.
func firstGrid(t *testing.T, file string) *pageGrid {
	t.Helper()
	d, err := pdf.Open(readPDFFixture(t, file))
	if err != nil {
		t.Fatal(err)
	}
	for n := 1; n <= d.Pages(); n++ {
		p, err := d.Page(n)
		if err != nil {
			t.Fatal(err)
		}
		if g, ok := findGrid(p, pageLines(p)); ok {
			return g
		}
	}
	t.Fatal("no page has the header")
	return nil
}

// A 部门预算 book holds other tables with 总计/财政拨款 columns before and
// after the target table; only the target table's pages are read, and the
// document says which.
func TestPDFBudgetBookReadsTargetPagesOnly(t *testing.T) {
	doc := parseOK(t, "budget-book.pdf", readPDFFixture(t, "budget-book.pdf"))
	var notes []string
	for _, f := range doc.Findings {
		if f.Rule == "parse.pages" {
			notes = append(notes, f.Message)
		}
	}
	if len(notes) != 1 || !strings.Contains(notes[0], "共 9 页") || !strings.Contains(notes[0], "第 6–8 页") {
		t.Errorf("parse.pages findings: %q", notes)
	}
}

func TestPDFUnreadableSaysWhy(t *testing.T) {
	for _, tc := range []struct{ file, want string }{
		{"scanned.pdf", "扫描件"},
		{"encrypted-password.pdf", "密码"},
		{"huadu-no-tounicode.pdf", "ToUnicode"},
	} {
		_, err := Parse(tc.file, readPDFFixture(t, tc.file))
		var ie *jixiao.InputError
		if !errors.As(err, &ie) || !strings.Contains(ie.Msg, tc.want) {
			t.Errorf("%s: %v, want an input error saying %s", tc.file, err, tc.want)
		}
	}
	_, err := Parse("damaged.pdf", []byte("%PDF-1.7\n1 0 obj <</Type /Catalog>> endobj\n%%EOF"))
	var ie *jixiao.InputError
	if !errors.As(err, &ie) || !strings.Contains(ie.Msg, "损坏") {
		t.Errorf("damaged: %v", err)
	}
}

// A reader bug that drops or merges a row must not pass quietly: the
// table's own sums catch it and name the unit and page.
func TestPDFStructureCatchesDroppedAndMergedRows(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(rows []tableRow) []tableRow
		want   string
	}{
		{"dropped", func(rows []tableRow) []tableRow { return append(rows[:3:3], rows[4:]...) }, "单位“广州市荔湾区人力资源和社会保障局”（第 1 页）的小计读作 50,666.34万元"},
		{"merged", func(rows []tableRow) []tableRow {
			rows[3].appendRow(&rows[4])
			return append(rows[:4:4], rows[5:]...)
		}, "读到其下 23 个项目"},
		{"moved to the next unit", func(rows []tableRow) []tableRow {
			rows = append(rows[:0:0], rows...)
			rows[25], rows[26] = rows[26], rows[25] // the last project of unit 1 after unit 2's row
			return rows
		}, "单位“广州市荔湾区社会保险基金管理中心”"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := pdf.Open(readPDFFixture(t, "liwan-chromium.pdf"))
			if err != nil {
				t.Fatal(err)
			}
			tb := &pdfTable{doc: &jixiao.Document{Layout: LayoutPDF}, h: newHeading()}
			if _, err := tb.readPages("liwan.pdf", d); err != nil {
				t.Fatal(err)
			}
			tb.assemble(rowsByGap)
			tb.rows = tc.change(tb.rows)
			tb.build()
			reconcile(tb.doc)
			var msgs []string
			for _, f := range tb.doc.Findings {
				if f.Rule == "parse.structure" && f.Severity == jixiao.SeverityError {
					msgs = append(msgs, f.Message)
				}
			}
			if !strings.Contains(strings.Join(msgs, "\n"), tc.want) {
				t.Errorf("parse.structure errors %q, want one with %q", msgs, tc.want)
			}
		})
	}
}

// Running text printed to a PDF (a <pre> of the text-flow sample) has the
// header on one line but no columns; it is read as text, lines numbered by
// page.
func TestPDFOfRunningText(t *testing.T) {
	page := "<!doctype html><meta charset=utf-8><style>pre{font-size:10pt}</style><pre>" +
		html.EscapeString(string(readSample(t, huadu))) + "</pre>"
	got := parseOK(t, "huadu-employment-center-2024.pdf", printPDF(t, page))
	checkTables(t, huadu, got)
	if got.Layout != LayoutPDF || got.Year != 2024 || got.Projects[0].Line < pdfLineBase {
		t.Errorf("layout %q year %d first line %d findings %v", got.Layout, got.Year, got.Projects[0].Line, got.Findings)
	}
}

func printPDF(t *testing.T, page string) []byte {
	t.Helper()
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		skipUnlessRequired(t, "chromium not installed")
	}
	dir := t.TempDir()
	in, pdf := filepath.Join(dir, "page.html"), filepath.Join(dir, "page.pdf")
	if err := os.WriteFile(in, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, chromium, "--headless", "--no-sandbox", "--disable-gpu",
		"--disable-background-networking", "--disable-component-update", "--no-first-run",
		"--user-data-dir="+filepath.Join(dir, "profile"), "--no-pdf-header-footer",
		"--print-to-pdf="+pdf, "file://"+in).CombinedOutput()
	if err != nil {
		t.Fatalf("chromium: %v\n%s", err, out)
	}
	data, err := os.ReadFile(pdf)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// skipUnlessRequired skips a test that needs an external tool, or fails it
// when JIXIAO_REQUIRE_BROWSER says (as .ci/run does) that it must run.
func skipUnlessRequired(t *testing.T, why string) {
	t.Helper()
	if os.Getenv("JIXIAO_REQUIRE_BROWSER") != "" {
		t.Fatal(why + ", and JIXIAO_REQUIRE_BROWSER says this test must run")
	}
	t.Skip(why)
}

// Chromium writes Noto Sans CJK as Type 3 fonts (glyph widths in the font's
// own matrix, radicals such as "⽬" in the ToUnicode map).
func TestPDFType3Fonts(t *testing.T) {
	doc := parseOK(t, "type3-one-project.pdf", readPDFFixture(t, "type3-one-project.pdf"))
	if len(doc.Projects) != 1 || len(doc.Findings) != 0 {
		t.Fatalf("%d projects, findings %v", len(doc.Projects), doc.Findings)
	}
	p := doc.Projects[0]
	want := jixiao.Project{Name: "人社局办公大楼物业管理费", Unit: "广州市荔湾区人才服务管理办公室", Goal: "通过聘请合资质的物业管理公司管理逢源路办公大楼的清洁、保安工作，保证局机关日常工作的正常运转。"}
	if p.Name != want.Name || p.Unit != want.Unit || p.Goal != want.Goal || p.Amounts.Total != 67_000_000 || p.Amounts.Fiscal != 67_000_000 {
		t.Errorf("project %+v", p)
	}
	if len(p.Indicators) != 2 || p.Indicators[1].Name != "公共设备、设施完好率" || p.Indicators[1].Annual.Text != "≥95%" || p.Indicators[0].Level2 != "数量指标" {
		t.Errorf("indicators %+v", p.Indicators)
	}
}

// liwanTableHTML prints the Liwan sample's rows as an HTML table with the
// given header rows and cell style, for Chromium-printed variants.
func liwanTableHTML(t *testing.T, style, header string) string {
	var b strings.Builder
	b.WriteString("<!doctype html><meta charset=utf-8><style>@page{size:A4 landscape} table{border-collapse:collapse;font-size:9pt}" +
		"td,th{border:1px solid #000;padding:2px} td:first-child{width:70px}" + style + "</style>" +
		"<h2>项目支出绩效目标表（含转移支付项目）</h2><p>部门名称：广州市荔湾区人力资源和社会保障局　单位：万元</p><table>" + header)
	for _, l := range strings.Split(string(readSample(t, liwan)), "\n") {
		cells := splitRow(strings.TrimSpace(l))
		if !strings.HasPrefix(strings.TrimSpace(l), "|") || isSeparatorRow(cells) || strings.HasPrefix(cells[0], "项目名称") {
			continue
		}
		b.WriteString("<tr>")
		for _, c := range cells {
			b.WriteString("<td>" + html.EscapeString(c) + "</td>")
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</table>")
	return b.String()
}

// Departments' tables often put 资金来源 over the three source columns, and
// align cells to the bottom or the middle: the columns come from the rules
// under the two-level header, the rows from the rules.
func TestPDFTwoLevelHeader(t *testing.T) {
	header := `<thead><tr><th rowspan=2>项目名称（资金使用单位）</th><th rowspan=2>总计</th><th colspan=3>资金来源</th><th rowspan=2>绩效目标</th><th rowspan=2>绩效指标</th></tr>` +
		`<tr><th>财政拨款</th><th>财政专户拨款</th><th>其他资金</th></tr></thead>`
	for _, align := range []string{"top", "middle", "bottom"} {
		t.Run(align, func(t *testing.T) {
			doc := parseOK(t, "liwan-"+align+".pdf", printPDF(t, liwanTableHTML(t, "td{vertical-align:"+align+"}", header)))
			checkTables(t, liwan, doc)
			for _, f := range doc.Findings {
				t.Errorf("finding %s: %s", f.Rule, f.Message)
			}
		})
	}
}

// Without any rules the columns come from the header's cells and the
// white space between the body's columns, the rows from the 总计 anchors
// wherever the cells align (Word's tables default to the top, Excel's to
// the bottom).
func TestPDFNoRules(t *testing.T) {
	header := "<thead><tr><th>项目名称（资金使用单位）</th><th>总计</th><th>财政拨款</th><th>财政专户拨款</th><th>其他资金</th><th>绩效目标</th><th>绩效指标</th></tr></thead>"
	for _, align := range []string{"top", "middle", "bottom"} {
		t.Run(align, func(t *testing.T) {
			style := "td,th{border:none;padding:3px 6px;vertical-align:" + align + "} td:nth-child(6){width:28%}"
			doc := parseOK(t, "liwan-plain-"+align+".pdf", printPDF(t, liwanTableHTML(t, style, header)))
			checkTables(t, liwan, doc)
			for _, f := range doc.Findings {
				t.Errorf("finding %s: %s", f.Rule, f.Message)
			}
		})
	}
}

// A table whose header stands on its first page only: the pages after it
// carry on with the first page's columns.
func TestPDFHeaderOnFirstPageOnly(t *testing.T) {
	header := "<tr><th>项目名称（资金使用单位）</th><th>总计</th><th>财政拨款</th><th>财政专户拨款</th><th>其他资金</th><th>绩效目标</th><th>绩效指标</th></tr>"
	for name, style := range map[string]string{"ruled": "td{vertical-align:top}", "unruled": "td,th{border:none;padding:3px 6px;vertical-align:top} td:nth-child(6){width:28%}"} {
		t.Run(name, func(t *testing.T) {
			doc := parseOK(t, "liwan-once.pdf", printPDF(t, liwanTableHTML(t, style, header)))
			checkTables(t, liwan, doc)
			for _, f := range doc.Findings {
				t.Errorf("finding %s: %s", f.Rule, f.Message)
			}
		})
	}
}

// Tables printed with no rules and no padding leave nothing on the page
// that parts one row's text from the next: every line is as far from the
// next as any other. Such a table may be read right or not, but it must
// never be read wrong without an error finding (import exits 1).
func TestPDFNeverSilentlyWrong(t *testing.T) {
	header := "<thead><tr><th>项目名称（资金使用单位）</th><th>总计</th><th>财政拨款</th><th>财政专户拨款</th><th>其他资金</th><th>绩效目标</th><th>绩效指标</th></tr></thead>"
	for _, style := range []string{
		"td,th{border:none;padding:0;vertical-align:middle}",
		"td,th{border:none;padding:0;vertical-align:top}",
		"td,th{border:none;padding:1px 3px;vertical-align:middle} td:nth-child(6){width:20%}",
		"td,th{border:none;padding:0;vertical-align:bottom} td:nth-child(7){width:45%}",
	} {
		t.Run(style, func(t *testing.T) {
			doc := parseOK(t, "liwan-tight.pdf", printPDF(t, liwanTableHTML(t, style, header)))
			want := parseOK(t, liwan, readSample(t, liwan))
			diffs := diffTables(projectRows(want), projectRows(doc))
			diffs = append(diffs, diffTables(indicatorRows(want), indicatorRows(doc))...)
			if len(diffs) > 0 && !jixiao.HasErrors(doc.Findings) {
				t.Errorf("read wrong with no error finding: %v", diffs[:min(3, len(diffs))])
			}
		})
	}
}

// Small hostile PDFs (scripts/testpdf/hostile) that ask for unbounded work:
// a form XObject drawn 4,096 times, a ToUnicode of overlapping ranges set
// on every Tf, 400,000 glyphs a page, four million operators a page. Each
// must end with an answer (a test run that hangs fails on its deadline).
func TestPDFHostileInputEnds(t *testing.T) {
	for _, file := range []string{"xobomb.pdf", "cmapbomb.pdf", "glyph100.pdf", "pages20.pdf"} {
		doc, err := Parse(file, readPDFFixture(t, filepath.Join("hostile", file)))
		var ie *jixiao.InputError
		switch {
		case err != nil && !errors.As(err, &ie):
			t.Errorf("%s: %v is not an input error", file, err)
		case err == nil && !jixiao.HasErrors(doc.Findings):
			t.Errorf("%s: read with no error finding: %d projects", file, len(doc.Projects))
		}
	}
}
