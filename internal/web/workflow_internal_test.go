package web

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"jixiao"
	"jixiao/internal/auth"
	"jixiao/internal/eval"
	"jixiao/internal/importer"
	"jixiao/internal/service"
	"jixiao/internal/sqlite"
)

// TestDraftVisibilityHelpers: the view of the store the pages read through
// and its listing answer as the policy says for a visitor, an outsider
// and the department's reviewer.
func TestDraftVisibilityHelpers(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "v.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "liwan-hrss-bureau-2024.md"))
	if err != nil {
		t.Fatal(err)
	}
	src, err := importer.Import(ctx, st, "liwan.md", data, importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	wf := st.Workflow()
	d, err := wf.CreateDraft(ctx, src.ID, 2025, jixiao.AuditEntry{Username: "t"})
	if err != nil {
		t.Fatal(err)
	}
	s := &site{svc: service.New(st, eval.Default()), auth: auth.NewManager(st.Workflow())}
	hash, _ := auth.HashPassword("足够长的测试密码")
	tokens := map[string]string{"": ""}
	for name, u := range map[string]*jixiao.User{
		"dept":  {Username: "dept", Role: jixiao.RoleDeptReviewer, Department: src.Agency},
		"other": {Username: "other", Role: jixiao.RoleDeptReviewer, Department: "教育局"},
	} {
		if err := wf.CreateUser(ctx, u, hash, jixiao.Actor(nil)); err != nil {
			t.Fatal(err)
		}
		m := auth.NewManager(wf)
		tokens[name], _, err = m.Login(ctx, u.Username, "足够长的测试密码", "127.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
	}
	for who, sees := range map[string]bool{"": false, "other": false, "dept": true} {
		r := httptest.NewRequest("GET", "/documents/1", nil)
		if tokens[who] != "" {
			r.AddCookie(&http.Cookie{Name: auth.CookieName, Value: tokens[who]})
		}
		rd, err := s.reader(r)
		if err != nil {
			t.Fatal(err)
		}
		_, err = rd.Document(ctx, d.ID)
		if sees != (err == nil) || !sees && !errors.Is(err, jixiao.ErrNotFound) {
			t.Errorf("%q reads the draft: %v", who, err)
		}
		if _, err := rd.Document(ctx, src.ID); err != nil {
			t.Errorf("%q reads the published table: %v", who, err)
		}
		docs, err := rd.Documents(ctx)
		if err != nil || len(docs) != map[bool]int{true: 2, false: 1}[sees] {
			t.Errorf("%q lists %d documents (%v)", who, len(docs), err)
		}
	}
}
