package web

import (
	"net/http"
	"strconv"
	"strings"

	"jixiao"
	"jixiao/internal/eval"
	"jixiao/internal/service"
)

// evalEntryPage is the form a unit fills in for one project in a round:
// money executed and forecast, and per indicator the value reached (or the
// grade), the forecast, deviation reasons, likelihood and a note. The same
// checks as the file import apply; problems show beside their field.
type evalEntryPage struct {
	Layout
	Doc     *jixiao.Document
	Project *jixiao.Project
	// Published is the 年初预算数 as the table printed it, 未读出 (with
	// the source text when kept) when it could not be read.
	Published string
	Round     jixiao.Round
	IsSelf    bool
	Action    string
	Back      string
	Executed  string
	Forecast  string
	Note      string
	// Budget is the 全年预算数; Funds the fund-source columns
	// (eval.FundColumns) by name.
	Budget      string
	Funds       map[string]string
	Errors      []string // about the project's money
	Rows        []entryRow
	Reasons     []jixiao.DeviationReason
	Grades      []jixiao.Attainment
	Likelihoods []jixiao.Likelihood
	MoneyUnit   string
	Viewer      evalViewer
	// Checked is set by the live check (evalCheck): Preview is then the
	// project's light with what the form holds, when it holds no problem.
	Checked bool
	Preview eval.Light
	// Review is the report's state and the steps the viewer may take.
	Review *evalReviewBox
}

// Problems counts the problems the form shows.
func (p *evalEntryPage) Problems() int {
	n := len(p.Errors)
	for _, r := range p.Rows {
		n += len(r.Errors)
	}
	return n
}

type entryRow struct {
	Ind         *jixiao.Indicator
	Quant       bool
	Deferred    bool // no number in the target: one may be entered
	Target      string
	Actual      string
	Grade       string
	Score       string
	Weight      string
	Forecast    string
	Likelihood  string
	Note        string
	Reasons     map[jixiao.DeviationReason]bool
	Errors      []string
	Light       eval.Light
	Placeholder string
}

// loadEntry loads the document, the project and the round an entry
// address names.
func (s *site) loadEntry(r *http.Request) (*evalContext, *jixiao.Project, *jixiao.Actuals, error) {
	c, err := s.loadEval(r)
	if err != nil {
		return nil, nil, nil, err
	}
	pr, err := c.project(r)
	if err != nil {
		return nil, nil, nil, err
	}
	a, err := c.actuals(r, r.PathValue("round"))
	return c, pr, a, err
}

func (s *site) evalEntry(w http.ResponseWriter, r *http.Request) error {
	c, pr, a, err := s.loadEntry(r)
	if err != nil {
		return err
	}
	p, err := s.entryPage(r, c, pr, a)
	if err != nil {
		return err
	}
	if word := r.URL.Query().Get("step"); word != "" {
		if act, err := service.EvalStepAction(word); err == nil {
			p.Review.Done = act.Label()
		}
	}
	return s.render(w, r, http.StatusOK, "eval_entry", "", p)
}

// entryPage is the entry form filled with what is stored, for the viewer,
// with the report's review section.
func (s *site) entryPage(r *http.Request, c *evalContext, pr *jixiao.Project, a *jixiao.Actuals) (*evalEntryPage, error) {
	p := newEntryPage(c, pr, a)
	p.fill(a)
	var err error
	if p.Viewer, err = s.evalViewer(r); err != nil {
		return nil, err
	}
	p.Review = newReviewBox(c, pr, a, p.Viewer.User)
	return p, nil
}

func newEntryPage(c *evalContext, pr *jixiao.Project, a *jixiao.Actuals) *evalEntryPage {
	p := &evalEntryPage{Layout: Layout{Title: pr.Name, Nav: "eval",
		Crumbs: append(c.crumbs(), Crumb{a.Round.Name, roundURL(c.doc.ID, a.Round.Name)})},
		Doc: c.doc, Project: pr, Published: publishedEntry(pr, c.doc.MoneyUnit), Round: a.Round, IsSelf: a.Round.Kind == jixiao.RoundSelfEval,
		Action: entryURL(c.doc.ID, a.Round.Name, pr.Seq), Back: roundURL(c.doc.ID, a.Round.Name),
		Reasons: jixiao.DeviationReasons, Grades: jixiao.Attainments, MoneyUnit: moneyUnitLabel(c.doc.MoneyUnit), Funds: map[string]string{},
		Likelihoods: []jixiao.Likelihood{jixiao.LikelihoodCertain, jixiao.LikelihoodPossible, jixiao.LikelihoodImpossible}}
	lights := eval.Lights(c.cfg, &jixiao.Document{Year: c.doc.Year, Projects: []jixiao.Project{*pr}}, a)[0]
	for i := range pr.Indicators {
		ind := &pr.Indicators[i]
		row := entryRow{Ind: ind, Quant: ind.Annual.Quantitative(), Target: ind.Annual.Text,
			Reasons: map[jixiao.DeviationReason]bool{}, Light: lights.Indicators[i].Light}
		row.Deferred = !row.Quant
		if row.Quant {
			row.Placeholder = "数值"
			if ind.Annual.Unit != "" {
				row.Placeholder += "（" + ind.Annual.Unit + "）"
			}
		} else {
			row.Placeholder = "完成情况说明"
		}
		p.Rows = append(p.Rows, row)
	}
	return p
}

// fill puts what is stored into the form.
func (p *evalEntryPage) fill(a *jixiao.Actuals) {
	u := p.Doc.MoneyUnit
	pa0, _ := a.Project(p.Project.Seq)
	p.Budget = eval.ExecutionCell(p.Doc, p.Project, pa0, "budget")
	for _, col := range eval.FundColumns {
		p.Funds[col] = eval.ExecutionCell(p.Doc, p.Project, pa0, col)
	}
	if pa, ok := a.Project(p.Project.Seq); ok {
		if pa.HasExecuted {
			p.Executed = pa.Executed.Format(u)
		}
		if pa.HasForecast {
			p.Forecast = pa.Forecast.Format(u)
		}
		p.Note = pa.Note
	}
	for i := range p.Rows {
		row := &p.Rows[i]
		ia, ok := a.Indicator(p.Project.Seq, row.Ind.Seq)
		if !ok {
			continue
		}
		if ia.Target.Text != "" {
			row.Target = ia.Target.Text
		}
		row.Actual, row.Grade, row.Score, row.Weight = ia.Text, string(ia.Grade), ia.Score, ia.Weight
		row.Forecast, row.Likelihood, row.Note = ia.Forecast, string(ia.Likelihood), ia.Note
		for _, rs := range ia.Reasons {
			row.Reasons[rs] = true
		}
	}
}

// evalSave records the form: checked like a file, stored in one
// transaction, then back to the round with the project's new light; with
// problems the form comes back with them and nothing is stored.
func (s *site) evalSave(w http.ResponseWriter, r *http.Request) error {
	c, pr, a, err := s.loadEntry(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return invalid("表单无法读取：%v", err)
	}
	v, ok, err := s.changer(w, r)
	if err != nil || !ok {
		return err
	}
	p := newEntryPage(c, pr, a)
	if p.Viewer, err = s.evalViewer(r); err != nil {
		return err
	}
	p.Review = newReviewBox(c, pr, a, p.Viewer.User)
	p.read(r)
	_, err = c.m.RecordActuals(r.Context(), v.User, c.doc.ID, a.Round.Name,
		func(doc *jixiao.Document, round jixiao.Round, cfg eval.Config) (*jixiao.Actuals, error) {
			return eval.ParseRows(p.executionRows(), p.actualsRows(), doc, round, cfg)
		})
	if _, problems := eval.InputProblems(err); problems {
		p.attach(err)
		return s.render(w, r, http.StatusUnprocessableEntity, "eval_entry", "", p)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, roundURL(c.doc.ID, a.Round.Name)+"?saved="+strconv.Itoa(pr.Seq)+"#p"+strconv.Itoa(pr.Seq), http.StatusSeeOther)
	return nil
}

// read takes the form's values.
func (p *evalEntryPage) read(r *http.Request) {
	f := func(name string) string { return strings.TrimSpace(r.PostFormValue(name)) }
	p.Executed, p.Forecast, p.Note, p.Budget = f("executed"), f("forecast"), f("note"), f("budget")
	for _, col := range eval.FundColumns {
		p.Funds[col] = f(col)
	}
	for i := range p.Rows {
		row := &p.Rows[i]
		k := strconv.Itoa(row.Ind.Seq)
		if row.Deferred {
			if t := f("target_" + k); t != "" {
				row.Target = t
			}
		}
		row.Actual, row.Grade, row.Score, row.Weight = f("actual_"+k), f("grade_"+k), f("score_"+k), f("weight_"+k)
		row.Forecast, row.Likelihood, row.Note = f("forecast_"+k), f("likelihood_"+k), f("note_"+k)
		for _, v := range r.PostForm["reason_"+k] {
			row.Reasons[jixiao.DeviationReason(v)] = true
		}
	}
}

func (p *evalEntryPage) executionRows() [][]string {
	head := append(append([]string{}, eval.ExecutionHeader...), "forecast", "note")
	row := []string{strconv.Itoa(p.Project.Seq), p.Project.Name, p.Budget, p.Executed, p.Forecast, p.Note}
	for _, col := range eval.FundColumns {
		head, row = append(head, col), append(row, p.Funds[col])
	}
	return [][]string{head, row}
}

func (p *evalEntryPage) actualsRows() [][]string {
	rows := [][]string{append(append([]string{}, eval.ActualsHeader...), "forecast", "likelihood", "weight")}
	for _, row := range p.Rows {
		var reasons []jixiao.DeviationReason
		for _, rs := range jixiao.DeviationReasons {
			if row.Reasons[rs] {
				reasons = append(reasons, rs)
			}
		}
		rows = append(rows, []string{strconv.Itoa(p.Project.Seq), strconv.Itoa(row.Ind.Seq), row.Ind.Name, row.Target,
			row.Actual, row.Grade, row.Score, jixiao.JoinDeviationReasons(reasons), row.Note,
			row.Forecast, row.Likelihood, row.Weight})
	}
	return rows
}

// attach puts each problem beside its field: the execution table's to the
// money, the actuals table's row n to indicator n−1 (row 1 is the header).
func (p *evalEntryPage) attach(err error) {
	fe, ok := eval.InputProblems(err)
	if !ok {
		p.Errors = append(p.Errors, err.Error())
		return
	}
	for _, e := range fe {
		i := e.Line - 2
		if e.File == eval.ActualsSheet && i >= 0 && i < len(p.Rows) {
			p.Rows[i].Errors = append(p.Rows[i].Errors, e.Msg)
		} else {
			p.Errors = append(p.Errors, e.Msg)
		}
	}
}

// evalCheck is the form's live check: the same checks as saving, and the
// light the project would get, without storing anything. htmx posts the
// form here on every change and shows the answer above the form.
func (s *site) evalCheck(w http.ResponseWriter, r *http.Request) error {
	c, pr, a, err := s.loadEntry(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return invalid("表单无法读取：%v", err)
	}
	p := newEntryPage(c, pr, a)
	p.read(r)
	p.Checked = true
	got, err := eval.ParseRows(p.executionRows(), p.actualsRows(), c.doc, a.Round, c.cfg)
	if err != nil {
		p.attach(err)
	} else {
		one := &jixiao.Document{Year: c.doc.Year, Projects: []jixiao.Project{*pr}}
		p.Preview = eval.Lights(c.cfg, one, got)[0].Overall
	}
	return s.render(w, r, http.StatusOK, "eval_entry", "checks", p)
}

// publishedEntry is the entry form's 年初预算数: the published 合计 grouped
// as the tables print it, or eval.PublishedText's 未读出 when unknown.
func publishedEntry(p *jixiao.Project, u jixiao.MoneyUnit) string {
	if eval.Unread(p, jixiao.ColTotal) {
		return eval.PublishedText(p, jixiao.ColTotal, p.Amounts.Total, u)
	}
	return p.Amounts.Total.FormatGrouped(u)
}
