package workflowsql_test

import (
	"testing"

	"jixiao/internal/postgres"
	"jixiao/internal/postgres/pgtest"
)

// PostgreSQL joins the engines when JIXIAO_TEST_POSTGRES is set; each test
// gets its own database (jixiao_wf_…, UTF-8 ctype, from template0), dropped
// after. Without the variable the PostgreSQL subtests are skipped with a
// message saying how to run them.
func init() {
	openers = append(openers, struct {
		name string
		open func(t *testing.T) store
	}{"postgres", openPostgres})
}

func openPostgres(t *testing.T) store {
	st, err := postgres.Open(ctx(), pgtest.DSN(t, "jixiao_wf"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}
