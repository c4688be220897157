package jixiao

import (
	"errors"
	"strings"
	"testing"
)

// fullReview marks every criterion with mark and gives result.
func fullReview(tier Role, mark Mark, result Result) Review {
	r := Review{Tier: tier, Result: result, Opinion: "意见", Fixes: "补充满意度指标"}
	for _, c := range Criteria {
		r.Criteria = append(r.Criteria, CriterionReview{Criterion: c, Mark: mark, Opinion: "理由"})
	}
	return r
}

func TestReviewValidate(t *testing.T) {
	ok := fullReview(RoleDeptReviewer, MarkMeets, ResultExcellent)
	if err := ok.Validate(); err != nil {
		t.Fatalf("a complete 优 review: %v", err)
	}
	for _, c := range []struct {
		name string
		edit func(r *Review)
		want string
	}{
		{"filer reviews", func(r *Review) { r.Tier = RoleFiler }, "不审核"},
		{"a criterion missing", func(r *Review) { r.Criteria = r.Criteria[:3] }, "还没有审核“可行性”"},
		{"a criterion twice", func(r *Review) { r.Criteria[3].Criterion = CriterionComplete }, "填写了两次"},
		{"unknown criterion", func(r *Review) { r.Criteria[0].Criterion = CriterionAccuracy }, "未知的审核内容"},
		{"unmarked", func(r *Review) { r.Criteria[1].Mark = "" }, "请为“相关性”选择"},
		{"基本符合 without reason", func(r *Review) { r.Criteria[2].Mark, r.Criteria[2].Opinion = MarkMostlyMeets, " " }, "“适当性”为“基本符合”时须写明理由"},
		{"优 with 不符合", func(r *Review) { r.Criteria[0].Mark = MarkFails }, "不能为“优”"},
		{"良 without fixes", func(r *Review) { r.Result, r.Fixes = ResultGood, "" }, "修改意见"},
		{"中 without opinion", func(r *Review) { r.Result, r.Opinion = ResultFair, "" }, "“中”时须写明审核意见"},
		{"no result", func(r *Review) { r.Result = "甲" }, "请选择审核结果"},
		{"control character", func(r *Review) { r.Opinion = "a\x00b" }, "控制字符"},
		{"too long", func(r *Review) { r.Opinion = strings.Repeat("长", MaxReviewText+1) }, "最多"},
	} {
		r := fullReview(RoleDeptReviewer, MarkMeets, ResultExcellent)
		r.Criteria = append([]CriterionReview(nil), r.Criteria...)
		c.edit(&r)
		err := r.Validate()
		if err == nil || !strings.Contains(ErrorMessage(err), c.want) {
			t.Errorf("%s: %v, want a message with %q", c.name, err, c.want)
		}
		if err != nil && !errors.Is(err, ErrInvalid) && !errors.Is(err, ErrForbidden) {
			t.Errorf("%s: kind of %v", c.name, err)
		}
	}
}

// TestReviewConsequences follows each result to its action and state at
// both tiers, as 88号 orders them: 优 and 良 go on, 中 goes back to the
// unit, 差 closes the project for the year and blocks publication.
func TestReviewConsequences(t *testing.T) {
	for _, c := range []struct {
		tier   Role
		result Result
		from   State
		to     State
	}{
		{RoleDeptReviewer, ResultExcellent, StateSubmitted, StateDeptApproved},
		{RoleDeptReviewer, ResultGood, StateSubmitted, StateDeptApproved},
		{RoleDeptReviewer, ResultFair, StateSubmitted, StateDraft},
		{RoleDeptReviewer, ResultPoor, StateSubmitted, StateRejected},
		{RoleFinanceReviewer, ResultExcellent, StateDeptApproved, StateFinanceApproved},
		{RoleFinanceReviewer, ResultFair, StateDeptApproved, StateDraft},
		{RoleFinanceReviewer, ResultPoor, StateDeptApproved, StateRejected},
	} {
		r := fullReview(c.tier, MarkMostlyMeets, c.result)
		if err := r.Validate(); err != nil {
			t.Fatalf("%s %s: %v", c.tier, c.result, err)
		}
		to, err := Transition(c.from, r.Action())
		if err != nil || to != c.to {
			t.Errorf("%s %s from %s: %s %v, want %s", c.tier, c.result, c.from, to, err, c.to)
		}
		if c.result.Consequence() == "" {
			t.Errorf("%s has no consequence", c.result)
		}
	}
	for _, a := range Actions {
		if _, err := Transition(StateRejected, a); err == nil {
			t.Errorf("%s leads out of 不予安排", a)
		}
	}
	filer := &User{Username: "f", Role: RoleFiler, Unit: "甲"}
	if why := ReadOnlyReason(filer, Resource{Unit: "甲"}, StateRejected, DocDraft); !strings.Contains(why, "不予安排") {
		t.Errorf("a rejected project is editable: %q", why)
	}
	err := CheckPublish(DocDraft, []State{StateFinanceApproved, StateRejected})
	if err == nil || !strings.Contains(err.Error(), "请先从草稿中删除") {
		t.Errorf("publishing with a rejected project: %v", err)
	}
}
