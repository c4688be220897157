package service

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"jixiao"
	"jixiao/internal/eval"
)

// Monitoring runs 绩效监控与自评 on published documents: opening monitoring
// rounds and recording the actuals of a round. Scores and lights are pure
// functions of what is recorded (internal/eval) under Config.
type Monitoring struct {
	t   *Targets
	ev  jixiao.EvalStore
	cfg eval.Config
}

// Config is the scoring configuration in force.
func (m *Monitoring) Config() eval.Config { return m.cfg }

// Document reads document id if by may see it (the View's rule).
func (m *Monitoring) Document(ctx context.Context, by *jixiao.User, id int64) (*jixiao.Document, error) {
	v, err := m.t.View(ctx, by)
	if err != nil {
		return nil, err
	}
	return v.Document(ctx, id)
}

// Rounds lists document id's monitoring rounds by cut-off date and its
// year-end self-evaluation (listed even before anything is recorded in it).
func (m *Monitoring) Rounds(ctx context.Context, by *jixiao.User, id int64) (*jixiao.Document, []jixiao.Round, error) {
	doc, err := m.Document(ctx, by, id)
	if err != nil {
		return nil, nil, err
	}
	rounds, err := m.ev.Rounds(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	for _, r := range rounds {
		if r.Name == jixiao.SelfEvalRoundName {
			return doc, rounds, nil
		}
	}
	return doc, append(rounds, eval.SelfEvalRound(doc)), nil
}

// Round reads document id and what its round called name holds. The
// self-evaluation exists before anything is recorded in it (empty); a
// monitoring round must have been opened (ErrNotFound).
func (m *Monitoring) Round(ctx context.Context, by *jixiao.User, id int64, name string) (*jixiao.Document, *jixiao.Actuals, error) {
	doc, err := m.Document(ctx, by, id)
	if err != nil {
		return nil, nil, err
	}
	a, err := m.Actuals(ctx, by, doc, name)
	return doc, a, err
}

// Actuals is Round for a document already read through Document: what by
// may see of it (visible), the rows of projects outside by's scope only
// once finance has rechecked them (unless Config.PublicActuals says
// otherwise).
func (m *Monitoring) Actuals(ctx context.Context, by *jixiao.User, doc *jixiao.Document, name string) (*jixiao.Actuals, error) {
	a, err := m.stored(ctx, doc, name)
	if err != nil {
		return nil, err
	}
	return m.visible(by, doc, a), nil
}

// stored is everything the round holds, for the commands, which check
// each project against the policy themselves.
func (m *Monitoring) stored(ctx context.Context, doc *jixiao.Document, name string) (*jixiao.Actuals, error) {
	if name == "" {
		name = jixiao.SelfEvalRoundName
	}
	a, err := m.ev.Actuals(ctx, doc.ID, name)
	if errors.Is(err, jixiao.ErrNotFound) {
		if name == jixiao.SelfEvalRoundName {
			return &jixiao.Actuals{Round: eval.SelfEvalRound(doc)}, nil
		}
		return nil, jixiao.Errorf(jixiao.ErrNotFound, "文件 %d 没有名为“%s”的监控轮次", doc.ID, name)
	}
	return a, err
}

// changeable checks action a of by on document id and that it is published
// (ErrConflict for a draft: its targets may still change); it returns the
// whole document, for the rules. Recording is checked project by project
// (inScope), and so are the steps of its review (StepEval), so for them
// it needs only a user who may read the document.
func (m *Monitoring) changeable(ctx context.Context, by *jixiao.User, id int64, a jixiao.Action) (*jixiao.Document, error) {
	check := a
	switch a {
	case jixiao.ActionRecordActuals, jixiao.ActionSubmitEval, jixiao.ActionReviewEval, jixiao.ActionReturnEval, jixiao.ActionRecheckEval,
		jixiao.ActionSetAccrual, jixiao.ActionCorrectMeasures, jixiao.ActionDecideCorrection, jixiao.ActionAdjust:
		check = jixiao.ActionRead
	}
	st, err := m.t.document(ctx, by, id, check)
	switch {
	case err == nil && by == nil:
		return nil, jixiao.Errorf(jixiao.ErrUnauthenticated, "请先登录后再%s", a.Label())
	case errors.Is(err, jixiao.ErrForbidden) && a == jixiao.ActionOpenRound:
		return nil, jixiao.Errorf(jixiao.ErrForbidden, "%s（%s）无权开启监控轮次：只有财政审核人员或管理员可以开启", by.Username, by.Role.Label())
	case err != nil:
		return nil, err
	}
	if st.State != jixiao.DocPublished {
		return nil, jixiao.Errorf(jixiao.ErrConflict, "文件尚未公开（%s），公开后才能%s", st.State, a.Label())
	}
	return m.t.st.Document(ctx, id)
}

// OpenRound opens the monitoring round name of published document id,
// cut off at cutOff (YYYY-MM-DD; "" reads it from the name, "2024年1-7月").
// A wrong name or date is a *jixiao.FieldError ("name", "cut_off"); a
// round already open, or the self-evaluation, ErrConflict.
func (m *Monitoring) OpenRound(ctx context.Context, by *jixiao.User, id int64, name, cutOff string) (jixiao.Round, error) {
	doc, err := m.changeable(ctx, by, id, jixiao.ActionOpenRound)
	if err != nil {
		return jixiao.Round{}, err
	}
	name, cutOff = strings.TrimSpace(name), strings.TrimSpace(cutOff)
	switch name {
	case "":
		return jixiao.Round{}, &jixiao.FieldError{Field: "name", Msg: fmt.Sprintf("请填写轮次名称，如 %d年1-7月", max(doc.Year, 2024))}
	case jixiao.SelfEvalRoundName:
		return jixiao.Round{}, jixiao.Errorf(jixiao.ErrConflict, "“%s”是年度自评，随文件存在，不需要开启", name)
	}
	round, err := eval.MonitoringRound(doc, name, cutOff)
	if err != nil {
		field := "name"
		if cutOff != "" {
			field = "cut_off"
		}
		return round, &jixiao.FieldError{Field: field, Msg: err.Error()}
	}
	if err := m.notOpen(ctx, id, name); err != nil {
		return round, err
	}
	a := &jixiao.Actuals{Round: round}
	entry := jixiao.Actor(by)
	entry.Action = jixiao.ActionOpenRound
	entry.Comment = fmt.Sprintf("开启监控轮次“%s”，数据截至 %s", round.Name, round.CutOff.Format(time.DateOnly))
	if err := m.ev.SaveActuals(ctx, a, entry); err != nil {
		return round, err
	}
	return a.Round, nil
}

// notOpen refuses a round name already open on document id.
func (m *Monitoring) notOpen(ctx context.Context, id int64, name string) error {
	rounds, err := m.ev.Rounds(ctx, id)
	if err != nil {
		return err
	}
	for _, r := range rounds {
		if r.Name == name {
			return jixiao.Errorf(jixiao.ErrConflict, "轮次“%s”已经开启（截止日期 %s）", name, r.CutOff.Format(time.DateOnly))
		}
	}
	return nil
}

// Reader reads what a door received (a JSON body, a form, a workbook) into
// the actuals of round of doc under cfg, as eval.ParseRows and
// eval.ReadWorkbook do: problems are eval.FileErrors or a
// *jixiao.InputError, and nothing is stored.
type Reader func(doc *jixiao.Document, round jixiao.Round, cfg eval.Config) (*jixiao.Actuals, error)

// RecordActuals records in round (the self-evaluation for "") of published
// document id what read gives: each project and indicator listed replaces
// what the round held for it, all or nothing. A row about a project
// outside by's scope is refused (ErrForbidden) when filled in and dropped
// when empty (a workbook lists every project); a row that would change a
// project whose report has been submitted is refused (ErrConflict), one
// that repeats what is held dropped. It returns the round as
// stored, as by may see it.
func (m *Monitoring) RecordActuals(ctx context.Context, by *jixiao.User, id int64, round string, read Reader) (*jixiao.Actuals, error) {
	doc, err := m.changeable(ctx, by, id, jixiao.ActionRecordActuals)
	if err != nil {
		return nil, err
	}
	held, err := m.stored(ctx, doc, round)
	if err != nil {
		return nil, err
	}
	a, err := read(doc, held.Round, m.cfg)
	if err != nil {
		return nil, err
	}
	if err := inScope(by, doc, a); err != nil {
		return nil, err
	}
	if err := stillFiling(held, a); err != nil {
		return nil, err
	}
	if err := m.ev.SaveActuals(ctx, a, recordEntry(by, a)); err != nil {
		return nil, err
	}
	saved, err := m.ev.Actuals(ctx, id, a.Round.Name)
	if err != nil {
		return nil, err
	}
	return m.visible(by, doc, saved), nil
}

// recordEntry is the audit entry of recording a: which round, how many
// projects and indicators, and the project when all of it is about one.
func recordEntry(by *jixiao.User, a *jixiao.Actuals) jixiao.AuditEntry {
	e := jixiao.Actor(by)
	e.Action = jixiao.ActionRecordActuals
	seqs := map[int]bool{}
	for _, p := range a.Projects {
		seqs[p.ProjectSeq] = true
	}
	for _, in := range a.Indicators {
		seqs[in.ProjectSeq] = true
	}
	if len(seqs) == 1 {
		for seq := range seqs {
			e.ProjectSeq = seq
		}
	}
	projects, indicators := 0, 0
	for _, p := range a.Projects {
		if p.HasExecuted || p.HasForecast || p.HasBudget || p.Note != "" {
			projects++
		}
	}
	for _, in := range a.Indicators {
		if !in.Empty() {
			indicators++
		}
	}
	// What was filled in, not how many rows a door sent (a page sends
	// every indicator of the project, a workbook every project).
	e.Comment = fmt.Sprintf("填报“%s”：%d 个项目的执行数，%d 项指标的完成情况", a.Round.Name, projects, indicators)
	return e
}

// inScope keeps of a's rows those by may record, refusing a filled-in row
// of a project outside by's scope.
func inScope(by *jixiao.User, doc *jixiao.Document, a *jixiao.Actuals) error {
	refusal := map[int]error{}
	for i := range doc.Projects {
		p := &doc.Projects[i]
		if err := jixiao.Permit(by, jixiao.ActionRecordActuals, jixiao.ProjectResource(doc.Agency, p, true), ""); err != nil {
			refusal[p.Seq] = jixiao.Errorf(jixiao.ErrForbidden, "项目 %d 不在您的填报范围内（“%s”属于%s），请删去该项目的填报内容",
				p.Seq, p.Name, p.Unit)
		}
	}
	var ps []jixiao.ProjectActual
	for _, pa := range a.Projects {
		switch err := refusal[pa.ProjectSeq]; {
		case err == nil:
			ps = append(ps, pa)
		case pa.HasExecuted || pa.HasForecast || pa.Note != "":
			return err
		}
	}
	var is []jixiao.IndicatorActual
	for _, ia := range a.Indicators {
		switch err := refusal[ia.ProjectSeq]; {
		case err == nil:
			is = append(is, ia)
		case !ia.Empty():
			return err
		}
	}
	a.Projects, a.Indicators = ps, is
	return nil
}
