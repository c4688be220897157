package ingest

import (
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
