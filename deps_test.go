package jixiao_test

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// TestDependencyArrows keeps the architecture visible: the domain model at
// the centre imports no module package, the HTTP layers never reach a storage
// engine, the rules see only the model, and only cmd/jixiao wires engines.
func TestDependencyArrows(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps=false", "-f", "{{.ImportPath}}:{{join .Imports \" \"}}", "./...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	imports := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, deps, _ := strings.Cut(line, ":")
		imports[pkg] = strings.Fields(deps)
	}
	if len(imports) < 10 {
		t.Fatalf("go list found only %d packages", len(imports))
	}
	stores := []string{"jixiao/internal/sqlite", "jixiao/internal/postgres", "jixiao/internal/sqldb",
		"jixiao/internal/workflowsql", "jixiao/internal/evalsql", "jixiao/internal/storetest"}
	engines := append([]string{"modernc.org/sqlite", "github.com/jackc/pgx"}, stores...)
	rules := []struct {
		pkg       string
		forbidden []string
		allowOnly []string // when set, every module import must have one of these prefixes
	}{
		{pkg: "jixiao", allowOnly: []string{"golang.org/x/text"}},
		{pkg: "jixiao/internal/check", allowOnly: []string{"jixiao", "golang.org/x/text"}, forbidden: []string{"jixiao/internal", "jixiao/cmd"}},
		{pkg: "jixiao/internal/pdf", allowOnly: []string{"github.com/pdfcpu/pdfcpu", "golang.org/x/text"}},
		{pkg: "jixiao/internal/web", forbidden: engines},
		{pkg: "jixiao/internal/api", forbidden: engines},
		{pkg: "jixiao/internal/server", forbidden: engines},
		{pkg: "jixiao/internal/importer", forbidden: engines},
		{pkg: "jixiao/internal/service", forbidden: append([]string{"jixiao/internal/api", "jixiao/internal/web", "jixiao/internal/server"}, engines...)},
	}
	for _, r := range rules {
		deps, ok := imports[r.pkg]
		if !ok {
			t.Errorf("package %s not found", r.pkg)
			continue
		}
		for _, d := range deps {
			if !strings.Contains(strings.Split(d, "/")[0], ".") && d != "jixiao" && !strings.HasPrefix(d, "jixiao/") {
				continue // standard library
			}
			for _, f := range r.forbidden {
				if d == f || strings.HasPrefix(d, f+"/") {
					t.Errorf("%s imports %s", r.pkg, d)
				}
			}
			if r.allowOnly != nil && !hasAnyPrefix(d, r.allowOnly) {
				t.Errorf("%s may import only %v besides the standard library, but imports %s", r.pkg, r.allowOnly, d)
			}
		}
	}
	// The doors translate; the commands are the services'.
	for _, door := range []string{"jixiao/internal/api", "jixiao/internal/web"} {
		if !slices.Contains(imports[door], "jixiao/internal/service") {
			t.Errorf("%s does not call internal/service", door)
		}
	}
	// Only cmd/jixiao wires: no package but the stores themselves and the
	// command imports a store package.
	for pkg, deps := range imports {
		if pkg == "jixiao/cmd/jixiao" || hasAnyPrefix(pkg, stores) {
			continue
		}
		for _, d := range deps {
			if hasAnyPrefix(d, stores) {
				t.Errorf("%s imports the store package %s: only cmd/jixiao wires", pkg, d)
			}
		}
	}
	for pkg, deps := range imports {
		for _, d := range deps {
			if d == "jixiao/cmd/jixiao" {
				t.Errorf("%s imports the command", pkg)
			}
		}
	}
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if s == p || strings.HasPrefix(s, p+"/") {
			return true
		}
	}
	return false
}
