package export_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"jixiao"
	"jixiao/internal/export"
	"jixiao/internal/gen"
	jpdf "jixiao/internal/pdf"
	"jixiao/internal/sampletest"
)

// TestWorkbookLayout checks what a budget officer sees in the workbook: the
// official sheet's title, agency line, header, 合计 and rows, amounts stored
// as numbers with a thousands format, print setup and the other sheets.
func TestWorkbookLayout(t *testing.T) {
	doc := sampletest.Parse(t, "liwan-hrss-bureau-2024.md")
	doc.Findings = append(doc.Findings, jixiao.Finding{Rule: "amount.sum", Severity: jixiao.SeverityError, ProjectSeq: 2, Project: "行政事业单位医疗保险经费", Message: "总计与分项之和不符"})
	f, err := excelize.OpenReader(bytes.NewReader(sampletest.XLSX(t, doc)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); strings.Join(got, ",") != "绩效目标表,绩效指标,审核发现" {
		t.Fatalf("sheets %v", got)
	}
	cell := func(sheet, ref string) string {
		v, err := f.GetCellValue(sheet, ref)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	checks := map[string]string{
		"A1": "项目支出绩效目标表（含转移支付项目）", "A2": "部门名称：广州市荔湾区人力资源和社会保障局", "G2": "单位：万元",
		"A3": "项目名称（资金使用单位）", "G3": "绩效指标", "A4": "合计", "B4": "53,584.69",
		"A5": "广州市荔湾区人力资源和社会保障局", "B5": "50,666.34", "A6": "人社局办公大楼物业管理费", "B6": "67.00",
	}
	for ref, want := range checks {
		if got := cell(export.SheetOfficial, ref); got != want {
			t.Errorf("%s = %q, want %q", ref, got, want)
		}
	}
	if typ, _ := f.GetCellType(export.SheetOfficial, "B4"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("B4 stored as %v, want a number", typ)
	}
	if g := cell(export.SheetOfficial, "G6"); !strings.HasPrefix(g, "1、1-产出指标；11-数量指标；聘用物业管理人员到位率；实施周期指标值:100%；年度指标值:100%。2、") {
		t.Errorf("indicator cell %q", g)
	}
	panes, _ := f.GetPanes(export.SheetOfficial)
	if !panes.Freeze || panes.YSplit != 3 {
		t.Errorf("panes %+v", panes)
	}
	layout, _ := f.GetPageLayout(export.SheetOfficial)
	if layout.Orientation == nil || *layout.Orientation != "landscape" || layout.Size == nil || *layout.Size != 9 {
		t.Errorf("page layout %+v", layout)
	}
	names := f.GetDefinedName()
	if len(names) != 1 || names[0].Name != "_xlnm.Print_Titles" || !strings.Contains(names[0].RefersTo, "$3:$3") {
		t.Errorf("defined names %+v", names)
	}
	wA, _ := f.GetColWidth(export.SheetOfficial, "A")
	wB, _ := f.GetColWidth(export.SheetOfficial, "B")
	if wA < 30 || wB < 10 || wB > 16 {
		t.Errorf("column widths A %.1f B %.1f", wA, wB)
	}
	if got := cell(export.SheetIndicators, "J1") + "|" + cell(export.SheetIndicators, "J2"); got != "name|聘用物业管理人员到位率" {
		t.Errorf("indicator sheet %q", got)
	}
	if typ, _ := f.GetCellType(export.SheetIndicators, "B2"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("project_seq stored as %v, want a number", typ)
	}
	if typ, _ := f.GetCellType(export.SheetIndicators, "P2"); typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString {
		t.Errorf("annual_value stored as %v, want text", typ)
	}
	if got := cell(export.SheetFindings, "A2") + "|" + cell(export.SheetFindings, "B2") + "|" + cell(export.SheetFindings, "H2"); got != "amount.sum|错误|总计与分项之和不符" {
		t.Errorf("findings sheet %q", got)
	}
}

// TestXLSXOpensInLibreOffice converts the exported workbook to PDF with
// LibreOffice (where installed) and checks that the title and a project are
// on the page. JIXIAO_SHEET_PDF=path keeps the PDF for a look.
func TestXLSXOpensInLibreOffice(t *testing.T) {
	office, err := exec.LookPath("libreoffice")
	if err != nil {
		if office, err = exec.LookPath("soffice"); err != nil {
			t.Skip("libreoffice is not installed")
		}
	}
	if testing.Short() {
		t.Skip("slow: starts LibreOffice")
	}
	dir := t.TempDir()
	xlsx := filepath.Join(dir, "liwan.xlsx")
	if err := os.WriteFile(xlsx, sampletest.XLSX(t, sampletest.Parse(t, "liwan-hrss-bureau-2024.md")), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, office, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--headless", "--convert-to", "pdf", "--outdir", dir, xlsx)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("libreoffice: %v\n%s", err, out)
	}
	pdf := filepath.Join(dir, "liwan.pdf")
	if keep := os.Getenv("JIXIAO_SHEET_PDF"); keep != "" {
		b, _ := os.ReadFile(pdf)
		os.WriteFile(keep, b, 0o644)
	}
	data, err := os.ReadFile(pdf)
	if err != nil {
		t.Fatal(err)
	}
	pages, err := jpdf.PagesText(data)
	if err != nil {
		t.Fatalf("reading LibreOffice's PDF: %v", err)
	}
	out := pages[0]
	page := strings.Join(strings.Fields(out), "")
	for _, want := range []string{"项目支出绩效目标表（含转移支付项目）", "人社局办公大楼物业管理费", "项目名称（资金使用单位）", "53,584.69"} {
		if !strings.Contains(page, want) {
			t.Errorf("first page lacks %q:\n%s", want, out)
		}
	}
}

// BenchmarkWriteXLSX writes the 10,000-project workbook (three sheets).
func BenchmarkWriteXLSX(b *testing.B) {
	doc := gen.Generate(10000, 1)
	b.ReportAllocs()
	for b.Loop() {
		var buf bytes.Buffer
		if err := export.WriteXLSX(&buf, doc); err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(buf.Len()))
	}
}

// TestTableXLSXKeepsRaggedRows: a row wider or narrower than the header is
// written as it is, not a panic.
func TestTableXLSXKeepsRaggedRows(t *testing.T) {
	var buf bytes.Buffer
	tbl := &export.Table{Name: "自评表", Columns: []string{"项目", "total"}, Rows: [][]string{{"甲", "1.50", "多出的一格"}, {"乙"}}}
	if err := export.WriteTableXLSX(&buf, tbl); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("自评表")
	if err != nil || len(rows) != 3 || len(rows[1]) != 3 || rows[1][2] != "多出的一格" || rows[2][0] != "乙" {
		t.Errorf("rows %q, %v", rows, err)
	}
}

// TestBlankCellsAsPublished: a money cell the source left blank (Liwan
// leaves 财政专户拨款 and 其他资金 empty) is empty in the official CSV and
// the workbook's official sheet, and a printed 0.00 (here the first
// project's 财政专户拨款) stays 0.00; the flat tables write 0.00 for both,
// as testdata/expected pins them.
func TestBlankCellsAsPublished(t *testing.T) {
	doc := sampletest.Parse(t, sampletest.Liwan)
	if doc.Stated.Blank != jixiao.ColSpecialAccount|jixiao.ColOther {
		t.Fatalf("合计 blank %v", doc.Stated.Blank.Names())
	}
	doc.Projects[0].Amounts.Blank = jixiao.ColOther
	var buf bytes.Buffer
	if err := export.WriteCSV(&buf, doc, export.TableOfficial); err != nil {
		t.Fatal(err)
	}
	recs := readCSV(t, buf.Bytes())
	for i, want := range map[int][4]string{3: {"53584.69", "53584.69", "", ""}, 5: {"67.00", "67.00", "0.00", ""}} {
		if got := [4]string(recs[i][1:5]); got != want {
			t.Errorf("official CSV record %d: %q, want %q", i, got, want)
		}
	}
	f, err := excelize.OpenReader(bytes.NewReader(sampletest.XLSX(t, doc)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for ref, want := range map[string]string{"C4": "53,584.69", "D4": "", "E4": "", "D6": "0.00", "E6": "", "E7": ""} {
		if got, _ := f.GetCellValue(export.SheetOfficial, ref); got != want {
			t.Errorf("official sheet %s = %q, want %q", ref, got, want)
		}
	}
	if typ, _ := f.GetCellType(export.SheetOfficial, "E6"); typ != excelize.CellTypeUnset {
		t.Errorf("E6 (blank 其他资金) has cell type %v, want none", typ)
	}
	buf.Reset()
	if err := export.WriteCSV(&buf, doc, export.TableProjects); err != nil {
		t.Fatal(err)
	}
	flat := readCSV(t, buf.Bytes())
	col := map[string]int{}
	for i, c := range flat[0] {
		col[c] = i
	}
	if r := flat[1]; r[col["special_account"]] != "0.00" || r[col["other"]] != "0.00" {
		t.Errorf("flat projects row %q: want 0.00 for both", r)
	}
}
