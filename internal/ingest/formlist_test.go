package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A list of two projects under one unit (fixture 21's project repeated
// under another name and amount) reads as two forms, each with the list's
// department, the unit and the grid's columns.
func TestListTwoProjects(t *testing.T) {
	text := fixtureWithCopy(t, "21-xiangxi-special-school-glued-rows-codes", "  505006  学生伙食费", "返回】",
		strings.NewReplacer("学生伙食费30.00", "教学设备购置12.50"))
	doc, err := Parse("list.txt", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Projects) != 2 {
		t.Fatalf("%d projects, want 2", len(doc.Projects))
	}
	for i, name := range []string{"学生伙食费", "教学设备购置"} {
		p := doc.Projects[i]
		if p.Name != name || p.Department != "湘西州教育和体育局" || p.DepartmentCode != "505" || p.Unit != "州民族特殊教育学校" {
			t.Errorf("project %d = %q %q %q %q", i+1, p.Name, p.Department, p.DepartmentCode, p.Unit)
		}
		if len(p.Indicators) != 10 {
			t.Errorf("project %d: %d indicators, want 10", i+1, len(p.Indicators))
		}
	}
	if got := doc.Projects[1].Amounts.Total; got != 12_500_000 {
		t.Errorf("second total = %v, want 12.50万元", got)
	}
}

// TestWideListBlankCategories: in Sichuan's wide list (fixture 39) an
// indicator row whose merged category cells were exported blank stays an
// indicator of its project, not the department's row: no indicator is
// lost and the department is the list's own.
func TestWideListBlankCategories(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "forms", "39-jingyan-matazhen-list-yuan-pipes-fragment.txt"))
	if err != nil {
		t.Fatal(err)
	}
	whole, err := Parse("39.txt", data)
	if err != nil {
		t.Fatal(err)
	}
	blanked := strings.Replace(string(data), "| 产出指标 | 时效指标 | 维持时效 |", "|  |  | 维持时效 |", 1)
	if blanked == string(data) {
		t.Fatal("the fixture changed: no 维持时效 row")
	}
	doc, err := Parse("39-blanked.txt", []byte(blanked))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Projects) != len(whole.Projects) || len(doc.Projects[0].Indicators) != len(whole.Projects[0].Indicators) {
		t.Fatalf("%d projects, the first with %d indicators; the fixture reads %d and %d",
			len(doc.Projects), len(doc.Projects[0].Indicators), len(whole.Projects), len(whole.Projects[0].Indicators))
	}
	for i, p := range doc.Projects {
		if p.Department != whole.Projects[i].Department || p.Unit != whole.Projects[i].Unit {
			t.Errorf("project %d: department %q unit %q, the fixture reads %q %q", i+1, p.Department, p.Unit,
				whole.Projects[i].Department, whole.Projects[i].Unit)
		}
	}
	if got := doc.Projects[0].Indicators[1].Name; got != "维持时效" {
		t.Errorf("the blanked row reads as %q", got)
	}
}
