package web_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"jixiao"
)

// adjustedCase is the Liwan table, published, with its accounts behind a
// real server, and the first project whose first indicator gets adjusted.
type adjustedCase struct {
	f     *fixture
	base  string
	users map[string]*jixiao.User
	doc   *jixiao.Document
	p     jixiao.Project
	wf    jixiao.WorkflowStore
}

func newAdjustedCase(t *testing.T) *adjustedCase {
	f := newFixture(t, liwanFile)
	c := &adjustedCase{f: f, users: wfUsers(t, f), doc: f.docs[liwanFile],
		wf: f.store.Workflow()}
	c.p = c.doc.Projects[0]
	srv := httptest.NewServer(f.handler)
	t.Cleanup(srv.Close)
	c.base = srv.URL
	return c
}

// propose files an adjustment as the unit's filer and returns its id.
func (c *adjustedCase) propose(t *testing.T, target, value, reason string) int64 {
	t.Helper()
	s := newSession(t, c.base)
	s.login(c.users["filer"].Username)
	s.get(fmt.Sprintf("/workflow/projects/%d", c.p.ID))
	if st, body := s.post(fmt.Sprintf("/workflow/projects/%d/adjustments", c.p.ID),
		url.Values{"target": {target}, "new": {value}, "reason": {reason}}); st != 200 || !strings.Contains(body, "已提交目标调整") {
		t.Fatalf("propose %s: %d %.300s", target, st, body)
	}
	list, err := c.wf.Adjustments(context.Background(), c.doc.ID)
	if err != nil || len(list) == 0 {
		t.Fatalf("adjustments: %v %v", list, err)
	}
	return list[len(list)-1].ID
}

// approve takes the approve action on adjustment id as reviewer who.
func (c *adjustedCase) approve(t *testing.T, who string, id int64) {
	t.Helper()
	s := newSession(t, c.base)
	s.login(c.users[who].Username)
	s.get(fmt.Sprintf("/workflow/documents/%d", c.doc.ID))
	if st, body := s.post(fmt.Sprintf("/workflow/adjustments/%d/transitions", id), url.Values{"action": {"approve"}}); st != 200 {
		t.Fatalf("%s approves %d: %d %.300s", who, id, st, body)
	}
}

// pages returns the public document and project pages, as an anonymous
// visitor reads them.
func (c *adjustedCase) pages(t *testing.T) (docPage, projectPage string) {
	t.Helper()
	anon := newSession(t, c.base)
	st, docPage := anon.get(fmt.Sprintf("/documents/%d", c.doc.ID))
	st2, projectPage := anon.get(fmt.Sprintf("/projects/%d", c.p.ID))
	if st != 200 || st2 != 200 {
		t.Fatalf("public pages: %d %d", st, st2)
	}
	return docPage, projectPage
}

func TestAdjustedTargetsOnPublicPages(t *testing.T) {
	c := newAdjustedCase(t)
	in := c.p.Indicators[0]
	oldAnnual, newAnnual := in.Annual.Text, "≥98%"
	if oldAnnual == newAnnual {
		t.Fatalf("sample's indicator already says %q", newAnnual)
	}
	annualID := c.propose(t, "annual_target:1", newAnnual, "上年实际已达 99%")
	goalID := c.propose(t, "goal:0", "调整后的绩效目标（未审核）", "表述更具体")
	c.approve(t, "dept", annualID)

	// Under review (部门已审 and 已提交): the public pages are as published.
	docPage, projPage := c.pages(t)
	for name, body := range map[string]string{"document": docPage, "project": projPage} {
		root := parseHTML(t, body)
		if n := len(all(root, "a.adjusted")); n != 0 {
			t.Errorf("%s page marks %d adjusted fields before any adjustment is approved", name, n)
		}
		if strings.Contains(body, newAnnual) || strings.Contains(body, "调整后的绩效目标") {
			t.Errorf("%s page shows a value still under review", name)
		}
	}
	li := fmt.Sprintf("li#p%d-i1", c.p.Seq)
	if got := text(all(one(t, parseHTML(t, docPage), li), "span.tv")[1]); got != oldAnnual {
		t.Errorf("annual target under review reads %q, want the published %q", got, oldAnnual)
	}

	c.approve(t, "finance", annualID)
	docPage, projPage = c.pages(t)
	href := fmt.Sprintf("/workflow/adjustments/%d", annualID)

	// Document page: the indicator shows the new value with the badge.
	root := parseHTML(t, docPage)
	item := one(t, root, li)
	if got := text(all(item, "span.tv")[1]); got != newAnnual {
		t.Errorf("document page annual target %q, want %q", got, newAnnual)
	}
	badge := one(t, item, "a.adjusted[href="+href+"]")
	if old, _ := attr(badge, "data-old"); old != oldAnnual {
		t.Errorf("badge's old value %q, want %q", old, oldAnnual)
	}
	if title, _ := attr(badge, "title"); !strings.Contains(title, oldAnnual) || !strings.Contains(title, "上年实际已达 99%") {
		t.Errorf("badge hover %q lacks the old value or the reason", title)
	}
	if n := len(all(root, "a.adjusted")); n != 1 {
		t.Errorf("document page marks %d fields, want 1 (the goal's adjustment is not approved)", n)
	}
	if got := text(one(t, root, "p.adjusted-note strong")); got != "1" {
		t.Errorf("summary counts %q adjusted fields, want 1", got)
	}

	// Project page: the same on the indicator's row, nothing on the goal.
	root = parseHTML(t, projPage)
	row := one(t, root, "table.indicators-table tr#i1")
	cells := all(row, "td")
	if got := text(cells[5]); got != newAnnual+" 已调整" {
		t.Errorf("project page annual cell %q, want %q with the badge", got, newAnnual)
	}
	one(t, cells[5], "a.adjusted[href="+href+"]")
	if n := len(all(root, "a.adjusted")); n != 1 {
		t.Errorf("project page marks %d fields, want 1", n)
	}
	if strings.Contains(projPage, "调整后的绩效目标") {
		t.Error("project page shows the goal adjustment still under review")
	}

	// The badge's page: what changed and why, and when it took effect; who
	// proposed and reviewed it only within the document's scope.
	anon := newSession(t, c.base)
	finance := newSession(t, c.base)
	finance.login(c.users["finance"].Username)
	for _, s := range []*session{anon, finance} {
		st, body := s.get(href)
		if st != 200 {
			t.Fatalf("adjustment page: %d", st)
		}
		root = parseHTML(t, body)
		for sel, want := range map[string]string{"#adj-old": oldAnnual, "#adj-new": newAnnual,
			"#adj-reason": "上年实际已达 99%", "#adj-field": "指标1 年度指标值", "#adj-state": "已生效"} {
			if got := text(one(t, root, sel)); got != want {
				t.Errorf("adjustment page %s = %q, want %q", sel, got, want)
			}
		}
	}
	_, body := anon.get(href)
	if root := parseHTML(t, body); len(all(root, "#adj-steps")) != 0 || strings.Contains(body, c.users["finance"].Username) ||
		strings.Contains(body, c.users["filer"].Username) {
		t.Error("a visitor sees who proposed or reviewed the adjustment")
	}
	_, body = finance.get(href)
	root = parseHTML(t, body)
	for _, who := range []string{"filer", "dept", "finance"} {
		one(t, root, fmt.Sprintf("#adj-steps tr[data-user=%s]", c.users[who].Username))
	}
	if got := text(one(t, root, "#adj-effective")); !strings.Contains(got, c.users["finance"].Username) {
		t.Errorf("effective line %q does not name the finance reviewer", got)
	}
	// The goal's adjustment, still under review, has its page within the
	// scope, not in effect; a visitor does not find it.
	_, body = finance.get(fmt.Sprintf("/workflow/adjustments/%d", goalID))
	if root := parseHTML(t, body); len(all(root, "#adj-effective")) != 0 || !strings.Contains(text(one(t, root, "#adj-state")), "尚未生效") {
		t.Error("an adjustment under review is shown as in effect")
	}
	if st, _ := anon.get(fmt.Sprintf("/workflow/adjustments/%d", goalID)); st != 404 {
		t.Errorf("adjustment under review shown to a visitor: %d, want 404", st)
	}
	if st, _ := anon.get("/workflow/adjustments/99999"); st != 404 {
		t.Errorf("missing adjustment: %d, want 404", st)
	}
}

// TestAuditTrailInScopeOnly: the history, the version diffs and the
// adjustments under review of a published table are for the users in its
// scope (its units' filers, its department's reviewer, finance reviewers);
// a visitor and a filer of another unit see only approved adjustments, and
// neither the history nor who proposed them (404, as in the API).
func TestAuditTrailInScopeOnly(t *testing.T) {
	c := newAdjustedCase(t)
	approved := c.propose(t, "annual_target:1", "≥98%", "上年实际已达 99%")
	c.approve(t, "dept", approved)
	c.approve(t, "finance", approved)
	pending := c.propose(t, "goal:0", "调整中的绩效目标", "表述更具体")
	history := fmt.Sprintf("/workflow/documents/%d/history", c.doc.ID)
	diff := fmt.Sprintf("/workflow/projects/%d/diff?from=1&to=1", c.p.ID)
	bench := fmt.Sprintf("/workflow/documents/%d", c.doc.ID)
	pendingURL := fmt.Sprintf("/workflow/adjustments/%d", pending)
	for _, who := range []string{"", "filer-out", "filer", "dept", "finance"} {
		s := newSession(t, c.base)
		if who != "" {
			s.login(c.users[who].Username)
		}
		inScope := who != "" && who != "filer-out"
		name := who
		if name == "" {
			name = "visitor"
		}
		st, body := s.get(history)
		if inScope != (st == 200) || !inScope && (st != 404 || strings.Contains(body, c.users["filer"].Username)) {
			t.Errorf("%s: history %d", name, st)
		}
		if st, _ := s.get(diff); inScope != (st == 200) {
			t.Errorf("%s: diff %d", name, st)
		}
		st, body = s.get(bench)
		if st != 200 {
			t.Fatalf("%s: workbench of the published table %d", name, st)
		}
		root := parseHTML(t, body)
		if got := len(all(root, fmt.Sprintf("#adj%d", pending))); got != map[bool]int{true: 1, false: 0}[inScope] {
			t.Errorf("%s: workbench lists the pending adjustment %d times", name, got)
		}
		one(t, root, fmt.Sprintf("#adj%d", approved))
		if !inScope && (strings.Contains(body, c.users["filer"].Username) || len(all(root, "a[href='"+history+"']")) != 0) {
			t.Errorf("%s: workbench names the proposer or links the history", name)
		}
		st, body = s.get(pendingURL)
		if inScope != (st == 200) || !inScope && strings.Contains(body, "调整中的绩效目标") {
			t.Errorf("%s: pending adjustment page %d", name, st)
		}
	}
}

func TestDocumentPageLinksEvaluation(t *testing.T) {
	f := newFixture(t, huaduFile)
	id := f.docs[huaduFile].ID
	_, body := f.get(t, fmt.Sprintf("/documents/%d", id))
	link := one(t, parseHTML(t, body), fmt.Sprintf("div.actions a[href=/documents/%d/eval]", id))
	if got := text(link); got != "绩效监控与自评" {
		t.Errorf("evaluation link reads %q", got)
	}
	if res, _ := f.get(t, fmt.Sprintf("/documents/%d/eval", id)); res.StatusCode != 200 {
		t.Errorf("the linked evaluation page answers %d", res.StatusCode)
	}
}

// TestAdjustedBrowser shows an approved adjustment's badge in Chromium,
// with the published table's styles, and follows it to the adjustment.
func TestAdjustedBrowser(t *testing.T) {
	c := newAdjustedCase(t)
	b := newBrowser(t, c.f)
	id := c.propose(t, "annual_target:1", "≥98%", "上年实际已达 99%")
	c.approve(t, "dept", id)
	c.approve(t, "finance", id)
	sel := fmt.Sprintf("#p%d-i1 a.adjusted", c.p.Seq)
	b.do(t, "document", chromedp.Navigate(fmt.Sprintf("%s/documents/%d", b.base, c.doc.ID)),
		chromedp.WaitVisible(chromedp.CSS(sel)), chromedp.ScrollIntoView(chromedp.CSS(sel)))
	// The badge is drawn as a badge (its own border and colour), not as plain link text.
	if border := eval[string](t, b, `getComputedStyle(document.querySelector("`+sel+`")).borderTopStyle`); border != "solid" {
		t.Errorf("badge border %q: the stylesheet does not style it", border)
	}
	b.screenshotView(t, "document-adjusted")
	noConsoleErrors(t, b, "document with an adjustment")
	b.do(t, "follow the badge", chromedp.Click(chromedp.CSS(sel)), chromedp.WaitVisible(chromedp.CSS("#adj-reason")))
	if got := eval[string](t, b, `document.querySelector("#adj-reason").textContent`); got != "上年实际已达 99%" {
		t.Errorf("adjustment page reason %q", got)
	}
	b.screenshot(t, "adjustment")
	noConsoleErrors(t, b, "adjustment")
}
