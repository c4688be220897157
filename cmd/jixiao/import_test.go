package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/postgres/pgtest"
)

func importCLI(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(append([]string{"import"}, args...), &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb,
		getenv: func(string) string { return "" }})
	return out.String(), errb.String(), code
}

func sample(name string) string { return filepath.Join("..", "..", "testdata", name) }

// expectedRows counts the data rows of an expected CSV.
func expectedRows(t *testing.T, name string) int {
	t.Helper()
	f, err := os.Open(sample(filepath.Join("expected", name)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return len(recs) - 1
}

// storeDocs lists what the store at dsn holds.
func storeDocs(t *testing.T, dsn string) []jixiao.DocumentSummary {
	t.Helper()
	st, err := openStore(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	docs, err := st.Documents(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return docs
}

func TestImportSamples(t *testing.T) {
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "import.db")
	for _, base := range []string{"liwan-hrss-bureau-2024", "huadu-employment-center-2024"} {
		name := base + ".md"
		if strings.HasPrefix(base, "huadu") {
			name = base + ".txt"
		}
		out, errs, code := importCLI(t, "--db", dsn, sample(name), "--year", "2025")
		if code != exitOK {
			t.Fatalf("import %s: exit %d\n%s%s", name, code, out, errs)
		}
		units, projects, indicators := expectedRows(t, base+".units.csv"), expectedRows(t, base+".projects.csv"),
			expectedRows(t, base+".indicators.csv")
		want := []string{"单位 " + strconv.Itoa(units), "项目 " + strconv.Itoa(projects), "指标 " + strconv.Itoa(indicators), "万元", "文档 "}
		for _, w := range want {
			if !strings.Contains(out, w) {
				t.Errorf("%s: output lacks %q:\n%s", name, w, out)
			}
		}
		d := storeDocs(t, dsn)[0]
		if d.Units != units || d.Projects != projects || d.Indicators != indicators || d.Year != 2025 {
			t.Errorf("%s stored %d units, %d projects, %d indicators, year %d; want %d, %d, %d, 2025",
				name, d.Units, d.Projects, d.Indicators, d.Year, units, projects, indicators)
		}
	}
	if n := len(storeDocs(t, dsn)); n != 2 {
		t.Errorf("%d documents stored, want 2", n)
	}
}

// The total printed is the 合计 the table states; where its projects add up
// to something else (Liwan rounds its first unit), both are shown.
func TestImportPrintsStatedTotal(t *testing.T) {
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "total.db")
	tests := map[string]string{
		"liwan-hrss-bureau-2024.md":        "合计 53,584.69 万元（各项目相加 53,584.70）",
		"huadu-employment-center-2024.txt": "合计 13,232.12 万元，",
	}
	for name, want := range tests {
		out, errs, code := importCLI(t, "--db", dsn, sample(name))
		if code != exitOK || !strings.Contains(out, want) {
			t.Errorf("import %s: exit %d, output lacks %q:\n%s%s", name, code, want, out, errs)
		}
	}
}

// Importing a file again says which document it already is, exits 0 and
// stores nothing new.
func TestImportDuplicate(t *testing.T) {
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "import.db")
	if _, errs, code := importCLI(t, "--db", dsn, sample("huadu-employment-center-2024.txt")); code != exitOK {
		t.Fatalf("first import: exit %d: %s", code, errs)
	}
	before := storeDocs(t, dsn)
	out, errs, code := importCLI(t, sample("huadu-employment-center-2024.txt"), "--db", dsn)
	if code != exitOK {
		t.Fatalf("second import: exit %d: %s", code, errs)
	}
	want := "已导入，文档 " + strconv.FormatInt(before[0].ID, 10)
	if !strings.Contains(out, want) {
		t.Errorf("second import says %q, want %q", out, want)
	}
	after := storeDocs(t, dsn)
	if len(after) != 1 || !reflect.DeepEqual(after[0], before[0]) {
		t.Errorf("store changed: %+v", after)
	}
}

// A file that is no table exits 2 with file:line and stores nothing.
func TestImportJunk(t *testing.T) {
	dir := t.TempDir()
	dsn := "sqlite:" + filepath.Join(dir, "import.db")
	junk := filepath.Join(dir, "junk.bin")
	data := make([]byte, 4096)
	for i := range data {
		data[i] = byte(i * 7 % 251)
	}
	if err := os.WriteFile(junk, data, 0o644); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty.md")
	os.WriteFile(empty, nil, 0o644)
	for _, f := range []string{junk, empty} {
		out, errs, code := importCLI(t, "--db", dsn, f)
		if code != exitBadInput {
			t.Errorf("%s: exit %d, want %d\n%s%s", f, code, exitBadInput, out, errs)
		}
		if !strings.HasPrefix(errs, f+":") {
			t.Errorf("%s: stderr %q does not start with the file name", f, errs)
		}
	}
	if docs := storeDocs(t, dsn); len(docs) != 0 {
		t.Errorf("junk left %d documents", len(docs))
	}
}

// A folder with one good and one bad file imports the good one, reports the
// bad one and skips what is not a table format; the summary lists them all.
func TestImportFolder(t *testing.T) {
	dir := t.TempDir()
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "import.db")
	good, err := os.ReadFile(sample("liwan-hrss-bureau-2024.md"))
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(dir, "sub"), 0o755)
	os.WriteFile(filepath.Join(dir, "sub", "liwan.md"), good, 0o644)
	os.WriteFile(filepath.Join(dir, "bad.txt"), []byte("这不是绩效目标表。\n只是一段说明文字。\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "readme.doc"), []byte("x"), 0o644)
	out, errs, code := importCLI(t, "--db", dsn, dir)
	if code != exitBadInput {
		t.Errorf("exit %d, want %d", code, exitBadInput)
	}
	if !strings.Contains(errs, filepath.Join(dir, "bad.txt")+":") {
		t.Errorf("stderr does not name bad.txt: %s", errs)
	}
	for _, w := range []string{"共 3 个文件", "liwan.md", "已导入为文档", "bad.txt", "无法读取", "readme.doc", "已跳过"} {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
	docs := storeDocs(t, dsn)
	if len(docs) != 1 || docs[0].Projects != expectedRows(t, "liwan-hrss-bureau-2024.projects.csv") {
		t.Errorf("stored %+v, want the liwan table only", docs)
	}
}

// A table with a broken amount and a broken indicator imports everything,
// keeps the raw text, prints the parse findings as file:line and exits 1.
func TestImportParseFindings(t *testing.T) {
	dir := t.TempDir()
	dsn := "sqlite:" + filepath.Join(dir, "import.db")
	data, err := os.ReadFile(sample("liwan-hrss-bureau-2024.md"))
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(data), "| 67.00", "| 六十七", 1)
	s = strings.Replace(s, "2、2-效益指标；24-可持续影响；", "2、这一条指标写坏了；", 1)
	broken := filepath.Join(dir, "broken.md")
	os.WriteFile(broken, []byte(s), 0o644)
	out, errs, code := importCLI(t, "--db", dsn, broken)
	if code != exitFindings {
		t.Fatalf("exit %d, want %d\n%s%s", code, exitFindings, out, errs)
	}
	for _, w := range []string{broken + ":13: error parse.amount: ", broken + ":13: error parse.indicator: "} {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
	docs := storeDocs(t, dsn)
	if len(docs) != 1 || docs[0].Indicators != expectedRows(t, "liwan-hrss-bureau-2024.indicators.csv") {
		t.Errorf("stored %+v", docs)
	}
}

func TestMigrateCommand(t *testing.T) {
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "m.db")
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}
	if code := run([]string{"migrate", "--db", dsn}, e); code != exitOK || !strings.Contains(out.String(), "已应用 0001_documents.sql") {
		t.Fatalf("migrate: exit %d, %s%s", code, out.String(), errb.String())
	}
	out.Reset()
	if code := run([]string{"migrate", "--db", dsn}, e); code != exitOK || !strings.Contains(out.String(), "已是最新") {
		t.Fatalf("second migrate: exit %d, %s%s", code, out.String(), errb.String())
	}
	if code := run([]string{"migrate", "--db", "mysql://x"}, e); code != exitBadInput {
		t.Errorf("unknown DSN: exit %d", code)
	}
}

func TestEngineByDSN(t *testing.T) {
	for dsn, want := range map[string]string{"sqlite:a.db": "sqlite", "a.db": "sqlite", "/tmp/x/jixiao.db": "sqlite",
		"postgres://u@h/db": "postgres", "postgresql://h/db": "postgres", "mysql://h/db": "", "": ""} {
		if got := engine(dsn); got != want {
			t.Errorf("engine(%q) = %q, want %q", dsn, got, want)
		}
	}
}

// The same import into PostgreSQL, when JIXIAO_TEST_POSTGRES names a server.
func TestImportPostgres(t *testing.T) {
	dsn := pgtest.DSN(t, "jixiao_cli")
	out, errs, code := importCLI(t, "--db", dsn, sample("liwan-hrss-bureau-2024.md"), sample("huadu-employment-center-2024.txt"))
	if code != exitOK {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	docs := storeDocs(t, dsn)
	if len(docs) != 2 || docs[1].Projects != expectedRows(t, "liwan-hrss-bureau-2024.projects.csv") ||
		docs[0].Indicators != expectedRows(t, "huadu-employment-center-2024.indicators.csv") {
		t.Errorf("stored %+v", docs)
	}
	if _, _, code := importCLI(t, "--db", dsn, sample("liwan-hrss-bureau-2024.md")); code != exitOK || len(storeDocs(t, dsn)) != 2 {
		t.Errorf("re-import: exit %d", code)
	}
}
