package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/export"
	"jixiao/internal/importer"
	"jixiao/internal/sheet"
)

var exportSamples = []string{"huadu-employment-center-2024.txt", "liwan-hrss-bureau-2024.md"}

// importSamples imports the named samples into a new SQLite store and
// returns its DSN and the documents' ids.
func importSamples(t *testing.T, names ...string) (string, []int64) {
	t.Helper()
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "export.db")
	return dsn, importSamplesInto(t, dsn, names...)
}

// importSamplesInto imports the named samples into the store dsn names and
// returns the documents' ids.
func importSamplesInto(t *testing.T, dsn string, names ...string) []int64 {
	t.Helper()
	ctx := context.Background()
	st, err := openStore(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var ids []int64
	for _, name := range names {
		data, err := os.ReadFile(filepath.Join("..", "..", "testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := importer.Import(ctx, st, name, data, importer.Options{})
		if err != nil {
			t.Fatalf("import %s: %v", name, err)
		}
		ids = append(ids, doc.ID)
	}
	return ids
}

func runCLI(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: func(string) string { return "" }})
	return out.String(), errb.String(), code
}

// TestExportReproducesExpected imports both samples, exports each table
// with the CLI and compares it with testdata/expected by column name.
func TestExportReproducesExpected(t *testing.T) {
	dsn, ids := importSamples(t, exportSamples...)
	for i, name := range exportSamples {
		stem := strings.TrimSuffix(name, filepath.Ext(name))
		for _, table := range []string{"projects", "indicators", "units"} {
			out, errs, code := runCLI(t, "export", "--db", dsn, "--document", strconv.FormatInt(ids[i], 10), "--table", table, "--format", "csv")
			if code != exitOK {
				t.Fatalf("%s %s: exit %d: %s", name, table, code, errs)
			}
			if !strings.HasPrefix(out, "\ufeffdocument,") {
				t.Errorf("%s %s: no BOM or document column: %.40q", name, table, out)
			}
			want, err := os.ReadFile(filepath.Join("..", "..", "testdata", "expected", stem+"."+table+".csv"))
			if err != nil {
				t.Fatal(err)
			}
			sameColumns(t, name+" "+table, records(t, out), records(t, string(want)))
		}
	}
}

func records(t *testing.T, s string) [][]string {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(s, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// sameColumns checks every column of want against the same-named column of
// got, row by row (white space from line wrapping aside).
func sameColumns(t *testing.T, what string, got, want [][]string) {
	t.Helper()
	col := map[string]int{}
	for i, c := range got[0] {
		col[c] = i
	}
	if len(got) != len(want) {
		t.Errorf("%s: %d rows, want %d", what, len(got)-1, len(want)-1)
		return
	}
	for r := 1; r < len(want); r++ {
		for c, name := range want[0] {
			i, ok := col[name]
			if !ok {
				t.Fatalf("%s: no column %q", what, name)
			}
			if jixiao.CleanText(got[r][i]) != jixiao.CleanText(want[r][c]) {
				t.Errorf("%s row %d %s: %q, want %q", what, r, name, got[r][i], want[r][c])
			}
		}
	}
}

func TestExportDocumentChoice(t *testing.T) {
	dsn, ids := importSamples(t, exportSamples...)
	_, errs, code := runCLI(t, "export", "--db", dsn, "--table", "units")
	if code != exitBadInput || !strings.Contains(errs, "--document") ||
		!strings.Contains(errs, strconv.FormatInt(ids[0], 10)) || !strings.Contains(errs, "liwan-hrss-bureau-2024.md") {
		t.Errorf("two documents, none chosen: exit %d, %s", code, errs)
	}
	_, errs, code = runCLI(t, "export", "--db", dsn, "--document", "999", "--table", "units")
	if code != exitBadInput || !strings.Contains(errs, "999") {
		t.Errorf("missing document: exit %d, %s", code, errs)
	}
	for _, bad := range [][]string{
		{"--format", "pdf", "--table", "units"},
		{"--table", "budget"},
		{"--format", "csv"},
		{"--table", "official", "--format", "json"},
	} {
		_, errs, code := runCLI(t, append([]string{"export", "--db", dsn, "--document", "1"}, bad...)...)
		if code != exitBadInput || errs == "" {
			t.Errorf("%v: exit %d, %q", bad, code, errs)
		}
	}

	one, _ := importSamples(t, "huadu-employment-center-2024.txt")
	out, errs, code := runCLI(t, "export", "--db", one, "--table", "units", "--format", "json")
	var rows []map[string]any
	if code != exitOK || json.Unmarshal([]byte(out), &rows) != nil || len(rows) != 1 || rows[0]["total"] != 13232.12 || rows[0]["projects"] != 12.0 {
		t.Errorf("the only document as JSON: exit %d %s\n%s", code, errs, out)
	}
}

// TestExportXLSXAndOfficialCSV: -o FILE.xlsx writes the official workbook
// (the default table for xlsx), which reads back as the same document; the
// official CSV likewise.
func TestExportXLSXAndOfficialCSV(t *testing.T) {
	dsn, ids := importSamples(t, "liwan-hrss-bureau-2024.md")
	dir := t.TempDir()
	xlsx := filepath.Join(dir, "liwan.xlsx")
	if _, errs, code := runCLI(t, "export", "--db", dsn, "-o", xlsx); code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	data, err := os.ReadFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	back, err := sheet.ReadXLSX("liwan.xlsx", data)
	if err != nil {
		t.Fatal(err)
	}
	if len(back.Projects) != 52 || len(back.Units) != 7 || back.IndicatorCount() != 201 || back.Projects[0].Name != "人社局办公大楼物业管理费" {
		t.Errorf("read back: %d projects, %d units, %d indicators", len(back.Projects), len(back.Units), back.IndicatorCount())
	}
	if fi, err := os.Stat(xlsx); err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("exported file mode: %v %v", fi.Mode(), err)
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".jixiao-export-*"))
	if len(leftovers) != 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}

	out, errs, code := runCLI(t, "export", "--db", dsn, "--document", strconv.FormatInt(ids[0], 10), "--table", "official", "--format", "csv")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	recs := records(t, out)
	if recs[0][0] != "项目支出绩效目标表（含转移支付项目）" || recs[2][0] != "项目名称（资金使用单位）" || recs[3][0] != "合计" || recs[3][1] != "53584.69" {
		t.Errorf("official CSV starts %q", recs[:4])
	}
	back, err = sheet.ReadCSV("official.csv", []byte(out))
	if err != nil || len(back.Projects) != 52 || back.IndicatorCount() != 201 {
		t.Errorf("official CSV read back: %v", err)
	}

	flat := filepath.Join(dir, "units.xlsx")
	if _, errs, code := runCLI(t, "export", "--db", dsn, "--table", "units", "-o", flat); code != exitOK {
		t.Fatalf("units xlsx: exit %d: %s", code, errs)
	}
}

// TestImportExportImport is issue 7's round trip through the store: each
// sample imported, exported as xlsx and as official CSV, and those files
// imported again give the same tables (units, projects, amounts, goals,
// indicators, parsed targets).
func TestImportExportImport(t *testing.T) {
	for _, name := range exportSamples {
		dsn, ids := importSamples(t, name)
		st, err := openStore(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		orig, err := st.Document(context.Background(), ids[0])
		st.Close()
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		for _, out := range []string{"back.xlsx", "back.csv"} {
			path := filepath.Join(dir, out)
			args := []string{"export", "--db", dsn, "--document", strconv.FormatInt(ids[0], 10), "--table", "official", "-o", path}
			if _, errs, code := runCLI(t, args...); code != exitOK {
				t.Fatalf("%s: exit %d: %s", out, code, errs)
			}
			// Each into a store of its own: the same table is a duplicate
			// of the original (or of the other copy) by content.
			backDSN := "sqlite:" + filepath.Join(dir, out+".db")
			if _, errs, code := runCLI(t, "import", "--db", backDSN, path); code == exitBadInput {
				t.Fatalf("import %s: exit %d: %s", out, code, errs)
			}
			compareRoundTrip(t, name, orig, backDSN)
		}
	}
}

// compareRoundTrip compares the one document of the store dsn with orig.
func compareRoundTrip(t *testing.T, name string, orig *jixiao.Document, dsn string) {
	t.Helper()
	st, err := openStore(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	docs, err := st.Documents(context.Background())
	if err != nil || len(docs) != 1 {
		t.Fatalf("documents %v %v", docs, err)
	}
	back, err := st.Document(context.Background(), docs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"projects", "indicators", "units"} {
		if a, b := flatWithoutDocument(t, orig, table), flatWithoutDocument(t, back, table); a != b {
			t.Errorf("%s via %s (%s): %s table differs:\n%s\nwant\n%s", name, back.SourceName, back.Layout, table, b, a)
		}
	}
}

func flatWithoutDocument(t *testing.T, doc *jixiao.Document, table string) string {
	t.Helper()
	tab, err := export.Flat(doc, table)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, r := range tab.Rows {
		b.WriteString(strings.Join(r[1:], "|") + "\n")
	}
	return b.String()
}

// TestBadSpreadsheetStoresNothing: a workbook with no target table and a
// CSV that is binary are refused with exit status 2 and the store stays empty.
func TestBadSpreadsheetStoresNothing(t *testing.T) {
	dsn, _ := importSamples(t)
	dir := t.TempDir()
	var book bytes.Buffer
	if err := export.WriteTableXLSX(&book, &export.Table{Name: "名单", Columns: []string{"姓名", "电话"}, Rows: [][]string{{"张三", "123"}}}); err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{"names.xlsx": book.Bytes(), "junk.csv": {0, 1, 2, 3, 'a', ',', 'b'}}
	for name, data := range files {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		_, errs, code := runCLI(t, "import", "--db", dsn, path)
		if code != exitBadInput || !strings.Contains(errs, name) {
			t.Errorf("%s: exit %d, %s", name, code, errs)
		}
	}
	st, err := openStore(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if docs, err := st.Documents(context.Background()); err != nil || len(docs) != 0 {
		t.Errorf("store holds %d documents (%v)", len(docs), err)
	}
}
