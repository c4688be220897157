package sheet_test

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"jixiao"
	"jixiao/internal/export"
	"jixiao/internal/gen"
	"jixiao/internal/sampletest"
	"jixiao/internal/sheet"
)

var samples = []string{"huadu-employment-center-2024.txt", "liwan-hrss-bureau-2024.md"}

func parseSample(t testing.TB, name string) *jixiao.Document { return sampletest.Parse(t, name) }

func officialCSV(t testing.TB, doc *jixiao.Document) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := export.WriteCSV(&buf, doc, export.TableOfficial); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestRoundTripSamples: each sample, exported as xlsx or as the official
// CSV and read back, is the same document.
func TestRoundTripSamples(t *testing.T) {
	for _, name := range samples {
		doc := parseSample(t, name)
		t.Run(name+"/xlsx", func(t *testing.T) {
			back, err := sheet.ReadXLSX("back.xlsx", sampletest.XLSX(t, doc))
			if err != nil {
				t.Fatal(err)
			}
			sameDocument(t, doc, back)
			if back.Layout != sheet.LayoutXLSXOfficial || back.Year != doc.Year {
				t.Errorf("layout %q year %d", back.Layout, back.Year)
			}
		})
		t.Run(name+"/csv", func(t *testing.T) {
			back, err := sheet.ReadCSV("back.csv", officialCSV(t, doc))
			if err != nil {
				t.Fatal(err)
			}
			sameDocument(t, doc, back)
		})
	}
}

// sameDocument compares what a round trip must keep: heading, 合计, units,
// projects with amounts and goals, indicators with parsed targets.
func sameDocument(t *testing.T, want, got *jixiao.Document) {
	t.Helper()
	head := func(d *jixiao.Document) string {
		return fmt.Sprintf("%q %q %q %q stated=%v %+v", d.Title, d.Agency, d.AgencyKind, d.MoneyUnit, d.HasStated, d.Stated)
	}
	if head(got) != head(want) {
		t.Errorf("heading\n got %s\nwant %s", head(got), head(want))
	}
	unit := func(u jixiao.Unit) string { return fmt.Sprintf("%q %v %+v", u.Name, u.HasStated, u.Stated) }
	if len(got.Units) != len(want.Units) {
		t.Errorf("%d units, want %d", len(got.Units), len(want.Units))
	}
	for i := 0; i < len(got.Units) && i < len(want.Units); i++ {
		if unit(got.Units[i]) != unit(want.Units[i]) {
			t.Errorf("unit %d\n got %s\nwant %s", i+1, unit(got.Units[i]), unit(want.Units[i]))
		}
	}
	if len(got.Projects) != len(want.Projects) {
		t.Fatalf("%d projects, want %d", len(got.Projects), len(want.Projects))
	}
	for i := range want.Projects {
		g, w := got.Projects[i], want.Projects[i]
		if g.Seq != w.Seq || g.Unit != w.Unit || g.Name != w.Name || g.Amounts != w.Amounts || g.Goal != w.Goal {
			t.Errorf("project %d\n got %d %q %q %+v %q\nwant %d %q %q %+v %q", i+1, g.Seq, g.Unit, g.Name, g.Amounts, g.Goal, w.Seq, w.Unit, w.Name, w.Amounts, w.Goal)
		}
		if len(g.Indicators) != len(w.Indicators) {
			t.Errorf("project %d: %d indicators, want %d", i+1, len(g.Indicators), len(w.Indicators))
			continue
		}
		for j := range w.Indicators {
			if a, b := indicator(g.Indicators[j]), indicator(w.Indicators[j]); a != b {
				t.Errorf("project %d indicator %d\n got %s\nwant %s", i+1, j+1, a, b)
			}
		}
	}
}

// indicator is what a round trip keeps of an indicator; one kept raw is
// compared by its source text only.
func indicator(in jixiao.Indicator) string {
	if in.Raw != "" {
		return "raw " + in.Raw
	}
	return fmt.Sprintf("%d %q %q %q %q %q %+v %+v", in.Seq, in.Level1Code, in.Level1, in.Level2Code, in.Level2, in.Name, in.Period, in.Annual)
}

// TestReadFinanceSystemSheets reads spreadsheets as finance systems write
// them: merged cells, header repeated, blank rows, numbers as text and as
// numbers, a computed amount with binary noise, amounts with separators.
func TestReadFinanceSystemSheets(t *testing.T) {
	f := excelize.NewFile()
	s := "Sheet1"
	rows := [][]any{
		{"项目支出绩效目标表（含转移支付项目）"},
		{"部门名称：某区人社局", nil, nil, nil, nil, nil, "单位：万元"},
		{"项目名称（资金使用单位）", "总计", "财政拨款", "财政专户拨款", "其他资金", "绩效目标", "绩效指标"},
		{"合计", 13232.119999999999, "13,232.12", nil, nil},
		{},
		{"某区人社局", 13232.12, 13232.12},
		{"物业\n管理费", "89.974", 89.974, 0, 0, "保障运转。", "1、1-产出指标；11-数量指标；到位率；实施周期指标值:≥90％；年度指标值:100%。"},
		{nil, nil, nil, nil, nil, nil, "2、2-效益指标；22-社会效益；稳定；实施周期指标值:有效；年度指标值:有效。"},
		{"项目名称（资金使用单位）", "总计", "财政拨款", "财政专户拨款", "其他资金", "绩效目标", "绩效指标"},
		{"培训费", 13142.146, 13142.146, nil, nil, "培训。", "1、1-产出指标；11-数量指标；人次；实施周期指标值:≥500人次；年度指标值:≥500人次。"},
	}
	for i, r := range rows {
		if err := f.SetSheetRow(s, fmt.Sprintf("A%d", i+1), &r); err != nil {
			t.Fatal(err)
		}
	}
	for _, m := range [][2]string{{"A1", "G1"}, {"A7", "A8"}, {"B7", "B8"}, {"F7", "F8"}} {
		if err := f.MergeCell(s, m[0], m[1]); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	doc, err := sheet.ReadXLSX("finance.xlsx", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if doc.Agency != "某区人社局" || doc.AgencyKind != jixiao.AgencyDepartment || !doc.HasStated || doc.Stated.Total != 13232_120000 || doc.Stated.Fiscal != 13232_120000 {
		t.Errorf("heading %q %q %+v", doc.Agency, doc.AgencyKind, doc.Stated)
	}
	if len(doc.Units) != 1 || doc.Units[0].Stated.Total != 13232_120000 {
		t.Errorf("units %+v", doc.Units)
	}
	if len(doc.Projects) != 2 {
		t.Fatalf("projects %+v", doc.Projects)
	}
	p := doc.Projects[0]
	if p.Name != "物业管理费" || p.Amounts.Total != 89_974000 || p.Amounts.Fiscal != 89_974000 || p.Goal != "保障运转。" || len(p.Indicators) != 2 {
		t.Errorf("project 1 %+v", p)
	}
	if in := p.Indicators[1]; in.Level2Code != "22" || in.Name != "稳定" || in.Annual.Text != "有效" || in.Seq != 2 {
		t.Errorf("indicator from the merged row %+v", in)
	}
	if in := doc.Projects[1].Indicators[0]; in.Annual.Op != jixiao.GE || in.Annual.Value != "500" || in.Annual.Unit != "人次" {
		t.Errorf("target %+v", in.Annual)
	}
	if len(doc.Findings) != 0 {
		t.Errorf("findings %+v", doc.Findings)
	}
}

// TestReadFlatLayout reads one-row-per-indicator tables with English (our
// own export) and Chinese headers, in GBK CSV and in xlsx.
func TestReadFlatLayout(t *testing.T) {
	doc := parseSample(t, "liwan-hrss-bureau-2024.md")
	var buf bytes.Buffer
	if err := export.WriteCSV(&buf, doc, export.TableIndicators); err != nil {
		t.Fatal(err)
	}
	back, err := sheet.ReadCSV("flat.csv", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if back.Layout != sheet.LayoutCSVFlat || len(back.Projects) != len(doc.Projects) || back.IndicatorCount() != doc.IndicatorCount() || len(back.Units) != len(doc.Units) {
		t.Fatalf("flat read back: layout %q, %d projects, %d indicators, %d units", back.Layout, len(back.Projects), back.IndicatorCount(), len(back.Units))
	}
	for i := range doc.Projects {
		for j := range doc.Projects[i].Indicators {
			if a, b := indicator(back.Projects[i].Indicators[j]), indicator(doc.Projects[i].Indicators[j]); a != b {
				t.Errorf("project %d indicator %d\n got %s\nwant %s", i+1, j+1, a, b)
			}
		}
	}

	chinese := "单位名称：某中心,,,,,,\n\n项目名称,一级指标,二级指标,指标名称,实施周期指标值,年度指标值,总计\n" +
		"培训费,1-产出指标,11-数量指标,培训人次,≥500人次,≥500人次,\"1,234.50\"\n" +
		"培训费,3-满意度指标,31-服务对象满意度,满意度,≥90%,≥90%,\"1,234.50\"\n" +
		"\n项目名称,一级指标,二级指标,指标名称,实施周期指标值,年度指标值,总计\n" +
		"物业费,2-效益指标,22-社会效益,稳定,有效,有效,10\n"
	gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(chinese))
	if err != nil {
		t.Fatal(err)
	}
	cdoc, err := sheet.ReadCSV("gbk.csv", gbk)
	if err != nil {
		t.Fatal(err)
	}
	if cdoc.Agency != "某中心" || len(cdoc.Projects) != 2 || cdoc.Projects[0].Amounts.Total != 1234_500000 || len(cdoc.Projects[0].Indicators) != 2 {
		t.Fatalf("GBK flat: %+v", cdoc)
	}
	if in := cdoc.Projects[0].Indicators[1]; in.Level1Code != "3" || in.Level1 != "满意度指标" || in.Level2Code != "31" || in.Annual.Op != jixiao.GE || in.Annual.Value != "90" {
		t.Errorf("indicator %+v", in)
	}
	if cdoc.Projects[1].Unit != "某中心" || cdoc.Projects[1].Indicators[0].Annual.Quantitative() {
		t.Errorf("project 2 %+v", cdoc.Projects[1])
	}
}

// TestBrokenCellsKeepTheirText: an amount that is not a number and an
// indicator that does not follow the pattern are kept raw with a finding;
// the rest of the table is read.
func TestBrokenCellsKeepTheirText(t *testing.T) {
	csv := "部门名称：某局,,,,,,单位：万元\n项目名称,总计,财政拨款,财政专户拨款,其他资金,绩效目标,绩效指标\n" +
		"甲项目,约十万,,,,目标。,1、1-产出指标；11-数量指标；人次；实施周期指标值:5人；年度指标值:5人。\n" +
		"乙项目,2.00,2.00,,,目标。,1、培训很多人。2、1-产出指标；12-质量指标；合格率；实施周期指标值:100%；年度指标值:100%。\n"
	doc, err := sheet.ReadCSV("broken.csv", []byte(csv))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Projects) != 2 || doc.Projects[0].Raw == "" || !strings.Contains(doc.Projects[0].Raw, "约十万") || len(doc.Projects[0].Indicators) != 1 {
		t.Fatalf("projects %+v", doc.Projects)
	}
	ins := doc.Projects[1].Indicators
	if len(ins) != 2 || ins[0].Raw != "1、培训很多人。" || ins[1].Level2Code != "12" {
		t.Errorf("indicators %+v", ins)
	}
	rules := []string{}
	for _, f := range doc.Findings {
		rules = append(rules, fmt.Sprintf("%s@%d/%d/%d", f.Rule, f.Line, f.ProjectSeq, f.IndicatorSeq))
	}
	if strings.Join(rules, ",") != "parse.amount@3/1/0,parse.indicator@4/2/1" {
		t.Errorf("findings %v", rules)
	}
	// Written back, the raw texts survive.
	var buf bytes.Buffer
	if err := export.WriteCSV(&buf, doc, export.TableOfficial); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "1、培训很多人。2、1-产出指标") {
		t.Errorf("raw indicator lost:\n%s", buf.String())
	}
}

// TestBadSpreadsheets: files that are no target table are refused with a
// Chinese message naming the file.
func TestBadSpreadsheets(t *testing.T) {
	noHeader := excelize.NewFile()
	noHeader.SetSheetRow("Sheet1", "A1", &[]any{"姓名", "电话"})
	var nh bytes.Buffer
	noHeader.WriteTo(&nh)
	encrypted := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 600)...)
	encrypted = append(encrypted, []byte("E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o\x00")...)
	sparse := excelize.NewFile()
	for r := 1; r <= 1300; r++ {
		sparse.SetCellValue("Sheet1", fmt.Sprintf("XFD%d", r), "x")
	}
	var sp bytes.Buffer
	sparse.WriteTo(&sp)
	xls := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 600)...)
	cases := []struct {
		name string
		data []byte
		csv  bool
		want string
	}{
		{"no-header.xlsx", nh.Bytes(), false, "找不到表头"},
		{"secret.xlsx", encrypted, false, "密码"},
		{"old.xls", xls, false, ".xls"},
		{"sparse.xlsx", sp.Bytes(), false, "单元格过多"},
		{"photo.xlsx", []byte("\x89PNG\r\n\x1a\nIHDR"), false, "不是 .xlsx"},
		{"corrupt.xlsx", []byte("PK\x03\x04garbage"), false, "无法打开工作簿"},
		{"huge.xlsx", make([]byte, 200<<20), false, "文件过大"},
		{"huge.csv", make([]byte, 200<<20), true, "文件过大"},
		{"binary.csv", []byte("a,b\n\x00\x01\x02"), true, "二进制"},
		{"names.csv", []byte("姓名,电话\n张三,123\n"), true, "找不到表头"},
		{"quote.csv", []byte("项目名称,总计,绩效目标,绩效指标\n\"甲,1,\"x\"y,z\n"), true, ""},
	}
	for _, c := range cases {
		read := sheet.ReadXLSX
		if c.csv {
			read = sheet.ReadCSV
		}
		doc, err := read(c.name, c.data)
		if c.want == "" {
			continue // must only not panic
		}
		var ie *jixiao.InputError
		if !errors.As(err, &ie) || doc != nil {
			t.Errorf("%s: %v (doc %v), want an InputError", c.name, err, doc != nil)
			continue
		}
		if ie.File != c.name || !strings.Contains(ie.Msg, c.want) {
			t.Errorf("%s: %q, want a message with %q", c.name, err, c.want)
		}
	}
}

// TestRoundTripGenerated is the property test: any generated table, as a
// department's table or as a unit's own, comes back the same through xlsx
// and through the official CSV.
func TestRoundTripGenerated(t *testing.T) {
	for seed := int64(1); seed <= 24; seed++ {
		doc := gen.Generate(1+int(seed*7%41), seed)
		if seed%3 == 0 {
			asUnitTable(doc)
		}
		if seed%4 == 0 && len(doc.Projects[0].Indicators) > 0 {
			doc.Projects[0].Indicators[0] = jixiao.Indicator{Seq: 1, Raw: "1、产出指标：按计划完成"}
		}
		back, err := sheet.ReadXLSX("gen.xlsx", sampletest.XLSX(t, doc))
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		t.Run(fmt.Sprintf("seed%d/xlsx", seed), func(t *testing.T) { sameDocument(t, doc, back) })
		back, err = sheet.ReadCSV("gen.csv", officialCSV(t, doc))
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		t.Run(fmt.Sprintf("seed%d/csv", seed), func(t *testing.T) { sameDocument(t, doc, back) })
	}
}

// asUnitTable turns a generated department table into a unit's own table,
// which has no unit rows.
func asUnitTable(doc *jixiao.Document) {
	name := doc.Units[0].Name
	doc.Agency, doc.AgencyKind = name, jixiao.AgencyUnit
	doc.Units = []jixiao.Unit{{Name: name}}
	for i := range doc.Projects {
		doc.Projects[i].Unit = name
	}
}

// TestTwoRowHeader reads the header budget systems print over two rows,
// 资金来源 merged over 财政拨款 | 财政专户拨款 | 其他资金, repeated on page two.
func TestTwoRowHeader(t *testing.T) {
	f := excelize.NewFile()
	head1 := []any{"项目名称", "总计", "资金来源", nil, nil, "绩效目标", "绩效指标"}
	head2 := []any{nil, nil, "财政拨款", "财政专户拨款", "其他资金"}
	ind := "1、1-产出指标；11-数量指标；人次；实施周期指标值:≥5人；年度指标值:≥5人。"
	rows := [][]any{
		{"单位名称：某中心", nil, nil, nil, nil, nil, "单位：元"},
		head1, head2,
		{"甲项目", 300.5, 100, 200.5, nil, "目标甲。", ind},
		head1, head2,
		{"乙项目", 1, nil, nil, 1, "目标乙。", ind},
	}
	for i, r := range rows {
		if err := f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+1), &r); err != nil {
			t.Fatal(err)
		}
	}
	for _, m := range [][2]string{{"A2", "A3"}, {"B2", "B3"}, {"C2", "E2"}, {"F2", "F3"}, {"G2", "G3"}, {"A5", "A6"}, {"C5", "E5"}} {
		f.MergeCell("Sheet1", m[0], m[1])
	}
	var buf bytes.Buffer
	f.WriteTo(&buf)
	doc, err := sheet.ReadXLSX("two-row.xlsx", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if doc.MoneyUnit != jixiao.Yuan || doc.Agency != "某中心" || len(doc.Projects) != 2 || len(doc.Units) != 1 {
		t.Fatalf("%q %q %+v", doc.MoneyUnit, doc.Agency, doc.Projects)
	}
	a := doc.Projects[0].Amounts
	if a.Total != 30050 || a.Fiscal != 10000 || a.SpecialAccount != 20050 || a.Other != 0 || doc.Projects[1].Amounts.Other != 100 {
		t.Errorf("amounts %+v %+v", a, doc.Projects[1].Amounts)
	}
	if len(doc.Projects[1].Indicators) != 1 || len(doc.Findings) != 0 {
		t.Errorf("indicators %+v findings %+v", doc.Projects[1].Indicators, doc.Findings)
	}
}
