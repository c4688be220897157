package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/gen"
)

// libraryFixture is the two samples plus the six generated districts of
// gen.Peers, all published.
func libraryFixture(t *testing.T) (*fixture, *gen.PeerSet) {
	f := newFixture(t, liwanFile, huaduFile)
	set := gen.Peers(60, 300)
	for _, d := range set.Docs {
		if err := f.store.SaveDocument(t.Context(), d, jixiao.Actor(nil)); err != nil {
			t.Fatal(err)
		}
	}
	return f, set
}

func groupPath(name, unit string) string {
	return "/library/group?" + url.Values{"name": {name}, "unit": {unit}}.Encode()
}

// TestLibraryPages: the 指标库 lists 满意度 when searched; its page shows
// the quartiles, a box plot, the departments, why 服务对象满意度 is in it,
// and the planted ≥60% at the low tail and far below its peers; the
// training group shows the planted cost outlier; a visitor sees no
// grouping form, an admin does and moves a name with it.
func TestLibraryPages(t *testing.T) {
	f, set := libraryFixture(t)
	res, body := f.get(t, "/library?q="+url.QueryEscape("群众满意"))
	mustStatus(t, res, http.StatusOK)
	doc := parseHTML(t, body)
	link := one(t, doc, "table.library-groups a")
	if text(link) != "满意度" {
		t.Errorf("search 群众满意 finds %q first", text(link))
	}

	res, body = f.get(t, groupPath("满意度", "%"))
	mustStatus(t, res, http.StatusOK)
	doc = parseHTML(t, body)
	if h := text(one(t, doc, "h1")); h != "指标库：满意度（%）" {
		t.Errorf("heading %q", h)
	}
	row := text(one(t, doc, `table.peer-spread tr[data-op="ge"]`))
	if !strings.Contains(row, "90%") || !strings.Contains(row, "60%") {
		t.Errorf("the ≥ row says %q: want the minimum 60%% and the median 90%%", row)
	}
	chart, _ := attr(one(t, doc, "#chart-targets"), "data-chart")
	if !strings.Contains(chart, `"boxplot"`) || !strings.Contains(chart, `"远离同类"`) {
		t.Errorf("the chart is not a box plot with the far points: %s", chart)
	}
	low := set.Docs[set.Below[0]]
	planted := low.Projects[set.Below[1]-1].Name
	for _, tail := range []string{"floor-low", "floor-far"} {
		rows := all(doc, `div[data-tail="`+tail+`"] tbody tr`)
		if len(rows) == 0 {
			t.Errorf("no %s tail", tail)
			continue
		}
		first := text(rows[0])
		if !strings.Contains(first, "≥60%") || !strings.Contains(first, planted) || !strings.Contains(first, low.Agency) {
			t.Errorf("the %s tail starts with %q: want the planted ≥60%% of %s", tail, first, planted)
		}
	}
	if n := len(all(doc, `div[data-tail="floor-far"] tbody tr`)); n != 1 {
		t.Errorf("%d targets far below their peers, planted 1", n)
	}
	synonym := false
	for _, tr := range all(doc, "table.peer-names tbody tr") {
		tds := all(tr, "td")
		synonym = synonym || text(tds[0]) == "服务对象满意度" && text(tds[2]) == "满意度同义词"
	}
	if !synonym {
		t.Errorf("names: %q", text(one(t, doc, "table.peer-names")))
	}
	if !strings.Contains(text(one(t, doc, "table.peer-departments")), "某市第3区人力资源和社会保障局") {
		t.Error("the departments do not list the planted district")
	}
	if len(all(doc, "form.grouping-form")) != 0 {
		t.Error("a visitor sees the grouping form")
	}

	res, body = f.get(t, groupPath("职业技能培训人数", "人"))
	mustStatus(t, res, http.StatusOK)
	doc = parseHTML(t, body)
	if far := all(doc, `div[data-tail="cost-far"] tbody tr`); len(far) != 1 || !strings.Contains(text(far[0]), "2 万元/人") {
		t.Error("the training group does not show the planted cost outlier at 2 万元/人, alone")
	}

	if res, _ = f.get(t, groupPath("没有这一组", "%")); res.StatusCode != http.StatusNotFound {
		t.Errorf("a group that does not exist: %d", res.StatusCode)
	}

	// An admin splits 服务对象满意度 out of 满意度.
	req := f.as(t, jixiao.RoleAdmin, httptest.NewRequest(http.MethodGet, groupPath("满意度", "%"), nil))
	res, body = f.do(t, req)
	mustStatus(t, res, http.StatusOK)
	if len(all(parseHTML(t, body), "form.grouping-form")) != 1 {
		t.Fatal("an admin sees no grouping form")
	}
	form := url.Values{"name": {"服务对象满意度"}, "mode": {"split"}, "group": {"满意度"}, "unit": {"%"}}
	req = httptest.NewRequest(http.MethodPost, "/library/groupings", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	res, _ = f.do(t, f.as(t, jixiao.RoleAdmin, req))
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != groupPath("服务对象满意度", "%") {
		t.Fatalf("split: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	res, body = f.get(t, groupPath("服务对象满意度", "%"))
	mustStatus(t, res, http.StatusOK)
	if !strings.Contains(body, "管理员单列") {
		t.Error("the split group does not say an admin split it")
	}
	// A filer may not.
	req = httptest.NewRequest(http.MethodPost, "/library/groupings", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	res, body = f.do(t, f.as(t, jixiao.RoleFiler, req))
	if res.StatusCode != http.StatusForbidden || !strings.Contains(body, "调整指标分组") {
		t.Errorf("a filer's grouping: %d", res.StatusCode)
	}
}

// TestLibrarySuggestionPeers: the edit form's library shows beside a
// suggestion its peers' median and quartiles, linking to the group.
func TestLibrarySuggestionPeers(t *testing.T) {
	f, _ := libraryFixture(t)
	req := f.as(t, jixiao.RoleFiler, httptest.NewRequest(http.MethodGet, "/workflow/library?level2_code=31&q="+url.QueryEscape("满意"), nil))
	res, body := f.do(t, req)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("library: %d", res.StatusCode)
	}
	doc := parseHTML(t, body)
	hints := all(doc, "a.peer-hint")
	if len(hints) == 0 {
		t.Fatalf("no peer hint beside the suggestions: %s", body)
	}
	href, _ := attr(hints[0], "href")
	if h := text(hints[0]); !strings.Contains(h, "中位数 ≥90%") || !strings.Contains(h, "四分位") || href != groupPath("满意度", "%") {
		t.Errorf("the hint says %q and links to %s", h, href)
	}
}
