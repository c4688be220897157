package ingest

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"jixiao"
)

// The two published samples and the tables that must come out of them.
var samples = []string{
	"huadu-employment-center-2024.txt",
	"liwan-hrss-bureau-2024.md",
}

func testdata(parts ...string) string {
	return filepath.Join(append([]string{"..", "..", "testdata"}, parts...)...)
}

func readSample(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(testdata(name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func parseOK(t testing.TB, name string, data []byte) *jixiao.Document {
	t.Helper()
	doc, err := Parse(name, data)
	if err != nil {
		t.Fatalf("Parse(%s): %v", name, err)
	}
	return doc
}

// readCSV reads an expected table as a list of rows keyed by column name.
func readCSV(t testing.TB, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	head := recs[0]
	head[0] = strings.TrimPrefix(head[0], "\ufeff")
	var rows []map[string]string
	for _, rec := range recs[1:] {
		row := map[string]string{}
		for i, h := range head {
			row[h] = rec[i]
		}
		rows = append(rows, row)
	}
	return rows
}

// Tables flatten a document into the three exported tables, keyed by the
// column names of issue 2.
func projectRows(d *jixiao.Document) []map[string]string {
	var rows []map[string]string
	for _, p := range d.Projects {
		rows = append(rows, map[string]string{
			"seq": strconv.Itoa(p.Seq), "unit": p.Unit, "project": p.Name,
			"total": p.Amounts.Total.Format(d.MoneyUnit), "fiscal": p.Amounts.Fiscal.Format(d.MoneyUnit),
			"special_account": p.Amounts.SpecialAccount.Format(d.MoneyUnit), "other": p.Amounts.Other.Format(d.MoneyUnit),
			"goal": p.Goal,
		})
	}
	return rows
}

func indicatorRows(d *jixiao.Document) []map[string]string {
	var rows []map[string]string
	for _, p := range d.Projects {
		for _, in := range p.Indicators {
			rows = append(rows, map[string]string{
				"project_seq": strconv.Itoa(p.Seq), "unit": p.Unit, "project": p.Name, "seq": strconv.Itoa(in.Seq),
				"level1_code": in.Level1Code, "level1": in.Level1, "level2_code": in.Level2Code, "level2": in.Level2,
				"name": in.Name, "period_target": in.Period.Text, "annual_target": in.Annual.Text,
				"period_op": string(in.Period.Op), "period_value": in.Period.Value, "period_unit": in.Period.Unit,
				"annual_op": string(in.Annual.Op), "annual_value": in.Annual.Value, "annual_unit": in.Annual.Unit,
			})
		}
	}
	return rows
}

// unitRows gives each unit its stated subtotal when the table prints one,
// else the sum of its projects, and the count of its projects.
func unitRows(d *jixiao.Document) []map[string]string {
	var rows []map[string]string
	for _, u := range d.Units {
		ps := d.UnitProjects(u.Name)
		a := u.Stated
		if !u.HasStated {
			a = jixiao.Amounts{}
			for _, p := range ps {
				a = a.Add(p.Amounts)
			}
		}
		rows = append(rows, map[string]string{
			"unit": u.Name, "total": a.Total.Format(d.MoneyUnit), "fiscal": a.Fiscal.Format(d.MoneyUnit),
			"special_account": a.SpecialAccount.Format(d.MoneyUnit), "other": a.Other.Format(d.MoneyUnit),
			"projects": strconv.Itoa(len(ps)),
		})
	}
	return rows
}

// diffTables compares got with want by the columns of want. Text is
// compared after CleanText, since white space inside text may differ only
// where wrapping put it.
func diffTables(want, got []map[string]string) []string {
	var diffs []string
	if len(want) != len(got) {
		diffs = append(diffs, fmt.Sprintf("%d rows, want %d", len(got), len(want)))
	}
	for i := 0; i < len(want) && i < len(got); i++ {
		for col, w := range want[i] {
			g, ok := got[i][col]
			if !ok {
				diffs = append(diffs, fmt.Sprintf("row %d: no column %q", i+1, col))
				continue
			}
			if jixiao.CleanText(g) != jixiao.CleanText(w) {
				diffs = append(diffs, fmt.Sprintf("row %d %s: got %q, want %q", i+1, col, g, w))
			}
		}
		if len(diffs) > 20 {
			break
		}
	}
	return diffs
}

// checkTables asserts that doc gives the expected three tables of sample.
func checkTables(t *testing.T, sample string, doc *jixiao.Document) {
	t.Helper()
	base := strings.TrimSuffix(sample, filepath.Ext(sample))
	for _, tc := range []struct {
		table string
		rows  func(*jixiao.Document) []map[string]string
	}{{"projects", projectRows}, {"indicators", indicatorRows}, {"units", unitRows}} {
		want := readCSV(t, testdata("expected", base+"."+tc.table+".csv"))
		for _, d := range diffTables(want, tc.rows(doc)) {
			t.Errorf("%s %s: %s", sample, tc.table, d)
		}
	}
}

func TestSamplesGiveExpectedTables(t *testing.T) {
	for _, s := range samples {
		t.Run(s, func(t *testing.T) {
			doc := parseOK(t, s, readSample(t, s))
			checkTables(t, s, doc)
			for _, f := range doc.Findings {
				t.Errorf("unexpected finding: %+v", f)
			}
		})
	}
}

func TestSampleHeadings(t *testing.T) {
	tests := []struct {
		file, layout, agency string
		kind                 jixiao.AgencyKind
		total                string
	}{
		{"huadu-employment-center-2024.txt", LayoutPDFText, "广州市花都区劳动就业服务管理中心", jixiao.AgencyUnit, "13232.12"},
		{"liwan-hrss-bureau-2024.md", LayoutMarkdown, "广州市荔湾区人力资源和社会保障局", jixiao.AgencyDepartment, "53584.69"},
	}
	for _, tc := range tests {
		data := readSample(t, tc.file)
		doc := parseOK(t, tc.file, data)
		if doc.Layout != tc.layout || doc.Agency != tc.agency || doc.AgencyKind != tc.kind {
			t.Errorf("%s: layout %q agency %q kind %q", tc.file, doc.Layout, doc.Agency, doc.AgencyKind)
		}
		if doc.Title != "项目支出绩效目标表（含转移支付项目）" || doc.MoneyUnit != jixiao.WanYuan || doc.Year != 2024 {
			t.Errorf("%s: title %q unit %q year %d", tc.file, doc.Title, doc.MoneyUnit, doc.Year)
		}
		if !doc.HasStated || doc.Stated.Total.Format(doc.MoneyUnit) != tc.total {
			t.Errorf("%s: 合计 %v (stated %v)", tc.file, doc.Stated, doc.HasStated)
		}
		if doc.SourceName != tc.file || len(doc.SHA256) != 64 || doc.SourceName == "" {
			t.Errorf("%s: source %q sha %q", tc.file, doc.SourceName, doc.SHA256)
		}
	}
}
