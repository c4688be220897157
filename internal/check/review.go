package check

import (
	"fmt"
	"strings"

	"jixiao"
)

// maxOpinionItems bounds how many findings a pre-filled opinion lists.
const maxOpinionItems = 5

// PrefillReview is where a reviewer's 审核 of a project starts: for each
// of 88号's four criteria, the mark its rules' findings about the project
// suggest (不符合 when one is an error, 基本符合 when one is a warning,
// else 符合) and an opinion that lists them; and, apart, the findings on
// the table's arithmetic and reading (CriterionAccuracy and parse.*),
// which no criterion marks. The reviewer may change every mark and word:
// the rules see the table, not the department's duties or the plan.
func PrefillReview(findings []jixiao.Finding) (criteria []jixiao.CriterionReview, accuracy []jixiao.Finding) {
	by := map[jixiao.Criterion][]jixiao.Finding{}
	for _, f := range findings {
		r, ok := Lookup(f.Rule)
		if !ok || r.Criterion == jixiao.CriterionAccuracy {
			accuracy = append(accuracy, f)
			continue
		}
		if f.Severity != jixiao.SeverityInfo {
			by[r.Criterion] = append(by[r.Criterion], f)
		}
	}
	for _, c := range jixiao.Criteria {
		criteria = append(criteria, prefill(c, by[c]))
	}
	return criteria, accuracy
}

// prefill marks one criterion from its findings.
func prefill(c jixiao.Criterion, fs []jixiao.Finding) jixiao.CriterionReview {
	cr := jixiao.CriterionReview{Criterion: c, Mark: jixiao.MarkMeets}
	if len(fs) == 0 {
		return cr
	}
	cr.Mark = jixiao.MarkMostlyMeets
	if jixiao.HasErrors(fs) {
		cr.Mark = jixiao.MarkFails
	}
	var items []string
	for i, f := range fs {
		if i == maxOpinionItems {
			items = append(items, fmt.Sprintf("等共 %d 条", len(fs)))
			break
		}
		items = append(items, f.Message)
	}
	cr.Opinion = "审核规则发现：" + strings.Join(items, "；")
	return cr
}
