package web_test

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"jixiao"
)

// The rough edges of the review pages (issue 15, item 5), each with the
// page test that failed before its fix. The browser ones are in
// edges_browser_test.go.

// TestEdgeSubmitRefusedShowsTheForm: submitting a project with an error
// finding ended on a bare "409 无法执行" page with no way back; now it
// answers the project's edit form, the reason on top naming the finding,
// the finding listed, and the form to fix it and a submit button to go on.
func TestEdgeSubmitRefusedShowsTheForm(t *testing.T) {
	d := newDraftForFiler(t)
	_, body := d.filer.get(d.edit)
	form := editForm(t, body)
	form.Set("goal", "")
	if st, body := d.filer.post(d.edit, form); st != 200 {
		t.Fatalf("save without a goal: %d %.300s", st, body)
	}
	st, body := d.filer.post(d.edit+"/transitions", url.Values{"action": {"submit"}})
	if st != 409 {
		t.Fatalf("submit with an error finding: %d, want 409", st)
	}
	doc := parseHTML(t, body)
	if len(all(doc, ".error-page")) != 0 {
		t.Error("the refusal is still the bare error page")
	}
	one(t, doc, "#edit-form")
	msg := text(one(t, doc, "#form-error"))
	if !strings.Contains(msg, "不能提交") || !strings.Contains(msg, "project.missing-goal") || !strings.Contains(msg, "修改并保存，然后再提交") {
		t.Errorf("refusal %q does not name the finding and the way on", msg)
	}
	if !strings.Contains(text(one(t, doc, "#live-findings")), "project.missing-goal") {
		t.Error("the findings card does not list the error")
	}
	one(t, doc, `form#submit-project[action="/workflow/projects/`+d.pid+`/transitions"]`)
	if len(all(doc, `a[href="`+d.draft+`"]`)) == 0 {
		t.Error("no link back to the workbench")
	}
	ps, err := d.f.store.Workflow().ProjectStatus(context.Background(), mustID(t, d.pid))
	if err != nil || ps.State != jixiao.StateDraft {
		t.Errorf("after the refusal the project is %q (%v), want 草稿", ps.State, err)
	}
}

// TestEdgeCategoryAsWritten: nearly every 效益 indicator of the Liwan
// table showed "22|社会效益（表中原样）" in the picker, the form value of a
// printed name that differs from the scheme's "社会效益指标" only by its
// trailing 指标. Now the scheme's option is selected (carrying the name as
// written, so that saving untouched changes nothing) and a truly foreign
// category reads "22-满意度（表中原样）".
func TestEdgeCategoryAsWritten(t *testing.T) {
	d := newDraftForFiler(t)
	d.pick(t, func(p jixiao.Project) bool {
		for _, in := range p.Indicators {
			if in.Level2Code == "22" && in.Level2 == "社会效益" {
				return true
			}
		}
		return false
	})
	_, body := d.filer.get(d.edit)
	if strings.Contains(body, "|社会效益（表中原样）") || regexp.MustCompile(`>[^<>]*\|[^<>]*（表中原样）<`).MatchString(body) {
		t.Error("the picker shows a form value as its label")
	}
	id := mustID(t, d.pid)
	before, err := d.f.store.Project(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	social := -1
	for i, in := range before.Indicators {
		if in.Level2Code == "22" && in.Level2 == "社会效益" {
			social = i
		}
	}
	if social < 0 {
		t.Fatal("the project has no 22-社会效益 indicator to look at")
	}
	sel := one(t, parseHTML(t, body), fmt.Sprintf(`select[name="level2_%d"]`, social))
	var picked []string
	for _, o := range all(sel, "option") {
		if _, ok := attr(o, "selected"); ok {
			v, _ := attr(o, "value")
			picked = append(picked, v+" "+text(o))
		}
	}
	if len(picked) != 1 || picked[0] != "22|社会效益 22-社会效益指标" {
		t.Errorf("indicator %d picks %q, want the scheme's 22-社会效益指标 carrying 22|社会效益", social+1, picked)
	}
	// Saved untouched, the names stay as the table wrote them.
	if st, body := d.filer.post(d.edit, editForm(t, body)); st != 200 || !strings.Contains(body, "已保存为第 2 版") {
		t.Fatalf("save: %d %.300s", st, body)
	}
	after, _ := d.f.store.Project(context.Background(), id)
	if ch := jixiao.DiffProjects(before, after, d.f.docs[liwanFile].MoneyUnit); len(ch) != 0 {
		t.Errorf("an untouched save changed %v", ch)
	}
	// A category the scheme does not know reads as a person writes it.
	form := editForm(t, body)
	form.Set(fmt.Sprintf("level2_%d", social), "22|满意度")
	if _, body = d.filer.post(d.edit, form); !strings.Contains(body, ">22-满意度（表中原样）</option>") {
		t.Error("a category outside the scheme is not labelled 22-满意度（表中原样）")
	}
}

// TestEdgeFindingsShownOnce: the edit form listed each finding three
// times (the card, the indicator's row, and the live check's out-of-band
// copies rendered into the full page). Now an indicator's finding is next
// to it only, the card says how many are there; the live check still
// answers the rows out of band.
func TestEdgeFindingsShownOnce(t *testing.T) {
	d := newDraftForFiler(t)
	_, body := d.filer.get(d.edit)
	form := editForm(t, body)
	form.Set("annual_op_0", "")
	form.Set("annual_value_0", "")
	form.Set("annual_unit_0", "")
	form.Set("annual_text_0", "有效提升")
	if st, body := d.filer.post(d.edit, form); st != 200 {
		t.Fatalf("save: %d %.300s", st, body)
	}
	_, body = d.filer.get(d.edit)
	doc := parseHTML(t, body)
	if n := len(all(doc, `[data-rule="target.vague"]`)); n != 1 {
		t.Errorf("target.vague is shown %d times, want once (next to indicator 1)", n)
	}
	if n := len(all(doc, "#ind-f-1")); n != 1 {
		t.Errorf("%d elements #ind-f-1, want 1", n)
	}
	one(t, doc, `#ind-f-1 [data-rule="target.vague"]`)
	if !strings.Contains(text(one(t, doc, "#row-findings-note")), "显示在下方绩效指标表") {
		t.Error("the findings card does not say where the indicators' findings are")
	}
	_, frag := d.filer.post(d.edit+"/check", form, "HX-Request", "true")
	if !strings.Contains(frag, `id="ind-f-1" class="row-findings" hx-swap-oob="true"`) || strings.Count(frag, `data-rule="target.vague"`) != 1 {
		t.Errorf("live check answer: %.600s", frag)
	}
}

// TestEdgeHistoryOneLinePerDeletedIndicator: deleting indicator 1 was
// recorded as changes to every indicator after it; now the history says
// one indicator deleted, in one line.
func TestEdgeHistoryOneLinePerDeletedIndicator(t *testing.T) {
	d := newDraftForFiler(t)
	d.pick(t, func(p jixiao.Project) bool { return len(p.Indicators) >= 3 })
	id := mustID(t, d.pid)
	before, _ := d.f.store.Project(context.Background(), id)
	if len(before.Indicators) < 3 {
		t.Fatalf("project has %d indicators, the test needs 3", len(before.Indicators))
	}
	_, body := d.filer.get(d.edit)
	form := editForm(t, body)
	form.Set("remove_0", "1")
	if st, body := d.filer.post(d.edit, form); st != 200 || !strings.Contains(body, "已保存为第 2 版") {
		t.Fatalf("delete indicator 1: %d %.300s", st, body)
	}
	_, body = d.dept.get(d.draft + "/history")
	var edit *[]string
	for _, row := range all(parseHTML(t, body), `#history tr[data-action="edit"]`) {
		var lines []string
		for _, li := range all(row, "li") {
			lines = append(lines, strings.TrimSpace(text(li)))
		}
		edit = &lines
	}
	if edit == nil {
		t.Fatal("no edit in the history")
	}
	if len(*edit) != 1 || !strings.HasPrefix((*edit)[0], "指标1（已删除）：") || !strings.Contains((*edit)[0], before.Indicators[0].Name) ||
		strings.Contains((*edit)[0], "→") {
		t.Errorf("history of deleting indicator 1:\n%s", strings.Join(*edit, "\n"))
	}
}

// TestEdgeTimesInBeijing: the history and the 目标调整 page showed times in
// UTC; now they are Beijing time, and say so.
func TestEdgeTimesInBeijing(t *testing.T) {
	c := newAdjustedCase(t)
	id := c.propose(t, "annual_target:1", "≥ 99%", "上年实际已达 99%")
	es, err := c.wf.History(context.Background(), c.doc.ID)
	if err != nil || len(es) == 0 {
		t.Fatalf("history %v %v", es, err)
	}
	at := es[len(es)-1].At
	want := at.In(time.FixedZone("CST", 8*3600)).Format("2006-01-02 15:04")
	dept := newSession(t, c.base)
	dept.login(c.users["dept"].Username)
	for _, page := range []string{fmt.Sprintf("/workflow/documents/%d/history", c.doc.ID), fmt.Sprintf("/workflow/adjustments/%d", id)} {
		st, body := dept.get(page)
		if st != 200 || strings.Contains(body, "UTC") || !strings.Contains(body, "北京时间") || !strings.Contains(body, want) {
			t.Errorf("%s: %d, want %s stated as 北京时间 and no UTC", page, st, want)
		}
	}
}

// TestEdgeLoginAsksTheAdministrator: the login page told officers to run
// `jixiao user add`; they ask their administrator (the command is in the
// README).
func TestEdgeLoginAsksTheAdministrator(t *testing.T) {
	f := newFixture(t)
	_, body := f.get(t, "/login")
	if strings.Contains(body, "jixiao user add") || !strings.Contains(text(one(t, parseHTML(t, body), "#login-help")), "联系本系统的管理员") {
		t.Errorf("login help: %.400s", body)
	}
}

// TestEdgeFlashSaysWhatIsNext: the banners were terse ("项目 2：提交");
// each now says what happened and what comes next.
func TestEdgeFlashSaysWhatIsNext(t *testing.T) {
	s, f := signedIn(t, "dept")
	bench := fmt.Sprintf("/workflow/documents/%d", f.docs[liwanFile].ID)
	for q, want := range map[string]string{
		"msg=saved&n=3":                        "已保存为第 3 版。保存不等于提交",
		"msg=moved&n=2&act=submit":             "项目 2：提交。等待主管部门审核",
		"msg=moved&n=2&act=dept_approve":       "项目 2：主管部门审核通过。已转财政审核",
		"msg=moved&n=2&act=dept_return":        "项目 2：主管部门退回。已退回填报单位，填报人按意见修改后重新提交",
		"msg=reviewed&n=2&act=dept_reject":     "不予安排：本年度不再修改",
		"msg=adjusted&n=4&act=finance_approve": "目标调整 4：财政审核通过。调整已生效",
		"msg=published":                        "这张表已公开",
		"msg=draft&n=2025":                     "各单位填报人现在可以修改",
	} {
		_, body := s.get(bench + "?" + q)
		banners := all(parseHTML(t, body), ".alert-success")
		if len(banners) == 0 || !strings.Contains(text(banners[0]), want) {
			t.Errorf("?%s: banner does not say %q", q, want)
		}
	}
}

// TestEdgeConflictInAnotherTab: a save refused because the same user had
// saved in another tab said "项目已被他人修改"; now it says it was the
// viewer, in another window.
func TestEdgeConflictInAnotherTab(t *testing.T) {
	d := newDraftForFiler(t)
	_, body := d.filer.get(d.edit)
	first, second := editForm(t, body), editForm(t, body)
	first.Set("goal", "第一个窗口的目标")
	if st, _ := d.filer.post(d.edit, first); st != 200 {
		t.Fatalf("first tab: %d", st)
	}
	second.Set("goal", "第二个窗口的目标")
	st, body := d.filer.post(d.edit, second)
	if st != 409 {
		t.Fatalf("second tab: %d", st)
	}
	doc := parseHTML(t, body)
	msg, head := text(one(t, doc, "#form-error")), text(one(t, doc, "#conflict-h"))
	if strings.Contains(msg+head, "他人") || !strings.Contains(msg, "您已在另一窗口或标签页保存了第 2 版") || !strings.Contains(head, "您（在另一窗口）") {
		t.Errorf("conflict says %q / %q", msg, head)
	}
}

// TestEdgeAdjustmentNamesTheProject: the 目标调整 table of the workbench
// showed the unit's name where the project's belongs.
func TestEdgeAdjustmentNamesTheProject(t *testing.T) {
	c := newAdjustedCase(t)
	id := c.propose(t, "annual_target:1", "≥ 99%", "上年实际已达 99%")
	dept := newSession(t, c.base)
	dept.login(c.users["dept"].Username)
	_, body := dept.get(fmt.Sprintf("/workflow/documents/%d", c.doc.ID))
	cells := all(one(t, parseHTML(t, body), fmt.Sprintf("#adj%d", id)), "td")
	if len(cells) < 2 {
		t.Fatal("no adjustment row")
	}
	if got := text(cells[1]); !strings.HasPrefix(got, fmt.Sprintf("%d. %s", c.p.Seq, c.p.Name)) {
		t.Errorf("project cell %q, want %d. %s", got, c.p.Seq, c.p.Name)
	}
}

// pick makes the draft's first project of the filer's unit that has what
// ok asks for the one d edits.
func (d *draftForFiler) pick(t *testing.T, ok func(jixiao.Project) bool) {
	t.Helper()
	doc, err := d.f.store.Document(context.Background(), mustID(t, strings.TrimPrefix(d.draft, "/workflow/documents/")))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range doc.Projects {
		if p.Unit == d.users["filer"].Unit && ok(p) {
			d.pid = strconv.FormatInt(p.ID, 10)
			d.edit = "/workflow/projects/" + d.pid
			return
		}
	}
	t.Fatal("no project of the filer's unit fits the test")
}

func mustID(t *testing.T, s string) int64 {
	t.Helper()
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// TestEdgeOneWordForATable: the pages called a stored table 文档, 文件 and
// 表 in turn; the edit form, history and 目标调整 pages and their banners
// now say 表 (文件 is kept for an uploaded file).
func TestEdgeOneWordForATable(t *testing.T) {
	d := newDraftForFiler(t)
	_, body := d.filer.get(d.edit)
	form := editForm(t, body)
	form.Set("goal", "改过的目标")
	_, saved := d.filer.post(d.edit, form)
	_, history := d.dept.get(d.draft + "/history")
	_, published := d.dept.get(d.draft + "?msg=published")
	for name, page := range map[string]string{"edit form": saved, "history": history} {
		root := parseHTML(t, page)
		main := text(one(t, root, "main"))
		// Comments are records the store wrote ("由文档 1 复制为…", from
		// internal/sqldb), shown as stored.
		for _, c := range all(root, ".comment") {
			main = strings.Replace(main, text(c), "", 1)
		}
		for _, word := range []string{"文档", "文件"} {
			if strings.Contains(main, word) {
				i := strings.Index(main, word)
				t.Errorf("%s says %s: …%s…", name, word, main[max(0, i-60):min(len(main), i+60)])
			}
		}
	}
	if !strings.Contains(history, "整张表") {
		t.Error("the history does not name a whole-table step 整张表")
	}
	if b := all(parseHTML(t, published), ".alert-success"); len(b) == 0 || strings.Contains(text(b[0]), "文件") {
		t.Error("the 公开 banner does not say 表")
	}
}
