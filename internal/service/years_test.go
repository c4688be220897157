package service_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"jixiao"
	"jixiao/internal/eval"
	"jixiao/internal/gen"
)

// district is a generated department of another district than the
// samples', so that its tables link only to each other.
const district = "广州市白云区人力资源和社会保障局"

// threeYears imports the generated tables of s as finance, oldest first,
// and stores each year's self-evaluation (gen's actuals) once the next
// year's table is imported, as a year's actuals are known only after it.
func threeYears(t *testing.T, c *fixture, s *gen.Series) []*jixiao.Document {
	t.Helper()
	var docs []*jixiao.Document
	for i, d := range s.Docs {
		d.Agency = district
		doc, err := c.s.Documents.Import(c.ctx, c.users["finance"], file(fmt.Sprintf("baiyun-%d.md", d.Year), gen.Render(d, gen.Markdown), d.Year))
		if err != nil {
			t.Fatalf("import %d: %v", d.Year, err)
		}
		if i < len(s.Docs)-1 {
			saveActuals(t, c, doc, s.Actuals[i])
		}
		docs = append(docs, doc)
	}
	return docs
}

func saveActuals(t *testing.T, c *fixture, doc *jixiao.Document, actuals map[int]map[int]string) {
	t.Helper()
	a := &jixiao.Actuals{Round: eval.SelfEvalRound(doc)}
	for _, p := range doc.Projects {
		for seq, v := range actuals[p.Seq] {
			a.Indicators = append(a.Indicators, jixiao.IndicatorActual{ProjectSeq: p.Seq, Seq: seq, Text: v, Value: v})
		}
	}
	if err := c.st.Eval().SaveActuals(c.ctx, a, jixiao.AuditEntry{Action: jixiao.ActionRecordActuals}); err != nil {
		t.Fatal(err)
	}
}

// TestThreeYearsImported (issue 17 item 1): three years of a generated
// district imported through the service link across years, every
// continued project certain and confirmed, the renamed one waiting for a
// reviewer, the new one unlinked; the year-on-year rules find exactly the
// planted cases in the last year; the department's reviewer confirms the
// renamed one (audited) where a filer and another department's reviewer
// may not; the project's history and the next year's draft carry last
// year's targets, actuals and scores, and checking the draft feeds the
// rules its earlier years. The two samples raise none of the three rules.
func TestThreeYearsImported(t *testing.T) {
	eachStore(t, func(t *testing.T, c *fixture) {
		s := gen.Years(40, 2023, 3, 5)
		docs := threeYears(t, c, s)
		y2, y3 := docs[1], docs[2]
		links := docLinks(t, c, y2.ID)
		if len(links) != len(y2.Projects) {
			t.Fatalf("2024: %d links for %d projects", len(links), len(y2.Projects))
		}
		for _, l := range links {
			if !l.Certain || l.State != jixiao.LinkConfirmed || l.PrevSeq != l.Seq || l.PrevDocumentID != docs[0].ID {
				t.Errorf("2024 link %+v", l)
			}
		}
		renamed := checkLastYearLinks(t, c, s, y2, y3)

		// The rules find exactly the planted cases.
		fs, err := c.st.Findings(c.ctx, jixiao.FindingQuery{DocumentID: y3.ID})
		if err != nil {
			t.Fatal(err)
		}
		want := map[string][]string{
			"target.below-last-actual": places(s.Planted.BelowLastActual),
			"target.stale":             places(s.Planted.Stale),
			"amount.cost-up":           projectPlaces(s.Planted.CostUp),
		}
		for rule, exp := range want {
			if got := found(fs, rule); !slices.Equal(got, sorted(exp)) || len(got) == 0 {
				t.Errorf("%s: found %v, planted %v", rule, got, sorted(exp))
			}
		}
		for _, name := range []string{liwan, "huadu-employment-center-2024.txt"} {
			doc := c.pub
			if name != liwan {
				if doc, err = c.s.Documents.Import(c.ctx, c.users["finance"], file(name, sample(t, name), 0)); err != nil {
					t.Fatal(err)
				}
			}
			sfs, _ := c.st.Findings(c.ctx, jixiao.FindingQuery{DocumentID: doc.ID})
			for rule := range want {
				if got := found(sfs, rule); len(got) > 0 {
					t.Errorf("sample %s: %s fired at %v", name, rule, got)
				}
			}
		}

		decideRenamed(t, c, renamed)
		checkHistory(t, c, s, docs, renamed)
		checkDraft(t, c, s, y3)
	})
}

func docLinks(t *testing.T, c *fixture, id int64) []jixiao.StoredLink {
	t.Helper()
	ls, err := c.st.Links().DocumentLinks(c.ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return ls
}

// checkLastYearLinks checks the last year's links and returns the renamed
// project's pending one.
func checkLastYearLinks(t *testing.T, c *fixture, s *gen.Series, y2, y3 *jixiao.Document) jixiao.StoredLink {
	t.Helper()
	by := map[int]jixiao.StoredLink{}
	for _, l := range docLinks(t, c, y3.ID) {
		by[l.Seq] = l
	}
	var renamed jixiao.StoredLink
	for _, p := range y3.Projects {
		l, ok := by[p.Seq]
		switch {
		case slices.Contains(s.Planted.New, p.Seq):
			if ok {
				t.Errorf("new project %d %s linked: %+v", p.Seq, p.Name, l)
			}
		case !ok || l.PrevSeq != p.Seq || l.PrevDocumentID != y2.ID:
			t.Errorf("project %d %s: link %+v", p.Seq, p.Name, l)
		case slices.Contains(s.Planted.Renamed, p.Seq):
			if l.Certain || l.State != jixiao.LinkPending {
				t.Errorf("renamed project %d: %+v, want 待确认", p.Seq, l)
			}
			renamed = l
		case !l.Certain || l.State != jixiao.LinkConfirmed:
			t.Errorf("project %d %s: %+v, want certain", p.Seq, p.Name, l)
		}
	}
	if renamed.ID == 0 {
		t.Fatal("no pending link for the renamed project")
	}
	return renamed
}

// decideRenamed: only a reviewer in scope confirms the renamed project's
// link, once, and the history names them.
func decideRenamed(t *testing.T, c *fixture, l jixiao.StoredLink) {
	t.Helper()
	c.user(t, "dept-baiyun", jixiao.RoleDeptReviewer, "", district)
	c.user(t, "filer-baiyun", jixiao.RoleFiler, l.Unit, "")
	for _, who := range []string{"filer-baiyun", "dept"} {
		if _, err := c.s.Years.DecideLink(c.ctx, c.users[who], l.ID, true); !errors.Is(err, jixiao.ErrForbidden) {
			t.Errorf("%s confirms: %v, want ErrForbidden", who, err)
		}
	}
	got, err := c.s.Years.DecideLink(c.ctx, c.users["dept-baiyun"], l.ID, true)
	if err != nil || got.State != jixiao.LinkConfirmed || got.UpdatedBy != "dept-baiyun" {
		t.Fatalf("confirm: %+v %v", got, err)
	}
	if _, err := c.s.Years.DecideLink(c.ctx, c.users["finance"], l.ID, false); !errors.Is(err, jixiao.ErrConflict) {
		t.Errorf("rejecting a confirmed link: %v, want ErrConflict", err)
	}
	if !c.audited(t, l.DocumentID, jixiao.ActionDecideLink, "dept-baiyun") {
		t.Error("the confirmation is not in the history")
	}
}

// checkHistory: the renamed project, now confirmed, shows its three years
// with each indicator's target per year and last year's actual and score.
func checkHistory(t *testing.T, c *fixture, s *gen.Series, docs []*jixiao.Document, l jixiao.StoredLink) {
	t.Helper()
	h, err := c.s.Years.ProjectHistory(c.ctx, c.users["finance"], l.ProjectID)
	if err != nil {
		t.Fatal(err)
	}
	var years []int
	for _, y := range h.Years {
		years = append(years, y.Year)
	}
	if !slices.Equal(years, []int{2023, 2024, 2025}) || !h.Years[2].Current {
		t.Fatalf("years %v", years)
	}
	if h.Last().Score == "" || h.Years[2].Score != "" {
		t.Errorf("scores: last year %q, this year %q", h.Last().Score, h.Years[2].Score)
	}
	p3 := &docs[2].Projects[l.Seq-1]
	for i, in := range h.Indicators {
		want := p3.Indicators[i].Annual.Text
		if !slices.Equal(in.Targets, []string{want, want, want}) {
			t.Errorf("indicator %d %s: targets %v, want %s each year", in.Seq, in.Name, in.Targets, want)
		}
		if a := s.Actuals[1][l.PrevSeq][in.Seq]; in.LastActual != a || a != "" && in.LastScore == "" {
			t.Errorf("indicator %d: last actual %q score %q, want %q", in.Seq, in.LastActual, in.LastScore, a)
		}
	}
	if len(h.Pending) != 0 {
		t.Errorf("pending after the confirmation: %+v", h.Pending)
	}
	// A visitor reads the years but not last year's self-evaluation,
	// which finance has not rechecked.
	v, err := c.s.Years.ProjectHistory(c.ctx, nil, l.ProjectID)
	if err != nil || len(v.Years) != 3 || v.Last().Score != "" || v.Indicators[0].LastActual != "" {
		t.Errorf("a visitor's history: %+v %v", v, err)
	}
}

// checkDraft: the next year's draft continues each project of the last
// year, and checking a draft project whose target is below last year's
// actual finds it.
func checkDraft(t *testing.T, c *fixture, s *gen.Series, y3 *jixiao.Document) {
	t.Helper()
	c.user(t, "fin2", jixiao.RoleFinanceReviewer, "", "")
	draft, err := c.s.Targets.CreateDraft(c.ctx, c.users["fin2"], y3.ID, 2026)
	if err != nil {
		t.Fatal(err)
	}
	p := draft.Projects[0]
	var in *jixiao.Indicator
	for i := range p.Indicators {
		if p.Indicators[i].Annual.Quantitative() && p.Indicators[i].Annual.Op == jixiao.GE {
			in = &p.Indicators[i]
			break
		}
	}
	if in == nil {
		t.Fatal("the draft's first project has no ≥ target")
	}
	saveActuals(t, c, y3, map[int]map[int]string{1: {in.Seq: in.Annual.Value + "0"}})
	h, err := c.s.Years.ProjectHistory(c.ctx, c.users["fin2"], p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if last := h.Last(); last == nil || last.Year != 2025 || h.Indicators[in.Seq-1].LastActual != in.Annual.Value+"0" {
		t.Fatalf("the draft's history: %+v", h)
	}
	fs, err := c.s.Targets.Check(c.ctx, c.users["fin2"], p.ID, &p)
	if err != nil {
		t.Fatal(err)
	}
	if got := found(fs, "target.below-last-actual"); !slices.Equal(got, []string{fmt.Sprintf("%d:%d", p.Seq, in.Seq)}) {
		t.Errorf("checking the draft: below-last-actual at %v", got)
	}
}

func found(fs []jixiao.Finding, rule string) []string {
	var got []string
	for _, f := range fs {
		if f.Rule == rule {
			got = append(got, fmt.Sprintf("%d:%d", f.ProjectSeq, f.IndicatorSeq))
		}
	}
	return sorted(got)
}

func sorted(s []string) []string { s = slices.Clone(s); slices.Sort(s); return s }

func places(ps []gen.Place) []string {
	var out []string
	for _, p := range ps {
		out = append(out, fmt.Sprintf("%d:%d", p.Project, p.Indicator))
	}
	return out
}

func projectPlaces(seqs []int) []string {
	var out []string
	for _, s := range seqs {
		out = append(out, fmt.Sprintf("%d:0", s))
	}
	return out
}
