package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jixiao"
)

// A tree export of a unit with two projects (fixture 16's tree, its
// project repeated under a second name with other values) reads as two
// forms, the unit and the money unit applying to both.
func TestTreeTwoProjects(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "forms", "16-shizuishan-cdc-indented-tree-yuan.txt"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(dropSourceLine(data))
	start := strings.Index(text, "  狂犬")
	end := strings.Index(text, "附件下载")
	second := strings.NewReplacer("狂犬、乙肝、流感等疫苗及美沙酮药物", "第二个项目", "3000000", "150000", "40%", "45%").Replace(text[start:end])
	text = text[:end] + second + text[end:]
	doc, err := Parse("tree.txt", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Projects) != 2 {
		t.Fatalf("%d projects, want 2", len(doc.Projects))
	}
	want := []struct {
		name   string
		amount jixiao.Money
		value  string
	}{{"狂犬、乙肝、流感等疫苗及美沙酮药物", 300_000_000, "40%"}, {"第二个项目", 15_000_000, "45%"}}
	for i, w := range want {
		p := doc.Projects[i]
		if p.Name != w.name || p.Department != "石嘴山市疾病预防控制中心" || p.Amounts.Total != w.amount {
			t.Errorf("project %d = %q %q %v, want %q, the unit, %v", i+1, p.Name, p.Department, p.Amounts.Total, w.name, w.amount)
		}
		if len(p.Indicators) != 13 || p.Indicators[9].Annual.Text != w.value {
			t.Errorf("project %d: %d indicators, want 13 with the 10th at %s", i+1, len(p.Indicators), w.value)
		}
	}
	if hasParseFinding(doc) {
		t.Errorf("findings: %v", doc.Findings)
	}
}
