package ingest

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"jixiao/internal/export"
	"jixiao/internal/gen"
)

// Spreadsheets are recognised by their bytes and handed to internal/sheet.
func TestSpreadsheetsGoToSheet(t *testing.T) {
	doc := gen.Generate(30, 5)
	var xlsx bytes.Buffer
	if err := export.WriteXLSX(&xlsx, doc); err != nil {
		t.Fatal(err)
	}
	got := parseOK(t, "表.dat", xlsx.Bytes())
	if !strings.HasPrefix(got.Layout, "xlsx") || len(got.Projects) != 30 {
		t.Errorf("xlsx: layout %q, %d projects", got.Layout, len(got.Projects))
	}

	csvData := markdownAsCSV(t, readSample(t, liwan))
	for _, name := range []string{"liwan-2024.csv", "liwan-2024.txt"} {
		got := parseOK(t, name, csvData)
		if !strings.HasPrefix(got.Layout, "csv") || len(got.Projects) < 52 {
			t.Errorf("%s: layout %q, %d projects", name, got.Layout, len(got.Projects))
		}
	}
}

// markdownAsCSV turns the markdown sample's table rows into CSV, the way a
// spreadsheet would save it.
func markdownAsCSV(t *testing.T, md []byte) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	header := false
	for _, l := range strings.Split(string(md), "\n") {
		l = strings.TrimSpace(l)
		if !strings.HasPrefix(l, "|") {
			continue
		}
		cells := splitRow(l)
		if isSeparatorRow(cells) {
			continue
		}
		if _, ok := headerColumns(cells); ok {
			if header {
				continue
			}
			header = true
		}
		if err := w.Write(cells); err != nil {
			t.Fatal(err)
		}
	}
	w.Flush()
	return b.Bytes()
}
