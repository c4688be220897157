package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"jixiao"
)

// A tree export of a unit with two projects (fixture 16's tree, its
// project repeated under a second name with other values) reads as two
// forms, the unit and the money unit applying to both.
func TestTreeTwoProjects(t *testing.T) {
	text := fixtureWithCopy(t, "16-shizuishan-cdc-indented-tree-yuan", "  狂犬", "附件下载",
		strings.NewReplacer("狂犬、乙肝、流感等疫苗及美沙酮药物", "第二个项目", "3000000", "150000", "40%", "45%"))
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

// fixtureWithCopy returns a fixture's text with its part from the first
// "from" up to "to" repeated, the copy rewritten by r, before "to".
func fixtureWithCopy(t *testing.T, name, from, to string, r *strings.Replacer) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "forms", name+".txt"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(dropSourceLine(data))
	start, end := strings.Index(text, from), strings.Index(text, to)
	if start < 0 || end < start {
		t.Fatalf("%s: no %q before %q", name, from, to)
	}
	return text[:end] + r.Replace(text[start:end]) + text[end:]
}

// The tree export indented with ideographic spaces, with CRLF line ends
// and saved in GB18030 reads as the fixture does.
func TestTreeVariants(t *testing.T) {
	const base = "16-shizuishan-cdc-indented-tree-yuan"
	path := filepath.Join("testdata", "forms", base+".txt")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := readExpectedForm(t, filepath.Join("testdata", "forms", base+".expected.json"))
	lines := strings.Split(string(dropSourceLine(data)), "\n")
	for i, l := range lines {
		n := leadingSpaces(l)
		lines[i] = strings.Repeat("\u3000", n) + l[n:]
	}
	ideographic := strings.Join(lines, "\r\n")
	gb, err := simplifiedchinese.GB18030.NewEncoder().String(ideographic)
	if err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{"ideographic-crlf": ideographic, "gb18030": gb} {
		t.Run(name, func(t *testing.T) {
			doc, err := Parse(base+".txt", []byte(text))
			if err != nil {
				t.Fatal(err)
			}
			checkForm(t, doc, want)
		})
	}
}
