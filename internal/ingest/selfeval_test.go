package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"jixiao"
	"jixiao/internal/export"
)

// expectedSelfEval is what a fixture must give, pinned by reading its text.
type expectedSelfEval struct {
	Source string           `json:"source"`
	Refuse string           `json:"refuse"` // a part of the refusal's message
	Forms  []expectedSEForm `json:"forms"`
}

type expectedSEForm struct {
	Title          string          `json:"title"`
	Year           int             `json:"year"`
	Project        string          `json:"project"`
	ProjectCode    string          `json:"project_code"`
	Department     string          `json:"department"`
	DepartmentCode string          `json:"department_code"`
	Unit           string          `json:"unit"`
	UnitCode       string          `json:"unit_code"`
	Truncated      bool            `json:"truncated"`
	Funds          []expectedFund  `json:"funds"`
	Goals          []expectedGoal  `json:"goals"`
	Indicators     []expectedSEInd `json:"indicators"`
	TotalWeight    string          `json:"total_weight"`
	TotalScore     string          `json:"total_score"`
	Grade          string          `json:"grade"`
	Findings       []string        `json:"findings"`
}

type expectedFund struct {
	Label, Source, Planned, Budget, Executed, Weight, Rate, Score string
}

type expectedGoal struct{ Target, Actual string }

type expectedSEInd struct {
	Level1, Level2, Name, Target, Actual, Weight, Score, Deviation string
}

func gotFund(f jixiao.SelfEvalFund) expectedFund {
	return expectedFund{f.Label, string(f.Source), f.Planned.Text, f.Budget.Text, f.Executed.Text, f.Weight.Text, f.Rate.Text, f.Score.Text}
}

func gotInd(in jixiao.SelfEvalIndicator) expectedSEInd {
	return expectedSEInd{in.Level1, in.Level2, in.Name, in.Target.Text, in.Actual, in.Weight.Text, in.Score.Text, in.Deviation}
}

func checkSEForm(t *testing.T, got *jixiao.SelfEvaluationForm, want expectedSEForm) {
	t.Helper()
	head := func(f *jixiao.SelfEvaluationForm) string {
		return fmt.Sprintf("%q %d %q[%s] %q[%s] %q[%s] truncated=%v total=%q/%q grade=%q", f.Title, f.Year, f.Project, f.ProjectCode,
			f.Department, f.DepartmentCode, f.Unit, f.UnitCode, f.Truncated, f.TotalWeight.Text, f.TotalScore.Text, f.Grade)
	}
	w := &jixiao.SelfEvaluationForm{Title: want.Title, Year: want.Year, Project: want.Project, ProjectCode: want.ProjectCode,
		Department: want.Department, DepartmentCode: want.DepartmentCode, Unit: want.Unit, UnitCode: want.UnitCode, Truncated: want.Truncated,
		TotalWeight: jixiao.PointsCell{Text: want.TotalWeight}, TotalScore: jixiao.PointsCell{Text: want.TotalScore}, Grade: want.Grade}
	if g, e := head(got), head(w); g != e {
		t.Errorf("heading\n got %s\nwant %s", g, e)
	}
	var funds []expectedFund
	for _, f := range got.Funds {
		funds = append(funds, gotFund(f))
	}
	compareList(t, "fund", funds, want.Funds)
	var goals []expectedGoal
	for _, g := range got.Goals {
		goals = append(goals, expectedGoal{g.Target, g.Actual})
	}
	compareList(t, "goal", goals, want.Goals)
	var ins []expectedSEInd
	for _, in := range got.Indicators {
		ins = append(ins, gotInd(in))
	}
	compareList(t, "indicator", ins, want.Indicators)
	var rules []string
	for _, f := range got.Findings {
		rules = append(rules, f.Rule)
		if f.Message == "" || f.Line == 0 {
			t.Errorf("finding %s without message or line: %+v", f.Rule, f)
		}
	}
	compareList(t, "finding", rules, want.Findings)
}

func compareList[T comparable](t *testing.T, what string, got, want []T) {
	t.Helper()
	for i := 0; i < max(len(got), len(want)); i++ {
		switch {
		case i >= len(got):
			t.Errorf("%s %d missing: want %+v", what, i+1, want[i])
		case i >= len(want):
			t.Errorf("%s %d extra: %+v", what, i+1, got[i])
		case got[i] != want[i]:
			t.Errorf("%s %d\n got %+v\nwant %+v", what, i+1, got[i], want[i])
		}
	}
}

func readSEExpected(t *testing.T, path string) expectedSelfEval {
	t.Helper()
	data, err := os.ReadFile(strings.TrimSuffix(path, ".txt") + ".expected.json")
	if err != nil {
		t.Fatal(err)
	}
	var e expectedSelfEval
	if err := json.Unmarshal(data, &e); err != nil {
		t.Fatal(err)
	}
	return e
}

func checkSEResult(t *testing.T, forms []*jixiao.SelfEvaluationForm, err error, want expectedSelfEval) {
	t.Helper()
	if want.Refuse != "" {
		var ie *jixiao.InputError
		if !errors.As(err, &ie) || !strings.Contains(ie.Msg, want.Refuse) {
			t.Fatalf("want an InputError saying %q, got %v (%d forms)", want.Refuse, err, len(forms))
		}
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	if len(forms) != len(want.Forms) {
		t.Fatalf("%d forms, want %d", len(forms), len(want.Forms))
	}
	for i := range forms {
		checkSEForm(t, forms[i], want.Forms[i])
	}
}

func selfEvalFixtures(t testing.TB) []string {
	files, err := filepath.Glob("testdata/selfeval/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	return files
}

func TestSelfEvalFixtures(t *testing.T) {
	for _, path := range selfEvalFixtures(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			want := readSEExpected(t, path)
			if src, _, _ := strings.Cut(string(data), "\n"); !strings.Contains(src, want.Source) {
				t.Errorf("header line %q does not name the source %q", src, want.Source)
			}
			forms, err := ParseSelfEvaluation(filepath.Base(path), data)
			checkSEResult(t, forms, err, want)
		})
	}
}

// TestSelfEvalSurfaceVariants reads real fixtures re-encoded (GB18030),
// with full-width digits, and as .docx and .xlsx: the same form.
func TestSelfEvalSurfaceVariants(t *testing.T) {
	const cellPerLine = "testdata/selfeval/02-qingshen-ndrc-wages-cell-per-line.txt"
	const glued = "testdata/selfeval/01-chizhou-tangxi-commission-glued-fragment.txt"
	const pipes = "testdata/selfeval/03-daying-justice-anke-pipes-two-forms.txt"
	read := func(p string) []byte {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	t.Run("gb18030", func(t *testing.T) {
		gb, err := simplifiedchinese.GB18030.NewEncoder().Bytes(read(cellPerLine))
		if err != nil {
			t.Fatal(err)
		}
		forms, err := ParseSelfEvaluation("gb.txt", gb)
		checkSEResult(t, forms, err, readSEExpected(t, cellPerLine))
	})
	t.Run("full-width digits", func(t *testing.T) {
		wide := strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r - '0' + '０'
			}
			return r
		}, string(read(glued)))
		forms, err := ParseSelfEvaluation("wide.txt", []byte(wide))
		if err != nil {
			t.Fatal(err)
		}
		base, _ := ParseSelfEvaluation("base.txt", read(glued))
		if got, want := valuesOf(forms[0]), valuesOf(base[0]); got != want {
			t.Errorf("full-width digits read as\n%s\nwant\n%s", got, want)
		}
	})
	rows := pipeRows(string(read(pipes)))
	want := readSEExpected(t, pipes)
	t.Run("docx", func(t *testing.T) {
		forms, err := ParseSelfEvaluation("form.docx", makeDocx(t, nil, rows))
		checkSEResult(t, forms, err, want)
	})
	t.Run("xlsx", func(t *testing.T) {
		var buf bytes.Buffer
		if err := export.WriteTableXLSX(&buf, &export.Table{Name: "自评表", Columns: rows[0], Rows: rows[1:]}); err != nil {
			t.Fatal(err)
		}
		forms, err := ParseSelfEvaluation("form.xlsx", buf.Bytes())
		checkSEResult(t, forms, err, want)
	})
}

// pipeRows cuts a pipe fixture (after its source line) into rows of cells.
func pipeRows(text string) [][]string {
	var rows [][]string
	for _, l := range strings.Split(text, "\n")[1:] {
		if strings.TrimSpace(l) == "" {
			continue
		}
		var cells []string
		for _, c := range strings.Split(l, "|") {
			cells = append(cells, strings.TrimSpace(c))
		}
		rows = append(rows, cells)
	}
	return rows
}

// valuesOf lists a form's parsed numbers, which do not depend on how the
// digits were written.
func valuesOf(f *jixiao.SelfEvaluationForm) string {
	var b strings.Builder
	for _, fr := range f.Funds {
		fmt.Fprintf(&b, "%s %d %d %d %v %v %v\n", fr.Label, fr.Planned.Amount, fr.Budget.Amount, fr.Executed.Amount, fr.Weight.Value, fr.Rate.Value, fr.Score.Value)
	}
	for _, in := range f.Indicators {
		fmt.Fprintf(&b, "%s %s %s %v %v\n", in.Name, in.Target.Op, in.Target.Value, in.Weight.Value, in.Score.Value)
	}
	for _, x := range f.Findings {
		b.WriteString(x.Rule + "\n")
	}
	return b.String()
}

// annexForm is a whole 10号 annex form (made up) whose arithmetic is wrong
// in every way the checks know, with an empty template row.
const annexForm = `项目支出绩效自评表
（2024年度）
| 项目名称 | 社区养老服务补助 |
| 主管部门 | [015001]某区民政局 | 实施单位 | 某区养老服务中心 |
| 项目资金（万元） | | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |
| | 年度资金总额 | 100 | 120 | 126 | 10 | 105.00% | 10 |
| | 其中：当年财政拨款 | 80 | 100 | 100 | — | 99% | — |
| | 上年结转资金 | | 20 | 25 | — | — | — |
| | 其他资金 | 20 | | | — | — | — |
| 年度总体目标 | 预期目标 | | 实际完成情况 | |
| | 为500名老人提供助餐服务 | | 为520名老人提供助餐服务 | |
| 绩效指标 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
| | 产出指标 | 数量指标 | 助餐服务人数 | ≥500人 | 520人 | 30 | 30 | |
| | | 质量指标 | 服务合格率 | ≥95% | 90% | 20 | 18 | 厨师流动，下年加强培训 |
| | | | 指标2 | | | | | |
| | 效益指标 | 社会效益指标 | 老人就餐便利程度 | 明显改善 | 明显改善 | 20 | 20 | |
| | 满意度指标 | 服务对象满意度指标 | 老人满意度 | ≥90% | 93% | 10 | 12 | |
| 总分 | | | | | | 100 | 88 | 优 |
`

func TestSelfEvalArithmetic(t *testing.T) {
	forms, err := ParseSelfEvaluation("annex.md", []byte(annexForm))
	if err != nil {
		t.Fatal(err)
	}
	checkSEForm(t, forms[0], annexWant)
	for _, f := range forms[0].Findings {
		t.Log(f.Rule, f.Message)
	}
}

// annexWant is what annexForm gives, read by hand.
var annexWant = expectedSEForm{
	Title: "项目支出绩效自评表", Year: 2024, Project: "社区养老服务补助", Department: "某区民政局", DepartmentCode: "015001", Unit: "某区养老服务中心",
	Funds: []expectedFund{
		{"年度资金总额", "total", "100", "120", "126", "10", "105.00%", "10"},
		{"当年财政拨款", "fiscal", "80", "100", "100", "", "99%", ""},
		{"上年结转资金", "carryover", "", "20", "25", "", "", ""},
		{"其他资金", "other", "20", "", "", "", "", ""},
	},
	Goals: []expectedGoal{{"为500名老人提供助餐服务", "为520名老人提供助餐服务"}},
	Indicators: []expectedSEInd{
		{"产出指标", "数量指标", "助餐服务人数", "≥500人", "520人", "30", "30", ""},
		{"产出指标", "质量指标", "服务合格率", "≥95%", "90%", "20", "18", "厨师流动，下年加强培训"},
		{"效益指标", "社会效益指标", "老人就餐便利程度", "明显改善", "明显改善", "20", "20", ""},
		{"满意度指标", "服务对象满意度指标", "老人满意度", "≥90%", "93%", "10", "12", ""},
	},
	TotalWeight: "100", TotalScore: "88", Grade: "优",
	// 执行 126 against 100 + 25; 分值 10+30+20+20+10 = 90; 得分 10+30+18+20+12 = 90.
	Findings: []string{"selfeval.rate", "selfeval.funds", "selfeval.sum", "selfeval.sum", "selfeval.score", "selfeval.grade"},
}

// A 自评表 in a Word table or a workbook keeps its blank cells, and reads
// exactly as its markdown.
func TestSelfEvalAnnexDocxXLSX(t *testing.T) {
	var title []string
	var rows [][]string
	for _, l := range strings.Split(strings.TrimSpace(annexForm), "\n") {
		if !strings.HasPrefix(l, "|") {
			title = append(title, l)
			continue
		}
		rows = append(rows, splitRow(l))
	}
	forms, err := ParseSelfEvaluation("annex.docx", makeDocx(t, title, rows))
	checkSEResult(t, forms, err, expectedSelfEval{Forms: []expectedSEForm{annexWant}})
	var buf bytes.Buffer
	all := append([][]string{{title[0]}, {title[1]}}, rows...)
	width := 0
	for _, r := range all {
		width = max(width, len(r))
	}
	for i := range all { // WriteTableXLSX wants every row as wide as the first
		all[i] = append(all[i], make([]string, width-len(all[i]))...)
	}
	if err := export.WriteTableXLSX(&buf, &export.Table{Name: "自评表", Columns: all[0], Rows: all[1:]}); err != nil {
		t.Fatal(err)
	}
	forms, err = ParseSelfEvaluation("annex.xlsx", buf.Bytes())
	checkSEResult(t, forms, err, expectedSelfEval{Forms: []expectedSEForm{annexWant}})
}
