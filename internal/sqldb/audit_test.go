package sqldb_test

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"jixiao"
)

// TestAuditLogHasNoWritePathButInsert scans the Go and SQL sources of every
// store package for a statement that would change or remove audit entries.
// Only the migrations' trigger definitions may name UPDATE/DELETE next to
// audit_log (they refuse both).
func TestAuditLogHasNoWritePathButInsert(t *testing.T) {
	bad := regexp.MustCompile(`(?is)(UPDATE\s+audit_log|DELETE\s+FROM\s+audit_log|TRUNCATE\s+(TABLE\s+)?audit_log|DROP\s+TABLE\s+(IF\s+EXISTS\s+)?audit_log|ALTER\s+TABLE\s+audit_log\s+(DROP|RENAME|ALTER|DISABLE))`)
	trigger := regexp.MustCompile(`(?is)CREATE\s+TRIGGER.*?(END;|EXECUTE\s+FUNCTION\s+\w+\(\);)`)
	var scanned int
	for _, dir := range []string{".", "../sqlite", "../postgres", "../sqlite/migrations", "../postgres/migrations"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*"))
		for _, f := range files {
			if !strings.HasSuffix(f, ".go") && !strings.HasSuffix(f, ".sql") || strings.HasSuffix(f, "_test.go") {
				continue
			}
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			src := trigger.ReplaceAllString(string(b), "")
			if m := bad.FindString(src); m != "" {
				t.Errorf("%s: %q changes the append-only audit log", f, m)
			}
			scanned++
		}
	}
	if scanned < 5 {
		t.Fatalf("scanned only %d files: wrong working directory?", scanned)
	}
	// The interface offers reading the log (History, and AccountHistory
	// for the account actions) and nothing else on it.
	wt := reflect.TypeOf((*jixiao.WorkflowStore)(nil)).Elem()
	for i := 0; i < wt.NumMethod(); i++ {
		n := wt.Method(i).Name
		if n == "History" || n == "AccountHistory" {
			continue
		}
		if strings.Contains(n, "Audit") || strings.Contains(n, "History") {
			t.Errorf("WorkflowStore.%s touches the audit log", n)
		}
	}
}

// TestAuditLogTriggersRefuseChanges: even a statement written by hand
// against the database cannot change or remove an entry.
func TestAuditLogTriggersRefuseChanges(t *testing.T) {
	forEachStore(t, func(t *testing.T, st store) {
		wf := st.Workflow()
		u := user(t, wf, "审核员", jixiao.RoleDeptReviewer, "", "广州市乙人力资源和社会保障局")
		d := draft(t, st, u)
		db := dbOf(t, st)
		for _, q := range []string{
			`UPDATE audit_log SET comment = 'x' WHERE document_id = $1`,
			`DELETE FROM audit_log WHERE document_id = $1`,
		} {
			if _, err := db.ExecContext(ctx(), q, d.ID); err == nil || !strings.Contains(err.Error(), "append-only") {
				t.Errorf("%s: %v", q, err)
			}
		}
		h, _ := wf.History(ctx(), d.ID)
		if len(h) != 1 || h[0].Comment == "x" {
			t.Errorf("history after the attempts: %+v", h)
		}
		// Deleting the document keeps its history and adds the deletion.
		if err := st.DeleteDocument(ctx(), d.ID, jixiao.Actor(nil)); err != nil {
			t.Fatal(err)
		}
		if h, _ := wf.History(ctx(), d.ID); len(h) != 2 || h[1].Action != jixiao.ActionDeleteDocument {
			t.Errorf("history of a deleted document: %+v", h)
		}
	})
}
