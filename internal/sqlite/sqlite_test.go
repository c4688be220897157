package sqlite

import (
	"context"
	"io/fs"
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"

	"jixiao"
	"jixiao/internal/storetest"
)

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) jixiao.Store {
		st, err := Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "test.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	})
}

func TestStoreInMemory(t *testing.T) {
	storetest.Run(t, func(t *testing.T) jixiao.Store {
		st, err := Open(context.Background(), "sqlite::memory:")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	})
}

func TestOtherWriters(t *testing.T) {
	st, err := Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	storetest.OtherWriters(t, st, st.DB)
}

// Migration 0100 rebuilds the sessions table: a database made before it
// keeps its sessions, and a session without a token is refused after.
func TestSessionsKeptByRebuild(t *testing.T) {
	ctx := context.Background()
	st, err := Connect(ctx, "sqlite:"+filepath.Join(t.TempDir(), "old.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	migrateBefore(t, st, "0100")
	u := &jixiao.User{Username: "管理员", Role: jixiao.RoleAdmin}
	if err := st.CreateUser(ctx, u, "hash", jixiao.Actor(nil)); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	se := jixiao.Session{TokenHash: "abc", UserID: u.ID, CreatedAt: now, LastSeen: now, ExpiresAt: now.Add(time.Hour)}
	if err := st.CreateSession(ctx, se); err != nil {
		t.Fatal(err)
	}
	if names, err := st.MigrateReport(ctx); err != nil || len(names) == 0 || names[0] != "0100_session_token_not_null.sql" {
		t.Fatalf("migrations applied: %v %v", names, err)
	}
	if got, err := st.Session(ctx, "abc"); err != nil || got.UserID != u.ID {
		t.Errorf("session after the rebuild: %+v %v", got, err)
	}
	if _, err := st.DB.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, last_seen, expires_at)
		VALUES (NULL, $1, '', '', '')`, u.ID); err == nil {
		t.Error("a session without a token was stored")
	}
}

// TestWorkflowKeptByRebuild: migration 0130 rebuilds project_workflow (to
// let its state CHECK take 不予安排). A store with a draft in review before
// it keeps every project's state and version after it, takes the new
// state, and its data generation still moves on a change (the rebuilt
// table's triggers).
func TestWorkflowKeptByRebuild(t *testing.T) {
	ctx := context.Background()
	st, err := Connect(ctx, "sqlite:"+filepath.Join(t.TempDir(), "old.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	migrateBefore(t, st, "0130")
	// Today's code saves a document with the columns later migrations add
	// (0160: indicators.accrual; 0220: the unread cells): those alone are
	// applied first.
	migrateOnly(t, st, "0160_monitoring.sql", "0220_unread_cells.sql")
	doc := storetest.NewDocument("迁", 3, 2)
	if err := st.SaveDocument(ctx, doc, jixiao.Actor(nil)); err != nil {
		t.Fatal(err)
	}
	by := jixiao.AuditEntry{Username: "审核", Role: jixiao.RoleDeptReviewer}
	// A draft of the same year: one for a later year also links its
	// projects to the source, in project_links (migration 0180), which a
	// store migrated only before 0130 does not have.
	d, err := st.CreateDraft(ctx, doc.ID, doc.Year, by)
	if err != nil {
		t.Fatal(err)
	}
	submit := jixiao.AuditEntry{Username: "填报", Role: jixiao.RoleFiler, Action: jixiao.ActionSubmit, ToState: jixiao.StateSubmitted, FromState: jixiao.StateDraft}
	if _, err := st.SetProjectState(ctx, d.Projects[1].ID, submit); err != nil {
		t.Fatal(err)
	}
	was, err := st.DocumentStatus(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if names, err := st.MigrateReport(ctx); err != nil || len(names) == 0 || names[0] != "0130_reviews.sql" {
		t.Fatalf("migrations applied: %v %v", names, err)
	}
	now, err := st.DocumentStatus(ctx, d.ID)
	if err != nil || len(now.Projects) != len(was.Projects) {
		t.Fatalf("after the rebuild: %+v %v", now, err)
	}
	for i, p := range now.Projects {
		if p.State != was.Projects[i].State || p.Version != was.Projects[i].Version {
			t.Errorf("project %d: %s v%d after the rebuild, was %s v%d", p.ProjectID, p.State, p.Version, was.Projects[i].State, was.Projects[i].Version)
		}
	}
	if now.Projects[1].State != jixiao.StateSubmitted {
		t.Errorf("the submitted project is %s", now.Projects[1].State)
	}
	gen, _ := st.DataGeneration(ctx)
	back := jixiao.AuditEntry{Username: "审核", Role: jixiao.RoleDeptReviewer, Action: jixiao.ActionDeptReject,
		FromState: jixiao.StateSubmitted, ToState: jixiao.StateRejected, Comment: "不予安排"}
	if _, err := st.SetProjectState(ctx, d.Projects[1].ID, back); err != nil {
		t.Errorf("不予安排 after the rebuild: %v", err)
	}
	if after, _ := st.DataGeneration(ctx); after == gen {
		t.Error("the data generation did not move on a state change after the rebuild")
	}
}

// migrateBefore applies the migrations numbered below first, as a store
// made by an older jixiao has them.
func migrateBefore(t *testing.T, st *Store, first string) {
	t.Helper()
	entries, _ := fs.ReadDir(migrations, "migrations")
	before := fstest.MapFS{}
	for _, e := range entries {
		if e.Name() < first {
			b, _ := fs.ReadFile(migrations, "migrations/"+e.Name())
			before["migrations/"+e.Name()] = &fstest.MapFile{Data: b}
		}
	}
	if _, err := st.MigrateDir(context.Background(), before, "migrations", ""); err != nil {
		t.Fatal(err)
	}
}

// migrateOnly applies the named migrations of this package to st.
func migrateOnly(t *testing.T, st *Store, names ...string) {
	t.Helper()
	only := fstest.MapFS{}
	for _, n := range names {
		b, err := fs.ReadFile(migrations, "migrations/"+n)
		if err != nil {
			t.Fatal(err)
		}
		only["migrations/"+n] = &fstest.MapFile{Data: b}
	}
	if _, err := st.MigrateDir(context.Background(), only, "migrations", ""); err != nil {
		t.Fatal(err)
	}
}
