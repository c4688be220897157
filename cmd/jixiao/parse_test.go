package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jixiao"
)

func parseCLI(args ...string) (stdout, stderr string, code int) {
	var out, errb bytes.Buffer
	code = run(append([]string{"parse"}, args...), &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb,
		getenv: func(string) string { return "" }})
	return out.String(), errb.String(), code
}

func testdataFile(name string) string { return filepath.Join("..", "..", "testdata", name) }

func TestParseCommandPrintsDocument(t *testing.T) {
	for file, projects := range map[string]int{"huadu-employment-center-2024.txt": 12, "liwan-hrss-bureau-2024.md": 52} {
		out, errs, code := parseCLI(testdataFile(file))
		if code != exitOK || errs != "" {
			t.Fatalf("%s: exit %d, stderr %q", file, code, errs)
		}
		var doc jixiao.Document
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatalf("%s: output is not a document: %v", file, err)
		}
		if len(doc.Projects) != projects || doc.Year != 2024 || doc.SHA256 == "" || doc.Projects[0].Indicators[0].Annual.Text == "" {
			t.Errorf("%s: %d projects, year %d", file, len(doc.Projects), doc.Year)
		}
		if !strings.Contains(out, "\n  \"projects\": [") {
			t.Errorf("%s: output is not indented JSON", file)
		}
	}
	out, _, _ := parseCLI("--year", "2025", testdataFile("liwan-hrss-bureau-2024.md"))
	if !strings.Contains(out, `"year": 2025`) {
		t.Error("--year not applied")
	}
}

func TestParseCommandBadInput(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.txt")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(testdataFile("liwan-hrss-bureau-2024.md"))
	if err != nil {
		t.Fatal(err)
	}
	broken := filepath.Join(dir, "broken.md")
	data := strings.Replace(string(src), "；实施周期指标值:100%；年度指标值:100%。2、2-效益指标", "；实施周期:100%。2、2-效益指标", 1)
	if err := os.WriteFile(broken, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args   []string
		code   int
		stderr string
		stdout bool
	}{
		{[]string{empty}, exitBadInput, empty + ": 文件为空", false},
		{[]string{filepath.Join(dir, "missing.md")}, exitBadInput, "无法读取文件", false},
		{[]string{}, exitBadInput, "用法", false},
		{[]string{broken}, exitFindings, broken + ":13: error parse.indicator: 第 13 行", true},
	}
	for _, tc := range tests {
		out, errs, code := parseCLI(tc.args...)
		if code != tc.code || !strings.Contains(errs, tc.stderr) || (out != "") != tc.stdout {
			t.Errorf("parse %v: exit %d, stderr %q, stdout %d bytes", tc.args, code, errs, len(out))
		}
	}
}
