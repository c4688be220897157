package web_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"jixiao"
	"jixiao/internal/auth"
)

// postFile posts a file as the form's "file" to path with the session's
// CSRF token, following the redirect.
func (s *session) postFile(path, name string, data []byte) (int, string) {
	s.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField(auth.CSRFField, s.csrf)
	w, _ := mw.CreateFormFile("file", name)
	w.Write(data)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, s.base+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return s.read(s.c.Do(req))
}

// stateOnPage is the item page's state badge.
func stateOnPage(body string) string {
	m := regexp.MustCompile(`id="rectify-state" data-state="([^"]+)"`).FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return m[1]
}

// TestRectifyPages: through the pages, a 中 review's 发起整改 button opens
// a 整改 item (the form pre-filled from the review); the unit's filer
// uploads a PDF, is refused 报告已整改 without measures (422, the message
// shown), reports measures and marks it done; the department verifies it:
// 已核实 with the evidence downloadable as an attachment. Someone outside
// the unit finds nothing; the ledger filters by state; the dashboard
// counts nothing open afterwards.
func TestRectifyPages(t *testing.T) {
	d := newDraftForFiler(t)
	dept, filer, edit := d.dept, d.filer, d.edit
	if st, _ := filer.post(edit+"/transitions", url.Values{"action": {"submit"}}); st != 200 {
		t.Fatalf("submit: %d", st)
	}
	if st, _ := dept.post(edit+"/review", reviewForm("中", "请将指标1细化量化", "")); st != 200 {
		t.Fatalf("dept 中: %d", st)
	}
	_, body := dept.get(edit + "/review")
	m := regexp.MustCompile(`href="(/rectify/new\?[^"]+)" data-rectify-review="\d+"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no 发起整改 button beside the 中 review")
	}
	if _, fb := filer.get(edit + "/review"); strings.Contains(fb, "data-rectify-review") {
		t.Errorf("the filer is offered 发起整改")
	}
	st, body := dept.get(htmlUnescape(m[1]))
	if st != 200 || !strings.Contains(body, `name="review_id"`) {
		t.Fatalf("open form: %d", st)
	}
	form := editForm(t, body)
	form.Set("deadline", time.Now().In(jixiao.Beijing).AddDate(0, 1, 0).Format(time.DateOnly))
	form.Set("requirement", "细化量化产出指标")
	st, body = dept.post("/rectify", form)
	if st != 200 || stateOnPage(body) != "待整改" || !strings.Contains(body, "请将指标1细化量化") || !strings.Contains(body, "已发起整改") {
		t.Fatalf("opened: %d %q", st, stateOnPage(body))
	}
	item := regexp.MustCompile(`data-rectify-id="(\d+)"`).FindStringSubmatch(body)
	if item == nil {
		t.Fatal("no item id on its page")
	}
	page := "/rectify/" + item[1]
	if strings.Contains(body, `id="report-form"`) || strings.Contains(body, `id="evidence-form"`) {
		t.Errorf("the department is offered the unit's forms")
	}
	out := newSession(t, d.srv.URL)
	out.login(d.users["filer-out"].Username)
	if st, _ := out.get(page); st != 404 {
		t.Errorf("a filer of another unit opens the item: %d, want 404", st)
	}

	_, body = filer.get(page)
	if !strings.Contains(body, `id="report-form"`) || !strings.Contains(body, `id="evidence-form"`) || strings.Contains(body, `id="verify-form"`) {
		t.Fatalf("the filer's forms are not as expected")
	}
	pdf := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("证"), 300)...)
	st, body = filer.postFile(page+"/evidence", "整改报告.pdf", pdf)
	if st != 200 || !strings.Contains(body, "整改报告.pdf") || stateOnPage(body) != "整改中" {
		t.Fatalf("upload: %d %q", st, stateOnPage(body))
	}
	st, body = filer.post(page+"/steps", url.Values{"step": {"done"}})
	if st != 422 || !strings.Contains(body, `id="form-error"`) || !strings.Contains(body, "请先填写整改措施") {
		t.Fatalf("done without measures: %d", st)
	}
	st, body = filer.post(page+"/steps", url.Values{"step": {"done"}, "measures": {"已重新测算，指标1改为培训人次≥500"}})
	if st != 200 || stateOnPage(body) != "已整改" {
		t.Fatalf("done: %d %q", st, stateOnPage(body))
	}
	_, body = dept.get(page)
	if !strings.Contains(body, `id="verify-form"`) {
		t.Fatal("no 核实 form for the department")
	}
	st, body = dept.post(page+"/steps", url.Values{"step": {"verify"}, "opinion": {"核实到位"}})
	if st != 200 || stateOnPage(body) != "已核实" || !strings.Contains(body, "核实到位") ||
		strings.Count(body, `data-user="荔湾`) != 4 {
		t.Fatalf("verified: %d %q, %d history rows by name", st, stateOnPage(body), strings.Count(body, `data-user="荔湾`))
	}
	href := regexp.MustCompile(`href="(/rectify/\d+/evidence/\d+)"`).FindStringSubmatch(body)
	if href == nil {
		t.Fatal("no evidence link")
	}
	resp, err := filer.c.Get(d.srv.URL + href[1])
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	cd := resp.Header.Get("Content-Disposition")
	if !bytes.Equal(got, pdf) || resp.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(cd, "attachment;") ||
		!strings.Contains(cd, "filename*=UTF-8''%E6%95%B4") {
		t.Errorf("download: %d bytes, %q, %q", len(got), resp.Header.Get("Content-Type"), cd)
	}
	if _, body := dept.get("/rectify?state=" + url.QueryEscape("已核实")); !strings.Contains(body, `data-state="已核实"`) {
		t.Errorf("the ledger filtered by 已核实 lacks the item")
	}
	if _, body := dept.get("/rectify?state=" + url.QueryEscape("待整改")); strings.Contains(body, `data-state=`) {
		t.Errorf("the ledger filtered by 待整改 lists an item")
	}
	if _, body := dept.get(d.draft); !strings.Contains(body, `id="results"`) || !strings.Contains(body, "上年尚无最终的绩效自评等级") ||
		!strings.Contains(body, `id="consequences"`) {
		t.Errorf("the draft's workbench lacks last year's 结果应用")
	}
	if _, body := dept.get("/rectify/dashboard"); !strings.Contains(body, `id="open-count">0<`) || !strings.Contains(body, `data-review="中">1<`) {
		t.Errorf("dashboard: %s", between(body, `id="rectify-counts"`, "</section>"))
	}
}

func between(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return ""
	}
	s = s[i:]
	if j := strings.Index(s, to); j >= 0 {
		return s[:j]
	}
	return s
}

// TestConsequencesOnProjectPage: the project page shows the 结果应用 table
// in force and, once the project's self-evaluation is final (Huadu's
// project 9: 78.48, 中), its grade with the budget consequence the table
// gives it; a visitor, who may not see the score before finance's 复核,
// sees the table without the grade.
func TestConsequencesOnProjectPage(t *testing.T) {
	f := newFixture(t, huaduFile)
	doc := f.docs[huaduFile]
	_, ss := evalSessions(t, f)
	filer, visitor := ss["filer"], ss["visitor"]
	entry := "/documents/" + strconv.FormatInt(doc.ID, 10) + "/eval/rounds/" + evalSelfRound + "/projects/9"
	filer.get(entry)
	if st, _ := filer.post(entry, url.Values{"executed": {"3.3"}, "actual_1": {"3"}, "actual_2": {"1"}, "actual_3": {"12"},
		"actual_4": {"部分档案缺页"}, "grade_4": {"部分达成"}, "score_4": {"25"}}); st != 200 {
		t.Fatalf("self-evaluation entry: %d", st)
	}
	project := "/projects/" + strconv.FormatInt(doc.Projects[8].ID, 10)
	_, body := filer.get(project)
	if !strings.Contains(body, `id="consequences"`) || strings.Count(between(body, `id="consequences"`, "</table>"), "<tr data-grade=") != 4 {
		t.Fatalf("no 结果应用 table on the project page")
	}
	grades := between(body, `id="results-grades"`, "</table>")
	if !strings.Contains(grades, `data-grade="中"`) || !strings.Contains(grades, "78.48") || !strings.Contains(grades, "限期整改，下年预算核减 10%") {
		t.Errorf("the project's grade and consequence: %q", grades)
	}
	_, body = visitor.get(project)
	if strings.Contains(body, `id="results-grades"`) || !strings.Contains(body, `id="consequences"`) {
		t.Errorf("the visitor's project page shows the grade before the 复核, or no table")
	}

	// In next year's draft the project, renamed, still shows last year's
	// grade: its link to the project it was copied from says which.
	ctx := context.Background()
	wf := f.store.Workflow()
	draft, err := wf.CreateDraft(ctx, doc.ID, 2025, jixiao.AuditEntry{Username: "测试准备"})
	if err != nil {
		t.Fatal(err)
	}
	st, err := wf.DocumentStatus(ctx, draft.ID)
	if err != nil {
		t.Fatal(err)
	}
	renamed := draft.Projects[8]
	renamed.Name += "（二期）"
	if _, err := wf.SaveProject(ctx, &renamed, nil, st.Projects[8].Version, jixiao.AuditEntry{Username: "测试准备", Action: jixiao.ActionEdit}); err != nil {
		t.Fatal(err)
	}
	_, body = filer.get("/projects/" + strconv.FormatInt(renamed.ID, 10))
	if grades := between(body, `id="results-grades"`, "</table>"); !strings.Contains(grades, `data-grade="中"`) || !strings.Contains(grades, "78.48") {
		t.Errorf("the renamed draft project lacks last year's grade: %q", grades)
	}
}
