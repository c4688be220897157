package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// copyDir copies the files of src into a new folder.
func copyDir(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	files, _ := filepath.Glob(filepath.Join(src, "*"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dst, filepath.Base(f)), b, 0o644)
	}
	return dst
}

const huaduActuals = "../../internal/eval/testdata/huadu-2024"

// The whole self-evaluation from the command line: template, record the
// hand-made actuals, score in all three formats.
func TestEvalSelfEvaluation(t *testing.T) {
	dsn, ids := importSamples(t, "huadu-employment-center-2024.txt")
	dir := filepath.Join(t.TempDir(), "模板")
	out, errs, code := runCLI(t, "eval", "template", "--db", dsn, "--format", "csv", "-o", dir)
	if code != exitOK || !strings.Contains(out, "12 个项目，57 项指标") {
		t.Fatalf("template: %d %s %s", code, out, errs)
	}
	head, _ := os.ReadFile(filepath.Join(dir, "actuals.csv"))
	if !bytes.HasPrefix(head, []byte("\uFEFF项目序号,指标序号,指标名称,年度指标值,实际完成值,完成等级,得分,偏差原因,说明及改进措施\n")) {
		t.Errorf("actuals.csv header: %.120s", head)
	}

	out, errs, code = runCLI(t, "eval", "record", "--db", dsn, huaduActuals)
	if code != exitOK || !strings.Contains(out, "6 个项目的执行数，30 项指标") {
		t.Fatalf("record: %d %s %s", code, out, errs)
	}

	out, _, code = runCLI(t, "eval", "score", "--db", dsn, "--format", "csv", "--document", itoa(ids[0]))
	if code != exitOK {
		t.Fatalf("score csv: %d", code)
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\uFEFF")))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != "project_seq,project,execution_score,output_score,benefit_score,satisfaction_score,total,grade,status,missing" {
		t.Errorf("header %v", rows[0])
	}
	// Figures worked out by hand in internal/eval/huadu_test.go; project 4
	// was not filled in: 未评, no total, no grade.
	want := map[string]string{
		"1":  "9.50,46.66,25.00,9.70,90.86,优,已评,",
		"2":  "10.00,48.95,20.00,10.00,88.95,良,已评,",
		"3":  "10.00,35.09,33.67,0.00,78.76,中,已评,",
		"4":  "0.00,0.00,0.00,0.00,,,未评,",
		"12": "5.00,37.50,16.88,0.00,59.38,差,已评,",
	}
	for _, row := range rows[1:13] {
		if w, ok := want[row[0]]; ok && strings.Join(row[2:], ",") != w {
			t.Errorf("project %s: %v, want %s", row[0], row[2:], w)
		}
	}
	if got := strings.Join(rows[13], ","); got != "scope,name,count,not_evaluated,incomplete,average,优,良,中,差" {
		t.Errorf("summary header %s", got)
	}
	// Half the projects filled in: the average is over the 6 scored.
	if got := strings.Join(rows[15], ","); got != "document,广州市花都区劳动就业服务管理中心,6,6,0,80.44,1,2,2,1" {
		t.Errorf("document summary %s", got)
	}

	out, _, code = runCLI(t, "eval", "score", "--db", dsn)
	if code != exitOK || !strings.Contains(out, "12 个项目，已评 6 个，平均 80.44 分；优 1，良 2，中 2，差 1（未评 6 个不计入平均分和等级）") ||
		!strings.Contains(out, "—  未评    市就业补助资金") || !strings.Contains(out, "130%") {
		t.Errorf("score text: %d\n%s", code, out)
	}
	out, _, _ = runCLI(t, "eval", "score", "--db", dsn, "--format", "json")
	var res struct {
		Projects []struct {
			Total json.Number `json:"total"`
		} `json:"projects"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil || res.Projects[0].Total.String() != "90.86" {
		t.Errorf("score json: %v %+v", err, res)
	}

	// The template now comes pre-filled with what was recorded.
	book := filepath.Join(t.TempDir(), "自评.xlsx")
	if _, errs, code = runCLI(t, "eval", "template", "--db", dsn, "-o", book); code != exitOK {
		t.Fatalf("xlsx template: %s", errs)
	}
	if _, errs, code = runCLI(t, "eval", "record", "--db", dsn, book); code != exitOK {
		t.Fatalf("record the workbook: %s", errs)
	}
	out, _, _ = runCLI(t, "eval", "score", "--db", dsn, "--format", "csv")
	if !strings.Contains(out, "document,广州市花都区劳动就业服务管理中心,6,6,0,80.44,1,2,2,1") {
		t.Errorf("after the workbook round trip:\n%s", out)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// A file with an error stores nothing: the score still shows the earlier
// recording, and the message names the file and line.
func TestEvalRecordRefusesBadFile(t *testing.T) {
	dsn, _ := importSamples(t, "huadu-employment-center-2024.txt")
	if _, errs, code := runCLI(t, "eval", "record", "--db", dsn, huaduActuals); code != exitOK {
		t.Fatal(errs)
	}
	bad := copyDir(t, huaduActuals)
	acts, _ := os.ReadFile(filepath.Join(bad, "actuals.csv"))
	acts = bytes.Replace(acts, []byte("1,1,申领随军家属补贴人数,≥20人,18人"), []byte("1,1,申领随军家属补贴人数,≥20人,20人"), 1)
	acts = bytes.Replace(acts, []byte("部分达成,25,"), []byte("部分达成,30,"), 1)
	os.WriteFile(filepath.Join(bad, "actuals.csv"), acts, 0o644)
	_, errs, code := runCLI(t, "eval", "record", "--db", dsn, bad)
	if code != exitBadInput || !strings.Contains(errs, "actuals.csv:23:") || !strings.Contains(errs, "未记录任何内容") {
		t.Errorf("bad file: %d %s", code, errs)
	}
	out, _, _ := runCLI(t, "eval", "score", "--db", dsn, "--format", "csv")
	if !strings.Contains(out, "\n1,花都区随军家属就业安置财政补贴,9.50,46.66,") {
		t.Errorf("the good row of the bad file was stored:\n%s", out)
	}
}

// A monitoring round: record with optional columns, see the lights, list
// the rounds.
func TestEvalMonitoring(t *testing.T) {
	dsn, _ := importSamples(t, "huadu-employment-center-2024.txt")
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "execution.csv"), []byte("project_seq,project,budget,executed\n1,花都区随军家属就业安置财政补贴,50.60,10\n2,区就业补助资金,1888.93,1300\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "actuals.csv"), []byte("project_seq,seq,name,annual_target,actual,grade,score,deviation_reasons,note,likelihood\n"+
		"1,1,申领随军家属补贴人数,≥20人,12,,,,,确定能\n1,2,合理有序使用资金,≥90％,95,,,,,完全不可能\n"), 0o644)
	_, errs, code := runCLI(t, "eval", "record", "--db", dsn, "--round", "2024年1-7月", dir)
	if code != exitOK {
		t.Fatalf("record: %s", errs)
	}
	out, errs, code := runCLI(t, "eval", "lights", "--db", dsn, "--round", "2024年1-7月")
	if code != exitOK {
		t.Fatal(errs)
	}
	// 10/50.60 = 19.76 % against 58.20 % of the year: red; 1300/1888.93 =
	// 68.82 %: green.
	for _, want := range []string{"[红灯] 1 花都区随军家属就业安置财政补贴", "执行率 19.76% 落后时间进度 58.20% 超过 20 个百分点",
		"单位判断完全不可能完成目标", "[绿灯] 2 区就业补助资金", "执行率 68.82%"} {
		if !strings.Contains(out, want) {
			t.Errorf("lights lack %q:\n%s", want, out)
		}
	}
	out, _, _ = runCLI(t, "eval", "rounds", "--db", dsn)
	if !strings.Contains(out, "2024年1-7月\t监控\t截至 2024-07-31") {
		t.Errorf("rounds: %s", out)
	}
	if _, errs, code = runCLI(t, "eval", "record", "--db", dsn, "--round", "第三次监控", dir); code != exitBadInput || !strings.Contains(errs, "截止日期") {
		t.Errorf("round without a date: %d %s", code, errs)
	}
	if _, errs, code = runCLI(t, "eval", "score", "--db", dsn); code != exitBadInput || !strings.Contains(errs, "还没有记录“年度自评”") {
		t.Errorf("score before any self-evaluation: %d %s", code, errs)
	}
}
