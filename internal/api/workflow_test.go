package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"jixiao/internal/service"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"jixiao"
	"jixiao/internal/auth"
	"jixiao/internal/importer"
	"jixiao/internal/postgres"
	"jixiao/internal/postgres/pgtest"
	"jixiao/internal/server"
	"jixiao/internal/sqlite"
)

// wfStore is a store with its workflow.
type wfStore = service.Store

// eachWorkflowStore runs f on SQLite always and on PostgreSQL when
// JIXIAO_TEST_POSTGRES is set (a database of its own per test, jixiao_wf_…,
// dropped after).
func eachWorkflowStore(t *testing.T, f func(t *testing.T, st wfStore)) {
	t.Run("sqlite", func(t *testing.T) {
		st, err := sqlite.Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "wf.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		f(t, st)
	})
	t.Run("postgres", func(t *testing.T) {
		st, err := postgres.Open(context.Background(), pgtest.DSN(t, "jixiao_wf"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		f(t, st)
	})
}

// wfFixture is a server over a store holding the published Liwan table,
// with one account per role and scope, each logged in through the API.
type wfFixture struct {
	t      *testing.T
	st     wfStore
	wf     jixiao.WorkflowStore
	base   string
	source *jixiao.Document
	tokens map[string]string
	users  map[string]*jixiao.User
}

// The accounts: in-scope filer and department reviewer of the sample's
// department and first unit; out-of-scope ones of another department.
func accountsFor(doc *jixiao.Document) map[string]*jixiao.User {
	return map[string]*jixiao.User{
		"filer":     {Username: "填报人", Role: jixiao.RoleFiler, Unit: doc.Projects[0].Unit},
		"filer-out": {Username: "外单位填报人", Role: jixiao.RoleFiler, Unit: "广州市越秀区教育局"},
		"dept":      {Username: "部门审核人", Role: jixiao.RoleDeptReviewer, Department: doc.Agency},
		"dept-out":  {Username: "外部门审核人", Role: jixiao.RoleDeptReviewer, Department: "广州市越秀区教育局"},
		"finance":   {Username: "财政审核人", Role: jixiao.RoleFinanceReviewer},
		"admin":     {Username: "管理员", Role: jixiao.RoleAdmin},
	}
}

const testPassword = "测试用的密码足够长"

var testHash = sync.OnceValue(func() string {
	h, err := auth.HashPassword(testPassword)
	if err != nil {
		panic(err)
	}
	return h
})

func newWFFixture(t *testing.T, st wfStore) *wfFixture {
	t.Helper()
	return newSampleFixture(t, st, "liwan-hrss-bureau-2024.md")
}

// newSampleFixture is newWFFixture over another published sample.
func newSampleFixture(t *testing.T, st wfStore, sample string) *wfFixture {
	t.Helper()
	ctx := context.Background()
	data, err := os.ReadFile("../../testdata/" + sample)
	if err != nil {
		t.Fatal(err)
	}
	src, err := importer.Import(ctx, st, sample, data, importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(serve(st, server.Config{Logger: discardLogger()}).Handler())
	t.Cleanup(srv.Close)
	f := &wfFixture{t: t, st: st, wf: st.Workflow(), base: srv.URL, source: src,
		tokens: map[string]string{}, users: accountsFor(src)}
	for name, u := range f.users {
		if err := f.wf.CreateUser(ctx, u, testHash(), jixiao.Actor(nil)); err != nil {
			t.Fatal(err)
		}
		status, body := f.call("POST", "/api/v1/session", "", map[string]string{"username": u.Username, "password": testPassword})
		var s struct{ Token string }
		json.Unmarshal(body, &s)
		if status != 200 || s.Token == "" {
			t.Fatalf("login %s: %d %s", name, status, body)
		}
		f.tokens[name] = s.Token
	}
	return f
}

// call sends a JSON request with a bearer token ("" for none) and returns
// the status and body. Error answers must be the JSON error shape with a
// Chinese message.
func (f *wfFixture) call(method, path, token string, body any) (int, []byte) {
	f.t.Helper()
	var raw []byte
	ctype := ""
	if body != nil {
		raw, _ = json.Marshal(body)
		ctype = "application/json"
	}
	req, _ := http.NewRequest(method, f.base+path, bytes.NewReader(raw))
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	got, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 400 {
		var e apiError
		if json.Unmarshal(got, &e) != nil || e.Error.Code == "" || !hasHan(e.Error.Message) {
			f.t.Errorf("%s %s: %d answer is not the JSON error shape with a Chinese message: %s", method, path, resp.StatusCode, got)
		}
	}
	validate(f.t, method, path, ctype, raw, answer{resp.StatusCode, resp.Header, got})
	return resp.StatusCode, got
}

// draft copies the source into a fresh 2025 draft through the store.
func (f *wfFixture) draft() *jixiao.Document {
	f.t.Helper()
	d, err := f.wf.CreateDraft(context.Background(), f.source.ID, 2025, jixiao.AuditEntry{Username: "测试", Role: jixiao.RoleDeptReviewer})
	if err != nil {
		f.t.Fatal(err)
	}
	return d
}

// walk moves project id through the given actions in the store.
func (f *wfFixture) walk(id int64, actions ...jixiao.Action) {
	f.t.Helper()
	for _, a := range actions {
		st, err := f.wf.ProjectStatus(context.Background(), id)
		if err != nil {
			f.t.Fatal(err)
		}
		to, err := jixiao.Transition(st.State, a)
		if err != nil {
			f.t.Fatal(err)
		}
		e := jixiao.AuditEntry{Username: "测试", Action: a, FromState: st.State, ToState: to}
		if _, err := f.wf.SetProjectState(context.Background(), id, e); err != nil {
			f.t.Fatal(err)
		}
	}
}

// projectJSON is GET /projects/{id} of a project, with the version PUT needs.
func (f *wfFixture) projectJSON(id int64, version int64) map[string]any {
	f.t.Helper()
	p, err := f.st.Project(context.Background(), id)
	if err != nil {
		f.t.Fatal(err)
	}
	b, _ := json.Marshal(p)
	var m map[string]any
	json.Unmarshal(b, &m)
	m["version"] = version
	return m
}

var toApprove = map[string][]jixiao.Action{
	"dept":    {jixiao.ActionSubmit},
	"finance": {jixiao.ActionSubmit, jixiao.ActionDeptApprove},
}

// TestAuthorizationMatrix tries every role against every action, in and
// out of scope, through the real API. Each action starts from a fresh
// draft in the state where the action would be allowed, so the status
// shows the authorization alone: 2xx allowed, 403 out of role (or out of
// scope of a published document), 401 a change without a session, 404 a
// draft hidden from the caller, whatever the action (issue 14: a signed-in
// outsider heard 403 for a hidden draft and 404 for a missing id). A
// filer's approve is 403 before any lookup: the role never may, so the
// answer is the same for a missing id.
func TestAuthorizationMatrix(t *testing.T) {
	eachWorkflowStore(t, func(t *testing.T, st wfStore) {
		f := newWFFixture(t, st)
		actions := []string{"read", "history", "edit", "submit", "approve", "return", "publish", "create_draft"}
		want := map[string]string{
			"anonymous": "404 404 404 404 404 404 404 401",
			"filer":     "200 200 200 200 403 403 403 403",
			"filer-out": "404 404 404 404 403 403 404 403",
			"dept":      "200 200 403 403 200 200 403 201",
			"dept-out":  "404 404 404 404 404 404 404 403",
			"finance":   "200 200 403 403 200 200 200 201",
			"admin":     "200 200 403 403 403 403 403 403",
		}
		for who, line := range want {
			exp := strings.Fields(line)
			for i, action := range actions {
				got := f.try(who, action)
				if fmt.Sprint(got) != exp[i] {
					t.Errorf("%s %s: %d, want %s", who, action, got, exp[i])
				}
			}
		}
	})
}

// try performs one cell of the matrix and returns the status.
func (f *wfFixture) try(who, action string) int {
	f.t.Helper()
	token := f.tokens[who]
	d := f.draft()
	p := d.Projects[0] // of the in-scope unit
	switch action {
	case "read":
		s, _ := f.call("GET", fmt.Sprintf("/api/v1/documents/%d/workflow", d.ID), token, nil)
		return s
	case "history":
		s, _ := f.call("GET", fmt.Sprintf("/api/v1/documents/%d/history", d.ID), token, nil)
		return s
	case "edit":
		body := f.projectJSON(p.ID, 1)
		body["goal"] = "修改后的绩效目标"
		s, _ := f.call("PUT", fmt.Sprintf("/api/v1/projects/%d", p.ID), token, body)
		return s
	case "submit":
		s, _ := f.call("POST", fmt.Sprintf("/api/v1/projects/%d/transitions", p.ID), token, map[string]any{"action": "submit"})
		return s
	case "approve", "return":
		pre := toApprove[strings.TrimSuffix(who, "-out")]
		if pre == nil {
			pre = []jixiao.Action{jixiao.ActionSubmit}
		}
		f.walk(p.ID, pre...)
		s, _ := f.call("POST", fmt.Sprintf("/api/v1/projects/%d/transitions", p.ID), token,
			map[string]any{"action": action, "comment": "请细化指标", "indicator_seq": 1})
		return s
	case "publish":
		for _, q := range d.Projects {
			f.walk(q.ID, jixiao.ActionSubmit, jixiao.ActionDeptApprove, jixiao.ActionFinanceApprove)
		}
		s, _ := f.call("POST", fmt.Sprintf("/api/v1/documents/%d/transitions", d.ID), token, map[string]any{"action": "publish"})
		return s
	case "create_draft":
		s, _ := f.call("POST", fmt.Sprintf("/api/v1/documents/%d/drafts", f.source.ID), token, map[string]any{"year": 2026})
		return s
	}
	f.t.Fatalf("unknown action %s", action)
	return 0
}

// TestReadEndpointsHideDrafts: the document endpoints (internal/api's own)
// answer 404 for a draft and leave it out of listings for whoever may not
// see it, and show it to its department's reviewer.
func TestReadEndpointsHideDrafts(t *testing.T) {
	eachWorkflowStore(t, func(t *testing.T, st wfStore) {
		f := newWFFixture(t, st)
		d := f.draft()
		for who, sees := range map[string]bool{"anonymous": false, "filer-out": false, "dept-out": false, "dept": true, "finance": true} {
			tok := f.tokens[who]
			want := 404
			if sees {
				want = 200
			}
			for _, path := range []string{fmt.Sprintf("/api/v1/documents/%d", d.ID), fmt.Sprintf("/api/v1/projects/%d", d.Projects[0].ID)} {
				if s, _ := f.call("GET", path, tok, nil); s != want {
					t.Errorf("%s GET %s: %d, want %d", who, path, s, want)
				}
			}
			_, body := f.call("GET", "/api/v1/documents", tok, nil)
			listed := strings.Contains(string(body), fmt.Sprintf(`"id":%d,`, d.ID))
			if listed != sees {
				t.Errorf("%s: draft listed %v", who, listed)
			}
		}
	})
}
