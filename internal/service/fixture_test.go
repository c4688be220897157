package service_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"jixiao"
	"jixiao/internal/eval"
	"jixiao/internal/postgres"
	"jixiao/internal/postgres/pgtest"
	"jixiao/internal/service"
	"jixiao/internal/sqlite"
)

// eachStore runs f on SQLite always and on PostgreSQL when
// JIXIAO_TEST_POSTGRES names a server (a database of its own per test).
func eachStore(t *testing.T, f func(t *testing.T, c *fixture)) {
	t.Run("sqlite", func(t *testing.T) {
		st, err := sqlite.Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "svc.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		f(t, newFixture(t, st))
	})
	t.Run("postgres", func(t *testing.T) {
		st, err := postgres.Open(context.Background(), pgtest.DSN(t, "jixiao_svc"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		f(t, newFixture(t, st))
	})
}

// fixture is the services over a store holding the Liwan table, published
// (imported by finance), with one account per role: "filer" of the
// table's first unit, "filer-b" of another of its units.
type fixture struct {
	ctx   context.Context
	st    service.Store
	s     *service.Services
	pub   *jixiao.Document
	users map[string]*jixiao.User
}

const liwan = "liwan-hrss-bureau-2024.md"

func newFixture(t *testing.T, st service.Store) *fixture {
	c := &fixture{ctx: context.Background(), st: st, s: service.New(st, eval.Default()), users: map[string]*jixiao.User{}}
	c.user(t, "finance", jixiao.RoleFinanceReviewer, "", "")
	c.user(t, "admin", jixiao.RoleAdmin, "", "")
	pub, err := c.s.Documents.Import(c.ctx, c.users["finance"], file(liwan, sample(t, liwan), 0))
	if err != nil {
		t.Fatal(err)
	}
	c.pub = pub
	c.user(t, "dept", jixiao.RoleDeptReviewer, "", pub.Agency)
	c.user(t, "dept-out", jixiao.RoleDeptReviewer, "", "广州市越秀区教育局")
	c.user(t, "filer", jixiao.RoleFiler, pub.Projects[0].Unit, "")
	c.user(t, "filer-b", jixiao.RoleFiler, c.otherUnit(), "")
	return c
}

func sample(t *testing.T, name string) []byte {
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// user creates an account.
func (c *fixture) user(t *testing.T, name string, r jixiao.Role, unit, dept string) *jixiao.User {
	u := &jixiao.User{Username: name, Role: r, Unit: unit, Department: dept}
	if err := c.st.Workflow().CreateUser(c.ctx, u, "not-a-real-hash", jixiao.Actor(nil)); err != nil {
		t.Fatal(err)
	}
	c.users[name] = u
	return u
}

// otherUnit is a unit of the table other than its first project's.
func (c *fixture) otherUnit() string {
	for _, p := range c.pub.Projects {
		if p.Unit != c.pub.Projects[0].Unit {
			return p.Unit
		}
	}
	panic("the sample has one unit")
}

// draft copies the table into a 2025 draft, as its department's reviewer.
func (c *fixture) draft(t *testing.T) *jixiao.Document {
	d, err := c.s.Targets.CreateDraft(c.ctx, c.users["dept"], c.pub.ID, 2025)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// projectOf returns the first project of doc in unit.
func projectOf(doc *jixiao.Document, unit string) jixiao.Project {
	for _, p := range doc.Projects {
		if p.Unit == unit {
			return p
		}
	}
	panic("no project of " + unit)
}

// is fails the test unless err is of kind (nil: no error).
func is(t *testing.T, what string, err, kind error) {
	t.Helper()
	switch {
	case kind == nil && err != nil:
		t.Errorf("%s: %v", what, err)
	case kind != nil && !errors.Is(err, kind):
		t.Errorf("%s: %v, want %v", what, err, kind)
	case kind != nil && jixiao.ErrorMessage(err) == "":
		t.Errorf("%s: %v has no message for users", what, err)
	}
}

// audited reports whether document id's log has an entry of action by user.
func (c *fixture) audited(t *testing.T, id int64, a jixiao.Action, user string) bool {
	t.Helper()
	es, err := c.st.Workflow().History(c.ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		if e.Action == a && e.Username == user && e.UserID == c.users[user].ID {
			return true
		}
	}
	t.Logf("log of %d: %+v", id, es)
	return false
}

func itoa(n int) string { return strconv.Itoa(n) }

// file is an upload of data as name.
func file(name string, data []byte, year int) func() (service.Upload, error) {
	return func() (service.Upload, error) { return service.Upload{Name: name, Data: data, Year: year}, nil }
}
