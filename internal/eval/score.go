package eval

import (
	"fmt"
	"math/big"
	"strings"

	"jixiao"
)

// Problem is an entry that cannot be scored as it stands: a weight that
// does not fit, a score outside its band, a grade on a quantitative target.
// Seq is 0 when the problem concerns the project (its money, its weights).
type Problem struct {
	ProjectSeq int    `json:"project_seq"`
	Seq        int    `json:"seq,omitempty"`
	Field      string `json:"field"`
	Msg        string `json:"message"`
}

func (p Problem) Error() string {
	if p.Seq > 0 {
		return fmt.Sprintf("项目 %d 指标 %d: %s", p.ProjectSeq, p.Seq, p.Msg)
	}
	return fmt.Sprintf("项目 %d: %s", p.ProjectSeq, p.Msg)
}

// Problems are all the problems of one scoring; as an error it lists them.
type Problems []Problem

func (ps Problems) Error() string {
	msgs := make([]string, len(ps))
	for i, p := range ps {
		msgs[i] = p.Error()
	}
	return strings.Join(msgs, "; ")
}

// Scoring methods, as IndicatorScore.Method names them.
const (
	MethodPositive    = "正向"  // >=, >
	MethodEqual       = "等于"  // =
	MethodNegative    = "反向"  // <=, <
	MethodQualitative = "定性"  // a grade
	MethodMissing     = "未填报" // nothing entered: 0
	MethodUnblocked   = "不计分" // level-1 category in no block
)

// IndicatorScore is one indicator's line of the 自评表.
type IndicatorScore struct {
	ProjectSeq int    `json:"project_seq"`
	Seq        int    `json:"seq"`
	Block      string `json:"block"`
	Method     string `json:"method"`
	Weight     Points `json:"weight"`
	Score      Points `json:"score"`
	// Actual is what the 实际完成值 column shows: the number or the grade.
	Actual string `json:"actual"`
	// Reduction is what the evaluator took off the formula's score for
	// over-achievement (按偏离度调减), its reason in the actual's note.
	Reduction Points   `json:"reduction,omitempty"`
	Flags     []string `json:"flags,omitempty"`
}

// BlockScore is a block's points for one project and what it earned.
type BlockScore struct {
	Name   string `json:"name"`
	Points Points `json:"points"`
	Score  Points `json:"score"`
}

// ProjectScore is one project's self-evaluation.
type ProjectScore struct {
	ProjectSeq    int          `json:"project_seq"`
	Project       string       `json:"project"`
	Unit          string       `json:"unit"`
	Budget        jixiao.Money `json:"budget"`
	Executed      jixiao.Money `json:"executed"`
	HasExecuted   bool         `json:"has_executed"`
	ExecutionRate string       `json:"execution_rate"` // "98.77%", "" when it cannot be computed
	// InitialBudget is the published 年初预算数; Budget the 全年预算数
	// execution is scored against; OverSpent what was spent above it.
	InitialBudget  jixiao.Money `json:"initial_budget"`
	OverSpent      jixiao.Money `json:"over_spent"`
	ExecutionScore Points       `json:"execution_score"`
	// ExecutionPoints is what the 预算执行率 is out of (10 by default).
	ExecutionPoints Points       `json:"execution_points"`
	Blocks          []BlockScore `json:"blocks"`
	Total           Points       `json:"total"`
	// Grade is the grade of a final score, "" otherwise (see Status).
	Grade string `json:"grade"`
	// Status says whether the score is final; Missing names the inputs
	// that keep it from being so.
	Status     Status           `json:"status"`
	Missing    []string         `json:"missing,omitempty"`
	Indicators []IndicatorScore `json:"indicators"`
	Flags      []string         `json:"flags,omitempty"`
	// BudgetUnread: the published amounts could not be read and no
	// 全年预算数 was entered, so Budget is unknown (not zero).
	BudgetUnread bool `json:"budget_unread,omitempty"`
	unread       bool // the published amounts could not be read
}

// BudgetText is the 全年预算数 as the doors print it: "未读出" when it is
// unknown, never 0.00.
func (ps *ProjectScore) BudgetText(u jixiao.MoneyUnit, grouped bool) string {
	switch {
	case ps.BudgetUnread:
		return "未读出"
	case grouped:
		return ps.Budget.FormatGrouped(u)
	}
	return ps.Budget.Format(u)
}

// Block returns the score of the block with that name (0 when absent).
func (ps *ProjectScore) Block(name string) Points {
	for _, b := range ps.Blocks {
		if b.Name == name {
			return b.Score
		}
	}
	return 0
}

// ScoreProject scores one project of a round's actuals. It returns the
// problems that keep entries from being scored; the score is then not to
// be trusted.
func ScoreProject(cfg Config, p *jixiao.Project, a *jixiao.Actuals) (*ProjectScore, Problems) {
	return scoreProject(cfg, p, newLookup(a))
}

func scoreProject(cfg Config, p *jixiao.Project, a *lookup) (*ProjectScore, Problems) {
	ps := &ProjectScore{ProjectSeq: p.Seq, Project: p.Name, Unit: p.Unit, Budget: p.Amounts.Total, InitialBudget: p.Amounts.Total,
		ExecutionPoints: cfg.ExecutionPoints, unread: Unread(p, jixiao.ColTotal)}
	probs := scoreExecution(cfg, ps, a)
	blocks, weights, bp, wprobs := projectWeights(cfg, p, a)
	probs = append(probs, wprobs...)
	for i, b := range cfg.Blocks {
		ps.Blocks = append(ps.Blocks, BlockScore{Name: b.Name, Points: bp[i]})
	}
	if len(p.Indicators) == 0 {
		ps.Flags = append(ps.Flags, "项目没有绩效指标，只计预算执行率得分")
	}
	for i, ind := range p.Indicators {
		ia, _ := a.indicator(p.Seq, ind.Seq)
		is, pr := scoreIndicator(cfg, ind, ia, weights[i])
		is.ProjectSeq = p.Seq
		if blocks[i] < 0 {
			is.Method, is.Score, is.Block = MethodUnblocked, 0, ""
			is.Flags = append(is.Flags, fmt.Sprintf("一级指标 %q 不属于任何指标块，不计分", ind.Level1))
		} else {
			is.Block = cfg.Blocks[blocks[i]].Name
			ps.Blocks[blocks[i]].Score += is.Score
		}
		for _, x := range pr {
			x.ProjectSeq = p.Seq
			probs = append(probs, x)
		}
		ps.Indicators = append(ps.Indicators, is)
	}
	ps.Total = ps.ExecutionScore
	for _, b := range ps.Blocks {
		ps.Total += b.Score
	}
	ps.Grade = cfg.gradeOf(ps.Total)
	setStatus(ps, p, a)
	return ps, probs
}

// scoreExecution sets the 预算执行率 score: points × min(executed ÷ 全年预算数,
// 1), rounded half up, the 全年预算数 being the adjusted budget the unit
// gave or else the published total. Spending above it is flagged with the
// amount over, and the rate shown is the real one. A project with no budget
// has nothing to execute and earns the full points.
func scoreExecution(cfg Config, ps *ProjectScore, a *lookup) Problems {
	pa, ok := a.project(ps.ProjectSeq)
	ps.Budget = AnnualBudget(ps.InitialBudget, pa)
	ps.BudgetUnread = ps.unread && !pa.HasBudget
	if !ok || !pa.HasExecuted {
		ps.Flags = append(ps.Flags, "未填报全年执行数，预算执行率得 0 分")
		return nil
	}
	ps.Executed, ps.HasExecuted = pa.Executed, true
	if pa.Executed < 0 {
		return Problems{{ps.ProjectSeq, 0, "executed", fmt.Sprintf("执行数 %s 为负数", pa.Executed.Format(jixiao.WanYuan))}}
	}
	if ps.Budget <= 0 && ps.unread && !pa.HasBudget {
		ps.Flags = append(ps.Flags, "公开表中的金额未能读出，请填写全年预算数后计分")
		return nil
	}
	if ps.Budget <= 0 {
		ps.ExecutionScore = cfg.ExecutionPoints
		return nil
	}
	rate := big.NewRat(int64(pa.Executed), int64(ps.Budget))
	ps.ExecutionRate = percent(rate)
	if pa.Executed > ps.Budget {
		ps.OverSpent = pa.Executed - ps.Budget
		ps.Flags = append(ps.Flags, fmt.Sprintf("超支：全年执行数超过全年预算数 %s 万元（执行率 %s），须说明原因；该项按满分计",
			ps.OverSpent.Format(jixiao.WanYuan), ps.ExecutionRate))
		rate.SetInt64(1)
	}
	ps.ExecutionScore = roundHalfUp(rate.Mul(rate, cfg.ExecutionPoints.Rat()))
	return nil
}

// AnnualBudget is the 全年预算数 execution is measured against: the
// adjusted budget the unit recorded, or else the published total.
func AnnualBudget(published jixiao.Money, pa jixiao.ProjectActual) jixiao.Money {
	if pa.HasBudget {
		return pa.Budget
	}
	return published
}

// scoreIndicator scores one indicator with weight w.
func scoreIndicator(cfg Config, ind jixiao.Indicator, ia jixiao.IndicatorActual, w Points) (IndicatorScore, Problems) {
	is := IndicatorScore{Seq: ind.Seq, Weight: w}
	bad := func(field, msg string) (IndicatorScore, Problems) {
		is.Method = MethodMissing
		return is, Problems{{0, ind.Seq, field, msg}}
	}
	target := EffectiveTarget(ind, ia)
	if !target.Quantitative() {
		return scoreQualitative(cfg, is, ia, w)
	}
	if ia.Grade != "" && ia.Value == "" {
		return bad("grade", "定量指标请填写实际完成值（数字），达成/部分达成/未达成 只用于定性指标")
	}
	if ia.Value == "" {
		if ia.Score != "" {
			return bad("score", "填写得分时须同时填写实际完成值")
		}
		is.Method = MethodMissing
		is.Flags = append(is.Flags, "未填报实际完成值，得 0 分")
		return is, nil
	}
	actual, ok := decimalRat(ia.Value)
	if !ok {
		return bad("actual", fmt.Sprintf("实际完成值 %q 不是数字", ia.Value))
	}
	t, _ := target.Rat()
	is.Actual = ia.Value + target.Unit
	is.Method, is.Score = quantitative(cfg, target.Op, t, actual, w)
	over := (target.Op == jixiao.GE || target.Op == jixiao.GT) && t.Sign() > 0 &&
		actual.Cmp(new(big.Rat).Mul(t, cfg.OverAchieveFlag.Rat())) > 0
	if over {
		is.Flags = append(is.Flags, fmt.Sprintf("实际完成值超过年度指标值的 %s%%，请说明原因（指标值可能设定偏低）",
			points(cfg.OverAchieveFlag)))
	}
	if ia.Score != "" {
		if pr := reduce(cfg, &is, ia, over); pr != nil {
			return is, Problems{*pr}
		}
	}
	return is, nil
}

// reduce applies an entered score to a quantitative indicator: 10号 lets
// the evaluator 按偏离度适度调减 the score of an actual far above a target
// set too low. It is allowed only above the OverAchieveFlag threshold,
// only down from the formula's score, and only with its reason in the note.
func reduce(cfg Config, is *IndicatorScore, ia jixiao.IndicatorActual, over bool) *Problem {
	if !over {
		return &Problem{0, is.Seq, "score", fmt.Sprintf("定量指标按公式计分；只有实际完成值超过年度指标值的 %s%% 时才可按偏离度调减得分",
			points(cfg.OverAchieveFlag))}
	}
	s, err := enteredScore(ia.Score, is.Weight)
	if err != nil {
		return &Problem{0, is.Seq, "score", err.Error()}
	}
	entered := roundHalfUp(s)
	if entered < 0 || entered > is.Score {
		return &Problem{0, is.Seq, "score", fmt.Sprintf("调减后的得分须在 0 到公式得分 %s 之间，填写的是 %s", is.Score, ia.Score)}
	}
	if strings.TrimSpace(ia.Note) == "" {
		return &Problem{0, is.Seq, "note", "按偏离度调减得分须在说明（note）中写明原因"}
	}
	is.Reduction, is.Score = is.Score-entered, entered
	is.Flags = append(is.Flags, fmt.Sprintf("按偏离度调减 %s 分", is.Reduction))
	return nil
}

// EffectiveTarget is the target an indicator is scored against: its annual
// target, or, when that has no number, a number the evaluator entered.
func EffectiveTarget(ind jixiao.Indicator, ia jixiao.IndicatorActual) jixiao.Target {
	if ind.Annual.Quantitative() || !ia.Target.Quantitative() {
		return ind.Annual
	}
	return ia.Target
}

// quantitative applies the formulas of 10号 for a target with a number.
func quantitative(cfg Config, op jixiao.Comparator, t, actual *big.Rat, w Points) (string, Points) {
	one, zero := big.NewRat(1, 1), new(big.Rat)
	full := func(ok bool) Points {
		if ok {
			return w
		}
		return 0
	}
	switch op {
	case jixiao.LE, jixiao.LT:
		if actual.Cmp(t) <= 0 {
			return MethodNegative, w
		}
		if t.Sign() == 0 {
			return MethodNegative, 0
		}
		var share *big.Rat
		if cfg.Less == LessRatio {
			share = new(big.Rat).Quo(t, actual)
		} else { // 1 − (actual − target) ÷ target
			share = new(big.Rat).Sub(one, new(big.Rat).Quo(new(big.Rat).Sub(actual, t), t))
		}
		clamp(share, zero, one)
		return MethodNegative, roundHalfUp(share.Mul(share, w.Rat()))
	case jixiao.EQ:
		if t.Sign() == 0 {
			return MethodEqual, full(actual.Sign() <= 0)
		}
		return MethodEqual, roundHalfUp(ratioScore(actual, t, w))
	case jixiao.GT:
		if t.Sign() == 0 {
			return MethodPositive, full(actual.Sign() > 0)
		}
	default: // >=
		if t.Sign() == 0 {
			return MethodPositive, full(actual.Sign() >= 0)
		}
	}
	return MethodPositive, roundHalfUp(ratioScore(actual, t, w))
}

// ratioScore is w × min(actual ÷ target, 1), never below zero.
func ratioScore(actual, t *big.Rat, w Points) *big.Rat {
	r := new(big.Rat).Quo(actual, t)
	return r.Mul(clamp(r, new(big.Rat), big.NewRat(1, 1)), w.Rat())
}

// clamp limits r to [lo, hi] in place and returns it.
func clamp(r, lo, hi *big.Rat) *big.Rat {
	if r.Cmp(lo) < 0 {
		r.Set(lo)
	}
	if r.Cmp(hi) > 0 {
		r.Set(hi)
	}
	return r
}

// scoreQualitative scores a grade: 达成 the full weight, 部分达成 0.6 of it,
// 未达成 0, unless the evaluator entered a score inside the grade's band.
func scoreQualitative(cfg Config, is IndicatorScore, ia jixiao.IndicatorActual, w Points) (IndicatorScore, Problems) {
	is.Method = MethodQualitative
	is.Actual = string(ia.Grade)
	if ia.Grade == "" {
		if ia.Score != "" {
			return is, Problems{{0, is.Seq, "score", "填写得分时须同时填写 grade（达成/部分达成/未达成）"}}
		}
		is.Method = MethodMissing
		if ia.Text != "" {
			is.Flags = append(is.Flags, "定性指标须填写 grade（达成/部分达成/未达成），未计分")
		} else {
			is.Flags = append(is.Flags, "未填报完成情况，得 0 分")
		}
		return is, nil
	}
	lo, hi, hiIncluded := cfg.band(ia.Grade)
	if ia.Score == "" {
		switch ia.Grade {
		case jixiao.Achieved:
			is.Score = w
		case jixiao.PartlyAchieved:
			is.Score = roundHalfUp(new(big.Rat).Mul(cfg.PartlyShare.Rat(), w.Rat()))
		}
		return is, nil
	}
	s, err := enteredScore(ia.Score, w)
	if err != nil {
		return is, Problems{{0, is.Seq, "score", err.Error()}}
	}
	share := new(big.Rat)
	if w > 0 {
		share.Quo(s, w.Rat())
	}
	if share.Cmp(lo) < 0 || share.Cmp(hi) > 0 || !hiIncluded && share.Cmp(hi) == 0 {
		closing := "]"
		if !hiIncluded {
			closing = ")"
		}
		return is, Problems{{0, is.Seq, "score", fmt.Sprintf("%s 的得分须在 [%s, %s%s 之间（分值 %s 的 %s–%s），填写的是 %s",
			ia.Grade, roundHalfUp(new(big.Rat).Mul(lo, w.Rat())), roundHalfUp(new(big.Rat).Mul(hi, w.Rat())), closing,
			w, percent(lo), percent(hi), ia.Score)}}
	}
	is.Score = roundHalfUp(s)
	return is, nil
}

// band returns the share of the weight a grade's entered score must lie in:
// [lo, hi], or [lo, hi) when hiIncluded is false.
func (c Config) band(g jixiao.Attainment) (lo, hi *big.Rat, hiIncluded bool) {
	switch g {
	case jixiao.Achieved:
		return c.AchievedMin.Rat(), big.NewRat(1, 1), true
	case jixiao.PartlyAchieved:
		return c.PartlyMin.Rat(), c.AchievedMin.Rat(), false
	}
	return new(big.Rat), c.PartlyMin.Rat(), false
}

// enteredScore reads a score as points ("8.5") or as a share of the weight
// ("85%").
func enteredScore(s string, w Points) (*big.Rat, error) {
	s = strings.TrimSpace(jixiao.FoldWidth(s))
	if pct, ok := strings.CutSuffix(s, "%"); ok {
		r, ok := decimalRat(pct)
		if !ok {
			return nil, fmt.Errorf("得分 %q 不是数字", s)
		}
		return r.Mul(r.Quo(r, big.NewRat(100, 1)), w.Rat()), nil
	}
	r, ok := decimalRat(s)
	if !ok {
		return nil, fmt.Errorf("得分 %q 不是数字", s)
	}
	return r, nil
}
