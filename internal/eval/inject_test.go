package eval

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTemplateCSVInjection: a project or indicator name a spreadsheet would
// run as a formula is written after a quote, and the template still reads
// back as the document's (the reader drops the quote again).
func TestTemplateCSVInjection(t *testing.T) {
	doc := huadu(t)
	doc.Projects[0].Name = `=HYPERLINK("http://evil.example/x","点击")`
	doc.Projects[0].Indicators[0].Name = "@SUM(A1)"
	dir := t.TempDir()
	if err := WriteTemplateCSV(dir, doc, nil); err != nil {
		t.Fatal(err)
	}
	exec, _ := os.ReadFile(filepath.Join(dir, ExecutionFile))
	acts, _ := os.ReadFile(filepath.Join(dir, ActualsFile))
	if !strings.Contains(string(exec), `"'=HYPERLINK(""http://evil.example/x"",""点击"")"`) || !strings.Contains(string(acts), ",'@SUM(A1),") {
		t.Errorf("formula cells not quoted:\n%s\n%s", exec, acts)
	}
	a, err := ReadPath(dir, doc, selfRound, Default())
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Projects) != len(doc.Projects) {
		t.Errorf("read back %d projects", len(a.Projects))
	}
	r, _ := Score(Default(), doc, a)
	var b bytes.Buffer
	if err := WriteScoreCSV(&b, r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `"'=HYPERLINK(`) {
		t.Errorf("score CSV does not quote the formula:\n%s", b.String())
	}
}
