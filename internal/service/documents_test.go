package service_test

import (
	"testing"

	"jixiao"
)

// TestImportAndDeleteNameThePerson (bug c): imports and deletions made
// through the API or the 导入 page were logged as 系统 (user 0); the
// services log the user who acts.
func TestImportAndDeleteNameThePerson(t *testing.T) {
	eachStore(t, func(t *testing.T, c *fixture) {
		if !c.audited(t, c.pub.ID, jixiao.ActionImport, "finance") {
			t.Error("the import is not logged as finance's")
		}
		is(t, "admin deletes", c.s.Documents.Delete(c.ctx, c.users["admin"], c.pub.ID), nil)
		if !c.audited(t, c.pub.ID, jixiao.ActionDeleteDocument, "admin") {
			t.Error("the deletion is not logged as admin's")
		}
	})
}

func TestImport(t *testing.T) {
	eachStore(t, func(t *testing.T, c *fixture) {
		data := sample(t, "huadu-employment-center-2024.txt")
		for who, kind := range map[string]error{"": jixiao.ErrUnauthenticated, "filer": jixiao.ErrForbidden,
			"dept-out": jixiao.ErrForbidden} {
			_, err := c.s.Documents.Import(c.ctx, c.users[who], file("huadu.txt", data, 0))
			is(t, who+" imports", err, kind)
		}
		_, err := c.s.Documents.Import(c.ctx, c.users["admin"], file(liwan, sample(t, liwan), 0))
		is(t, "the same file again", err, jixiao.ErrDuplicate)
		d, err := c.s.Documents.Import(c.ctx, c.users["admin"], file("huadu.txt", data, 2025))
		is(t, "admin imports", err, nil)
		if err == nil && d.Year != 2025 {
			t.Errorf("year %d, want 2025", d.Year)
		}
	})
}

func TestDelete(t *testing.T) {
	eachStore(t, func(t *testing.T, c *fixture) {
		draft := c.draft(t)
		for _, k := range []struct {
			who  string
			id   int64
			kind error
		}{{"", c.pub.ID, jixiao.ErrUnauthenticated}, {"finance", c.pub.ID, jixiao.ErrForbidden},
			{"filer-b", c.pub.ID, jixiao.ErrForbidden}, {"dept-out", draft.ID, jixiao.ErrNotFound},
			{"admin", 99999, jixiao.ErrNotFound}, {"admin", draft.ID, nil}} {
			is(t, k.who+" deletes", c.s.Documents.Delete(c.ctx, c.users[k.who], k.id), k.kind)
		}
	})
}
