package ingest

import (
	"context"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A real PDF goes through pdftotext: the 花都 sample's text is printed to a
// PDF by Chromium, then read back and must give the expected tables. The
// tests skip where Chromium or pdftotext (poppler-utils) is not installed.
func TestPDFThroughPDFToText(t *testing.T) {
	page := "<!doctype html><meta charset=utf-8><style>pre{font-size:10pt}</style><pre>" +
		html.EscapeString(string(readSample(t, huadu))) + "</pre>"
	got := parseOK(t, "huadu-employment-center-2024.pdf", printPDF(t, page))
	checkTables(t, huadu, got)
	if len(got.Findings) != 0 || got.Layout != LayoutPDFText || got.Year != 2024 {
		t.Errorf("layout %q year %d findings %v", got.Layout, got.Year, got.Findings)
	}
}

// The 荔湾 table printed as an HTML table (header repeated on every page,
// cells side by side) and read back from the PDF: pdftotext -raw gives the
// cells one after the other, with the header's column names wrapped and the
// first goal line sometimes on the amounts' line. Units, project names and
// amounts must all come back; where a page break interleaves a goal with
// indicator text a few indicator texts differ, so those are counted.
func TestPDFTableThroughPDFToText(t *testing.T) {
	var b strings.Builder
	b.WriteString("<!doctype html><meta charset=utf-8><style>@page{size:A4 landscape} table{border-collapse:collapse;font-size:9pt}" +
		"td,th{border:1px solid #000;padding:2px} td:nth-child(6){width:25%} td:nth-child(7){width:35%}</style>" +
		"<h2>项目支出绩效目标表（含转移支付项目）</h2><p>部门名称：广州市荔湾区人力资源和社会保障局 单位：万元</p><table><thead><tr>")
	for _, h := range []string{"项目名称（资金使用单位）", "总计", "财政拨款", "财政专户拨款", "其他资金", "绩效目标", "绩效指标"} {
		b.WriteString("<th>" + h + "</th>")
	}
	b.WriteString("</tr></thead>")
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
	got := parseOK(t, "liwan-hrss-bureau-2024.pdf", printPDF(t, b.String()))
	want := parseOK(t, liwan, readSample(t, liwan))
	for _, d := range diffTables(unitRows(want), unitRows(got)) {
		t.Errorf("units: %s", d)
	}
	if len(got.Projects) != len(want.Projects) || got.Stated != want.Stated {
		t.Fatalf("%d projects, 合计 %v", len(got.Projects), got.Stated)
	}
	same := 0
	for i, p := range got.Projects {
		w := want.Projects[i]
		if p.Name != w.Name || p.Unit != w.Unit || p.Amounts != w.Amounts {
			t.Errorf("project %d: %s %s %v, want %s %s %v", i+1, p.Unit, p.Name, p.Amounts, w.Unit, w.Name, w.Amounts)
		}
		for j := 0; j < len(p.Indicators) && j < len(w.Indicators); j++ {
			if p.Indicators[j].Name == w.Indicators[j].Name && p.Indicators[j].Annual == w.Indicators[j].Annual {
				same++
			}
		}
	}
	if n := want.IndicatorCount(); same < n-5 {
		t.Errorf("%d of %d indicators read back the same", same, n)
	}
}

// printPDF prints an HTML page to PDF with headless Chromium.
func printPDF(t *testing.T, page string) []byte {
	t.Helper()
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		skipUnlessRequired(t, "chromium not installed")
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		skipUnlessRequired(t, "pdftotext (poppler-utils) not installed")
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
