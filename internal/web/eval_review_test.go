package web_test

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/auth"
)

// TestEvalReviewPages: the pages' door to the review of a self-evaluation.
// Project 9 (78.48 中 as worked out in internal/eval) goes from 填报中 to
// 财政已复核 by the buttons of its entry page, each a form with the CSRF
// token; a visitor sees nothing of it (entry form, 自评表, round page)
// until finance's 复核, then the self-score with the 复核 score beside it
// and the state badge. A refused step shows its message and keeps what was
// typed (422); a submitted report cannot be changed (409).
func TestEvalReviewPages(t *testing.T) {
	f := newFixture(t, huaduFile)
	doc := f.docs[huaduFile]
	_, ss := evalSessions(t, f)
	visitor, filer, finance := ss["visitor"], ss["filer"], ss["finance"]
	hash, err := auth.HashPassword(wfPassword)
	if err != nil {
		t.Fatal(err)
	}
	du := &jixiao.User{Username: "花都部门", Role: jixiao.RoleDeptReviewer, Department: doc.Agency}
	if err := f.store.Workflow().CreateUser(context.Background(), du, hash, jixiao.Actor(nil)); err != nil {
		t.Fatal(err)
	}
	dept := newSession(t, filer.base)
	dept.login(du.Username)

	base := "/documents/" + strconv.FormatInt(doc.ID, 10) + "/eval"
	self := base + "/rounds/" + evalSelfRound
	entry, sheet := self+"/projects/9", base+"/projects/9/sheet"
	values := url.Values{"executed": {"3.3"}, "actual_1": {"3"}, "actual_2": {"1"}, "actual_3": {"12"},
		"actual_4": {"部分档案缺页"}, "grade_4": {"部分达成"}, "score_4": {"25"}}
	filer.get(entry)
	if st, _ := filer.post(entry, values); st != 200 {
		t.Fatalf("self-evaluation entry: %d", st)
	}
	step := func(s *session, form url.Values) (int, string) {
		s.get(entry) // the page whose forms carry the session's CSRF token
		return s.post(entry+"/review", form)
	}
	hiddenFromVisitor := func(when string) {
		t.Helper()
		if _, body := visitor.get(entry); strings.Contains(body, `value="3.30"`) || strings.Contains(body, "data-step=") {
			t.Errorf("%s: the visitor's entry page shows the figures or a step", when)
		}
		if _, body := visitor.get(sheet); strings.Contains(body, "78.48") {
			t.Errorf("%s: the visitor's 自评表 shows the self-score", when)
		}
	}

	_, body := filer.get(entry)
	if !strings.Contains(body, `data-eval-state="填报中"`) || !strings.Contains(body, `data-step="submit"`) || strings.Contains(body, `data-step="review"`) {
		t.Errorf("the filer's entry page: %s", evalBetween(body, `id="review"`, "</section>"))
	}
	hiddenFromVisitor("填报中")
	if st, body := step(filer, url.Values{"step": {"submit"}}); st != 200 || !strings.Contains(body, `data-eval-state="已提交"`) || !strings.Contains(body, "已提交填报") {
		t.Fatalf("filer submits: %d %s", st, evalBetween(body, `id="review"`, "</section>"))
	}
	changed := url.Values{}
	for k, v := range values {
		changed[k] = v
	}
	changed.Set("executed", "3.4")
	if st, _ := filer.post(entry, changed); st != 409 {
		t.Errorf("changing a submitted report: %d, want 409", st)
	}
	if st, _ := step(finance, url.Values{"step": {"recheck"}, "score": {"70"}, "opinion": {"抽查"}}); st != 409 {
		t.Errorf("复核 before the department: %d, want 409", st)
	}
	_, body = dept.get(entry)
	if !strings.Contains(body, `data-step="review"`) || !strings.Contains(body, `data-step="return"`) {
		t.Errorf("the department's buttons: %s", evalBetween(body, `id="review"`, "</section>"))
	}
	if st, body := step(dept, url.Values{"step": {"return"}, "opinion": {""}}); st != 422 || !strings.Contains(body, "退回须写明原因") {
		t.Errorf("a return without a reason: %d", st)
	}
	if st, body := step(dept, url.Values{"step": {"review"}, "opinion": {"同意"}}); st != 200 || !strings.Contains(body, `data-eval-state="部门已审"`) {
		t.Fatalf("dept reviews: %d", st)
	}
	hiddenFromVisitor("部门已审")
	if st, body := step(finance, url.Values{"step": {"recheck"}, "score": {"很好"}, "opinion": {"抽查属实"}}); st != 422 ||
		!strings.Contains(body, `name="score" inputmode="decimal" size="6" value="很好"`) || !strings.Contains(body, "data-step-error") {
		t.Errorf("a 复核 score that is no number: %d", st)
	}
	if st, body := step(finance, url.Values{"step": {"recheck"}, "score": {"75"}, "opinion": {"抽查属实"}}); st != 200 ||
		!strings.Contains(body, `data-eval-state="财政已复核"`) || !strings.Contains(body, `<dd data-recheck>75.00</dd>`) ||
		!strings.Contains(body, `<span data-self-total>78.48</span>（中）`) {
		t.Fatalf("finance rechecks: %d %s", st, evalBetween(body, `id="review"`, "</section>"))
	}

	if _, body = visitor.get(sheet); !strings.Contains(body, "data-total>78.48<") || !strings.Contains(body, "data-recheck>75.00<") ||
		!strings.Contains(body, `data-eval-state="财政已复核"`) || !strings.Contains(body, "抽查属实") {
		t.Errorf("the visitor's 自评表 after the 复核 lacks the scores")
	}
	if _, body = visitor.get(self); !strings.Contains(evalBetween(body, `id="p9"`, "</tr>"), `data-eval-state="财政已复核"`) ||
		!strings.Contains(evalBetween(body, `id="p9"`, "</tr>"), "<td class=\"num\" data-recheck>75.00</td>") {
		t.Errorf("the visitor's round page: %s", evalBetween(body, `id="p9"`, "</tr>"))
	}
	if _, body = visitor.get(base); !strings.Contains(body, `data-average>78.48<`) {
		t.Error("the visitor's document page does not count the rechecked project")
	}
	// A step without the CSRF token changes nothing.
	if st, _ := filer.post(entry+"/review", url.Values{"step": {"submit"}, "csrf_token": {"forged"}}); st != 403 {
		t.Errorf("a step without its CSRF token: %d, want 403", st)
	}
}
