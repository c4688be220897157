package check

import (
	"encoding/json"
	"strings"
	"testing"

	"jixiao"
)

func TestSummarySamples(t *testing.T) {
	type counts struct {
		projects, indicators, measurable, vague, external, copied, output, benefit, satisfaction int
		errors, warnings, infos                                                                  int
	}
	got := func(q Quality) counts {
		return counts{q.Projects, q.Indicators, q.Measurable, q.Vague, q.ExternalReference, q.Copied,
			q.WithOutput, q.WithBenefit, q.WithSatisfaction,
			q.Findings[jixiao.SeverityError], q.Findings[jixiao.SeverityWarning], q.Findings[jixiao.SeverityInfo]}
	}
	// Counted from testdata/expected/*.indicators.csv and the pinned findings.
	for _, tc := range []struct {
		file  string
		doc   counts
		units int
		unit  string
		first counts
	}{
		{"huadu-employment-center-2024.txt", counts{12, 57, 56, 0, 0, 5, 12, 12, 3, 0, 4, 5}, 1,
			"广州市花都区劳动就业服务管理中心", counts{12, 57, 56, 0, 0, 5, 12, 12, 3, 0, 4, 5}},
		{"liwan-hrss-bureau-2024.md", counts{52, 201, 112, 44, 12, 11, 52, 52, 6, 23, 87, 23}, 7,
			"广州市荔湾区人力资源和社会保障局", counts{24, 96, 59, 19, 6, 0, 24, 24, 6, 7, 38, 10}},
	} {
		doc := readSample(t, tc.file)
		s := Summarize(doc, Run(doc))
		if g := got(s.Quality); g != tc.doc {
			t.Errorf("%s document: got %+v, want %+v", tc.file, g, tc.doc)
		}
		if len(s.Units) != tc.units || s.Units[0].Unit != tc.unit {
			t.Fatalf("%s units: %d, first %q", tc.file, len(s.Units), s.Units[0].Unit)
		}
		if g := got(s.Units[0].Quality); g != tc.first {
			t.Errorf("%s unit %s: got %+v, want %+v", tc.file, tc.unit, g, tc.first)
		}
	}
}

func TestSummaryShares(t *testing.T) {
	doc := readSample(t, "huadu-employment-center-2024.txt")
	s := Summarize(doc, Run(doc))
	if s.MeasurableShare != 0.9825 || s.SatisfactionShare != 0.25 || s.OutputShare != 1 || s.CopiedShare != 0.0877 {
		t.Errorf("shares: %+v", s.Quality)
	}
	empty := Summarize(&jixiao.Document{}, nil)
	if empty.MeasurableShare != 0 || empty.Units != nil || empty.Findings[jixiao.SeverityError] != 0 {
		t.Errorf("empty document: %+v", empty)
	}
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{`"measurable":56`, `"vague":0`, `"external_reference":0`, `"copied":5`,
		`"satisfaction_share":0.25`, `"findings":{"error":0,"info":5,"warning":4}`, `"units":[{"unit":"广州市花都区劳动就业服务管理中心","projects":12`} {
		if !strings.Contains(string(b), key) {
			t.Errorf("JSON lacks %s: %s", key, b)
		}
	}
}
