package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"jixiao/internal/importer"
	"jixiao/internal/postgres/pgtest"
)

const (
	liwanSample = "../../testdata/liwan-hrss-bureau-2024.md"
	huaduSample = "../../testdata/huadu-employment-center-2024.txt"
)

func runCheckCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}
	code = run(append([]string{"check"}, args...), e)
	return code, out.String(), errb.String()
}

// findingLine is the shape of every finding in the text output.
var findingLine = regexp.MustCompile(`^(.+?)(:\d+)?: (error|warning|info) ([a-z]+\.[a-z-]+): (.+)$`)

func TestCheckTextLiwan(t *testing.T) {
	code, out, stderr := runCheckCLI(t, liwanSample)
	if code != exitFindings {
		t.Fatalf("exit %d, want 1 (the table has error findings); stderr %s", code, stderr)
	}
	want := liwanSample + ":80: error indicator.level-mismatch: 项目38“事业单位公开招聘工作经费”第3个指标“招聘到位率”"
	if !strings.Contains(out, want) {
		t.Errorf("output lacks %q", want)
	}
	for _, s := range []string{
		"# 项目38 事业单位公开招聘工作经费（广州市荔湾区人力资源职业能力建设中心）\n",
		"# 单位 广州市荔湾区人力资源和社会保障局\n" + liwanSample + ":12: info amount.rounding: ",
		"共 133 条：错误 23，警告 87，提示 23\n",
		"目标质量（全表）：项目 52 个，指标 201 个；可衡量 112（55.7%），方向性 44（21.9%），引用表外数 12（6.0%），照搬 11（5.5%）",
		"  广州市荔湾区工资统发中心：项目 1 个",
	} {
		if !strings.Contains(out, s) {
			t.Errorf("output lacks %q", s)
		}
	}
	// Every finding is one line, grouped by project in document order.
	n, lastProject := 0, 0
	for _, line := range strings.Split(out, "\n") {
		if m := findingLine.FindStringSubmatch(line); m != nil {
			n++
			if m[1] != liwanSample {
				t.Errorf("finding names file %q: %s", m[1], line)
			}
			continue
		}
		if rest, ok := strings.CutPrefix(line, "# 项目"); ok {
			seq, _ := strconv.Atoi(strings.Fields(rest)[0])
			if seq <= lastProject {
				t.Errorf("project %d after %d: not grouped in order", seq, lastProject)
			}
			lastProject = seq
		}
	}
	if n != 133 {
		t.Errorf("%d finding lines, want 133", n)
	}
}

func TestCheckTextHuaduHasNoErrors(t *testing.T) {
	code, out, _ := runCheckCLI(t, huaduSample)
	if code != exitOK {
		t.Errorf("exit %d, want 0 (warnings and infos only)", code)
	}
	if strings.Contains(out, "amount.") || !strings.Contains(out, "共 9 条：错误 0，警告 4，提示 5\n") {
		t.Errorf("unexpected output:\n%s", out)
	}
	if !strings.Contains(out, huaduSample+":335: warning target.upper-bound-output: 项目12“就业补助资金监督检查工作经费”第1个指标") {
		t.Errorf("output lacks the ≦300家次 finding at line 335:\n%s", out)
	}
}

type cliFinding struct {
	Rule         string `json:"rule"`
	Severity     string `json:"severity"`
	Unit         string `json:"unit"`
	ProjectSeq   *int   `json:"project_seq"`
	Project      string `json:"project"`
	IndicatorSeq *int   `json:"indicator_seq"`
	Message      string `json:"message"`
}

func TestCheckJSON(t *testing.T) {
	code, out, _ := runCheckCLI(t, "--format", "json", liwanSample)
	if code != exitFindings {
		t.Errorf("exit %d, want 1", code)
	}
	var fs []cliFinding
	if err := json.Unmarshal([]byte(out), &fs); err != nil {
		t.Fatalf("not a JSON array: %v\n%s", err, out)
	}
	if len(fs) != 133 {
		t.Errorf("%d findings, want 133", len(fs))
	}
	var raw []map[string]any
	json.Unmarshal([]byte(out), &raw)
	for _, key := range []string{"rule", "severity", "unit", "project_seq", "project", "indicator_seq", "message"} {
		if _, ok := raw[0][key]; !ok {
			t.Errorf("finding lacks %q: %v", key, raw[0])
		}
	}
	first := fs[0]
	if first.Rule != "amount.rounding" || first.ProjectSeq != nil || first.IndicatorSeq != nil || first.Unit != "广州市荔湾区人力资源和社会保障局" {
		t.Errorf("unit finding should have null seqs: %+v", first)
	}
	found := false
	for _, f := range fs {
		if f.Rule == "indicator.level-mismatch" {
			found = true
			if f.ProjectSeq == nil || *f.ProjectSeq != 38 || f.IndicatorSeq == nil || *f.IndicatorSeq != 3 || f.Project != "事业单位公开招聘工作经费" {
				t.Errorf("level mismatch at the wrong place: %+v", f)
			}
		}
	}
	if !found {
		t.Error("no indicator.level-mismatch")
	}
}

func TestCheckJSONSummary(t *testing.T) {
	_, out, _ := runCheckCLI(t, liwanSample, "--format=json", "--summary")
	var got struct {
		Findings []cliFinding `json:"findings"`
		Summary  struct {
			Measurable       int            `json:"measurable"`
			Vague            int            `json:"vague"`
			WithSatisfaction int            `json:"with_satisfaction"`
			Findings         map[string]int `json:"findings"`
			Units            []struct {
				Unit     string `json:"unit"`
				Projects int    `json:"projects"`
			} `json:"units"`
		} `json:"summary"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not an object: %v\n%.300s", err, out)
	}
	s := got.Summary
	if len(got.Findings) != 133 || s.Measurable != 112 || s.Vague != 44 || s.WithSatisfaction != 6 ||
		s.Findings["error"] != 23 || len(s.Units) != 7 || s.Units[6].Unit != "广州市荔湾区工资统发中心" || s.Units[6].Projects != 1 {
		t.Errorf("summary: %+v (%d findings)", s, len(got.Findings))
	}
}

func TestCheckHelp(t *testing.T) {
	code, _, stderr := runCheckCLI(t, "-h")
	if code != exitOK || !strings.Contains(stderr, "jixiao check [--format text|json] [--summary] FILE | --db DSN [--document ID]") {
		t.Errorf("check -h: exit %d, %s", code, stderr)
	}
}

func TestCheckBadInput(t *testing.T) {
	dir := t.TempDir()
	notTable := filepath.Join(dir, "notes.txt")
	os.WriteFile(notTable, []byte("会议纪要\n今天讨论了预算。\n"), 0o644)
	for _, tc := range []struct {
		name string
		args []string
		says string
	}{
		{"missing file", []string{filepath.Join(dir, "nope.md")}, "nope.md"},
		{"not a target table", []string{notTable}, "notes.txt"},
		{"bad format", []string{"--format", "xml", liwanSample}, "--format"},
		{"two files", []string{liwanSample, huaduSample}, "一次只检查一个文件"},
		{"file and --db", []string{liwanSample, "--db", "sqlite:" + filepath.Join(dir, "x.db")}, "二选一"},
	} {
		code, out, stderr := runCheckCLI(t, tc.args...)
		if code != exitBadInput || out != "" || !strings.Contains(stderr, tc.says) {
			t.Errorf("%s: exit %d, stdout %q, stderr %q (want 2 and a message with %q)", tc.name, code, out, stderr, tc.says)
		}
	}
}

// TestCheckStoredDocument checks documents imported into a real store:
// SQLite always, PostgreSQL when JIXIAO_TEST_POSTGRES is set.
func TestCheckStoredDocument(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		checkStoredDocuments(t, "sqlite:"+filepath.Join(t.TempDir(), "check.db"))
	})
	t.Run("postgres", func(t *testing.T) {
		checkStoredDocuments(t, pgtest.DSN(t, "jixiao_check"))
	})
}

func checkStoredDocuments(t *testing.T, dsn string) {
	ctx := context.Background()
	st, err := openStore(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCheckCLI(t, "--db", dsn)
	if code != exitBadInput || !strings.Contains(stderr, "还没有文档") {
		t.Errorf("empty store: exit %d, %s", code, stderr)
	}
	var ids []int64
	for _, path := range []string{liwanSample, huaduSample} {
		data, _ := os.ReadFile(path)
		doc, err := importer.Import(ctx, st, filepath.Base(path), data, importer.Options{})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, doc.ID)
		if len(ids) == 1 {
			st.Close() // check the one-document store first
			code, out, stderr := runCheckCLI(t, "--db", dsn, "--format", "json")
			var fs []cliFinding
			if err := json.Unmarshal([]byte(out), &fs); code != exitFindings || err != nil || len(fs) != 133 {
				t.Errorf("one stored document: exit %d, %d findings, %v %s", code, len(fs), err, stderr)
			}
			if st, err = openStore(ctx, dsn); err != nil {
				t.Fatal(err)
			}
		}
	}
	st.Close()
	code, _, stderr = runCheckCLI(t, "--db", dsn)
	if code != exitBadInput || !strings.Contains(stderr, "--document") || !strings.Contains(stderr, "huadu-employment-center-2024.txt") {
		t.Errorf("two documents without --document: exit %d, %s", code, stderr)
	}
	code, out, _ := runCheckCLI(t, "--db", dsn, "--document", fmt.Sprint(ids[1]))
	if code != exitOK || !strings.Contains(out, "huadu-employment-center-2024.txt:335: warning target.upper-bound-output: ") ||
		!strings.Contains(out, "共 9 条：错误 0，警告 4，提示 5") {
		t.Errorf("stored Huadu: exit %d\n%s", code, out)
	}
	code, _, stderr = runCheckCLI(t, "--db", dsn, "--document", "999")
	if code != exitBadInput || !strings.Contains(stderr, "999") {
		t.Errorf("unknown document: exit %d, %s", code, stderr)
	}
}
