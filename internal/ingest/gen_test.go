package ingest

import (
	"testing"

	"jixiao"
	"jixiao/internal/gen"
)

// A generated document, rendered in either layout, reads back as generated.
func TestGeneratedDocumentsRoundTrip(t *testing.T) {
	want := gen.Generate(400, 11)
	for _, layout := range []string{gen.Markdown, gen.PDFText} {
		t.Run(layout, func(t *testing.T) {
			got := parseOK(t, "gen-2024."+layout, gen.Render(want, layout))
			if got.Layout != layout {
				t.Errorf("layout %q", got.Layout)
			}
			for _, tc := range []struct {
				table string
				rows  func(*jixiao.Document) []map[string]string
			}{{"projects", projectRows}, {"indicators", indicatorRows}, {"units", unitRows}} {
				for _, d := range diffTables(tc.rows(want), tc.rows(got)) {
					t.Errorf("%s: %s", tc.table, d)
				}
			}
			if len(got.Findings) > 0 {
				t.Errorf("findings: %v", got.Findings[:min(3, len(got.Findings))])
			}
			if got.Stated != want.Stated {
				t.Errorf("合计 %v, want %v", got.Stated, want.Stated)
			}
		})
	}
}
