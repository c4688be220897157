package web_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// reviewForm is a 审核 as the form posts it: every criterion 符合.
func reviewForm(result, opinion, fixes string) url.Values {
	v := url.Values{"result": {result}, "opinion": {opinion}, "fixes": {fixes}}
	for i := 0; i < 4; i++ {
		v.Set(fmt.Sprintf("mark_%d", i), "符合")
	}
	return v
}

// TestReviewPages: the department reviewer's 审核 form is pre-filled (a
// mark checked for each of the four criteria); an incomplete review comes
// back with the words kept; a 中 returns the project and its filer sees the
// opinion, the reviewer and the time on the workbench row and the edit
// form until the project is resubmitted; a 良 with fixes shows the fixes;
// finance sees the department's review; the 审核意见表 prints both.
func TestReviewPages(t *testing.T) {
	d := newDraftForFiler(t)
	users, srv, dept, filer, draft, edit, pid := d.users, d.srv, d.dept, d.filer, d.draft, d.edit, d.pid
	var st int
	var body string
	review := edit + "/review"
	if st, body := filer.post(edit+"/transitions", url.Values{"action": {"submit"}}); st != 200 {
		t.Fatalf("submit: %d %.300s", st, body)
	}

	_, body = dept.get(draft)
	if !strings.Contains(body, `data-review="`+pid+`"`) {
		t.Fatalf("no 审核 button for the department on the workbench")
	}
	st, body = dept.get(review)
	if st != 200 || !strings.Contains(body, `id="review-form"`) || strings.Count(body, " checked required>") != 4 {
		t.Fatalf("review form: %d, %d marks pre-filled %.400s", st, strings.Count(body, " checked required>"), body)
	}
	for _, want := range []string{"完整性", "相关性", "适当性", "可行性", "退回填报单位修改绩效目标后重新报送审核"} {
		if !strings.Contains(body, want) {
			t.Errorf("review form lacks %q", want)
		}
	}
	// A 中 without its reasons is refused with the words kept.
	incomplete := reviewForm("中", "", "")
	incomplete.Set("opinion_1", "目标与职能的联系不清")
	st, body = dept.post(review, incomplete)
	if st != 422 || !strings.Contains(body, `id="form-error"`) || !strings.Contains(body, "目标与职能的联系不清") {
		t.Fatalf("incomplete review: %d %.400s", st, body)
	}
	st, body = dept.post(review, reviewForm("中", "请将指标1细化量化", ""))
	if st != 200 || !strings.Contains(body, "审核意见已保存") {
		t.Fatalf("dept 中: %d %.300s", st, body)
	}
	// The filer sees the opinion until resubmitting.
	for _, path := range []string{draft, edit} {
		_, body = filer.get(path)
		if !strings.Contains(body, `data-review-result="中"`) || !strings.Contains(body, "请将指标1细化量化") || !strings.Contains(body, "荔湾审核") {
			t.Errorf("%s does not show the filer the 中: %.200s", path, body)
		}
	}
	if st, body := filer.post(edit+"/transitions", url.Values{"action": {"submit"}}); st != 200 || strings.Contains(body, `data-review-result=`) {
		t.Fatalf("resubmit: %d, note still shown: %v", st, strings.Contains(body, `data-review-result=`))
	}
	// 良 with fixes: approved, the fixes shown to the filer.
	dept.get(review)
	if st, body := dept.post(review, reviewForm("良", "", "补充服务对象满意度指标")); st != 200 {
		t.Fatalf("dept 良: %d %.300s", st, body)
	}
	if _, body = filer.get(draft); !strings.Contains(body, `data-review-result="良"`) || !strings.Contains(body, "补充服务对象满意度指标") {
		t.Errorf("the filer's workbench lacks the 良's fixes")
	}
	finance := newSession(t, srv.URL)
	finance.login(users["finance"].Username)
	st, body = finance.get(review)
	if st != 200 || !strings.Contains(body, `id="review-form"`) || !strings.Contains(body, "补充服务对象满意度指标") || !strings.Contains(body, "请将指标1细化量化") {
		t.Errorf("finance's review page: %d", st)
	}
	// Without the CSRF token the review is refused.
	forged := reviewForm("优", "", "")
	forged.Set("csrf_token", "forged")
	if st, _ := finance.post(review, forged); st != 403 {
		t.Errorf("forged CSRF token: %d", st)
	}
	if st, body := finance.post(review, reviewForm("优", "", "")); st != 200 || !strings.Contains(body, "财政审核通过") {
		t.Errorf("finance 优: %d", st)
	}
	st, body = dept.get(review + "/sheet")
	if st != 200 || !strings.Contains(body, "项目支出绩效目标审核意见表") || !strings.Contains(body, `data-tier="dept_reviewer"`) ||
		!strings.Contains(body, `data-tier="finance_reviewer"`) || !strings.Contains(body, "补充服务对象满意度指标") {
		t.Errorf("审核意见表: %d %.400s", st, body)
	}
	outsider := newSession(t, srv.URL)
	outsider.login(users["filer-out"].Username)
	for _, path := range []string{review, review + "/sheet"} {
		if st, _ := outsider.get(path); st != 404 {
			t.Errorf("%s shown to another unit's filer: %d", path, st)
		}
	}
}
