package web_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/importer"
)

// draftName is the name of an indicator that only the draft has, so that
// searching for it shows whether the draft leaks.
const draftName = "草稿独有的测试指标"

// draftCase is the Liwan and Huadu tables (published) and a 2025 draft
// copied from Liwan in which one indicator is renamed to draftName.
type draftCase struct {
	f        *fixture
	srv      *httptest.Server
	pub      *jixiao.Document // Liwan, published
	draft    *jixiao.Document
	level2   string // library_level2 of the indicator the draft renames
	sessions map[string]*session
}

// draftViewers are the visitors of the test, each with whether it may
// read the draft: a visitor and a filer of another unit may not; Liwan's
// filer, its department's reviewer and the finance reviewer may.
var draftViewers = map[string]bool{"anonymous": false, "filer-out": false, "filer": true, "dept": true, "finance": true}

func newDraftCase(t *testing.T) *draftCase {
	f := newFixture(t, liwanFile, huaduFile)
	users := wfUsers(t, f)
	c := &draftCase{f: f, srv: httptest.NewServer(f.handler), pub: f.docs[liwanFile], sessions: map[string]*session{}}
	t.Cleanup(c.srv.Close)
	in := c.pub.Projects[0].Indicators[0]
	c.level2 = in.Level2Code + "|" + in.Level2
	for who := range draftViewers {
		c.sessions[who] = newSession(t, c.srv.URL)
		if u := users[who]; u != nil {
			c.sessions[who].login(u.Username)
		}
	}
	return c
}

// makeDraft copies Liwan into a 2025 draft and renames the first indicator
// of its first project, as the unit's filer would.
func (c *draftCase) makeDraft(t *testing.T) {
	ctx := context.Background()
	wf := c.f.store.Workflow()
	d, err := wf.CreateDraft(ctx, c.pub.ID, 2025, jixiao.AuditEntry{Username: "荔湾审核", Role: jixiao.RoleDeptReviewer})
	if err != nil {
		t.Fatal(err)
	}
	p := d.Projects[0]
	p.Indicators[0].Name = draftName
	if _, err := wf.SaveProject(ctx, &p, d.Findings, 1, jixiao.AuditEntry{Username: "荔湾填报", Role: jixiao.RoleFiler}); err != nil {
		t.Fatal(err)
	}
	c.draft = d
}

// listing is a page that lists documents, projects or indicators. Names
// says whether a reader of the draft sees it named there (a link, a
// value, its indicator's name); where not, only a count changes.
type listing struct {
	path  string
	names bool
}

func (c *draftCase) listings() []listing {
	q := url.QueryEscape
	return []listing{
		{"/", true},
		{"/search?q=" + q("满意度"), true},
		{"/search?q=" + q(draftName), true},
		{"/search?q=" + q(draftName) + "&document=" + itoa(c.pub.ID+2), true},
		{"/compare?q=" + q(c.pub.Projects[0].Name), true},
		{"/projects/" + itoa(c.pub.Projects[0].ID), true},
		{"/eval", true},
		{"/workflow/library?library_level2=" + q(c.level2), false},
		{"/workflow/library?library_level2=" + q(c.level2) + "&q=" + q("草稿独有"), true},
	}
}

// pages are the pages of one document: its table, workbook, a project, the
// project in 对比, the evaluation pages, and its workbench, history and
// project form in 填报审核.
func pages(d *jixiao.Document) []string {
	id, pid := itoa(d.ID), itoa(d.Projects[0].ID)
	return []string{"/documents/" + id, "/documents/" + id + "/export.xlsx", "/projects/" + pid,
		"/compare?p=" + pid, "/documents/" + id + "/eval", "/documents/" + id + "/eval/projects/1/sheet",
		"/workflow/documents/" + id, "/workflow/documents/" + id + "/history", "/workflow/projects/" + pid,
		"/workflow/projects/" + pid + "/diff"}
}

// mentions reports whether a page refers to the draft: a link to it or
// one of its projects, a facet or picker value, or the draft's own name.
func (c *draftCase) mentions(body string) bool {
	ids := []string{}
	for _, p := range c.draft.Projects {
		ids = append(ids, itoa(p.ID))
	}
	re := regexp.MustCompile(fmt.Sprintf(`/documents/%d\b|document=%d\b|/projects/(%s)\b|name="p" value="(%s)"`,
		c.draft.ID, c.draft.ID, strings.Join(ids, "|"), strings.Join(ids, "|")))
	return re.MatchString(body) || strings.Contains(body, draftName)
}

// TestDraftsHiddenFromPages: every page that shows documents, projects,
// indicators or findings answers a draft the visitor may not read with the
// very 404 page of a missing id, and lists exactly what it listed before
// the draft existed; those who may read it see it everywhere; everyone
// reads the published table (its history only within its scope).
func TestDraftsHiddenFromPages(t *testing.T) {
	c := newDraftCase(t)
	before := map[string]string{}
	for who, s := range c.sessions {
		for _, l := range c.listings() {
			_, before[who+" "+l.path] = s.get(l.path)
		}
	}
	c.makeDraft(t)
	if c.draft.ID != c.pub.ID+2 {
		t.Fatalf("draft id %d: the listings expect %d", c.draft.ID, c.pub.ID+2)
	}
	for who, reads := range draftViewers {
		s := c.sessions[who]
		_, missing := s.get("/documents/999999")
		for _, path := range pages(c.draft) {
			st, body := s.get(path)
			switch {
			case reads && st != 200:
				t.Errorf("%s: %s answers %d", who, path, st)
			case !reads && (st != 404 || body != missing):
				t.Errorf("%s: %s answers %d, not the 404 page of a missing id", who, path, st)
			}
		}
		for _, path := range pages(c.pub) {
			want := 200
			if !reads && (strings.HasSuffix(path, "/history") || strings.HasSuffix(path, "/diff")) {
				want = 404 // the audit trail is for the document's scope (TestAuditTrailInScopeOnly), as in the API
			}
			if st, _ := s.get(path); st != want {
				t.Errorf("%s: published %s answers %d, want %d", who, path, st, want)
			}
		}
		for _, l := range c.listings() {
			st, body := s.get(l.path)
			changed := body != before[who+" "+l.path]
			switch {
			case st != 200:
				t.Errorf("%s: %s answers %d", who, l.path, st)
			case !reads && changed:
				t.Errorf("%s: %s changed when the draft was made (names it: %v)", who, l.path, c.mentions(body))
			case reads && (!changed || l.names && !c.mentions(body)):
				t.Errorf("%s: %s does not show the draft", who, l.path)
			}
		}
	}
}

func itoa(id int64) string { return fmt.Sprint(id) }

// TestSearchPagesSkipHiddenDraft: with a draft between two published
// tables, a visitor pages through every indicator of the published ones,
// 20 a page, none twice, and the count says so.
func TestSearchPagesSkipHiddenDraft(t *testing.T) {
	f := newFixture(t, liwanFile)
	ctx := context.Background()
	wf := f.store.Workflow()
	if _, err := wf.CreateDraft(ctx, f.docs[liwanFile].ID, 2025, jixiao.AuditEntry{Username: "t"}); err != nil {
		t.Fatal(err)
	}
	huadu, err := importer.Import(ctx, f.store, huaduFile, sample(t, huaduFile), importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, d := range []*jixiao.Document{f.docs[liwanFile], huadu} {
		for _, p := range d.Projects {
			want += len(p.Indicators)
		}
	}
	hit := regexp.MustCompile(`<td class="small"><a href="/documents/(\d+)\?seq=\d+#p(\d+)-i(\d+)">`)
	next := regexp.MustCompile(`href="([^"]+)" rel="next"`)
	seen := map[string]bool{}
	path := "/search"
	for pages := 0; path != ""; pages++ {
		res, body := f.get(t, path)
		mustStatus(t, res, 200)
		if pages == 0 && !strings.Contains(body, fmt.Sprintf("共 <strong>%d</strong> 项指标", want)) {
			t.Errorf("the count is not %d", want)
		}
		hits := hit.FindAllStringSubmatch(body, -1)
		path = ""
		if m := next.FindStringSubmatch(body); m != nil {
			path = strings.ReplaceAll(m[1], "&amp;", "&")
			if len(hits) != 20 {
				t.Errorf("page %d holds %d hits", pages+1, len(hits))
			}
		}
		for _, h := range hits {
			if h[1] != itoa(f.docs[liwanFile].ID) && h[1] != itoa(huadu.ID) || seen[h[0]] {
				t.Errorf("page %d: %s", pages+1, h[0])
			}
			seen[h[0]] = true
		}
	}
	if len(seen) != want {
		t.Errorf("paged through %d indicators, want %d", len(seen), want)
	}
}

// TestNoRoundOnADraftPage (bug a): the pages opened a monitoring round on
// a draft document and stored it (200) where the API refused (409); the
// pages now answer as the API does, through the same service.
func TestNoRoundOnADraftPage(t *testing.T) {
	c := newDraftCase(t)
	c.makeDraft(t)
	s := c.sessions["finance"]
	s.get("/workflow")
	base := fmt.Sprintf("/documents/%d/eval", c.draft.ID)
	if st, body := s.post(base+"/rounds", url.Values{"name": {"第九次监控"}, "cutoff": {"2025-09-30"}}); st != 409 || !strings.Contains(body, "尚未公开") {
		t.Errorf("a round on a draft: %d", st)
	}
	if _, body := s.get(base); strings.Contains(body, "第九次监控") {
		t.Error("the refused round was stored")
	}
}
