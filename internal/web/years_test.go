package web_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"jixiao"
	"jixiao/internal/auth"
	jeval "jixiao/internal/eval"
	"jixiao/internal/gen"
	"jixiao/internal/service"
)

// TestProjectYearsPage (issue 17 item 1): with three years of a generated
// district imported, the renamed project's page offers finance the
// proposed link to last year's project; once confirmed (through the page's
// form) the page sets its three years side by side, each year linked,
// with the money, each indicator's target per year and last year's actual
// and score; a filer may not decide a link; the next year's draft's edit
// form shows last year's target, actual and score beside each indicator.
func TestProjectYearsPage(t *testing.T) {
	f := newFixture(t)
	svc, fin, s, docs, l := importYears(t, f)
	ctx := t.Context()
	page := projectURLOf(l.ProjectID)

	_, body := f.do(t, f.as(t, jixiao.RoleFinanceReviewer, httptest.NewRequest(http.MethodGet, page, nil)))
	for _, want := range []string{"历年情况", "可能是同一项目，待审核人确认", `action="/workflow/links/` + fmt.Sprint(l.ID) + `"`, "确认为同一项目"} {
		if !strings.Contains(body, want) {
			t.Errorf("before the confirmation the page lacks %q", want)
		}
	}
	if strings.Contains(body, "years-table") {
		t.Error("the years table shows before the link is confirmed")
	}

	decide := func(role jixiao.Role) *http.Response {
		req := httptest.NewRequest(http.MethodPost, "/workflow/links/"+fmt.Sprint(l.ID), strings.NewReader(url.Values{"action": {"confirm"}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		res, _ := f.do(t, f.as(t, role, req))
		return res
	}
	if res := decide(jixiao.RoleFiler); res.StatusCode != http.StatusForbidden && res.StatusCode != http.StatusNotFound {
		t.Errorf("a filer confirms: %d", res.StatusCode)
	}
	forged := httptest.NewRequest(http.MethodPost, "/workflow/links/"+fmt.Sprint(l.ID), strings.NewReader(url.Values{"action": {"confirm"}, "csrf_token": {"forged"}}.Encode()))
	forged.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	forged.Header.Set(auth.CSRFHeader, "forged")
	if res, _ := f.do(t, f.as(t, jixiao.RoleFinanceReviewer, forged)); res.StatusCode != http.StatusForbidden {
		t.Errorf("a forged form confirms: %d", res.StatusCode)
	}
	res := decide(jixiao.RoleFinanceReviewer)
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), page+"?msg=linked") {
		t.Fatalf("confirm: %d → %s", res.StatusCode, res.Header.Get("Location"))
	}

	back, _, _ := strings.Cut(res.Header.Get("Location"), "#") // a browser keeps the fragment
	_, body = f.do(t, f.as(t, jixiao.RoleFinanceReviewer, httptest.NewRequest(http.MethodGet, back, nil)))
	p3 := docs[2].Projects[l.Seq-1]
	prev := docs[1].Projects[l.PrevSeq-1]
	in := p3.Indicators[0]
	want := []string{"已确认两个年度为同一项目", "years-table",
		`href="` + projectURLOf(docs[0].Projects[l.PrevSeq-1].ID) + `">2023年</a>`, `href="` + projectURLOf(prev.ID) + `">2024年</a>`, "2025年（本项目）",
		strings.Repeat("<td>"+in.Annual.Text+"</td>", 3)}
	if a := s.Actuals[1][l.PrevSeq][in.Seq]; a != "" {
		want = append(want, `<td class="last-actual">`+a+`</td>`)
	}
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Errorf("the confirmed page lacks %q", w)
		}
	}
	if strings.Contains(body, "可能是同一项目，待审核人确认") {
		t.Error("the link is still offered for confirmation")
	}

	draft, err := svc.Targets.CreateDraft(ctx, fin, docs[2].ID, 2026)
	if err != nil {
		t.Fatal(err)
	}
	saveSelfEval(t, f, docs[2], s.Actuals[2])
	dp := draft.Projects[0]
	_, body = f.do(t, f.as(t, jixiao.RoleFinanceReviewer, httptest.NewRequest(http.MethodGet, "/workflow/projects/"+fmt.Sprint(dp.ID), nil)))
	last := docs[2].Projects[0].Indicators[0]
	actual := s.Actuals[2][1][last.Seq]
	cell := `<span class="last-target">` + last.Annual.Text + `</span> / <span class="last-actual">` + cmpOr(actual, "未填报") + `</span>`
	for _, w := range []string{"上年（2025年）目标 / 实际 / 得分", cell} {
		if !strings.Contains(body, w) {
			t.Errorf("the draft's edit form lacks %q", w)
		}
	}
}

// importYears imports three years of a generated district through the
// services as a finance reviewer, with the self-evaluations of the first
// two, and returns the renamed project's pending link.
func importYears(t *testing.T, f *fixture) (*service.Services, *jixiao.User, *gen.Series, []*jixiao.Document, jixiao.StoredLink) {
	t.Helper()
	svc := service.New(f.store, jeval.Default())
	ctx := t.Context()
	fin := &jixiao.User{Username: "历年导入", Role: jixiao.RoleFinanceReviewer}
	if err := f.store.Workflow().CreateUser(ctx, fin, "not-a-real-hash", jixiao.Actor(nil)); err != nil {
		t.Fatal(err)
	}
	s := gen.Years(30, 2023, 3, 3)
	var docs []*jixiao.Document
	for i, d := range s.Docs {
		data := gen.Render(d, gen.Markdown)
		doc, err := svc.Documents.Import(ctx, fin, func() (service.Upload, error) {
			return service.Upload{Name: fmt.Sprintf("y%d.md", d.Year), Data: data, Year: d.Year}, nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if i < 2 {
			saveSelfEval(t, f, doc, s.Actuals[i])
		}
		docs = append(docs, doc)
	}
	var l jixiao.StoredLink
	links, err := f.store.Links().DocumentLinks(ctx, docs[2].ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range links {
		if x.Seq == s.Planted.Renamed[0] {
			l = x
		}
	}
	if l.State != jixiao.LinkPending {
		t.Fatalf("the renamed project's link: %+v", l)
	}
	return svc, fin, s, docs, l
}

func cmpOr(s, or string) string {
	if s == "" {
		return or
	}
	return s
}

func projectURLOf(id int64) string { return "/projects/" + fmt.Sprint(id) }

func saveSelfEval(t *testing.T, f *fixture, doc *jixiao.Document, actuals map[int]map[int]string) {
	t.Helper()
	a := &jixiao.Actuals{Round: jeval.SelfEvalRound(doc)}
	for seq, m := range actuals {
		for in, v := range m {
			a.Indicators = append(a.Indicators, jixiao.IndicatorActual{ProjectSeq: seq, Seq: in, Text: v, Value: v})
		}
	}
	if err := f.store.Eval().SaveActuals(t.Context(), a, jixiao.AuditEntry{Action: jixiao.ActionRecordActuals}); err != nil {
		t.Fatal(err)
	}
}

// TestProjectYearsBrowser: in Chromium, finance confirms the renamed
// project's link by the button of its page, which comes back with the
// banner and the three years side by side, without console errors.
func TestProjectYearsBrowser(t *testing.T) {
	f := newFixture(t)
	_, _, _, _, l := importYears(t, f)
	b := newBrowser(t, f)
	b.loginImporter(t, f)
	b.do(t, "open the project", chromedp.Navigate(b.base+projectURLOf(l.ProjectID)),
		chromedp.WaitVisible(chromedp.CSS(`.pending-link button[value=confirm]`)))
	b.do(t, "confirm", chromedp.Click(chromedp.CSS(`.pending-link button[value=confirm]`)),
		chromedp.WaitVisible(chromedp.CSS(`table.years-table`)))
	if got := b.text(t, "#flash"); !strings.Contains(got, "已确认两个年度为同一项目") {
		t.Errorf("banner %q", got)
	}
	if got := b.text(t, "table.years-table thead"); !strings.Contains(got, "2023年") || !strings.Contains(got, "2025年（本项目）") {
		t.Errorf("years header %q", got)
	}
	if n := eval[int](t, b, `document.querySelectorAll(".pending-link").length`); n != 0 {
		t.Errorf("%d links still offered", n)
	}
	noConsoleErrors(t, b, "project years")
}
