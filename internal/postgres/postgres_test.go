package postgres

import (
	"context"
	"errors"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/postgres/pgtest"
	"jixiao/internal/storetest"
)

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) jixiao.Store {
		st, err := Open(context.Background(), pgtest.DSN(t, "jixiao_st"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	})
}

// A database whose LC_CTYPE is C would make Chinese search find nothing:
// Open refuses it with a message saying how to create one right, and
// creates no table in it.
func TestRefusesCLocale(t *testing.T) {
	admin, server := pgtest.Admin(t)
	ctx := context.Background()
	name := "jixiao_st_cctype"
	admin.ExecContext(ctx, `DROP DATABASE IF EXISTS `+name)
	if _, err := admin.ExecContext(ctx, `CREATE DATABASE `+name+` ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0`); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.ExecContext(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`) })
	st, err := Open(ctx, pgtest.WithDatabase(t, server, name))
	if err == nil {
		st.Close()
		t.Fatal("Open accepted a database with LC_CTYPE C")
	}
	msg := err.Error()
	for _, want := range []string{"LC_CTYPE", "中文", "TEMPLATE template0", "C.UTF-8"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q does not mention %q", msg, want)
		}
	}
	if !errors.Is(err, jixiao.ErrInvalid) {
		t.Errorf("error %v is not ErrInvalid", err)
	}
}

// Two stores opening one new database at once both end up migrated once.
func TestConcurrentMigrate(t *testing.T) {
	dsn := pgtest.DSN(t, "jixiao_st")
	errs := make(chan error, 3)
	for range 3 {
		go func() {
			st, err := Open(context.Background(), dsn)
			if err == nil {
				st.Close()
			}
			errs <- err
		}()
	}
	for range 3 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
}

func TestOtherWriters(t *testing.T) {
	st, err := Open(context.Background(), pgtest.DSN(t, "jixiao_st"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	storetest.OtherWriters(t, st, st.DB)
}
