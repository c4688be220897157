package sheet

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"jixiao"
)

// TestCSVCellCap: a 10 MB CSV of empty cells took 1.19 GB; the cells of a
// CSV are now capped like a worksheet's, with a clear message (422).
func TestCSVCellCap(t *testing.T) {
	data := []byte(strings.Repeat(strings.Repeat("x,", 19)+"x\n", MaxCells/20+1))
	_, err := ReadCSV("bomb.csv", data)
	var in *jixiao.InputError
	if !errors.As(err, &in) || !strings.Contains(in.Msg, "200 万") {
		t.Fatalf("CSV of %d cells: %v", MaxCells+20, err)
	}
}

// TestUnzipBoundFollowsSize: a small workbook may not expand to 512 MB.
func TestUnzipBoundFollowsSize(t *testing.T) {
	if got := maxUnzipped(616 << 10); got > 80<<20 {
		t.Errorf("a 616 KB workbook may expand to %d MB", got>>20)
	}
	if got := maxUnzipped(64 << 20); got != 512<<20 {
		t.Errorf("the ceiling is %d MB", got>>20)
	}
}

// TestUnzipCapMessage: a workbook that expands beyond its bound (a zip
// bomb) is refused with a message naming the bound and what to do, not
// excelize's English.
func TestUnzipCapMessage(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range []string{"[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml"} {
		w, _ := zw.Create(name)
		w.Write(bytes.Repeat([]byte(" "), 30<<20)) // 90 MB unzipped from a few hundred KB
	}
	zw.Close()
	_, err := ReadXLSX("bomb.xlsx", buf.Bytes())
	var in *jixiao.InputError
	if !errors.As(err, &in) || !strings.Contains(in.Msg, "解压后超过") || !strings.Contains(in.Msg, "拆分") {
		t.Fatalf("workbook of %d bytes expanding to 90 MB: %v", buf.Len(), err)
	}
}

// TestStreamedSheetCellCap: a worksheet the fast reader leaves to excelize
// (a namespace prefix on its elements) is read row by row with the same
// cap: a sheet of 2 million cells is refused, not built whole.
func TestStreamedSheetCellCap(t *testing.T) {
	var sheetXML bytes.Buffer
	sheetXML.WriteString(`<?xml version="1.0" encoding="UTF-8"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>`)
	for r := 1; r <= MaxCells/100+1; r++ {
		fmt.Fprintf(&sheetXML, `<x:row r="%d"><x:c r="CV%d" t="inlineStr"><x:is><x:t>x</x:t></x:is></x:c></x:row>`, r, r)
	}
	sheetXML.WriteString(`</x:sheetData></x:worksheet>`)
	data := workbookWith(t, sheetXML.Bytes())
	_, err := ReadXLSX("wide.xlsx", data)
	var in *jixiao.InputError
	if !errors.As(err, &in) || !strings.Contains(in.Msg, "200 万") {
		t.Fatalf("sheet of %d cells read through excelize: %v", (MaxCells/100+1)*100, err)
	}
}

// workbookWith is a minimal workbook whose one sheet is sheetXML.
func workbookWith(t *testing.T, sheetXML []byte) []byte {
	t.Helper()
	parts := map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
			`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
		"_rels/.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml": `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
			`<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range parts {
		w, _ := zw.Create(name)
		w.Write([]byte(body))
	}
	w, _ := zw.Create("xl/worksheets/sheet1.xml")
	w.Write(sheetXML)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
