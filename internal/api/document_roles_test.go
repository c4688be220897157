package api_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"testing"

	"jixiao"
	"jixiao/internal/importer"
)

// documentCount is how many documents the store holds.
func documentCount(t *testing.T, st jixiao.Store) int {
	t.Helper()
	ds, err := st.Documents(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return len(ds)
}

// TestDocumentChangesByRole uploads and deletes a document as each role
// through the API. jixiao.Authorize lets the department and finance
// reviewers and the administrator import (ActionImport, not scoped to a
// department, so the out-of-department reviewer may too) and only the
// administrator delete (ActionDeleteDocument). A refusal stores or deletes
// nothing.
func TestDocumentChangesByRole(t *testing.T) {
	eachWorkflowStore(t, func(t *testing.T, st wfStore) {
		f := newWFFixture(t, st)
		const sample = "huadu-employment-center-2024.txt"
		data := readSample(t, sample)
		as := func(who string) *client { return &client{t: t, base: f.base, token: f.tokens[who]} }

		upload := map[string]int{"anonymous": 401, "filer": 403, "filer-out": 403,
			"dept": 201, "dept-out": 201, "finance": 201, "admin": 201}
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
				if _, err := st.Document(context.Background(), d.ID); err != nil {
					t.Errorf("%s upload: document %d not stored: %v", who, d.ID, err)
				}
				// Remove it so the next role's upload is not a duplicate.
				if err := st.DeleteDocument(context.Background(), d.ID); err != nil {
					t.Fatal(err)
				}
			default:
				a.wantError(t, want, map[int]string{401: "unauthorized", 403: "forbidden"}[want])
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
