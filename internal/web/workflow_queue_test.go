package web_test

import (
	"fmt"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

var (
	editIDs    = regexp.MustCompile(`data-edit="(\d+)"`)
	plannedIn  = regexp.MustCompile(`name="project" value="(\d+:\d+)"`)
	tabCount   = regexp.MustCompile(`data-tab="(\w*)"[^>]*>[^<]*<span class="count">(\d+)</span>`)
	rowsOfTabs = regexp.MustCompile(`<tr id="p\d+" data-state="[^"]+" data-tab="(\w+)"`)
)

// tabCounts reads the queue's tabs and their counts from a workbench.
func tabCounts(body string) map[string]string {
	out := map[string]string{}
	for _, m := range tabCount.FindAllStringSubmatch(body, -1) {
		out[m[1]] = m[2]
	}
	return out
}

// TestQueueAndBatchPages: the filer submits its unit's projects; the
// department reviewer's workbench has 待我审核 with their count, filters,
// and the batch button; the confirmation lists the clean ones and changes
// nothing; its one button approves them all (an audit entry each); a
// selection of none is refused with the reason; a filer cannot post it.
func TestQueueAndBatchPages(t *testing.T) {
	d := newDraftForFiler(t)
	dept, filer := d.dept, d.filer
	_, body := filer.get(d.draft)
	submitted := 0
	for _, m := range editIDs.FindAllStringSubmatch(body, -1) {
		if st, _ := filer.post("/workflow/projects/"+m[1]+"/transitions", url.Values{"action": {"submit"}}); st == 200 {
			submitted++
		}
	}
	if submitted < 2 {
		t.Fatalf("only %d projects submitted", submitted)
	}
	_, body = dept.get(d.draft + "?queue=mine")
	counts := tabCounts(body)
	if counts["mine"] != itoa(int64(submitted)) || counts["passed"] != "0" || !strings.Contains(body, `id="batch-clean"`) {
		t.Fatalf("dept's queue tabs %v (submitted %d), batch button %v", counts, submitted, strings.Contains(body, `id="batch-clean"`))
	}
	for _, m := range rowsOfTabs.FindAllStringSubmatch(body, -1) {
		if m[1] != "mine" {
			t.Errorf("the 待我审核 tab lists a %s row", m[1])
		}
	}
	if n := len(rowsOfTabs.FindAllString(body, -1)); n != submitted {
		t.Errorf("待我审核 shows %d rows, want %d", n, submitted)
	}
	_, f := dept.get(d.draft + "?errors=yes")
	if rows, errs := strings.Count(f, `<tr id="p`), strings.Count(f, `data-errors="`); rows == 0 || rows != errs {
		t.Errorf("the error filter shows %d rows, %d with errors", rows, errs)
	}
	_, f = dept.get(d.draft + "?errors=no&queue=mine")
	if rows := strings.Count(f, `<tr id="p`); rows == 0 || strings.Contains(f, `data-errors="`) {
		t.Errorf("the filter without errors shows %d rows, some with errors", rows)
	}

	if st, b := dept.post(d.draft+"/approvals/confirm", url.Values{"all": {"selected"}}); st != 422 || !strings.Contains(b, `id="batch-error"`) {
		t.Errorf("confirm with nothing selected: %d %.300s", st, b)
	}
	if st, _ := filer.post(d.draft+"/approvals/confirm", url.Values{"all": {"clean"}}); st != 403 {
		t.Errorf("a filer's batch: %d", st)
	}
	if st, _ := dept.post(d.draft+"/approvals/confirm", url.Values{"all": {"clean"}, "csrf_token": {"forged"}}); st != 403 {
		t.Errorf("a forged CSRF token: %d", st)
	}
	dept.get(d.draft)
	st, body := dept.post(d.draft+"/approvals/confirm", url.Values{"all": {"clean"}})
	planned := plannedIn.FindAllStringSubmatch(body, -1)
	if st != 200 || len(planned) == 0 || !strings.Contains(body, `id="batch-ok"`) {
		t.Fatalf("confirmation: %d, %d planned %.300s", st, len(planned), body)
	}
	if _, b := dept.get(d.draft); tabCounts(b)["passed"] != "0" {
		t.Errorf("the confirmation page approved something")
	}
	form := url.Values{"comment": {"指标完整"}}
	for _, m := range planned {
		form.Add("project", m[1])
	}
	st, body = dept.post(d.draft+"/approvals", form)
	if st != 200 || strings.Count(body, "data-approved=") != len(planned) || !strings.Contains(body, "已审核通过") {
		t.Fatalf("batch: %d, %d approved of %d %.300s", st, strings.Count(body, "data-approved="), len(planned), body)
	}
	_, body = dept.get(d.draft)
	if c := tabCounts(body); c["passed"] != itoa(int64(len(planned))) || c["mine"] != itoa(int64(submitted-len(planned))) {
		t.Errorf("after the batch: tabs %v", c)
	}
	_, body = dept.get(d.draft + "/history")
	if n := strings.Count(body, "批量审核通过：指标完整"); n != len(planned) {
		t.Errorf("history has %d entries of the batch, want %d", n, len(planned))
	}
	// The same selection again: each refused with its reason.
	st, body = dept.post(d.draft+"/approvals", form)
	if st != 200 || strings.Count(body, "data-refused=") != len(planned) || !strings.Contains(body, "部门已审") {
		t.Errorf("the batch again: %d %.300s", st, body)
	}
}

// TestProjectPageReviewPanel: the project's page offers the department
// reviewer, while the project is at their stage, its 审核 and the approve
// and return buttons; the filer, finance before its stage, and anyone on
// the published table get no panel.
func TestProjectPageReviewPanel(t *testing.T) {
	d := newDraftForFiler(t)
	page := "/projects/" + d.pid
	finance := newSession(t, d.srv.URL)
	finance.login(d.users["finance"].Username)
	if st, body := d.dept.get(page); st != 200 || strings.Contains(body, `id="review-panel"`) {
		t.Errorf("dept on a draft project not submitted: %d, panel %v", st, strings.Contains(body, `id="review-panel"`))
	}
	if st, _ := d.filer.post(d.edit+"/transitions", url.Values{"action": {"submit"}}); st != 200 {
		t.Fatalf("submit: %d", st)
	}
	st, body := d.dept.get(page)
	if st != 200 || !strings.Contains(body, `id="review-panel"`) || !strings.Contains(body, `data-action="approve"`) ||
		!strings.Contains(body, `data-action="return"`) || !strings.Contains(body, `data-review="`+d.pid+`"`) {
		t.Fatalf("dept's panel: %d %.300s", st, body)
	}
	for who, s := range map[string]*session{"filer": d.filer, "finance": finance} {
		if st, body := s.get(page); st != 200 || strings.Contains(body, `id="review-panel"`) {
			t.Errorf("%s: %d, panel %v", who, st, strings.Contains(body, `id="review-panel"`))
		}
	}
	if st, body := d.dept.post(d.edit+"/transitions", url.Values{"action": {"approve"}}); st != 200 || !strings.Contains(body, "主管部门审核通过") {
		t.Fatalf("approve from the panel: %d %.300s", st, body)
	}
	if _, body := finance.get(page); !strings.Contains(body, `id="review-panel"`) || !strings.Contains(body, "部门已审") {
		t.Errorf("finance's panel after the department's approval is missing")
	}
	if _, body := d.dept.get(page); strings.Contains(body, `id="review-panel"`) {
		t.Errorf("the department still has a panel after approving")
	}
	pub := "/projects/" + itoa(d.f.docs[liwanFile].Projects[0].ID)
	if st, body := d.dept.get(pub); st != 200 || strings.Contains(body, `id="review-panel"`) {
		t.Errorf("published project: %d, panel %v", st, strings.Contains(body, `id="review-panel"`))
	}
}

// TestQueueFlagsAdjustments: a 目标调整 under review is flagged on the
// document's workbench and on its project's row, and is in 待我审核 for
// the reviewer whose stage it is at (the department, then finance); once
// in effect the flags go. A reason every row shares is said once.
func TestQueueFlagsAdjustments(t *testing.T) {
	f := newFixture(t, liwanFile)
	users := wfUsers(t, f)
	srv := httptest.NewServer(f.handler)
	t.Cleanup(srv.Close)
	src := f.docs[liwanFile]
	p := src.Projects[0]
	bench := fmt.Sprintf("/workflow/documents/%d", src.ID)
	filer := newSession(t, srv.URL)
	filer.login(users["filer"].Username)
	filer.get(fmt.Sprintf("/workflow/projects/%d", p.ID))
	if st, _ := filer.post(fmt.Sprintf("/workflow/projects/%d/adjustments", p.ID),
		url.Values{"target": {"annual_target:1"}, "new": {"≥98%"}, "reason": {"上年实际已达 99%"}}); st != 200 {
		t.Fatalf("propose: %d", st)
	}
	flag := fmt.Sprintf(`<tr id="p%d" data-state="财政已审" data-tab="mine"`, p.ID)
	adj := regexp.MustCompile(`/workflow/adjustments/(\d+)/transitions`)
	for _, who := range []string{"dept", "finance"} {
		s := newSession(t, srv.URL)
		s.login(users[who].Username)
		_, body := s.get(bench)
		if !strings.Contains(body, `id="adjustments-pending"`) || !strings.Contains(body, `data-adjustments="1"`) ||
			!strings.Contains(body, flag) || tabCounts(body)["mine"] != "1" {
			t.Errorf("%s's workbench does not flag the adjustment (tabs %v)", who, tabCounts(body))
		}
		if !strings.Contains(body, `id="common-read-only"`) || strings.Contains(body, `<span class="muted small read-only">`) {
			t.Errorf("%s: the read-only reason every row shares is not said once", who)
		}
		m := adj.FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("%s sees no review button", who)
		}
		if st, _ := s.post("/workflow/adjustments/"+m[1]+"/transitions", url.Values{"action": {"approve"}}); st != 200 {
			t.Fatalf("%s approves: %d", who, st)
		}
	}
	if _, body := filer.get(bench); strings.Contains(body, `id="adjustments-pending"`) || strings.Contains(body, `data-adjustments=`) {
		t.Errorf("the adjustment in effect is still flagged")
	}
}
