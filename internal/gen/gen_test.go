package gen

import (
	"bytes"
	"testing"

	"jixiao"
)

func TestGenerateIsDeterministicAndAddsUp(t *testing.T) {
	for _, layout := range []string{Markdown, PDFText} {
		a, b := Bytes(300, layout, 7), Bytes(300, layout, 7)
		if !bytes.Equal(a, b) {
			t.Errorf("%s: same seed gave different bytes", layout)
		}
		if bytes.Equal(a, Bytes(300, layout, 8)) {
			t.Errorf("%s: different seeds gave the same bytes", layout)
		}
	}
	doc := Generate(1000, 3)
	if len(doc.Projects) != 1000 || len(doc.Units) < 5 {
		t.Fatalf("%d projects in %d units", len(doc.Projects), len(doc.Units))
	}
	var sum jixiao.Amounts
	for _, u := range doc.Units {
		var us jixiao.Amounts
		for _, p := range doc.UnitProjects(u.Name) {
			us = us.Add(p.Amounts)
			if p.Amounts.Total != p.Amounts.Sum() || len(p.Indicators) < 2 {
				t.Fatalf("project %d: %+v with %d indicators", p.Seq, p.Amounts, len(p.Indicators))
			}
		}
		if us != u.Stated {
			t.Errorf("unit %s: stated %v, projects %v", u.Name, u.Stated, us)
		}
		sum = sum.Add(us)
	}
	if sum != doc.Stated {
		t.Errorf("合计 %v, units %v", doc.Stated, sum)
	}
}
