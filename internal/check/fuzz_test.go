package check

import (
	"os"
	"path/filepath"
	"testing"

	"jixiao/internal/ingest"
)

// FuzzRun feeds whatever the readers make of arbitrary text to the rules:
// they must not panic, and every finding must name a catalogue rule and a
// place that exists in the document.
func FuzzRun(f *testing.F) {
	for _, name := range []string{"huadu-employment-center-2024.txt", "liwan-hrss-bureau-2024.md"} {
		data, err := os.ReadFile(filepath.Join("..", "..", "testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(filepath.Ext(name), data)
	}
	f.Fuzz(func(t *testing.T, ext string, data []byte) {
		if ext != ".md" && ext != ".txt" {
			return // other layouts need external tools or binary formats
		}
		doc, err := ingest.Parse("fuzz"+ext, data)
		if err != nil {
			return
		}
		fs := Run(doc)
		for _, x := range fs {
			if _, ok := Lookup(x.Rule); !ok {
				t.Fatalf("finding of unknown rule %q", x.Rule)
			}
			if x.ProjectSeq < 0 || x.ProjectSeq > len(doc.Projects) {
				t.Fatalf("finding at project %d of %d", x.ProjectSeq, len(doc.Projects))
			}
			if x.ProjectSeq > 0 && x.IndicatorSeq > len(doc.Projects[x.ProjectSeq-1].Indicators) {
				t.Fatalf("finding at indicator %d of %d", x.IndicatorSeq, len(doc.Projects[x.ProjectSeq-1].Indicators))
			}
			if x.Message == "" {
				t.Fatalf("finding without a message: %+v", x)
			}
		}
		all := append(doc.Findings, fs...)
		SortFindings(doc, all)
		Summarize(doc, all)
	})
}
