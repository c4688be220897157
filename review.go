package jixiao

import (
	"slices"
	"strings"
	"time"
)

// This file is the 审核 of a project's targets as 财预〔2015〕88号 第三章
// describes it: the reviewer judges four criteria (完整性, 相关性,
// 适当性, 可行性), each with a mark and an opinion, and gives a result
// (优 / 良 / 中 / 差) whose consequence the workflow follows. It is pure:
// the rule findings that pre-fill the criteria come from internal/check
// (check.PrefillReview), the stores keep the reviews.

// Criterion is one of the four things 88号 asks a reviewer to judge a
// target on, or CriterionAccuracy for the table's own arithmetic, which is
// not one of them.
type Criterion string

// The criteria of 88号 第三章, in its order, and the table's arithmetic.
const (
	CriterionComplete    Criterion = "完整性"
	CriterionRelevant    Criterion = "相关性"
	CriterionAppropriate Criterion = "适当性"
	CriterionFeasible    Criterion = "可行性"
	// CriterionAccuracy is whether the published table's numbers add up
	// (总计 = 各资金来源之和, 小计, 合计): data accuracy of a 预算公开 table,
	// shown to the reviewer beside the four criteria but marked by none.
	CriterionAccuracy Criterion = "数据准确性"
)

// Criteria are the four a reviewer marks, in 88号's order.
var Criteria = []Criterion{CriterionComplete, CriterionRelevant, CriterionAppropriate, CriterionFeasible}

// Question is what 88号 asks under the criterion, as a review form prints it.
func (c Criterion) Question() string {
	switch c {
	case CriterionComplete:
		return "绩效目标的内容是否完整，绩效目标是否明确、清晰"
	case CriterionRelevant:
		return "绩效目标与部门职能、事业发展规划是否相关，是否设定了相关联的绩效指标，指标是否细化、量化"
	case CriterionAppropriate:
		return "资金规模与绩效目标是否匹配：既定资金下目标是否过高或过低，完成目标所需资金是否过大或过小"
	case CriterionFeasible:
		return "绩效目标是否经过充分论证和合理测算，措施是否切实可行、能否如期实现，是否有必要安排财政资金"
	case CriterionAccuracy:
		return "公开表内金额是否相互一致（总计、资金来源、单位小计、合计）"
	}
	return ""
}

// Mark is a reviewer's judgement on one criterion.
type Mark string

// The marks, best first.
const (
	MarkMeets       Mark = "符合"
	MarkMostlyMeets Mark = "基本符合"
	MarkFails       Mark = "不符合"
)

// Marks lists the marks, best first.
var Marks = []Mark{MarkMeets, MarkMostlyMeets, MarkFails}

// Result is the overall result of a review (88号: 优、良、中、差).
type Result string

// The results, best first.
const (
	ResultExcellent Result = "优"
	ResultGood      Result = "良"
	ResultFair      Result = "中"
	ResultPoor      Result = "差"
)

// Results lists the results, best first.
var Results = []Result{ResultExcellent, ResultGood, ResultFair, ResultPoor}

// Consequence is what 88号 says follows from the result, in Chinese.
func (r Result) Consequence() string {
	switch r {
	case ResultExcellent:
		return "审核通过，直接进入预算安排流程"
	case ResultGood:
		return "审核通过，按商定的修改意见完善后进入预算安排流程"
	case ResultFair:
		return "退回填报单位修改绩效目标后重新报送审核"
	case ResultPoor:
		return "不得进入预算安排流程，本年度不再受理"
	}
	return ""
}

// CriterionReview is a reviewer's mark and opinion on one criterion.
type CriterionReview struct {
	Criterion Criterion `json:"criterion"`
	Mark      Mark      `json:"mark"`
	Opinion   string    `json:"opinion,omitempty"`
}

// Review is one reviewer's 审核 of a project: the four criteria, the
// result, the overall opinion and, for 良, the fixes agreed with the unit.
// Tier is the reviewer's role (RoleDeptReviewer or RoleFinanceReviewer):
// the department reviews first, finance after it and sees its review.
type Review struct {
	Tier     Role              `json:"tier"`
	Criteria []CriterionReview `json:"criteria"`
	Result   Result            `json:"result"`
	Opinion  string            `json:"opinion,omitempty"`
	Fixes    string            `json:"fixes,omitempty"`
	// SeenVersion is the project version the reviewer read; a review of
	// a version since changed is refused (ErrConflict), so that a verdict
	// on last week's targets does not approve this week's. 0 skips the
	// check (a caller that showed no version).
	SeenVersion int64 `json:"seen_version,omitempty"`
}

// MaxReviewText bounds each opinion and the fixes, in characters.
const MaxReviewText = 2000

// Validate checks that the review is complete and consistent: each of
// the four criteria marked once, an opinion wherever a criterion is not
// fully met, a result that the marks allow (优 with no 不符合), the fixes of
// a 良 and the reasons of a 中 or 差 written down.
func (r *Review) Validate() error {
	if r.Tier != RoleDeptReviewer && r.Tier != RoleFinanceReviewer {
		return Errorf(ErrForbidden, "%s不审核绩效目标；审核由主管部门审核人和财政审核人进行", r.Tier.Label())
	}
	if err := r.validateCriteria(); err != nil {
		return err
	}
	switch {
	case !slices.Contains(Results, r.Result):
		return Errorf(ErrInvalid, "请选择审核结果（优、良、中、差）")
	case r.Result == ResultExcellent && r.worst() == MarkFails:
		return Errorf(ErrInvalid, "有审核内容“不符合”，审核结果不能为“优”")
	case r.Result == ResultGood && strings.TrimSpace(r.Fixes) == "":
		return Errorf(ErrInvalid, "审核结果为“良”时须写明商定的修改意见")
	case (r.Result == ResultFair || r.Result == ResultPoor) && strings.TrimSpace(r.Opinion) == "":
		return Errorf(ErrInvalid, "审核结果为“%s”时须写明审核意见（需修改之处或不予安排的理由）", r.Result)
	}
	return checkReviewText(r.Opinion, r.Fixes)
}

// validateCriteria checks the four criteria: each once, each marked, an
// opinion where the mark is not 符合.
func (r *Review) validateCriteria() error {
	seen := map[Criterion]bool{}
	for _, c := range r.Criteria {
		switch {
		case !slices.Contains(Criteria, c.Criterion):
			return Errorf(ErrInvalid, "未知的审核内容 %q（应为完整性、相关性、适当性、可行性）", c.Criterion)
		case seen[c.Criterion]:
			return Errorf(ErrInvalid, "审核内容“%s”填写了两次", c.Criterion)
		case !slices.Contains(Marks, c.Mark):
			return Errorf(ErrInvalid, "请为“%s”选择审核意见（符合、基本符合、不符合）", c.Criterion)
		case c.Mark != MarkMeets && strings.TrimSpace(c.Opinion) == "":
			return Errorf(ErrInvalid, "“%s”为“%s”时须写明理由", c.Criterion, c.Mark)
		}
		if err := checkReviewText(c.Opinion); err != nil {
			return err
		}
		seen[c.Criterion] = true
	}
	for _, c := range Criteria {
		if !seen[c] {
			return Errorf(ErrInvalid, "还没有审核“%s”：%s", c, c.Question())
		}
	}
	return nil
}

// worst is the lowest mark given.
func (r *Review) worst() Mark {
	w := MarkMeets
	for _, c := range r.Criteria {
		if slices.Index(Marks, c.Mark) > slices.Index(Marks, w) {
			w = c.Mark
		}
	}
	return w
}

func checkReviewText(texts ...string) error {
	for _, t := range texts {
		if len([]rune(t)) > MaxReviewText {
			return Errorf(ErrInvalid, "审核意见最多 %d 个字", MaxReviewText)
		}
		if strings.ContainsFunc(t, badControl) {
			return Errorf(ErrInvalid, "审核意见不能含控制字符")
		}
	}
	return nil
}

// Action is the workflow action the review's result leads to at its
// tier: 优 and 良 approve, 中 returns for revision, 差 rejects (不予安排:
// the project is closed for the year).
func (r *Review) Action() Action {
	approve, back, reject := ActionDeptApprove, ActionDeptReturn, ActionDeptReject
	if r.Tier == RoleFinanceReviewer {
		approve, back, reject = ActionFinanceApprove, ActionFinanceReturn, ActionFinanceReject
	}
	switch r.Result {
	case ResultExcellent, ResultGood:
		return approve
	case ResultFair:
		return back
	}
	return reject
}

// StoredReview is a Review as the store keeps it: of which project at
// which version, by whom and when, and the move it made.
type StoredReview struct {
	ID         int64 `json:"id"`
	DocumentID int64 `json:"document_id"`
	ProjectID  int64 `json:"project_id"`
	// Version is the project's version the reviewer judged.
	Version int64 `json:"version"`
	Review
	ReviewerID int64     `json:"reviewer_id"`
	Reviewer   string    `json:"reviewer"`
	Role       Role      `json:"role"`
	FromState  State     `json:"from_state"`
	ToState    State     `json:"to_state"`
	At         time.Time `json:"at"`
}

// Opinions is the review written out as one text: the result, each
// criterion's mark and opinion, the overall opinion and the fixes. The
// audit entry of the review carries it as its comment.
func (r *Review) Opinions() string {
	var b strings.Builder
	b.WriteString("审核结果：" + string(r.Result))
	for _, c := range r.Criteria {
		b.WriteString("；" + string(c.Criterion) + "：" + string(c.Mark))
		if o := strings.TrimSpace(c.Opinion); o != "" {
			b.WriteString("（" + o + "）")
		}
	}
	if o := strings.TrimSpace(r.Opinion); o != "" {
		b.WriteString("；审核意见：" + o)
	}
	if f := strings.TrimSpace(r.Fixes); f != "" {
		b.WriteString("；修改意见：" + f)
	}
	return b.String()
}

// Pending says whether the filer still has to act on review r of a
// project now in state s: a 中 that returned it, or a 良 with agreed
// fixes, while the project is still where the review put it (a
// resubmission or a later step moves it on).
func (r *StoredReview) Pending(s State) bool {
	if r == nil || r.ToState != s {
		return false
	}
	return r.Result == ResultFair || r.Result == ResultGood && strings.TrimSpace(r.Fixes) != ""
}
