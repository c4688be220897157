package export_test

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/export"
	"jixiao/internal/sampletest"
	"jixiao/internal/sheet"
)

const formula = `=HYPERLINK("http://evil.example/x","点击")`

// injectDoc is handDoc with cells a spreadsheet would run as formulas and
// a negative amount, which must stay a number.
func injectDoc(t *testing.T) *jixiao.Document {
	doc := handDoc()
	doc.Projects[0].Name = formula
	doc.Projects[0].Goal = "-保障运转"
	doc.Projects[0].Indicators[0].Name = "@SUM(A1:A9)"
	doc.Projects[1].Name = "+培训费"
	neg, err := jixiao.ParseMoney("-1.50", jixiao.WanYuan)
	if err != nil {
		t.Fatal(err)
	}
	doc.Projects[1].Amounts.Other = neg
	doc.Projects[1].Amounts.Total = doc.Projects[1].Amounts.Fiscal + neg
	return doc
}

func writeCSV(t *testing.T, doc *jixiao.Document, table string) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := export.WriteCSV(&buf, doc, table); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestCSVInjectionNeutralised: no cell of any CSV we write starts with a
// formula character unless it is a number; the formula itself is written
// after a quote and -1.50 stays as it is.
func TestCSVInjectionNeutralised(t *testing.T) {
	doc := injectDoc(t)
	for _, table := range []string{export.TableProjects, export.TableIndicators, export.TableUnits, export.TableOfficial} {
		recs := readCSV(t, writeCSV(t, doc, table))
		var quoted, negative bool
		for _, rec := range recs {
			for _, c := range rec {
				if len(c) > 1 && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
					if _, err := strconv.ParseFloat(c, 64); err != nil {
						t.Errorf("%s: cell %q would be a formula", table, c)
					}
				}
				quoted = quoted || c == "'"+formula
				negative = negative || c == "-1.50"
			}
		}
		if table != export.TableUnits && !quoted {
			t.Errorf("%s: no cell %q", table, "'"+formula)
		}
		if (table == export.TableProjects || table == export.TableOfficial) && !negative {
			t.Errorf("%s: the amount -1.50 is not written as it is", table)
		}
	}
}

// TestCSVRoundTripKeepsQuotedCells: read back, the official CSV and the
// flat indicators table give the cells as they were, quotes removed; the
// samples' round trips stay identical.
func TestCSVRoundTripKeepsQuotedCells(t *testing.T) {
	var docs []*jixiao.Document
	for _, name := range append(samples, samples[1]) {
		docs = append(docs, sampletest.Parse(t, name))
	}
	// The last one gets the cells a spreadsheet would run.
	inj := docs[len(docs)-1]
	inj.Projects[0].Name = formula
	inj.Projects[0].Goal = "-" + inj.Projects[0].Goal
	inj.Projects[0].Indicators[0].Name = "@SUM(A1:A9)"
	inj.Projects[1].Name = "'=两个引号"
	for _, doc := range docs {
		for _, table := range []string{export.TableOfficial, export.TableIndicators} {
			back, err := sheet.ReadCSV("back.csv", writeCSV(t, doc, table))
			if err != nil {
				t.Fatalf("%s %s: %v", doc.Title, table, err)
			}
			if len(back.Projects) != len(doc.Projects) {
				t.Fatalf("%s %s: %d projects, want %d", doc.Title, table, len(back.Projects), len(doc.Projects))
			}
			for i, w := range doc.Projects {
				g := back.Projects[i]
				if g.Name != w.Name || g.Unit != w.Unit || (table == export.TableOfficial && (g.Goal != w.Goal || g.Amounts != w.Amounts)) {
					t.Errorf("%s %s project %d: got %q %q %q %+v, want %q %q %q %+v", doc.Title, table, i+1,
						g.Unit, g.Name, g.Goal, g.Amounts, w.Unit, w.Name, w.Goal, w.Amounts)
				}
				for j := 0; j < len(w.Indicators) && j < len(g.Indicators); j++ {
					if w.Indicators[j].Raw == "" && g.Indicators[j].Name != w.Indicators[j].Name {
						t.Errorf("%s %s indicator %d.%d: %q, want %q", doc.Title, table, i+1, j+1, g.Indicators[j].Name, w.Indicators[j].Name)
					}
				}
			}
		}
	}
}

// Several documents under one header (the API's download of every table)
// are quoted the same way as one.
func TestWriteFlatCSVQuotesFormulas(t *testing.T) {
	doc := injectDoc(t)
	for _, table := range []string{"projects", "indicators"} {
		var buf bytes.Buffer
		if err := export.WriteFlatCSV(&buf, []*jixiao.Document{doc, doc}, table); err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(buf.Bytes(), []byte(export.BOM)))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		quoted := 0
		for _, rec := range recs[1:] {
			for _, cell := range rec {
				if len(cell) > 1 && strings.ContainsRune("=+@", rune(cell[0])) || strings.HasPrefix(cell, "-保") {
					t.Errorf("%s: cell %q would run as a formula", table, cell)
				}
				if strings.HasPrefix(cell, "'") {
					quoted++
				}
			}
		}
		if quoted < 2 { // each of the two documents has injected cells in every table
			t.Errorf("%s: %d quoted cells, want at least one per document", table, quoted)
		}
	}
}
