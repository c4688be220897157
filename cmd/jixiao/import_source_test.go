package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestImportStoresBaseName: the stored source_name (shown to anonymous
// visitors by the API) is the file's base name, never the server's path;
// the CLI's own messages keep the path the user typed.
func TestImportStoresBaseName(t *testing.T) {
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "import.db")
	path := sample("liwan-hrss-bureau-2024.md")
	out, errs, code := importCLI(t, "--db", dsn, path)
	if code != exitOK {
		t.Fatalf("import: exit %d\n%s%s", code, out, errs)
	}
	if !strings.Contains(out, path) {
		t.Errorf("output does not name %s:\n%s", path, out)
	}
	if d := storeDocs(t, dsn)[0]; d.SourceName != "liwan-hrss-bureau-2024.md" {
		t.Errorf("source_name %q, want the base name", d.SourceName)
	}
}
