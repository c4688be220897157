package check

import (
	"strings"
	"testing"

	"jixiao"
)

func TestEveryRuleNamesItsCriterion(t *testing.T) {
	for _, r := range Rules() {
		if r.Criterion == "" || r.Criterion.Question() == "" {
			t.Errorf("%s names no criterion", r.ID)
		}
		arithmetic := map[string]bool{"amount.sum": true, "amount.subtotal": true, "amount.rounding": true, "amount.total": true, "amount.period": true}
		if arithmetic[r.ID] != (r.Criterion == jixiao.CriterionAccuracy) {
			t.Errorf("%s names %s: only the table's arithmetic is 数据准确性", r.ID, r.Criterion)
		}
		if strings.Contains(r.Source, "第四章") {
			t.Errorf("%s cites 88号 第四章; 审核 is 第三章", r.ID)
		}
	}
}

// TestPrefillReviewOnSamples pre-fills the review of every project of
// both samples from its own findings and checks each mark and opinion
// against them.
func TestPrefillReviewOnSamples(t *testing.T) {
	marked := map[jixiao.Mark]int{}
	for _, name := range []string{"liwan-hrss-bureau-2024.md", "huadu-employment-center-2024.txt"} {
		doc := readSample(t, name)
		fs := Run(doc)
		for _, p := range doc.Projects {
			var about []jixiao.Finding
			for _, f := range fs {
				if f.ProjectSeq == p.Seq {
					about = append(about, f)
				}
			}
			criteria, _ := PrefillReview(about)
			if len(criteria) != 4 {
				t.Fatalf("%d criteria", len(criteria))
			}
			for _, c := range criteria {
				checkPrefilled(t, name, p.Seq, c, about)
				marked[c.Mark]++
			}
		}
	}
	// The samples have errors (Liwan 38's level mismatch), warnings and
	// clean projects: every mark must occur.
	for _, m := range jixiao.Marks {
		if marked[m] == 0 {
			t.Errorf("no criterion of the samples pre-filled as %s: %v", m, marked)
		}
	}
}

// checkPrefilled compares one pre-filled criterion with the findings.
func checkPrefilled(t *testing.T, name string, seq int, c jixiao.CriterionReview, about []jixiao.Finding) {
	t.Helper()
	worst, n := jixiao.MarkMeets, 0
	for _, f := range about {
		r, _ := Lookup(f.Rule)
		if r.Criterion != c.Criterion || f.Severity == jixiao.SeverityInfo {
			continue
		}
		n++
		if f.Severity == jixiao.SeverityError {
			worst = jixiao.MarkFails
		} else if worst == jixiao.MarkMeets {
			worst = jixiao.MarkMostlyMeets
		}
		if n <= maxOpinionItems && !strings.Contains(c.Opinion, f.Message) {
			t.Errorf("%s project %d %s: opinion %q leaves out %q", name, seq, c.Criterion, c.Opinion, f.Message)
		}
	}
	if c.Mark != worst {
		t.Errorf("%s project %d %s: mark %s, its findings say %s", name, seq, c.Criterion, c.Mark, worst)
	}
	if (c.Mark == jixiao.MarkMeets) != (c.Opinion == "") {
		t.Errorf("%s project %d %s: mark %s with opinion %q", name, seq, c.Criterion, c.Mark, c.Opinion)
	}
}

func TestPrefillReviewKeepsArithmeticApart(t *testing.T) {
	fs := []jixiao.Finding{
		{Rule: "amount.sum", Severity: jixiao.SeverityError, Message: "总计不等于各资金来源之和"},
		{Rule: "parse.structure", Severity: jixiao.SeverityError, Message: "分界无法确定"},
		{Rule: "target.vague", Severity: jixiao.SeverityWarning, Message: "目标“有效提升”无法衡量"},
		{Rule: "project.missing-goal", Severity: jixiao.SeverityError, Message: "没有绩效目标"},
	}
	criteria, accuracy := PrefillReview(fs)
	if len(accuracy) != 2 {
		t.Errorf("accuracy findings %+v", accuracy)
	}
	want := map[jixiao.Criterion]jixiao.Mark{jixiao.CriterionComplete: jixiao.MarkFails, jixiao.CriterionRelevant: jixiao.MarkMostlyMeets,
		jixiao.CriterionAppropriate: jixiao.MarkMeets, jixiao.CriterionFeasible: jixiao.MarkMeets}
	for _, c := range criteria {
		if c.Mark != want[c.Criterion] {
			t.Errorf("%s: %s, want %s", c.Criterion, c.Mark, want[c.Criterion])
		}
	}
	r := jixiao.Review{Tier: jixiao.RoleDeptReviewer, Criteria: criteria, Result: jixiao.ResultFair, Opinion: "请补充绩效目标"}
	if err := r.Validate(); err != nil {
		t.Errorf("a pre-filled review does not validate: %v", err)
	}
}
