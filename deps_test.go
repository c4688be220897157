package jixiao_test

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// TestDependencyArrows keeps the architecture visible: the domain model at
// the centre imports no module package, the HTTP layers never reach a storage
// engine, the rules see only the model, the spreadsheet layer sees none of
// its users and alone decodes text, the SQL store sees only the model (the
// acting user is passed in, no driver is named), each engine sees only the
// model, the SQL store and its own driver, and only cmd/jixiao wires
// engines.
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
	const textEncodings = "golang.org/x/text/encoding"
	stores := []string{"jixiao/internal/sqlite", "jixiao/internal/postgres", "jixiao/internal/sqldb", "jixiao/internal/storetest"}
	engines := append([]string{"modernc.org/sqlite", "github.com/jackc/pgx"}, stores[:3]...)
	rules := []struct {
		pkg       string
		forbidden []string
		allowOnly []string // when set, every module import must have one of these prefixes
		except    []string // imports allowed although forbidden names their prefix
	}{
		{pkg: "jixiao", allowOnly: []string{"golang.org/x/text"}},
		{pkg: "jixiao/internal/check", allowOnly: []string{"jixiao", "golang.org/x/text"}, forbidden: []string{"jixiao/internal", "jixiao/cmd"}},
		{pkg: "jixiao/internal/pdf", allowOnly: []string{"github.com/pdfcpu/pdfcpu", "golang.org/x/text"}},
		{pkg: "jixiao/internal/history", allowOnly: []string{"jixiao"}, forbidden: []string{"jixiao/internal", "jixiao/cmd"}},
		{pkg: "jixiao/internal/web", forbidden: engines},
		{pkg: "jixiao/internal/api", forbidden: engines},
		{pkg: "jixiao/internal/server", forbidden: engines},
		{pkg: "jixiao/internal/importer", forbidden: engines},
		// internal/sheet is the spreadsheet and text-decoding layer that the
		// readers build on; what to write out is export's, on top of it.
		{pkg: "jixiao/internal/sheet", forbidden: []string{"jixiao/internal/export", "jixiao/internal/ingest", "jixiao/internal/eval"}},
		// Text is decoded in one place, sheet.Decode (the PDF fonts' GBK
		// codes in internal/pdf are another matter).
		{pkg: "jixiao/internal/ingest", forbidden: []string{textEncodings}},
		{pkg: "jixiao/internal/eval", forbidden: []string{textEncodings}},
		{pkg: "jixiao/internal/export", forbidden: []string{textEncodings}},
		{pkg: "jixiao/internal/web", forbidden: []string{textEncodings}},
		{pkg: "jixiao/internal/api", forbidden: []string{textEncodings}},
		{pkg: "jixiao/internal/auth", forbidden: engines},
		{pkg: "jixiao/internal/demo", forbidden: engines},
		{pkg: "jixiao/internal/sqldb", allowOnly: []string{"jixiao"}, forbidden: []string{"jixiao/internal", "jixiao/cmd"}},
		{pkg: "jixiao/internal/sqlite", allowOnly: []string{"jixiao", "modernc.org/sqlite"},
			forbidden: []string{"jixiao/internal", "jixiao/cmd"}, except: []string{"jixiao/internal/sqldb"}},
		{pkg: "jixiao/internal/postgres", allowOnly: []string{"jixiao", "github.com/jackc/pgx"},
			forbidden: []string{"jixiao/internal", "jixiao/cmd"}, except: []string{"jixiao/internal/sqldb"}},
		{pkg: "jixiao/internal/service", forbidden: append([]string{"jixiao/internal/api", "jixiao/internal/web", "jixiao/internal/server", "jixiao/internal/storetest"}, engines...)},
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
				if (d == f || strings.HasPrefix(d, f+"/")) && !hasAnyPrefix(d, r.except) {
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
	// command imports a store package. The measurement commands under
	// scripts/ (BENCHMARKS.md) are programs too and open the store they
	// measure; nothing imports them.
	for pkg, deps := range imports {
		if pkg == "jixiao/cmd/jixiao" || hasAnyPrefix(pkg, stores) || strings.HasPrefix(pkg, "jixiao/scripts/") {
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
