package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/auth"
)

const wfPassword = "页面测试用的密码"

// wfUsers creates the accounts of the workflow pages' tests for the Liwan
// table: its first unit's filer, its department's reviewer, a finance
// reviewer and a filer of another unit.
func wfUsers(t testing.TB, f *fixture) map[string]*jixiao.User {
	t.Helper()
	doc := f.docs[liwanFile]
	hash, err := auth.HashPassword(wfPassword)
	if err != nil {
		t.Fatal(err)
	}
	us := map[string]*jixiao.User{
		"filer":     {Username: "荔湾填报", Role: jixiao.RoleFiler, Unit: doc.Projects[0].Unit},
		"dept":      {Username: "荔湾审核", Role: jixiao.RoleDeptReviewer, Department: doc.Agency},
		"finance":   {Username: "财政局", Role: jixiao.RoleFinanceReviewer},
		"filer-out": {Username: "外单位", Role: jixiao.RoleFiler, Unit: "别的单位"},
	}
	wf := f.store.Workflow()
	for _, u := range us {
		if err := wf.CreateUser(context.Background(), u, hash, jixiao.Actor(nil)); err != nil {
			t.Fatal(err)
		}
	}
	return us
}

// session is a browser-like client: cookie jar, no redirects followed
// silently, and the CSRF token of the last page it read.
type session struct {
	t    *testing.T
	base string
	c    *http.Client
	csrf string
}

func newSession(t *testing.T, base string) *session {
	jar, _ := cookiejar.New(nil)
	return &session{t: t, base: base, c: &http.Client{Jar: jar}}
}

var csrfField = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

func (s *session) read(resp *http.Response, err error) (int, string) {
	s.t.Helper()
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if m := csrfField.FindStringSubmatch(string(b)); m != nil {
		s.csrf = m[1]
	}
	return resp.StatusCode, string(b)
}

func (s *session) get(path string) (int, string) { return s.read(s.c.Get(s.base + path)) }

// post sends a form (with the session's CSRF token) and follows the
// redirect, as a browser does.
func (s *session) post(path string, form url.Values, header ...string) (int, string) {
	if form.Get("csrf_token") == "" && s.csrf != "" {
		form.Set("csrf_token", s.csrf)
	}
	req, _ := http.NewRequest("POST", s.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return s.read(s.c.Do(req))
}

func (s *session) login(name string) {
	s.t.Helper()
	if st, body := s.post("/login", url.Values{"username": {name}, "password": {wfPassword}, "next": {"/workflow"}}); st != 200 || !strings.Contains(body, name) {
		s.t.Fatalf("login %s: %d", name, st)
	}
}

// editForm reads the edit page and returns its form values.
func editForm(t *testing.T, body string) url.Values {
	t.Helper()
	v := url.Values{}
	for _, m := range regexp.MustCompile(`<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"[^>]*>`).FindAllStringSubmatch(body, -1) {
		if !strings.Contains(m[0], `type="checkbox"`) {
			v.Set(m[1], htmlUnescape(m[2]))
		}
	}
	for _, m := range regexp.MustCompile(`(?s)<select name="([^"]+)"[^>]*>.*?</select>`).FindAllStringSubmatch(body, -1) {
		if sel := regexp.MustCompile(`<option value="([^"]*)" selected>`).FindStringSubmatch(m[0]); sel != nil {
			v.Set(m[1], htmlUnescape(sel[1]))
		}
	}
	if m := regexp.MustCompile(`(?s)<textarea id="goal" name="goal"[^>]*>(.*?)</textarea>`).FindStringSubmatch(body); m != nil {
		v.Set("goal", htmlUnescape(m[1]))
	}
	return v
}

func htmlUnescape(s string) string {
	return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&#34;", `"`, "&#39;", "'", "&amp;", "&", "&#43;", "+").Replace(s)
}

func TestWorkflowPages(t *testing.T) {
	f := newFixture(t, liwanFile)
	users := wfUsers(t, f)
	srv := httptest.NewServer(f.handler)
	t.Cleanup(srv.Close)
	dept := newSession(t, srv.URL)
	dept.login(users["dept"].Username)
	src := f.docs[liwanFile]
	st, body := dept.post(fmt.Sprintf("/workflow/documents/%d/drafts", src.ID), url.Values{"year": {"2025"}})
	if st != 200 || !strings.Contains(body, "已新建 2025 年度草稿") {
		t.Fatalf("new draft: %d %.300s", st, body)
	}
	draftID := regexp.MustCompile(`/workflow/documents/(\d+)/history`).FindStringSubmatch(body)[1]
	draft := "/workflow/documents/" + draftID
	// Hidden from visitors and from a filer of another unit.
	for _, s := range []*session{newSession(t, srv.URL), func() *session {
		s := newSession(t, srv.URL)
		s.login(users["filer-out"].Username)
		return s
	}()} {
		if st, _ := s.get(draft); st != 404 {
			t.Errorf("draft shown to an outsider: %d", st)
		}
	}
	filer := newSession(t, srv.URL)
	filer.login(users["filer"].Username)
	st, body = filer.get(draft)
	if st != 200 || !strings.Contains(body, `data-edit=`) {
		t.Fatalf("filer's workbench: %d", st)
	}
	pid := regexp.MustCompile(`data-edit="(\d+)"`).FindStringSubmatch(body)[1]
	edit := "/workflow/projects/" + pid
	st, body = filer.get(edit)
	if st != 200 || strings.Contains(body, `id="read-only"`) {
		t.Fatalf("edit form: %d", st)
	}
	form := editForm(t, body)
	// Live check: a vague annual target gives target.vague next to its row.
	form.Set("annual_value_0", "")
	form.Set("annual_text_0", "有效提升")
	st, body = filer.post(edit+"/check", form, "HX-Request", "true")
	if st != 200 || !strings.Contains(body, `data-rule="target.vague"`) || !strings.Contains(body, `id="ind-f-1" class="row-findings" hx-swap-oob="true"`) {
		t.Fatalf("live check: %d %.600s", st, body)
	}
	if strings.Contains(body, "<html") {
		t.Error("live check answered a whole page")
	}
	form.Set("annual_text_0", "")
	form.Set("annual_op_0", ">=")
	form.Set("annual_value_0", "95")
	form.Set("annual_unit_0", "%")
	stale := url.Values{}
	for k, v := range form {
		stale[k] = append([]string(nil), v...)
	}
	st, body = filer.post(edit, form)
	if st != 200 || !strings.Contains(body, "已保存为第 2 版") {
		t.Fatalf("save: %d %.300s", st, body)
	}
	// A second save from the same stale form is refused with the other change shown.
	stale.Set("goal", "另一个人的目标")
	st, body = filer.post(edit, stale)
	if st != 409 || !strings.Contains(body, `id="conflict"`) || !strings.Contains(body, "另一个人的目标") {
		t.Fatalf("stale save: %d %.500s", st, body)
	}
	st, body = filer.post(edit+"/transitions", url.Values{"action": {"submit"}})
	if st != 200 || !strings.Contains(body, "提交") {
		t.Fatalf("submit: %d %.300s", st, body)
	}
	if st, body = filer.get(edit); !strings.Contains(body, "等待主管部门审核") {
		t.Errorf("read-only reason after submission missing: %d", st)
	}
	st, body = dept.post(edit+"/transitions", url.Values{"action": {"return"}, "comment": {"指标1请再细化"}, "indicator_seq": {"1"}})
	if st != 200 {
		t.Fatalf("return: %d %.300s", st, body)
	}
	_, body = dept.get(draft + "/history")
	for _, want := range []string{"荔湾审核", "荔湾填报", "主管部门退回", "指标1请再细化", "被拒绝：版本冲突", "对比第 1 版与第 2 版"} {
		if !strings.Contains(body, want) {
			t.Errorf("history lacks %q", want)
		}
	}
	st, body = dept.get(edit + "/diff?from=1&to=2")
	if st != 200 || !strings.Contains(body, "≥95%") || !strings.Contains(body, "指标1 年度指标值") {
		t.Errorf("diff: %d %.400s", st, body)
	}
	// Without the CSRF token a change is refused.
	st, _ = filer.post(edit+"/transitions", url.Values{"action": {"submit"}, "csrf_token": {"forged"}})
	if st != 403 {
		t.Errorf("forged CSRF token: %d", st)
	}
}

func TestIndicatorLibraryPage(t *testing.T) {
	f := newFixture(t, liwanFile, huaduFile)
	srv := httptest.NewServer(f.handler)
	t.Cleanup(srv.Close)
	s := newSession(t, srv.URL)
	st, body := s.get("/workflow/library?library_level2=" + url.QueryEscape("31|服务对象满意度指标"))
	if st != 200 || !strings.Contains(body, "满意度") || !strings.Contains(body, "用过") || !strings.Contains(body, `value="lib:`) {
		t.Fatalf("library: %d %.500s", st, body)
	}
}

func TestAdjustmentPages(t *testing.T) {
	f := newFixture(t, liwanFile)
	users := wfUsers(t, f)
	srv := httptest.NewServer(f.handler)
	t.Cleanup(srv.Close)
	src := f.docs[liwanFile]
	p := src.Projects[0]
	filer := newSession(t, srv.URL)
	filer.login(users["filer"].Username)
	st, body := filer.get(fmt.Sprintf("/workflow/projects/%d", p.ID))
	if st != 200 || !strings.Contains(body, `id="adjust"`) || !strings.Contains(body, "文档已公开") {
		t.Fatalf("published project page: %d", st)
	}
	st, body = filer.post(fmt.Sprintf("/workflow/projects/%d/adjustments", p.ID),
		url.Values{"target": {"annual_target:1"}, "new": {"≥98%"}, "reason": {"上年实际已达 99%"}})
	if st != 200 || !strings.Contains(body, "已提交目标调整") {
		t.Fatalf("propose: %d %.300s", st, body)
	}
	adj := regexp.MustCompile(`/workflow/adjustments/(\d+)/transitions`)
	if adj.MatchString(body) {
		t.Error("the filer is offered a review button on its own adjustment")
	}
	for _, who := range []string{"dept", "finance"} {
		s := newSession(t, srv.URL)
		s.login(users[who].Username)
		_, body := s.get(fmt.Sprintf("/workflow/documents/%d", src.ID))
		m := adj.FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("%s sees no review button", who)
		}
		if st, body := s.post("/workflow/adjustments/"+m[1]+"/transitions", url.Values{"action": {"approve"}}); st != 200 {
			t.Fatalf("%s approves: %d %.300s", who, st, body)
		}
	}
	_, body = filer.get(fmt.Sprintf("/workflow/documents/%d", src.ID))
	if !strings.Contains(body, "已生效") {
		t.Error("the approved adjustment is not shown as in effect")
	}
	anon := newSession(t, srv.URL)
	if _, body := anon.get(fmt.Sprintf("/projects/%d", p.ID)); !strings.Contains(body, "≥98%") {
		t.Error("the published project does not show the adjusted target")
	}
}

func TestAddRemoveProjectPages(t *testing.T) {
	f := newFixture(t, liwanFile)
	users := wfUsers(t, f)
	srv := httptest.NewServer(f.handler)
	t.Cleanup(srv.Close)
	wf := f.store.Workflow()
	d, err := wf.CreateDraft(context.Background(), f.docs[liwanFile].ID, 2025, jixiao.AuditEntry{Username: "t"})
	if err != nil {
		t.Fatal(err)
	}
	filer := newSession(t, srv.URL)
	filer.login(users["filer"].Username)
	_, body := filer.get(fmt.Sprintf("/workflow/documents/%d", d.ID))
	if !strings.Contains(body, `id="add-project"`) {
		t.Fatal("the filer is not offered to add a project")
	}
	st, body := filer.post(fmt.Sprintf("/workflow/documents/%d/projects", d.ID), url.Values{"name": {"新增的培训项目"}})
	if st != 200 || !strings.Contains(body, "已新增项目") || !strings.Contains(body, "新增的培训项目") {
		t.Fatalf("add: %d %.300s", st, body)
	}
	pid := regexp.MustCompile(`action="/workflow/projects/(\d+)/remove"`).FindStringSubmatch(body)
	if pid == nil {
		t.Fatal("no remove button on the new project")
	}
	st, body = filer.post("/workflow/projects/"+pid[1]+"/remove", url.Values{})
	if st != 200 || !strings.Contains(body, `id="flash">已删除项目<`) {
		t.Fatalf("remove: %d %.300s", st, body)
	}
	dept := newSession(t, srv.URL)
	dept.login(users["dept"].Username)
	if _, body := dept.get(fmt.Sprintf("/workflow/documents/%d", d.ID)); strings.Contains(body, `id="add-project"`) {
		t.Error("a reviewer is offered to add a project")
	}
	if st, _ := dept.post(fmt.Sprintf("/workflow/documents/%d/projects", d.ID), url.Values{"name": {"x"}}); st != 403 {
		t.Errorf("reviewer adds a project: %d", st)
	}
}

// signedIn starts a server over the Liwan table with the workflow
// accounts and returns a session signed in as who.
func signedIn(t *testing.T, who string) (*session, *fixture) {
	t.Helper()
	f := newFixture(t, liwanFile)
	users := wfUsers(t, f)
	srv := httptest.NewServer(f.handler)
	t.Cleanup(srv.Close)
	s := newSession(t, srv.URL)
	s.login(users[who].Username)
	return s, f
}

// TestEditKeepsBlankCells (issue 19): the edit form shows a money cell the
// table left blank as an empty field; saved untouched it stays blank, and
// filled with 0.00 it becomes a printed 0.00.
func TestEditKeepsBlankCells(t *testing.T) {
	d := newDraftForFiler(t)
	f, filer, edit, pid := d.f, d.filer, d.edit, d.pid
	var st int
	var body string
	_, body = filer.get(edit)
	form := editForm(t, body)
	if form.Get("total") != "67.00" || form.Get("special_account") != "" || form.Get("other") != "" {
		t.Fatalf("edit form amounts %q %q %q, want 67.00 and two empty fields",
			form.Get("total"), form.Get("special_account"), form.Get("other"))
	}
	form.Set("special_account", "0.00")
	if st, body = filer.post(edit, form); st != 200 || !strings.Contains(body, "已保存为第 2 版") {
		t.Fatalf("save: %d %.300s", st, body)
	}
	id, _ := strconv.ParseInt(pid, 10, 64)
	p, err := f.store.Project(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if p.Amounts.Blank != jixiao.ColOther || p.Amounts.SpecialAccount != 0 {
		t.Errorf("saved amounts %+v: want only 其他资金 blank", p.Amounts)
	}
	if _, body = filer.get(edit); !strings.Contains(body, `name="special_account"`) || editForm(t, body).Get("special_account") != "0.00" {
		t.Errorf("the filled cell does not show 0.00 again")
	}
}

// draftForFiler is a 2025 draft of the Liwan table made by its department's
// reviewer through the pages, with the filer logged in and the edit page of
// the filer's first project.
type draftForFiler struct {
	f           *fixture
	users       map[string]*jixiao.User
	srv         *httptest.Server
	dept, filer *session
	draft, edit string // the draft's workbench and the project's edit page
	pid         string // the project's id
}

func newDraftForFiler(t *testing.T) draftForFiler {
	t.Helper()
	d := draftForFiler{f: newFixture(t, liwanFile)}
	d.users = wfUsers(t, d.f)
	d.srv = httptest.NewServer(d.f.handler)
	t.Cleanup(d.srv.Close)
	d.dept = newSession(t, d.srv.URL)
	d.dept.login(d.users["dept"].Username)
	st, body := d.dept.post(fmt.Sprintf("/workflow/documents/%d/drafts", d.f.docs[liwanFile].ID), url.Values{"year": {"2025"}})
	if st != 200 {
		t.Fatalf("new draft: %d", st)
	}
	d.draft = "/workflow/documents/" + regexp.MustCompile(`/workflow/documents/(\d+)/history`).FindStringSubmatch(body)[1]
	d.filer = newSession(t, d.srv.URL)
	d.filer.login(d.users["filer"].Username)
	_, body = d.filer.get(d.draft)
	d.pid = regexp.MustCompile(`data-edit="(\d+)"`).FindStringSubmatch(body)[1]
	d.edit = "/workflow/projects/" + d.pid
	return d
}
