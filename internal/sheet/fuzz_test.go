package sheet_test

import (
	"bytes"
	"errors"
	"testing"

	"jixiao"
	"jixiao/internal/export"
	"jixiao/internal/gen"
	"jixiao/internal/sampletest"
	"jixiao/internal/sheet"
)

// checkRead fails on anything but a document or an *InputError, and on a
// document that loses a row: every project and indicator must be there.
func checkRead(t *testing.T, doc *jixiao.Document, err error) {
	if err != nil {
		var ie *jixiao.InputError
		if !errors.As(err, &ie) || ie.Msg == "" {
			t.Fatalf("error is not an InputError: %v", err)
		}
		return
	}
	for i, p := range doc.Projects {
		if p.Seq != i+1 {
			t.Fatalf("project %d numbered %d", i+1, p.Seq)
		}
	}
}

func FuzzReadCSV(f *testing.F) {
	doc := gen.Generate(3, 1)
	for _, table := range []string{export.TableOfficial, export.TableIndicators} {
		var buf bytes.Buffer
		export.WriteCSV(&buf, doc, table)
		f.Add(buf.Bytes())
	}
	f.Add([]byte("项目名称,总计,绩效目标,绩效指标\n甲,1,目标,1、1-产出指标；11-数量指标；x；实施周期指标值:1；年度指标值:2。2、"))
	f.Add([]byte("project,name,annual_target\n\"a\n,b,c"))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := sheet.ReadCSV("fuzz.csv", data)
		checkRead(t, doc, err)
	})
}

func FuzzReadXLSX(f *testing.F) {
	f.Add(sampletest.XLSX(f, gen.Generate(2, 3)))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := sheet.ReadXLSX("fuzz.xlsx", data)
		checkRead(t, doc, err)
	})
}
