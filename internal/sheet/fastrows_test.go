package sheet

import (
	"bytes"
	"fmt"
	"reflect"
	"testing"

	"github.com/xuri/excelize/v2"

	"jixiao"
	"jixiao/internal/export"
	"jixiao/internal/gen"
)

// TestFastRowsMatchGetRows: on workbooks with inline strings (the stream
// writer), shared strings, rich text, numbers, booleans, formulas, blank
// rows and skipped cells, fastRows gives exactly what GetRows gives.
func TestFastRowsMatchGetRows(t *testing.T) {
	books := map[string][]byte{}
	var buf bytes.Buffer
	doc := gen.Generate(30, 5)
	doc.Projects[0].Goal = "含 <尖括号> & \"引号\"\n第二行\n\t第三行"
	doc.Findings = []jixiao.Finding{{Rule: "r", Severity: jixiao.SeverityWarning, Message: "a & b"}}
	if err := export.WriteXLSX(&buf, doc); err != nil {
		t.Fatal(err)
	}
	books["stream"] = buf.Bytes()
	cr := excelize.NewFile()
	cr.SetCellValue("Sheet1", "A1", "第一行\r\n第二行")
	buf2 := new(bytes.Buffer)
	cr.WriteTo(buf2)
	books["carriage-return"] = buf2.Bytes()

	f := excelize.NewFile()
	rows := [][]any{
		{"项目名称（资金使用单位）", "总计", nil, "财政专户拨款"},
		{},
		{"甲 & 乙", 13232.119999999999, true, "1、1-产出指标；<x>"},
		{nil, nil, nil, nil, "E only"},
		{"  前后空格  ", -0.5, false},
	}
	for i, r := range rows {
		f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+1), &r)
	}
	f.SetCellFormula("Sheet1", "F3", "B3*2")
	f.SetCellRichText("Sheet1", "A7", []excelize.RichTextRun{{Text: "富"}, {Text: "文本", Font: &excelize.Font{Bold: true}}})
	f.SetCellValue("Sheet1", "B9", "第9行")
	f.NewSheet("空表")
	var shared bytes.Buffer // not buf: books["stream"] still points into it
	f.WriteTo(&shared)
	books["shared"] = shared.Bytes()

	for name, data := range books {
		f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipXMLSizeLimit: maxUnzipped(len(data))})
		if err != nil {
			t.Fatal(err)
		}
		for _, sh := range f.GetSheetList() {
			got, ok, err := fastRows(f, sh) // first, as sheetGrid calls it
			if err != nil {
				t.Fatal(err)
			}
			want, err := f.GetRows(sh, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			// The streamed fallback reads what GetRows reads.
			streamed, err := streamRows(f, sh)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(normalize(streamed), normalize(want)) {
				t.Errorf("%s/%s: streamRows\n got %q\nwant %q", name, sh, head(streamed), head(want))
			}
			if !ok && name == "carriage-return" {
				continue // _x000D_ escapes are left to GetRows
			}
			if !ok {
				t.Errorf("%s/%s: fastRows fell back", name, sh)
				continue
			}
			if len(want) == 0 && len(got) == 0 {
				continue
			}
			if !reflect.DeepEqual(normalize(got), normalize(want)) {
				t.Errorf("%s/%s:\n got %q\nwant %q", name, sh, head(got), head(want))
			}
		}
		f.Close()
	}
}

// normalize treats a nil row and an empty one alike, and drops trailing
// empty cells (GetRows keeps some, such as a formula without a value).
func normalize(rows [][]string) [][]string {
	out := make([][]string, len(rows))
	for i, r := range rows {
		for len(r) > 0 && r[len(r)-1] == "" {
			r = r[:len(r)-1]
		}
		out[i] = append([]string{}, r...)
	}
	return out
}

func head(rows [][]string) [][]string { return rows[:min(len(rows), 12)] }

// FuzzSheetXML: the direct reader never panics on any worksheet or
// shared-string XML; it reads it or reports ok false.
func FuzzSheetXML(f *testing.F) {
	f.Add([]byte(`<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="inlineStr"><is><r><t>富</t></r><rPh><t>x</t></rPh></is></c></row><row r="3"/></sheetData></worksheet>`),
		[]byte(`<sst><si><t xml:space="preserve"> a &amp; b </t></si><si/></sst>`))
	f.Add([]byte(`<sheetData><row><c><f>A1</f><v>1.5</v></c><c t="b"><v>1</v></c><c/></row></sheetData>`), []byte(``))
	f.Fuzz(func(t *testing.T, sheet, sst []byte) {
		strs, ok := sharedStrings(sst)
		if !ok {
			strs = nil
		}
		budget := 1000
		rows, err := sheetRows(sheet, strs, &budget)
		cells := 0
		for _, r := range rows {
			cells += len(r) + 1
		}
		if err == nil && cells > 1000+len(rows) {
			t.Fatalf("%d cells past a budget of 1000", cells)
		}
	})
}
