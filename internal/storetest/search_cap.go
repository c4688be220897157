package storetest

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/sqldb"
)

// testFacetCap checks the bounded facet counts (issue 18) against a count
// by hand: past sqldb.FacetCap matches, the counts of a facet add up to
// FacetCap, none is more than the whole count of its value, and each says
// it is a lower bound (which matches are counted is the plan's choice);
// under it, the counts are whole; hidden documents and units are left out
// before the cap, not taken away after.
func testFacetCap(t *testing.T, st jixiao.Store) {
	docs := []*jixiao.Document{NewDocument("从化", 300, 5), NewDocument("增城", 120, 3)}
	for _, d := range docs {
		save(t, st, d)
	}
	big, small := docs[0], docs[1]
	bigUnit := big.Projects[0].Unit
	cases := []jixiao.IndicatorQuery{
		{},                     // every indicator: 1,860
		{Q: "率"},               // a one-character gram
		{Q: "满意度"},             // the trigram index
		{Q: "培训人次"},            // few matches
		{DocumentID: small.ID}, // 360, whole
		{HiddenDocuments: []int64{big.ID}},
		{HiddenDocuments: []int64{small.ID}},
		{HiddenUnits: map[int64][]string{big.ID: {bigUnit}}},
		{HiddenUnits: map[int64][]string{big.ID: {bigUnit}}, Q: "率", Kind: jixiao.KindQuantitative},
		{Level1Code: "1", HiddenDocuments: []int64{small.ID}},
	}
	sawCapped, sawWhole := false, false
	for _, q := range cases {
		got, err := st.IndicatorFacets(ctx(t), q)
		if err != nil {
			t.Fatal(err)
		}
		matches := matchesByHand(docs, q)
		capped := len(matches) > sqldb.FacetCap
		sawCapped, sawWhole = sawCapped || capped, sawWhole || !capped && len(matches) > 0
		whole := facetsByHand(matches)
		for facet, counts := range whole {
			have, sum := map[string]int{}, 0
			for _, c := range got[facet] {
				have[c.Value] = c.Count
				sum += c.Count
				if c.AtLeast != capped {
					t.Errorf("%+v: facet %s value %q AtLeast %v, %d matches (cap %d)", q, facet, c.Value, c.AtLeast, len(matches), sqldb.FacetCap)
				}
				if c.Count > counts[c.Value] {
					t.Errorf("%+v: facet %s value %q counts %d of %d", q, facet, c.Value, c.Count, counts[c.Value])
				}
			}
			what := fmt.Sprintf("facet %s of %+v (%d matches)", facet, q, len(matches))
			switch {
			case !capped:
				sameJSON(t, what, have, counts)
			case facet != "unit" && sum != sqldb.FacetCap: // the unit facet leaves out the empty unit
				t.Errorf("%s: the counts add up to %d, want the %d counted", what, sum, sqldb.FacetCap)
			}
		}
	}
	if !sawCapped || !sawWhole {
		t.Errorf("the cases should cross the cap both ways: capped %v, whole %v", sawCapped, sawWhole)
	}
}

// matchesByHand lists the indicators of docs that q keeps.
func matchesByHand(docs []*jixiao.Document, q jixiao.IndicatorQuery) []jixiao.IndicatorRow {
	key := sqldb.SearchKey(q.Q)
	var out []jixiao.IndicatorRow
	for _, d := range docs {
		if q.DocumentID != 0 && d.ID != q.DocumentID || slices.Contains(q.HiddenDocuments, d.ID) {
			continue
		}
		for _, p := range d.Projects {
			if slices.Contains(q.HiddenUnits[d.ID], p.Unit) {
				continue
			}
			for _, in := range p.Indicators {
				if key != "" && !strings.Contains(sqldb.SearchKey(p.Name), key) && !strings.Contains(sqldb.SearchKey(in.Name), key) ||
					q.Level1Code != "" && in.Level1Code != q.Level1Code ||
					q.Kind == jixiao.KindQuantitative && !in.Annual.Quantitative() {
					continue
				}
				out = append(out, jixiao.IndicatorRow{Indicator: in, DocumentID: d.ID, ProjectID: p.ID, Unit: p.Unit})
			}
		}
	}
	return out
}

// facetsByHand counts rows by facet value, as testFacets does.
func facetsByHand(rows []jixiao.IndicatorRow) map[string]map[string]int {
	want := map[string]map[string]int{"level1": {}, "level2": {}, "kind": {}, "unit": {}, "document": {}}
	for _, r := range rows {
		want["level1"][r.Level1Code]++
		want["level2"][r.Level2Code]++
		kind := jixiao.KindQualitative
		if r.Annual.Quantitative() {
			kind = jixiao.KindQuantitative
		}
		want["kind"][kind]++
		if r.Annual.Unit != "" {
			want["unit"][r.Annual.Unit]++
		}
		want["document"][fmt.Sprint(r.DocumentID)]++
	}
	return want
}
