package sheet_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/sheet"
)

// TestCSVWithoutHeadingKeepsUnitRows reads the Liwan markdown table saved
// as CSV without its heading (no 部门名称 line): the seven unit rows open
// their units' groups, as the markdown reader reads them, instead of
// counting as projects.
func TestCSVWithoutHeadingKeepsUnitRows(t *testing.T) {
	md, err := os.ReadFile(filepath.Join("..", "..", "testdata", "liwan-hrss-bureau-2024.md"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := sheet.ReadCSV("liwan.csv", markdownTableAsCSV(t, md))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Projects) != 52 || len(doc.Units) != 7 || doc.AgencyKind != jixiao.AgencyDepartment {
		t.Fatalf("%d projects in %d units (%q), want 52 in 7 (部门)", len(doc.Projects), len(doc.Units), doc.AgencyKind)
	}
	want := parseSample(t, "liwan-hrss-bureau-2024.md")
	for i, u := range doc.Units {
		if w := want.Units[i]; u.Name != w.Name || u.Stated != w.Stated || !u.HasStated {
			t.Errorf("unit %d: %q %+v, want %q %+v", i+1, u.Name, u.Stated, w.Name, w.Stated)
		}
	}
	for i, p := range doc.Projects {
		w := want.Projects[i]
		got := fmt.Sprintf("%q %q %+v %d", p.Unit, p.Name, p.Amounts, len(p.Indicators))
		if exp := fmt.Sprintf("%q %q %+v %d", w.Unit, w.Name, w.Amounts, len(w.Indicators)); got != exp {
			t.Errorf("project %d\n got %s\nwant %s", i+1, got, exp)
		}
	}
	if !doc.HasStated || doc.Stated != want.Stated {
		t.Errorf("合计 %v %+v, want %+v", doc.HasStated, doc.Stated, want.Stated)
	}
}

// A row without goal and indicators stays a project where it cannot be a
// unit row: in a unit's own table, and without a heading when no project
// follows it.
func TestRowWithoutGoalStaysAProject(t *testing.T) {
	head := "项目名称,总计,财政拨款,财政专户拨款,其他资金,绩效目标,绩效指标\n"
	ind := "1、1-产出指标；11-数量指标；人次；实施周期指标值:5人；年度指标值:5人。"
	cases := []struct {
		name, csv string
		projects  int
	}{
		{"unit-table.csv", "单位名称：某中心,,,,,,单位：万元\n" + head + "甲项目,1.00,1.00,,,,\n乙项目,2.00,2.00,,,目标。," + ind + "\n", 2},
		{"no-heading-last.csv", head + "甲项目,1.00,1.00,,,目标。," + ind + "\n乙项目,2.00,2.00,,,,\n", 2},
	}
	for _, c := range cases {
		doc, err := sheet.ReadCSV(c.name, []byte(c.csv))
		if err != nil {
			t.Fatal(err)
		}
		if len(doc.Projects) != c.projects || doc.AgencyKind != jixiao.AgencyUnit {
			t.Errorf("%s: %d projects (%q), units %+v", c.name, len(doc.Projects), doc.AgencyKind, doc.Units)
		}
	}
}

// markdownTableAsCSV keeps only the table rows of a markdown file (header
// rows repeated at page breaks included), as a spreadsheet saves it.
func markdownTableAsCSV(t *testing.T, md []byte) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	for _, l := range strings.Split(string(md), "\n") {
		l = strings.TrimSpace(l)
		if !strings.HasPrefix(l, "|") || strings.Trim(l, "|-: ") == "" {
			continue
		}
		cells := strings.Split(strings.Trim(l, "|"), "|")
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		if err := w.Write(cells); err != nil {
			t.Fatal(err)
		}
	}
	w.Flush()
	return b.Bytes()
}
