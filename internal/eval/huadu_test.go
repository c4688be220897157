package eval

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/sampletest"
)

func huadu(t *testing.T) *jixiao.Document {
	t.Helper()
	return sampletest.Parse(t, sampletest.Huadu)
}

// The Huadu sample with the hand-made actuals in testdata/huadu-2024. The
// expected figures were worked out by hand from the formulas of 10号 (the
// working is in the comments), not by the scoring code.
func TestHuaduSelfEvaluation(t *testing.T) {
	doc := huadu(t)
	round := jixiao.Round{Name: jixiao.SelfEvalRoundName, Kind: jixiao.RoundSelfEval}
	a, err := ReadPath(filepath.Join("testdata", "huadu-2024"), doc, round, Default())
	if err != nil {
		t.Fatal(err)
	}
	r, err := Score(Default(), doc, a)
	if err != nil {
		t.Fatal(err)
	}
	want := map[int]struct {
		exec, output, benefit, satisfaction, total Points
		grade                                      string
	}{
		// 48.07/50.60 = 95 % → 9.50. 产出 50/3 → 16.67, 16.67, 16.66:
		// 16.67×18/20 = 15.003 → 15.00; 16.67; 16.66×81/90 = 14.994 → 14.99.
		// 效益 15, 15×60/90 = 10. 满意度 10×97/100 = 9.70.
		1: {950, 4666, 2500, 970, 9086, "优"},
		// Weights 20/20/10, 20/10, 10: 20; 20×90/95 = 18.947 → 18.95; 10;
		// 20; 0; 10.
		2: {1000, 4895, 2000, 1000, 8895, "良"},
		// Over budget → 10. No 满意度: 产出 56.25 → 14.07, 14.06, 14.06,
		// 14.06; 效益 33.75 → 16.88, 16.87. 14.07; 14.06×5/10 = 7.03;
		// 14.06×199/200 = 13.9897 → 13.99; 0; 16.88; 16.87×0.995 = 16.78565
		// → 16.79.
		3: {1000, 3509, 3367, 0, 7876, "中"},
		// 3.3/5 → 6.60. 产出 18.75 each: 18.75; 9.375 → 9.38; 18.75. 效益
		// 33.75, 部分达成 scored 25 (band 20.25–27).
		9: {660, 4688, 2500, 0, 7848, "中"},
		// 40.123456/50 → 8.0246912 → 8.02. 产出 28.13, 28.12: ≤5000 with
		// 5600 → 28.13×(1−600/5000) = 24.7544 → 24.75; 28.12. 效益 16.88;
		// 16.87×45/90 = 8.435 → 8.44.
		10: {802, 5287, 2532, 0, 8621, "良"},
		// 9.99/20 → 4.995 → 5.00. ≤300 with 650 → 0; 18.75; 18.75. 效益
		// 33.75×49/98 = 16.875 → 16.88.
		12: {500, 3750, 1688, 0, 5938, "差"},
	}
	for _, ps := range r.Projects {
		w, ok := want[ps.ProjectSeq]
		if !ok {
			if ps.Status != StatusNotEvaluated || ps.Grade != "" || ps.GradeText() != "未评" || ps.TotalText() != "—" {
				t.Errorf("project %d had no actuals: %s %q %s", ps.ProjectSeq, ps.Total, ps.Grade, ps.Status)
			}
			continue
		}
		if ps.Status != StatusScored || len(ps.Missing) > 0 {
			t.Errorf("project %d: %s, missing %v", ps.ProjectSeq, ps.Status, ps.Missing)
		}
		got := [5]Points{ps.ExecutionScore, ps.Block(BlockOutput), ps.Block(BlockBenefit), ps.Block(BlockSatisfaction), ps.Total}
		if got != [5]Points{w.exec, w.output, w.benefit, w.satisfaction, w.total} || ps.Grade != w.grade {
			t.Errorf("project %d %s: %v %s, want %v %s", ps.ProjectSeq, ps.Project, got, ps.Grade,
				[5]Points{w.exec, w.output, w.benefit, w.satisfaction, w.total}, w.grade)
		}
	}
	// Six of the twelve were filled in: 未评 is not 差. 90.86 + 88.95 +
	// 78.76 + 78.48 + 86.21 + 59.38 = 482.64 over the 6 scored = 80.44;
	// 优 1, 良 2, 中 2, 差 1 (project 12, the only real 差).
	d := r.Document
	if len(r.Projects) != 12 || d.Projects != 12 || d.Count != 6 || d.NotEvaluated != 6 || d.Incomplete != 0 ||
		d.Average != 8044 || d.Grades["优"] != 1 || d.Grades["良"] != 2 || d.Grades["中"] != 2 || d.Grades["差"] != 1 {
		t.Errorf("document summary %+v", d)
	}
	if d.LeftOut() != "未评 6 个不计入平均分和等级" {
		t.Errorf("left out %q", d.LeftOut())
	}
	if len(r.Units) != 1 || r.Units[0].Average != 8044 {
		t.Errorf("unit summary %+v", r.Units)
	}
	p3 := r.Projects[2]
	if !hasFlag(p3.Flags, "超支：全年执行数超过全年预算数 1.50 万元（执行率 107.50%）") || !hasFlag(p3.Indicators[0].Flags, "130") || hasFlag(r.Projects[8].Indicators[2].Flags, "130") {
		t.Errorf("flags: %v %v", p3.Flags, p3.Indicators[0].Flags)
	}
	ia, _ := a.Indicator(3, 4)
	if len(ia.Reasons) != 2 || ia.Reasons[0] != jixiao.ReasonStaff || ia.Reasons[1] != jixiao.ReasonOther || ia.Note != "未开班" {
		t.Errorf("deviation reasons of 3.4: %+v", ia)
	}
}

// A project with one indicator's value and its 全年执行数 missing is 未完成:
// its total is provisional, it has no grade, the missing items are named,
// and the averages leave it out.
func TestHuaduIncomplete(t *testing.T) {
	doc := huadu(t)
	a, err := ReadPath(filepath.Join("testdata", "huadu-2024"), doc, selfRound, Default())
	if err != nil {
		t.Fatal(err)
	}
	var keep []jixiao.IndicatorActual
	for _, ia := range a.Indicators {
		if ia.ProjectSeq != 1 || ia.Seq != 2 {
			keep = append(keep, ia)
		}
	}
	a.Indicators = keep
	a.Projects = a.Projects[1:] // project 1's 全年执行数
	r, err := Score(Default(), doc, a)
	if err != nil {
		t.Fatal(err)
	}
	p := r.Projects[0]
	want := []string{"全年执行数", "指标 2「合理有序使用资金」的实际完成值"}
	if p.Status != StatusIncomplete || p.Grade != "" || p.GradeText() != "未完成" || !slices.Equal(p.Missing, want) {
		t.Errorf("project 1: %s %q %v", p.Status, p.Grade, p.Missing)
	}
	// 15.00 + 0 + 14.99 + 25.00 + 9.70 without the execution score = 64.69.
	if p.TotalText() != "64.69（暂计）" {
		t.Errorf("total %s", p.TotalText())
	}
	// 482.64 − 90.86 = 391.78 over 5 = 78.356 → 78.36.
	d := r.Document
	if d.Count != 5 || d.Incomplete != 1 || d.NotEvaluated != 6 || d.Average != 7836 || d.Grades["优"] != 0 {
		t.Errorf("document %+v", d)
	}
	if d.LeftOut() != "未评 6 个、未完成 1 个不计入平均分和等级" {
		t.Errorf("left out %q", d.LeftOut())
	}
	var b strings.Builder
	if err := WriteScoreText(&b, r); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"64.69（暂计）  未完成", "—  未评", "项目 1：缺：全年执行数；指标 2「合理有序使用资金」的实际完成值",
		"12 个项目，已评 5 个，平均 78.36 分；优 0，良 2，中 2，差 1（未评 6 个、未完成 1 个不计入平均分和等级）"} {
		if !strings.Contains(b.String(), s) {
			t.Errorf("text lacks %q:\n%s", s, b.String())
		}
	}
}
