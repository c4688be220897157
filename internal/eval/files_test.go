package eval

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"jixiao"
)

var selfRound = jixiao.Round{Name: jixiao.SelfEvalRoundName, Kind: jixiao.RoundSelfEval}

func TestTemplateCSV(t *testing.T) {
	doc := huadu(t)
	dir := t.TempDir()
	if err := WriteTemplateCSV(dir, doc, nil); err != nil {
		t.Fatal(err)
	}
	exec, _ := os.ReadFile(filepath.Join(dir, "execution.csv"))
	lines := strings.Split(strings.TrimPrefix(string(exec), "\uFEFF"), "\n")
	// Headers in Chinese. The budget is the published total until the unit
	// adjusts it; the fund-source columns are always offered.
	if lines[0] != "项目序号,项目名称,全年预算数,全年执行数,上年结转预算数,其他资金预算数,上年结转执行数,其他资金执行数" ||
		lines[1] != "1,花都区随军家属就业安置财政补贴,50.60,,,,," || lines[4] != "4,市就业补助资金,11024.94,,,,," || len(lines) != 14 {
		t.Errorf("execution.csv:\n%s", exec)
	}
	acts, _ := os.ReadFile(filepath.Join(dir, "actuals.csv"))
	lines = strings.Split(strings.TrimPrefix(string(acts), "\uFEFF"), "\n")
	if lines[0] != "项目序号,指标序号,指标名称,年度指标值,实际完成值,完成等级,得分,偏差原因,说明及改进措施" ||
		lines[1] != "1,1,申领随军家属补贴人数,≥20人,,,,," || len(lines) != 59 {
		t.Errorf("actuals.csv: %d lines, %q %q", len(lines), lines[0], lines[1])
	}
	// The empty template reads back as nothing recorded.
	a, err := ReadPath(dir, doc, selfRound, Default())
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Projects) != 12 || len(a.Indicators) != 57 || a.Projects[0].HasExecuted || !a.Indicators[0].Empty() {
		t.Errorf("empty template read as %d projects, %d indicators", len(a.Projects), len(a.Indicators))
	}
}

// Filled in, written as a workbook and read back, the actuals are the same.
func TestTemplateXLSXRoundTrip(t *testing.T) {
	doc := huadu(t)
	a, err := ReadPath(filepath.Join("testdata", "huadu-2024"), doc, selfRound, Default())
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := WriteTemplateXLSX(&b, doc, a); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if got := f.GetSheetList(); len(got) != 2 || got[0] != "执行情况" || got[1] != "指标完成情况" {
		t.Fatalf("sheets %v", got)
	}
	// A unit types the executed amount of project 4 as a number, with the
	// float noise Excel can leave.
	_ = f.SetCellValue("执行情况", "D5", 11024.939999999999)
	var b2 bytes.Buffer
	if err := f.Write(&b2); err != nil {
		t.Fatal(err)
	}
	back, err := ReadWorkbook("自评.xlsx", b2.Bytes(), doc, selfRound, Default())
	if err != nil {
		t.Fatal(err)
	}
	r1, _ := Score(Default(), doc, a)
	r2, _ := Score(Default(), doc, back)
	for i := range r1.Projects {
		want := r1.Projects[i].Total
		if i == 3 {
			want = 1000 // project 4: executed in full, nothing else
		}
		if r2.Projects[i].Total != want {
			t.Errorf("project %d: %s after the round trip, want %s", i+1, r2.Projects[i].Total, want)
		}
	}
	if pa, _ := back.Project(4); pa.Executed != 11024940000 {
		t.Errorf("executed of project 4: %d", pa.Executed)
	}
	ia, _ := back.Indicator(9, 4)
	if ia.Text != "部分档案缺页" || ia.Grade != jixiao.PartlyAchieved || ia.Score != "25" || ia.Reasons[0] != jixiao.ReasonRules {
		t.Errorf("9.4 after the round trip: %+v", ia)
	}
}

// writeFolder writes the two files with the given bodies under a header.
func writeFolder(t *testing.T, exec, acts string) string {
	t.Helper()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "execution.csv"), []byte("project_seq,project,budget,executed\n"+exec), 0o644)
	os.WriteFile(filepath.Join(dir, "actuals.csv"), []byte("project_seq,seq,name,annual_target,actual,grade,score,deviation_reasons,note\n"+acts), 0o644)
	return dir
}

func TestRecordErrors(t *testing.T) {
	doc := huadu(t)
	const p1 = "1,花都区随军家属就业安置财政补贴,50.60,"
	cases := []struct {
		name, exec, acts string
		file             string
		line             int
		msg              string
	}{
		{"unknown project", "13,某项目,1,1\n", "", "execution.csv", 2, "没有序号为 13 的项目"},
		{"misaligned name", "1,区就业补助资金,1,1\n", "", "execution.csv", 2, "名称应为"},
		{"bad amount", p1 + "4八\n", "", "execution.csv", 2, "不是以万元为单位的金额"},
		{"too many decimals", p1 + "1.1234567\n", "", "execution.csv", 2, "最多 6 位小数"},
		{"negative", p1 + "-1\n", "", "execution.csv", 2, "不能为负数"},
		{"duplicate", p1 + "1\n" + p1 + "2\n", "", "execution.csv", 3, "已在第 2 行出现过"},
		{"bad actual", "", "1,1,申领随军家属补贴人数,≥20人,二十人,,,,\n", "actuals.csv", 2, "实际完成值"},
		{"grade on a number", "", "1,1,申领随军家属补贴人数,≥20人,达成,,,,\n", "actuals.csv", 2, "填写实际完成的数值"},
		{"changed target", "", "1,1,申领随军家属补贴人数,≥10人,20,,,,\n", "actuals.csv", 2, "年度指标值应为"},
		{"bad grade", "", "9,4,档案资料完整性,培训档案完整、规范、内容全,,很好,,,\n", "actuals.csv", 2, "grade \"很好\""},
		{"score out of band", "", "9,4,档案资料完整性,培训档案完整、规范、内容全,,达成,20,,\n", "actuals.csv", 2, "[27.00, 33.75]"},
		{"bad reason", "", "1,1,申领随军家属补贴人数,≥20人,20,,,天气,\n", "actuals.csv", 2, "偏差原因 \"天气\""},
		{"no such indicator", "", "1,7,某指标,,,,,,\n", "actuals.csv", 2, "没有序号为 7 的指标"},
		{"score on a number", "", "\n\n1,1,申领随军家属补贴人数,≥20人,20,,90,,\n", "actuals.csv", 4, "按公式计分"},
	}
	for _, c := range cases {
		_, err := ReadPath(writeFolder(t, c.exec, c.acts), doc, selfRound, Default())
		var fe FileErrors
		if !errors.As(err, &fe) || !errors.Is(err, jixiao.ErrInvalid) {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		e := fe[0]
		if filepath.Base(e.File) != c.file || e.Line != c.line || !strings.Contains(e.Msg, c.msg) {
			t.Errorf("%s: %s:%d %s; want %s:%d …%s…", c.name, filepath.Base(e.File), e.Line, e.Msg, c.file, c.line, c.msg)
		}
	}
}

func TestRecordHeaders(t *testing.T) {
	doc := huadu(t)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "execution.csv"), []byte("project_seq,project,budget,spent\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "actuals.csv"), []byte(strings.Join(ActualsHeader, ",")+"\n"), 0o644)
	_, err := ReadPath(dir, doc, selfRound, Default())
	var ie *jixiao.InputError
	if !errors.As(err, &ie) || ie.Line != 1 || !strings.Contains(ie.Msg, "应为 全年执行数（executed）") {
		t.Errorf("wrong header: %v", err)
	}
	os.WriteFile(filepath.Join(dir, "execution.csv"), []byte("project_seq,project,budget,executed,colour\n"), 0o644)
	if _, err = ReadPath(dir, doc, selfRound, Default()); err == nil || !strings.Contains(err.Error(), "未知的列 \"colour\"") {
		t.Errorf("unknown column: %v", err)
	}
	os.Remove(filepath.Join(dir, "actuals.csv"))
	if _, err = ReadPath(dir, doc, selfRound, Default()); err == nil || !strings.Contains(err.Error(), "actuals.csv") {
		t.Errorf("missing file: %v", err)
	}
	if _, err = ReadPath(filepath.Join(dir, "x.ods"), doc, selfRound, Default()); err == nil {
		t.Error("missing path accepted")
	}
}

// Excel on Chinese Windows saves CSV in GB18030; the optional columns and
// entered weights that do not add up are caught with their line.
func TestRecordGB18030AndOptionalColumns(t *testing.T) {
	doc := huadu(t)
	dir := t.TempDir()
	gbk := func(s string) []byte {
		b, _ := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
		return b
	}
	os.WriteFile(filepath.Join(dir, "execution.csv"), gbk("project_seq,project,budget,executed,forecast\n1,花都区随军家属就业安置财政补贴,50.60,30,45\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "actuals.csv"), gbk("project_seq,seq,name,annual_target,actual,grade,score,deviation_reasons,note,likelihood,forecast\n"+
		"1,1,申领随军家属补贴人数,≥20人,12,,,经费,,2,18人\n"), 0o644)
	a, err := ReadPath(dir, doc, jixiao.Round{Name: "2024年1-7月", Kind: jixiao.RoundMonitoring}, Default())
	if err != nil {
		t.Fatal(err)
	}
	pa, _ := a.Project(1)
	ia, _ := a.Indicator(1, 1)
	if pa.Executed != 30000000 || pa.Forecast != 45000000 || ia.Value != "12" || ia.Likelihood != jixiao.LikelihoodPossible || ia.Forecast != "18人" || ia.Reasons[0] != jixiao.ReasonFunding {
		t.Errorf("read %+v %+v", pa, ia)
	}
	os.WriteFile(filepath.Join(dir, "actuals.csv"), []byte("project_seq,seq,name,annual_target,actual,grade,score,deviation_reasons,note,weight\n"+
		"1,1,申领随军家属补贴人数,≥20人,12,,,,,30\n1,2,合理有序使用资金,≥90％,95,,,,,30\n"), 0o644)
	_, err = ReadPath(dir, doc, selfRound, Default())
	if err == nil || !strings.Contains(err.Error(), "actuals.csv:2:") || !strings.Contains(err.Error(), "要么都填") {
		t.Errorf("partial weights: %v", err)
	}
}
