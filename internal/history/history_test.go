package history_test

import (
	"fmt"
	"slices"
	"testing"

	"jixiao"
	"jixiao/internal/check"
	"jixiao/internal/gen"
	"jixiao/internal/history"
)

func TestNameKey(t *testing.T) {
	for _, c := range [][2]string{
		{"2024年度社区养老服务（运营）补贴", "2025年社区养老服务运营补贴"},
		{"２０２４年 就业 补助资金", "就业补助资金"},
		{"2024-2026年高层次人才引进", "高层次人才引进"},
	} {
		if a, b := history.NameKey(c[0]), history.NameKey(c[1]); a != b {
			t.Errorf("%q → %q, %q → %q", c[0], a, c[1], b)
		}
	}
	if history.NameKey("创业担保贷款贴息") == history.NameKey("创业孵化基地补贴") {
		t.Error("two different projects share a key")
	}
}

// TestThreeYears follows a generated district over three years: every
// continued project links to itself (certain), the renamed one is
// proposed for confirmation, the new one links to nothing, and the
// year-on-year rules find exactly the planted cases in the last year.
func TestThreeYears(t *testing.T) {
	for seed := int64(1); seed <= 8; seed++ {
		t.Run(fmt.Sprint(seed), func(t *testing.T) { threeYears(t, gen.Years(200, 2023, 3, seed)) })
		// A small table repeats names in a unit (seed 3: two 创业大赛工作业务经费,
		// one renamed): each pairs with its own by the indicators.
		t.Run(fmt.Sprint("30/", seed), func(t *testing.T) { threeYears(t, gen.Years(30, 2023, 3, seed)) })
	}
}

func threeYears(t *testing.T, s *gen.Series) {
	y1, y2, y3 := s.Docs[0], s.Docs[1], s.Docs[2]
	checkLinks(t, history.Match(y1, y2), y2, nil, nil)
	links := history.Match(y2, y3)
	checkLinks(t, links, y3, s.Planted.Renamed, s.Planted.New)

	back := map[int]int{} // y2 seq → y1 seq
	for _, l := range history.Match(y1, y2) {
		back[l.Seq] = l.PrevSeq
	}
	priors := map[int][]check.Prior{}
	for _, l := range links {
		p2 := &y2.Projects[l.PrevSeq-1]
		ps := []check.Prior{{Year: y2.Year, Project: p2, Actuals: s.Actuals[1][l.PrevSeq]}}
		if seq1, ok := back[l.PrevSeq]; ok {
			ps = append(ps, check.Prior{Year: y1.Year, Project: &y1.Projects[seq1-1], Actuals: s.Actuals[0][seq1]})
		}
		priors[l.Seq] = ps
	}
	fs := check.RunWith(y3, check.Context{Priors: priors})
	want := map[string][]string{
		"target.below-last-actual": places(s.Planted.BelowLastActual),
		"target.stale":             places(s.Planted.Stale),
		"amount.cost-up":           projects(s.Planted.CostUp),
	}
	for rule, exp := range want {
		var got []string
		for _, f := range fs {
			if f.Rule == rule {
				got = append(got, place(f.ProjectSeq, f.IndicatorSeq))
			}
		}
		slices.Sort(got)
		slices.Sort(exp)
		if !slices.Equal(got, exp) {
			t.Errorf("%s: found %v, planted %v", rule, got, exp)
		}
	}
	// Without history the rules are silent on the same table.
	for _, f := range check.Run(y3) {
		if _, ok := want[f.Rule]; ok {
			t.Errorf("%s fired without history: %s", f.Rule, f.Message)
		}
	}
}

// checkLinks: each project of cur links to the project of the same seq a
// year before, certain unless renamed; new ones link to nothing.
func checkLinks(t *testing.T, links []jixiao.ProjectLink, cur *jixiao.Document, renamed, fresh []int) {
	t.Helper()
	by := map[int]jixiao.ProjectLink{}
	for _, l := range links {
		by[l.Seq] = l
	}
	for _, p := range cur.Projects {
		l, ok := by[p.Seq]
		switch {
		case slices.Contains(fresh, p.Seq):
			if ok {
				t.Errorf("%d %s is new but linked to %d (%s)", cur.Year, p.Name, l.PrevSeq, l.Basis)
			}
		case !ok:
			t.Errorf("%d project %d %s links to nothing", cur.Year, p.Seq, p.Name)
		case l.PrevSeq != p.Seq:
			t.Errorf("%d project %d %s links to %d", cur.Year, p.Seq, p.Name, l.PrevSeq)
		case l.Certain == slices.Contains(renamed, p.Seq):
			t.Errorf("%d project %d %s: certain %v (%s)", cur.Year, p.Seq, p.Name, l.Certain, l.Basis)
		}
	}
}

func place(p, i int) string { return fmt.Sprintf("%d:%d", p, i) }

func places(ps []gen.Place) []string {
	var out []string
	for _, p := range ps {
		out = append(out, place(p.Project, p.Indicator))
	}
	return out
}

func projects(seqs []int) []string {
	var out []string
	for _, s := range seqs {
		out = append(out, place(s, 0))
	}
	return out
}
