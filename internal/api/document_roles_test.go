package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"jixiao/internal/service"
	"net/http"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/importer"
)

// documentCount is how many documents the store holds.
func documentCount(t *testing.T, st service.Store) int {
	t.Helper()
	ds, err := st.Documents(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return len(ds)
}

// TestDocumentChangesByRole uploads and deletes a document as each role
// through the API. jixiao.Authorize lets the department and finance
// reviewers and the administrator import and only the administrator
// delete (ActionDeleteDocument). Since issue 14 a department reviewer
// imports only their own department's tables (jixiao.CheckImport: the
// Huadu table is refused to both reviewers, naming both departments),
// while the finance reviewer and the administrator import it as
// published. A refusal stores or deletes nothing.
func TestDocumentChangesByRole(t *testing.T) {
	eachWorkflowStore(t, func(t *testing.T, st wfStore) {
		f := newWFFixture(t, st)
		const sample = "huadu-employment-center-2024.txt"
		data := readSample(t, sample)
		as := func(who string) *client { return &client{t: t, base: f.base, token: f.tokens[who]} }

		upload := map[string]int{"anonymous": 401, "filer": 403, "filer-out": 403,
			"dept": 403, "dept-out": 403, "finance": 201, "admin": 201}
		for _, who := range []string{"anonymous", "filer", "filer-out", "dept", "dept-out", "finance", "admin"} {
			before := documentCount(t, st)
			a := as(who).upload(sample, data)
			switch want := upload[who]; want {
			case 201:
				var d document
				a.decode(t, &d)
				if a.status != 201 || d.ID == 0 {
					t.Fatalf("%s upload: %d %s", who, a.status, a.body)
				}
				if ds, err := st.Workflow().DocumentStatus(context.Background(), d.ID); err != nil || ds.State != jixiao.DocPublished {
					t.Errorf("%s upload: document %d %+v %v, want stored and published", who, d.ID, ds, err)
				}
				// Remove it so the next role's upload is not a duplicate.
				if err := st.DeleteDocument(context.Background(), d.ID, jixiao.Actor(nil)); err != nil {
					t.Fatal(err)
				}
			default:
				e := a.wantError(t, want, map[int]string{401: "unauthorized", 403: "forbidden"}[want])
				if strings.HasPrefix(who, "dept") && (!strings.Contains(e.Error.Message, f.users[who].Department) ||
					!strings.Contains(e.Error.Message, "广州市花都区劳动就业服务管理中心")) {
					t.Errorf("%s: %q does not name both departments", who, e.Error.Message)
				}
				if n := documentCount(t, st); n != before {
					t.Errorf("%s upload refused with %d but the store went from %d to %d documents", who, a.status, before, n)
				}
			}
		}

		target, err := importer.Import(context.Background(), st, sample, data, importer.Options{})
		if err != nil {
			t.Fatal(err)
		}
		path := fmt.Sprintf("/api/v1/documents/%d", target.ID)
		deleteRefusal := map[string]int{"anonymous": 401, "filer": 403, "filer-out": 403,
			"dept": 403, "dept-out": 403, "finance": 403}
		for _, who := range []string{"anonymous", "filer", "filer-out", "dept", "dept-out", "finance"} {
			want := deleteRefusal[who]
			as(who).delete(path).wantError(t, want, map[int]string{401: "unauthorized", 403: "forbidden"}[want])
			if _, err := st.Document(context.Background(), target.ID); err != nil {
				t.Errorf("%s delete refused but document %d is gone: %v", who, target.ID, err)
			}
		}
		if a := as("admin").delete(path); a.status != http.StatusNoContent {
			t.Fatalf("admin delete: %d %s", a.status, a.body)
		}
		if _, err := st.Document(context.Background(), target.ID); !errors.Is(err, jixiao.ErrNotFound) {
			t.Errorf("after the admin's delete, reading document %d: %v, want not found", target.ID, err)
		}
	})
}

// TestChangePassword calls POST /session/password as the code answers it:
// 401 without a session, 403 for a wrong old password, 400 for a new one
// under auth.MinPasswordRunes characters, and 200 with a new session,
// after which only the new password logs in and the old session is over.
func TestChangePassword(t *testing.T) {
	eachWorkflowStore(t, func(t *testing.T, st wfStore) {
		f := newWFFixture(t, st)
		const newPassword = "换过之后的新密码也够长的了"
		path := "/api/v1/session/password"
		body := func(old, new string) map[string]string {
			return map[string]string{"old_password": old, "new_password": new}
		}
		wantCode := func(status int, raw []byte, wantStatus int, code string) {
			t.Helper()
			var e apiError
			json.Unmarshal(raw, &e)
			if status != wantStatus || e.Error.Code != code {
				t.Errorf("status %d code %q, want %d %q: %s", status, e.Error.Code, wantStatus, code, raw)
			}
		}
		tok := f.tokens["filer"]
		s, raw := f.call("POST", path, "", body(testPassword, newPassword))
		wantCode(s, raw, 401, "unauthorized")
		s, raw = f.call("POST", path, tok, body("不是原来的密码啊", newPassword))
		wantCode(s, raw, 403, "forbidden")
		s, raw = f.call("POST", path, tok, body(testPassword, "短密码"))
		wantCode(s, raw, 400, "invalid")
		// Refusals leave the password as it was.
		login := func(pw string) int {
			s, _ := f.call("POST", "/api/v1/session", "", map[string]string{"username": f.users["filer"].Username, "password": pw})
			return s
		}
		if s := login(testPassword); s != 200 {
			t.Fatalf("old password after refused changes: %d", s)
		}

		s, raw = f.call("POST", path, tok, body(testPassword, newPassword))
		var ans struct {
			Token string
			User  struct{ Username string }
		}
		json.Unmarshal(raw, &ans)
		if s != 200 || ans.Token == "" || ans.Token == tok || ans.User.Username != f.users["filer"].Username {
			t.Fatalf("change: %d %s", s, raw)
		}
		if s := login(testPassword); s != 401 {
			t.Errorf("old password after the change: %d, want 401", s)
		}
		if s := login(newPassword); s != 200 {
			t.Errorf("new password after the change: %d, want 200", s)
		}
		// The old session ended: it can no longer change anything.
		s, raw = f.call("POST", path, tok, body(newPassword, testPassword))
		wantCode(s, raw, 401, "unauthorized")
		// The new one can.
		s, raw = f.call("POST", path, ans.Token, body(newPassword, "再换回一个足够长的密码啊"))
		if s != 200 {
			t.Errorf("change with the new session: %d %s", s, raw)
		}
	})
}

// TestReviewerImportIsADraftUnderReview: a department reviewer's import of
// their own department's table was public at once (anonymous search showed
// it); now it lands as a draft whose projects wait for the finance bureau,
// hidden from visitors and from other departments, and the audit log names
// the reviewer, on both engines.
func TestReviewerImportIsADraftUnderReview(t *testing.T) {
	eachWorkflowStore(t, func(t *testing.T, st wfStore) {
		f := newWFFixture(t, st)
		// The Liwan table with one goal reworded: the same department,
		// another table (the same content would be a duplicate).
		data := bytes.Replace(readSample(t, "liwan-hrss-bureau-2024.md"), []byte("。"), []byte("；"), 1)
		a := (&client{t: t, base: f.base, token: f.tokens["dept"]}).upload("荔湾2024.md", data)
		var d document
		a.decode(t, &d)
		if a.status != 201 || d.ID == 0 {
			t.Fatalf("dept upload: %d %s", a.status, a.body)
		}
		ds, err := f.wf.DocumentStatus(t.Context(), d.ID)
		if err != nil || ds.State != jixiao.DocDraft {
			t.Fatalf("imported document %+v %v, want a draft", ds, err)
		}
		for _, p := range ds.Projects {
			if p.State != jixiao.ImportReviewState || p.Version != 1 {
				t.Errorf("project %+v, want %s at version 1", p, jixiao.ImportReviewState)
			}
		}
		path := fmt.Sprintf("/api/v1/documents/%d", d.ID)
		for _, who := range []string{"anonymous", "dept-out", "filer-out"} {
			if s, b := f.call("GET", path, f.tokens[who], nil); s != 404 {
				t.Errorf("%s reads the imported draft: %d %.200s", who, s, b)
			}
		}
		for _, who := range []string{"dept", "finance"} {
			if s, b := f.call("GET", path, f.tokens[who], nil); s != 200 {
				t.Errorf("%s cannot read the imported draft: %d %.200s", who, s, b)
			}
		}
		h, err := f.wf.History(t.Context(), d.ID)
		if err != nil || len(h) != 1 || h[0].Action != jixiao.ActionImport || h[0].Username != f.users["dept"].Username ||
			h[0].UserID != f.users["dept"].ID {
			t.Errorf("history %+v %v, want one import entry by %s", h, err, f.users["dept"].Username)
		}
		// The finance bureau approves every project and publishes.
		for _, p := range ds.Projects {
			if s, b := f.call("POST", fmt.Sprintf("/api/v1/projects/%d/transitions", p.ProjectID), f.tokens["finance"],
				map[string]any{"action": "approve"}); s != 200 {
				t.Fatalf("finance approves: %d %s", s, b)
			}
		}
		if s, b := f.call("POST", path+"/transitions", f.tokens["finance"], map[string]any{"action": "publish"}); s != 200 {
			t.Fatalf("publish: %d %s", s, b)
		}
		if s, _ := f.call("GET", path, "", nil); s != 200 {
			t.Errorf("after publication a visitor reads: %d", s)
		}
	})
}

// TestPublishedImportNamesTheImporter: an import by the finance reviewer
// is published, and its audit entry names the reviewer (it said 系统,
// since the API did not hand the user to the store), on both engines.
func TestPublishedImportNamesTheImporter(t *testing.T) {
	eachWorkflowStore(t, func(t *testing.T, st wfStore) {
		f := newWFFixture(t, st)
		a := (&client{t: t, base: f.base, token: f.tokens["finance"]}).upload("huadu.txt", readSample(t, "huadu-employment-center-2024.txt"))
		var d document
		a.decode(t, &d)
		if a.status != 201 {
			t.Fatalf("finance upload: %d %s", a.status, a.body)
		}
		h, err := f.wf.History(t.Context(), d.ID)
		if err != nil || len(h) != 1 || h[0].Username != f.users["finance"].Username {
			t.Errorf("history %+v %v, want the import by %s", h, err, f.users["finance"].Username)
		}
	})
}
