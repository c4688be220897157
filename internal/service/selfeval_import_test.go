package service_test

import (
	"fmt"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/sampletest"
	"jixiao/internal/service"
)

// storeTargetOf imports, as finance, the target table of the 自评表 in
// fixture, of its year.
func (c *fixture) storeTargetOf(t *testing.T, fixture string) *jixiao.Document {
	t.Helper()
	name, text, year := sampletest.TargetTableFor(t, fixture)
	doc, err := c.s.Documents.Import(c.ctx, c.users["finance"], file(name, text, year))
	if err != nil {
		t.Fatalf("target table of %s: %v\n%s", fixture, err, text)
	}
	return doc
}

// importCase is what one real 自评表 must import to, each figure checked
// by hand against the form (internal/ingest/testdata/selfeval).
type importCase struct {
	fixture string
	// budget and executed are the recorded 全年预算数 and 全年执行数 ("" none).
	budget, executed string
	// actuals lists the recorded indicators: seq=实际完成值/grade.
	actuals string
	// score is jixiao's 总分 and grade; printed the form's 总分 ("" none).
	score, grade, printed string
	differs               int
	rules                 string // the findings' rules, in order
}

var importCases = []importCase{
	// 年度资金总额 printed 0 over parts of 90 / 89.974: not recorded, so
	// 未完成; 满意度 cut off, so its 10 points go to 产出 (56.25 ÷ 6) and
	// 效益 (33.75 ÷ 3): each printed 8 or 10 differs.
	{"01-chizhou-tangxi-commission-glued-fragment.txt", "", "",
		"1=50 2=100 3=达成 4=达成 5=90 6=达成 7=达成 8=达成 9=达成", "90.00（暂计）", "未完成", "", 9,
		"parse.truncated selfeval.funds selfeval.funds selfeval.funds import.funds"},
	// 251.89 of 251.89 executed: 10; no 实际完成值 printed; no 得分 printed.
	{"02-qingshen-ndrc-wages-cell-per-line.txt", "251.89", "251.89", "", "10.00（暂计）", "未完成", "", 0,
		"import.cell import.cell"},
	// Cut before its grid: 3.36 of 3.36, 10 = the printed 10.
	{"03-daying-justice-anke-pipes-two-forms.txt", "3.36", "3.36", "", "10.00（暂计）", "未完成", "", 0,
		"parse.truncated import.match"},
	// 37.24 of 43.2 = 86.2 %: 8.62 for the 执行率 and for the 工程资金金额
	// (both printed 9); the other eight 10 each; 97.24, 优.
	{"08-langfang-food-school-heating-cell-per-line-fragment.txt", "43.20", "37.24",
		"1=37.24 2=100 3=100 4=100 5=100 6=100 7=100 8=100 9=100", "97.24", "优", "", 2, "parse.truncated"},
	// 880 of 880; six indicators print only 分值 and 得分 (10 each), no
	// 实际完成值: unrecorded, 0 each, 40 provisional against the printed 100.
	{"09-tianchang-flood-control-spaces-whole.txt", "880.00", "880.00", "1=1 2=1 9=100", "40.00（暂计）", "未完成", "100", 7,
		"import.cell import.cell import.cell import.cell import.cell import.cell"},
}

// TestImportSelfEvaluationFixtures: five real published 自评表, each over
// the target table of its project, import as that project's year-end
// self-evaluation, on both engines: the execution and the 实际完成值 are
// recorded, jixiao's score stands beside the printed one, and what could
// not be carried over is a finding.
func TestImportSelfEvaluationFixtures(t *testing.T) {
	eachStore(t, func(t *testing.T, c *fixture) {
		for _, tc := range importCases {
			doc := c.storeTargetOf(t, tc.fixture)
			im, err := c.s.Monitoring.ImportSelfEvaluation(c.ctx, c.users["admin"],
				service.Upload{Name: tc.fixture, Data: sampletest.SelfEval(t, tc.fixture)}, 0)
			if err != nil {
				t.Fatalf("%s: %v", tc.fixture, err)
			}
			if im.DocumentID != doc.ID || len(im.Projects) != 1 || im.Projects[0].ProjectSeq != 1 {
				t.Fatalf("%s: imported into %d %+v, want document %d project 1", tc.fixture, im.DocumentID, im.Projects, doc.ID)
			}
			a, err := c.st.Eval().Actuals(c.ctx, doc.ID, jixiao.SelfEvalRoundName)
			if err != nil {
				t.Fatal(err)
			}
			checkImported(t, tc, doc, a, im)
		}
	})
}

func checkImported(t *testing.T, tc importCase, doc *jixiao.Document, a *jixiao.Actuals, im *service.SelfEvalImport) {
	t.Helper()
	pa, _ := a.Project(1)
	budget, executed := "", ""
	if pa.HasBudget {
		budget = pa.Budget.Format(doc.MoneyUnit)
	}
	if pa.HasExecuted {
		executed = pa.Executed.Format(doc.MoneyUnit)
	}
	var acts []string
	for _, ia := range a.Indicators {
		v := ia.Value
		if ia.Grade != "" {
			v = string(ia.Grade)
		}
		if v != "" {
			acts = append(acts, fmt.Sprintf("%d=%s", ia.Seq, v))
		}
	}
	ps, cmp := im.Projects[0].Score, im.Projects[0].Comparison
	var rules []string
	for _, f := range im.Findings() {
		rules = append(rules, f.Rule)
	}
	pr, ok := a.Printed(1)
	got := importCase{tc.fixture, budget, executed, strings.Join(acts, " "), ps.TotalText(), ps.GradeText(),
		pr.Form.TotalScore.Text, cmp.Differs, strings.Join(rules, " ")}
	if got != tc || !ok {
		t.Errorf("%s imported as\n%+v\nwant\n%+v", tc.fixture, got, tc)
	}
	if pr.SourceName != tc.fixture || pr.ImportedBy != "admin" || len(pr.IndicatorSeqs) != len(pr.Form.Indicators) || len(pr.SHA256) != 64 {
		t.Errorf("%s: the stored form %+v", tc.fixture, pr)
	}
	if im.Complete() != (tc.rules == "") {
		t.Errorf("%s: Complete() = %v with findings %q", tc.fixture, im.Complete(), tc.rules)
	}
}

// TestImportSelfEvaluationRefusals: a 自评表 without its project is
// refused naming what was looked for; only someone who may record the
// project imports it, as long as its report is 填报中; nothing is half
// stored; the audit names the person.
func TestImportSelfEvaluationRefusals(t *testing.T) {
	eachStore(t, func(t *testing.T, c *fixture) {
		const fx = "08-langfang-food-school-heating-cell-per-line-fragment.txt"
		up := service.Upload{Name: fx, Data: sampletest.SelfEval(t, fx)}
		_, err := c.s.Monitoring.ImportSelfEvaluation(c.ctx, c.users["admin"], up, 0)
		is(t, "no target table", err, jixiao.ErrNotFound)
		if msg := jixiao.ErrorMessage(err); !strings.Contains(msg, "办公宿舍楼、食堂及餐厅暖通改造经费") || !strings.Contains(msg, "廊坊市食品工程学校") ||
			!strings.Contains(msg, "2019") {
			t.Errorf("the refusal does not say what was looked for: %s", msg)
		}
		doc := c.storeTargetOf(t, fx)
		_, err = c.s.Monitoring.ImportSelfEvaluation(c.ctx, nil, up, 0)
		is(t, "a visitor", err, jixiao.ErrUnauthenticated)
		_, err = c.s.Monitoring.ImportSelfEvaluation(c.ctx, c.users["filer"], up, 0) // a filer of a Liwan unit
		is(t, "a filer of another unit", err, jixiao.ErrForbidden)
		if a, err := c.st.Eval().Actuals(c.ctx, doc.ID, jixiao.SelfEvalRoundName); err == nil && len(a.Indicators)+len(a.PrintedForms) > 0 {
			t.Fatalf("a refused import stored %+v", a)
		}
		own := c.user(t, "filer-lf", jixiao.RoleFiler, doc.Projects[0].Unit, "")
		if _, err := c.s.Monitoring.ImportSelfEvaluation(c.ctx, own, up, 0); err != nil {
			t.Fatalf("the project's own filer: %v", err)
		}
		if !c.audited(t, doc.ID, jixiao.ActionRecordActuals, "filer-lf") {
			t.Error("the import is not audited under the filer's name")
		}
		if _, err := c.s.Monitoring.StepEval(c.ctx, own, doc.ID, service.EvalStep{Project: 1, Action: jixiao.ActionSubmitEval}); err != nil {
			t.Fatal(err)
		}
		_, err = c.s.Monitoring.ImportSelfEvaluation(c.ctx, own, up, 0)
		is(t, "a submitted report", err, jixiao.ErrConflict)
		_, err = c.s.Monitoring.ImportSelfEvaluation(c.ctx, own, service.Upload{Name: "x.txt", Data: []byte("项目支出绩效目标表\n项目名称 | 某项目")}, 0)
		is(t, "no 自评表 in the file", err, jixiao.ErrInvalid)
	})
}

// TestImportSelfEvaluationAmbiguous: a 自评表 whose project is in two
// published tables is refused naming both, and imports once the document
// is named.
func TestImportSelfEvaluationAmbiguous(t *testing.T) {
	eachStore(t, func(t *testing.T, c *fixture) {
		const fx = "09-tianchang-flood-control-spaces-whole.txt"
		first := c.storeTargetOf(t, fx)
		name, text, year := sampletest.TargetTableFor(t, fx)
		again := strings.ReplaceAll(string(text), "880.00", "900.00") // another version of the table
		second, err := c.s.Documents.Import(c.ctx, c.users["finance"], file("again-"+name, []byte(again), year))
		if err != nil {
			t.Fatal(err)
		}
		up := service.Upload{Name: fx, Data: sampletest.SelfEval(t, fx)}
		_, err = c.s.Monitoring.ImportSelfEvaluation(c.ctx, c.users["admin"], up, 0)
		is(t, "two tables", err, jixiao.ErrConflict)
		if msg := jixiao.ErrorMessage(err); !strings.Contains(msg, fmt.Sprintf("文件 %d", first.ID)) || !strings.Contains(msg, fmt.Sprintf("文件 %d", second.ID)) {
			t.Errorf("the refusal does not name both: %s", msg)
		}
		im, err := c.s.Monitoring.ImportSelfEvaluation(c.ctx, c.users["admin"], up, second.ID)
		if err != nil || im.DocumentID != second.ID {
			t.Fatalf("with the document named: %+v, %v", im, err)
		}
	})
}
