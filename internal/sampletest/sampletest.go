// Package sampletest gives tests the two published sample tables kept in the
// module's testdata folder, read by the real reader, so that every package
// tests against the same specification without its own copy of the loading
// code. Only tests import it.
package sampletest

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"jixiao"
	"jixiao/internal/export"
	"jixiao/internal/ingest"
)

// The sample tables in testdata: a unit's table as PDF text and a
// department's as markdown.
const (
	Huadu = "huadu-employment-center-2024.txt"
	Liwan = "liwan-hrss-bureau-2024.md"
)

// Names lists both samples.
var Names = []string{Huadu, Liwan}

// Path is the path of a file under the module's testdata folder, wherever
// the test runs from.
func Path(name string) string {
	_, here, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(here), "..", "..", "testdata", name)
}

// Parse reads a file of testdata with ingest.Parse, failing the test when it
// cannot be read.
func Parse(t testing.TB, name string) *jixiao.Document {
	t.Helper()
	return parseFile(t, Path(name), name)
}

func parseFile(t testing.TB, path, name string) *jixiao.Document {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := ingest.Parse(name, data)
	if err != nil {
		t.Fatalf("parse %s: %v", name, err)
	}
	return doc
}

// FormXiangtan is a real one-project form (湘潭 2023 申报表, one cell a line
// ending in " |"): printed labels that differ from the scheme (满意度 under
// 效益), a 绩效标准 column and no period targets.
const FormXiangtan = "11-xiangtan-sanitation-cells-pipe-tails.txt"

// ParseForm reads one of the collected forms of internal/ingest/testdata/forms.
func ParseForm(t testing.TB, name string) *jixiao.Document {
	t.Helper()
	_, here, _, _ := runtime.Caller(0)
	return parseFile(t, filepath.Join(filepath.Dir(here), "..", "ingest", "testdata", "forms", name), name)
}

// XLSX is doc written as export.WriteXLSX writes it, the workbook that
// internal/sheet reads back.
func XLSX(t testing.TB, doc *jixiao.Document) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := export.WriteXLSX(&buf, doc); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
