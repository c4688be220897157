package eval

import (
	"strings"
	"testing"

	"jixiao"
)

// TestReadFormUnreadPoints: a printed 得分 that is no number is named, not
// taken for 0, and its row is compared on nothing.
func TestReadFormUnreadPoints(t *testing.T) {
	doc := &jixiao.Document{ID: 1, Year: 2024, MoneyUnit: jixiao.WanYuan, Projects: []jixiao.Project{{Seq: 1, Name: "培训补贴", Unit: "某局",
		Indicators: []jixiao.Indicator{{Seq: 1, Level1: "产出指标", Level2: "数量指标", Name: "培训人次", Annual: jixiao.ParseTarget("≥100人")}}}}}
	form := &jixiao.SelfEvaluationForm{Year: 2024, Project: "培训补贴", Unit: "某局", Indicators: []jixiao.SelfEvalIndicator{{
		Name: "指标1：培训人次", Actual: "120", Weight: jixiao.PointsCell{Text: "50", Value: 50_000, OK: true},
		Score: jixiao.PointsCell{Text: "满分"}, Line: 5}}}
	a, err := ReadForm(form, doc, &doc.Projects[0], SelfEvalRound(doc), Default())
	if err != nil {
		t.Fatal(err)
	}
	if ia, ok := a.Indicator(1, 1); !ok || ia.Value != "120" {
		t.Fatalf("the actual was not recorded: %+v", a.Indicators)
	}
	fs := a.PrintedForms[0].Findings
	if len(fs) != 1 || fs[0].Rule != "import.cell" || !strings.Contains(fs[0].Message, "满分") || fs[0].Line != 5 {
		t.Fatalf("findings %+v", fs)
	}
	ps, _ := ScoreProject(Default(), &doc.Projects[0], a)
	c := ComparePrinted(ps, &doc.Projects[0], a.PrintedForms[0])
	if c.Rows[0].Item != "指标1：培训人次" || c.Rows[0].PrintedScore != "满分" || c.Rows[0].Diff != "" {
		t.Errorf("comparison row %+v", c.Rows[0])
	}
}
