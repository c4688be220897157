package eval

import (
	"jixiao"
)

// Comparison sets a published 自评表's printed 分值 and 得分 beside
// jixiao's own score of the same project from the actuals recorded from
// it: a row for the 预算执行率, one per indicator row of the form, the
// 总分 and the 自评等级. Differs counts the rows whose printed and
// computed scores (or grades) are not the same.
type Comparison struct {
	SourceName string           `json:"source_name"`
	ImportedBy string           `json:"imported_by"`
	Rows       []ComparisonRow  `json:"rows"`
	Differs    int              `json:"differs"`
	Findings   []jixiao.Finding `json:"findings,omitempty"` // the form's own and the import's
}

// ComparisonRow is one line of a Comparison. The printed cells are as the
// form prints them ("" when blank), jixiao's as the 自评表 does; Diff is
// jixiao's score less the printed one ("+1.5", "-0.83"), "" when they agree
// or either is missing, and for the grade row "不同" when they differ.
type ComparisonRow struct {
	Item          string `json:"item"`
	PrintedWeight string `json:"printed_weight"`
	PrintedScore  string `json:"printed_score"`
	Weight        string `json:"weight"`
	Score         string `json:"score"`
	Diff          string `json:"diff,omitempty"`
}

// ComparePrinted compares the printed form pr of project p with ps, the
// project's score in the round that holds pr.
func ComparePrinted(ps *ProjectScore, p *jixiao.Project, pr jixiao.PrintedSelfEval) Comparison {
	c := Comparison{SourceName: pr.SourceName, ImportedBy: pr.ImportedBy}
	c.Findings = append(append(c.Findings, pr.Form.Findings...), pr.Findings...)
	if f, ok := totalFund(pr.Form); ok {
		c.add("预算执行率", f.Weight, f.Score, ps.ExecutionPoints.String(), ps.ExecutionScore, true)
	}
	scores := map[int]IndicatorScore{}
	for _, is := range ps.Indicators {
		scores[is.Seq] = is
	}
	for i, fi := range pr.Form.Indicators {
		is, ok := scores[seqAt(pr.IndicatorSeqs, i)]
		if !ok {
			c.add(fi.Name+"（未匹配）", fi.Weight, fi.Score, "", 0, false)
			continue
		}
		c.add(fi.Name, fi.Weight, fi.Score, is.Weight.String(), is.Score, true)
	}
	c.add("总分", pr.Form.TotalWeight, pr.Form.TotalScore, ps.MaxPoints().String(), ps.Total, ps.Status != StatusNotEvaluated)
	c.Rows[len(c.Rows)-1].Score = ps.TotalText() // a provisional total says so
	grade := ComparisonRow{Item: "自评等级", PrintedScore: pr.Form.Grade, Score: ps.GradeText()}
	if pr.Form.Grade != "" && grade.Score != pr.Form.Grade {
		grade.Diff = "不同"
		c.Differs++
	}
	c.Rows = append(c.Rows, grade)
	return c
}

func seqAt(seqs []int, i int) int {
	if i < len(seqs) {
		return seqs[i]
	}
	return 0
}

// totalFund is the form's 年度资金总额 row, whose 分值 and 得分 are the
// 预算执行率's.
func totalFund(f jixiao.SelfEvaluationForm) (jixiao.SelfEvalFund, bool) {
	for _, fund := range f.Funds {
		if fund.Source == jixiao.FundTotal {
			return fund, true
		}
	}
	return jixiao.SelfEvalFund{}, false
}

// add appends a row; hasScore is false when jixiao has no score for it.
// Printed points are in thousandths, jixiao's in hundredths.
func (c *Comparison) add(item string, pw, psc jixiao.PointsCell, weight string, score Points, hasScore bool) {
	row := ComparisonRow{Item: item, PrintedWeight: pw.Text, PrintedScore: psc.Text, Weight: weight}
	if hasScore {
		row.Score = score.String()
	}
	if hasScore && psc.OK {
		if d := jixiao.Points(int64(score)*10) - psc.Value; d != 0 {
			row.Diff = d.String()
			if d > 0 {
				row.Diff = "+" + row.Diff
			}
			c.Differs++
		}
	}
	c.Rows = append(c.Rows, row)
}

// MaxPoints is what the project's score is out of: the 预算执行率's points
// and every block's.
func (ps *ProjectScore) MaxPoints() Points {
	full := ps.ExecutionPoints
	for _, b := range ps.Blocks {
		full += b.Points
	}
	return full
}
