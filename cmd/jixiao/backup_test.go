package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBackupRestore backs up a store holding Huadu, imports Liwan, restores
// the backup and finds Huadu alone again; and the refusals.
func TestBackupRestore(t *testing.T) {
	dir := t.TempDir()
	db, backup := filepath.Join(dir, "jixiao.db"), filepath.Join(dir, "backup.db")
	if _, errs, code := runCLI(t, "import", "--db", db, sample("huadu-employment-center-2024.txt")); code != exitOK {
		t.Fatal(errs)
	}
	if out, errs, code := runCLI(t, "backup", "--db", db, "-o", backup); code != exitOK || !strings.Contains(out, "已备份") {
		t.Fatalf("backup: %d %q %q", code, out, errs)
	}
	if _, errs, code := runCLI(t, "import", "--db", db, sample("liwan-hrss-bureau-2024.md")); code == exitBadInput {
		t.Fatalf("import Liwan: %d %s", code, errs)
	}
	if out, errs, code := runCLI(t, "restore", "--db", db, "--replace", backup); code != exitOK || !strings.Contains(out, "已用") {
		t.Fatalf("restore: %d %q %q", code, out, errs)
	}
	if docs := storeDocs(t, "sqlite:"+db); len(docs) != 1 || !strings.Contains(docs[0].Agency, "花都") {
		t.Errorf("after restore: %+v, want Huadu alone", docs)
	}
	notDB := filepath.Join(dir, "notes.txt")
	os.WriteFile(notDB, []byte("不是数据库"), 0o644)
	for _, c := range []struct {
		args []string
		says string
	}{
		{[]string{"backup", "--db", db, "-o", backup}, "已存在"},
		{[]string{"backup", "--db", filepath.Join(dir, "typo.db"), "-o", filepath.Join(dir, "x.db")}, "不存在"},
		{[]string{"backup", "--db", "postgres://u@h/jixiao", "-o", "x"}, "pg_dump"},
		{[]string{"restore", "--db", db, backup}, "--replace"},
		{[]string{"restore", "--db", db, "--replace", notDB}, "notes.txt"},
		{[]string{"restore", "--db", db, "--replace", filepath.Join(dir, "none.db")}, "备份文件"},
	} {
		_, errs, code := runCLI(t, c.args...)
		if code != exitBadInput || !strings.Contains(errs, c.says) {
			t.Errorf("%v: %d %q, want 2 and %q", c.args, code, errs, c.says)
		}
	}
	if docs := storeDocs(t, "sqlite:"+db); len(docs) != 1 {
		t.Errorf("a refused restore changed the store: %d documents", len(docs))
	}
}
