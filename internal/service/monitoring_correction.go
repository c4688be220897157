package service

import (
	"context"
	"fmt"
	"strings"
	"time"

	"jixiao"
	"jixiao/internal/eval"
)

// Monitoring by 财预〔2019〕136号 (issue 16 item 4): the unit or a
// reviewer says whether an indicator is cumulative or point-in-time; each
// red or yellow project of a monitoring round gets its 纠偏, the unit's
// measures and then finance's decision, and a decision to adjust the
// target leads to a 目标调整 of the indicator it names. Every step is
// checked by the policy on the project and stored with its audit entry in
// one transaction.

// SetAccrual sets the kind of indicator seq of project projectSeq of
// published document id (kind as jixiao.ParseAccrual reads it; "" returns
// it to its unit's default) and returns the kind now in force. A
// qualitative indicator, which has no kind, or an unknown kind is a
// *jixiao.FieldError ("accrual").
func (m *Monitoring) SetAccrual(ctx context.Context, by *jixiao.User, id int64, projectSeq, seq int, kind string) (jixiao.Accrual, error) {
	doc, p, err := m.projectFor(ctx, by, id, projectSeq, jixiao.ActionSetAccrual)
	if err != nil {
		return "", err
	}
	if seq < 1 || seq > len(p.Indicators) {
		return "", notFound(fmt.Sprintf("项目 %d 的第 %d 个指标", p.Seq, seq))
	}
	in := p.Indicators[seq-1]
	a, err := jixiao.ParseAccrual(kind)
	if err != nil {
		return "", err
	}
	if !in.Annual.Quantitative() {
		return "", &jixiao.FieldError{Field: "accrual", Msg: fmt.Sprintf("指标 %d（%s）是定性指标，不分累计型和时点型", seq, in.Name)}
	}
	was := in.AccrualKind()
	in.Accrual = a
	entry := jixiao.Actor(by)
	entry.Action = jixiao.ActionSetAccrual
	entry.Comment = fmt.Sprintf("项目 %d 指标 %d（%s）设为%s（原为%s）", p.Seq, seq, in.Name, accrualText(in), was.Label())
	if err := m.ev.SetAccrual(ctx, doc.ID, p.Seq, seq, a, entry); err != nil {
		return "", err
	}
	return in.AccrualKind(), nil
}

// accrualText names an indicator's kind, saying when it is its unit's.
func accrualText(in jixiao.Indicator) string {
	if in.Accrual == jixiao.AccrualDefault {
		return in.AccrualKind().Label() + "（按计量单位）"
	}
	return in.Accrual.Label()
}

// projectFor checks action a of by on project seq of published document
// id and returns both.
func (m *Monitoring) projectFor(ctx context.Context, by *jixiao.User, id int64, seq int, a jixiao.Action) (*jixiao.Document, *jixiao.Project, error) {
	doc, err := m.changeable(ctx, by, id, a)
	if err != nil {
		return nil, nil, err
	}
	p, err := projectOf(doc, seq)
	if err != nil {
		return nil, nil, err
	}
	what := fmt.Sprintf("项目 %d（%s）", p.Seq, p.Name)
	if err := jixiao.Permit(by, a, jixiao.ProjectResource(doc.Agency, p, true), what); err != nil {
		return nil, nil, err
	}
	return doc, p, nil
}

// maxMeasures bounds the unit's measures, in characters.
const maxMeasures = 2000

// correctionOf reads the round round of doc and the 纠偏 of project p in
// it, refusing the self-evaluation (纠偏 is of monitoring).
func (m *Monitoring) correctionOf(ctx context.Context, doc *jixiao.Document, round string, p *jixiao.Project) (*jixiao.Actuals, jixiao.Correction, error) {
	held, err := m.stored(ctx, doc, round)
	if err != nil {
		return nil, jixiao.Correction{}, err
	}
	if held.Round.Kind != jixiao.RoundMonitoring {
		return nil, jixiao.Correction{}, jixiao.Errorf(jixiao.ErrConflict, "“%s”是年度自评，纠偏只在绩效运行监控中进行", held.Round.Name)
	}
	return held, held.Correction(p.Seq), nil
}

// RecordMeasures records the unit's 纠偏措施 for project seq in monitoring
// round round of document id. Only a project lit red or yellow takes one
// (ErrConflict otherwise), and only until finance has decided.
func (m *Monitoring) RecordMeasures(ctx context.Context, by *jixiao.User, id int64, round string, seq int, measures string) (jixiao.Correction, error) {
	doc, p, err := m.projectFor(ctx, by, id, seq, jixiao.ActionCorrectMeasures)
	if err != nil {
		return jixiao.Correction{}, err
	}
	held, c, err := m.correctionOf(ctx, doc, round, p)
	if err != nil {
		return c, err
	}
	measures = strings.TrimSpace(measures)
	switch err := jixiao.CheckText("measures", measures, maxMeasures); {
	case err != nil:
		return c, err
	case measures == "":
		return c, &jixiao.FieldError{Field: "measures", Msg: "请填写纠偏措施：针对偏差原因准备采取的措施"}
	case c.Decision != "":
		return c, jixiao.Errorf(jixiao.ErrConflict, "财政已作出纠偏决定（%s），不能再修改纠偏措施", c.Decision)
	}
	if l := projectLight(m.cfg, doc, p, held); l.Color != eval.Red && l.Color != eval.Yellow {
		return c, jixiao.Errorf(jixiao.ErrConflict, "项目 %d（%s）在“%s”中为%s，只有红灯、黄灯项目需要纠偏", p.Seq, p.Name, held.Round.Name, l.Color.Label())
	}
	c.Measures, c.MeasuresBy, c.MeasuresAt = measures, by.Username, time.Now()
	entry := jixiao.Actor(by)
	entry.Action = jixiao.ActionCorrectMeasures
	entry.Comment = fmt.Sprintf("“%s”项目 %d 纠偏措施：%s", held.Round.Name, p.Seq, measures)
	return c, m.ev.SaveCorrection(ctx, doc.ID, held.Round.ID, &c, entry)
}

// projectLight is project p's overall light in round a.
func projectLight(cfg eval.Config, doc *jixiao.Document, p *jixiao.Project, a *jixiao.Actuals) eval.Light {
	for _, pl := range eval.Lights(cfg, doc, a) {
		if pl.ProjectSeq == p.Seq {
			return pl.Overall
		}
	}
	return eval.Light{Color: eval.None}
}

// CorrectionDecision is finance's decision as a door received it:
// Decision by name (jixiao.Decisions), the indicator a 调整绩效目标 names,
// the amount (in the document's money unit) a 调减预算 or 暂缓拨款 names,
// and an opinion.
type CorrectionDecision struct {
	Decision     string
	IndicatorSeq int
	Amount       string
	Opinion      string
}

// DecideCorrection records finance's decision on the 纠偏 of project seq in
// monitoring round round of document id, once the unit has given its
// measures (ErrConflict before, and once decided: a decision stands).
// What the decision needs (the indicator, the amount) is checked as a
// *jixiao.FieldError ("decision", "indicator_seq", "amount", "opinion").
func (m *Monitoring) DecideCorrection(ctx context.Context, by *jixiao.User, id int64, round string, seq int, in CorrectionDecision) (jixiao.Correction, error) {
	doc, p, err := m.projectFor(ctx, by, id, seq, jixiao.ActionDecideCorrection)
	if err != nil {
		return jixiao.Correction{}, err
	}
	held, c, err := m.correctionOf(ctx, doc, round, p)
	if err != nil {
		return c, err
	}
	switch {
	case c.Measures == "":
		return c, jixiao.Errorf(jixiao.ErrConflict, "项目 %d（%s）的单位尚未填报纠偏措施，填报后才能作出纠偏决定", p.Seq, p.Name)
	case c.Decision != "":
		return c, jixiao.Errorf(jixiao.ErrConflict, "项目 %d 已有纠偏决定（%s），不能再改", p.Seq, c.Decision)
	}
	next, what, err := decided(doc, p, held, c, in)
	if err != nil {
		return c, err
	}
	next.DecidedBy, next.DecidedAt = by.Username, time.Now()
	entry := jixiao.Actor(by)
	entry.Action, entry.IndicatorSeq = jixiao.ActionDecideCorrection, next.IndicatorSeq
	entry.Comment = fmt.Sprintf("“%s”项目 %d 纠偏决定：%s", held.Round.Name, p.Seq, what)
	return next, m.ev.SaveCorrection(ctx, doc.ID, held.Round.ID, &next, entry)
}

// decided checks decision in on correction c and returns c with it, and
// what was decided in words for the audit log.
func decided(doc *jixiao.Document, p *jixiao.Project, held *jixiao.Actuals, c jixiao.Correction, in CorrectionDecision) (jixiao.Correction, string, error) {
	d, err := jixiao.ParseDecision(in.Decision)
	if err != nil {
		return c, "", err
	}
	opinion := strings.TrimSpace(in.Opinion)
	if err := jixiao.CheckText("opinion", opinion, maxOpinion); err != nil {
		return c, "", err
	}
	c.Decision, c.Opinion = d, opinion
	what := string(d)
	switch {
	case d == jixiao.DecisionAdjust:
		if in.IndicatorSeq < 1 || in.IndicatorSeq > len(p.Indicators) {
			return c, "", &jixiao.FieldError{Field: "indicator_seq", Msg: fmt.Sprintf("调整绩效目标须指明项目的哪个指标（1 到 %d）", len(p.Indicators))}
		}
		c.IndicatorSeq = in.IndicatorSeq
		what += fmt.Sprintf("（指标 %d %s）", c.IndicatorSeq, p.Indicators[c.IndicatorSeq-1].Name)
	case d.NeedsAmount():
		amount, err := decisionAmount(doc, p, held, in.Amount)
		if err != nil {
			return c, "", err
		}
		c.Amount = amount
		what += fmt.Sprintf(" %s %s", amount.Format(doc.MoneyUnit), doc.MoneyUnit.Label())
	}
	if opinion != "" {
		what += "；" + opinion
	}
	return c, what, nil
}

// decisionAmount reads the amount cut or withheld: more than zero, and no
// more than the project's budget for the year.
func decisionAmount(doc *jixiao.Document, p *jixiao.Project, held *jixiao.Actuals, s string) (jixiao.Money, error) {
	pa, _ := held.Project(p.Seq)
	budget := eval.AnnualBudget(p.Amounts.Total, pa)
	amount, err := jixiao.ParseMoney(s, doc.MoneyUnit)
	switch {
	case err != nil || amount <= 0:
		return 0, &jixiao.FieldError{Field: "amount", Msg: fmt.Sprintf("请填写调减或暂缓的金额（%s，大于 0），而不是 %q", doc.MoneyUnit.Label(), strings.TrimSpace(s))}
	case budget > 0 && amount > budget:
		return 0, &jixiao.FieldError{Field: "amount", Msg: fmt.Sprintf("金额 %s 超过项目全年预算数 %s", amount.Format(doc.MoneyUnit), budget.Format(doc.MoneyUnit))}
	}
	return amount, nil
}

// AdjustFromCorrection files, as the unit's filer, the 目标调整 a decision
// to adjust the target calls for: the indicator the decision names, its
// annual value changed to newValue, with reason (the decision's own when
// ""), and links it to the 纠偏. ErrConflict unless the decision is
// 调整绩效目标 and no adjustment was filed on it yet.
func (m *Monitoring) AdjustFromCorrection(ctx context.Context, by *jixiao.User, id int64, round string, seq int, newValue, reason string) (*jixiao.Adjustment, error) {
	doc, p, err := m.projectFor(ctx, by, id, seq, jixiao.ActionAdjust)
	if err != nil {
		return nil, err
	}
	held, c, err := m.correctionOf(ctx, doc, round, p)
	if err != nil {
		return nil, err
	}
	switch {
	case c.Decision != jixiao.DecisionAdjust:
		return nil, jixiao.Errorf(jixiao.ErrConflict, "项目 %d 的纠偏决定不是“调整绩效目标”，不能据此发起目标调整", p.Seq)
	case c.AdjustmentID != 0:
		return nil, jixiao.Errorf(jixiao.ErrConflict, "项目 %d 已按纠偏决定发起目标调整（编号 %d）", p.Seq, c.AdjustmentID)
	}
	if strings.TrimSpace(reason) == "" {
		reason = CorrectionReason(held.Round.Name, c)
	}
	adj, err := m.unlinkedAdjustment(ctx, by, doc.ID, p.ID, c.IndicatorSeq, newValue, reason)
	if err != nil {
		return nil, err
	}
	if adj == nil {
		adj, err = m.t.ProposeAdjustment(ctx, by, p.ID, Proposal{Field: jixiao.AdjustAnnual, IndicatorSeq: c.IndicatorSeq, New: newValue, Reason: reason})
		if err != nil {
			return nil, err
		}
	}
	c.AdjustmentID = adj.ID
	entry := jixiao.Actor(by)
	entry.Action, entry.IndicatorSeq, entry.AdjustmentID = jixiao.ActionAdjust, c.IndicatorSeq, adj.ID
	entry.Comment = fmt.Sprintf("“%s”项目 %d 按纠偏决定发起目标调整（编号 %d）：%s", held.Round.Name, p.Seq, adj.ID, adj.Label())
	return adj, m.ev.SaveCorrection(ctx, doc.ID, held.Round.ID, &c, entry)
}

// unlinkedAdjustment is the 目标调整 an earlier try of AdjustFromCorrection
// filed with these values and could not link to its 纠偏 (the two are
// stored one after the other): filed by the same person, still waiting
// for review, of the same project, indicator, value and reason (the
// default reason names the round and the unit's measures). A retry links
// that one rather than filing a second.
func (m *Monitoring) unlinkedAdjustment(ctx context.Context, by *jixiao.User, docID, projectID int64, seq int, newValue, reason string) (*jixiao.Adjustment, error) {
	as, err := m.t.wf.Adjustments(ctx, docID)
	if err != nil {
		return nil, err
	}
	for i := range as {
		a := &as[i]
		if by != nil && a.CreatedBy == by.Username && a.ProjectID == projectID && a.IndicatorSeq == seq &&
			a.Field == jixiao.AdjustAnnual && a.State == jixiao.StateSubmitted &&
			a.New == strings.TrimSpace(newValue) && a.Reason == strings.TrimSpace(reason) {
			return a, nil
		}
	}
	return nil, nil
}

// CorrectionReason is the reason a 目标调整 filed on a 纠偏 decision
// starts from: the round, and the unit's measures.
func CorrectionReason(round string, c jixiao.Correction) string {
	r := fmt.Sprintf("根据“%s”绩效监控的纠偏决定（调整绩效目标）", round)
	if c.Opinion != "" {
		r += "：" + c.Opinion
	}
	return r + "。单位纠偏措施：" + c.Measures
}
