package storetest

import (
	"reflect"
	"testing"
	"time"

	"jixiao"
)

// testEvalPrinted: a published 自评表 imported into the self-evaluation
// (its printed 分值, 得分, 总分 and 自评等级, the indicator matches, the
// import's findings, who imported it) is stored with the round's actuals in
// the same transaction and comes back as it went in; a second import of
// the same project replaces it; another project's keeps its own; it goes
// with the round.
func testEvalPrinted(t *testing.T, st jixiao.Store) {
	ep, ok := st.(jixiao.EvalProvider)
	if !ok {
		t.Skipf("%T keeps no evaluation", st)
	}
	ev := ep.Eval()
	doc := NewDocument("越秀", 1, 2)
	save(t, st, doc)
	at := time.Date(2025, 3, 1, 2, 3, 4, 0, time.UTC)
	printed := func(seq int, total, grade string) jixiao.PrintedSelfEval {
		pts := func(s string) jixiao.PointsCell {
			v, err := jixiao.ParsePoints(s)
			return jixiao.PointsCell{Text: s, Value: v, OK: err == nil}
		}
		return jixiao.PrintedSelfEval{ProjectSeq: seq, SourceName: "自评表.txt", SHA256: "ab12", ImportedBy: "填报员", ImportedAt: at,
			Form: jixiao.SelfEvaluationForm{Title: "项目支出绩效自评表", Year: 2024, Project: "培训补贴", Unit: "越秀区人社局",
				MoneyUnit: jixiao.WanYuan,
				Funds: []jixiao.SelfEvalFund{{Label: "年度资金总额", Source: jixiao.FundTotal,
					Budget: jixiao.MoneyCell{Text: "89.974", Amount: 89_974_000, OK: true}, Weight: pts("10"), Score: pts("9.5")}},
				Indicators: []jixiao.SelfEvalIndicator{{Level1: "产出指标", Level2: "数量指标", Name: "培训人次",
					Target: jixiao.ParseTarget("≥1200人"), Actual: "1150", Weight: pts("20"), Score: pts("19.17"), Line: 7}},
				TotalWeight: pts("100"), TotalScore: pts(total), Grade: grade,
				Findings: []jixiao.Finding{{Rule: "selfeval.total", Severity: jixiao.SeverityWarning, Message: "总分不符", Line: 9}}},
			IndicatorSeqs: []int{2},
			Findings:      []jixiao.Finding{{Rule: "selfeval.unmatched", Severity: jixiao.SeverityWarning, Message: "未匹配"}}}
	}
	a := &jixiao.Actuals{Round: jixiao.Round{DocumentID: doc.ID, Name: jixiao.SelfEvalRoundName, Kind: jixiao.RoundSelfEval},
		Indicators:   []jixiao.IndicatorActual{{ProjectSeq: 1, Seq: 2, Text: "1150", Value: "1150"}},
		PrintedForms: []jixiao.PrintedSelfEval{printed(1, "92.5", "优"), printed(2, "70", "中")}}
	if err := ev.SaveActuals(ctx(t), a, jixiao.AuditEntry{Action: jixiao.ActionRecordActuals}); err != nil {
		t.Fatal(err)
	}
	got, err := ev.Actuals(ctx(t), doc.ID, jixiao.SelfEvalRoundName)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.PrintedForms, a.PrintedForms) {
		t.Fatalf("printed forms read back\n%+v\nwant\n%+v", got.PrintedForms, a.PrintedForms)
	}
	again := &jixiao.Actuals{Round: a.Round, PrintedForms: []jixiao.PrintedSelfEval{printed(1, "80", "良")}}
	again.PrintedForms[0].Findings = nil
	if err := ev.SaveActuals(ctx(t), again, jixiao.AuditEntry{Action: jixiao.ActionRecordActuals}); err != nil {
		t.Fatal(err)
	}
	got, err = ev.Actuals(ctx(t), doc.ID, jixiao.SelfEvalRoundName)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.PrintedForms) != 2 || got.PrintedForms[0].Form.Grade != "良" || got.PrintedForms[0].Form.TotalScore.Value != 80_000 ||
		got.PrintedForms[0].Findings != nil || got.PrintedForms[1].Form.Grade != "中" {
		t.Fatalf("after a second import of project 1: %+v", got.PrintedForms)
	}
	if err := ev.DeleteRound(ctx(t), doc.ID, jixiao.SelfEvalRoundName); err != nil {
		t.Fatal(err)
	}
	if err := ev.SaveActuals(ctx(t), &jixiao.Actuals{Round: a.Round}, jixiao.AuditEntry{Action: jixiao.ActionRecordActuals}); err != nil {
		t.Fatal(err)
	}
	if got, err = ev.Actuals(ctx(t), doc.ID, jixiao.SelfEvalRoundName); err != nil || len(got.PrintedForms) != 0 {
		t.Fatalf("a deleted round kept its printed forms: %+v, %v", got, err)
	}
}
