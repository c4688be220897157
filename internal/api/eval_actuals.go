package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"jixiao"
	"jixiao/internal/eval"
)

// actualsView is GET /documents/{id}/actuals and the body PUT takes back:
// the fields of the files units fill in (execution.csv, actuals.csv), money
// as text in the document's money unit ("48.07" 万元) like the files.
// PUT reads projects and indicators; document_id, round, money_unit, unit
// and value are ignored there. A project's budget is its 全年预算数 (the
// adjusted budget; GET gives the published total until one is recorded),
// carried_budget and other_budget the parts of it from 上年结转 and 其他资金,
// carried_executed and other_executed the same parts of executed.
type actualsView struct {
	DocumentID int64                 `json:"document_id,omitempty"`
	Round      *roundView            `json:"round,omitempty"`
	MoneyUnit  jixiao.MoneyUnit      `json:"money_unit,omitempty"`
	Projects   []projectActualView   `json:"projects"`
	Indicators []indicatorActualView `json:"indicators"`
}

// projectActualView is a row of execution.csv.
type projectActualView struct {
	ProjectSeq int    `json:"project_seq"`
	Project    string `json:"project,omitempty"` // checked when given
	Unit       string `json:"unit,omitempty"`
	Budget     string `json:"budget,omitempty"`
	Executed   string `json:"executed,omitempty"`
	Forecast   string `json:"forecast,omitempty"`
	Note       string `json:"note,omitempty"`

	CarriedBudget   string `json:"carried_budget,omitempty"`
	OtherBudget     string `json:"other_budget,omitempty"`
	CarriedExecuted string `json:"carried_executed,omitempty"`
	OtherExecuted   string `json:"other_executed,omitempty"`
}

// indicatorActualView is a row of actuals.csv, deviation reasons as a list.
type indicatorActualView struct {
	ProjectSeq       int      `json:"project_seq"`
	Seq              int      `json:"seq"`
	Name             string   `json:"name,omitempty"`          // checked when given
	AnnualTarget     string   `json:"annual_target,omitempty"` // a number only for a target without one
	Actual           string   `json:"actual,omitempty"`
	Value            string   `json:"value,omitempty"`
	Grade            string   `json:"grade,omitempty"`
	Score            string   `json:"score,omitempty"`
	Weight           string   `json:"weight,omitempty"`
	Forecast         string   `json:"forecast,omitempty"`
	DeviationReasons []string `json:"deviation_reasons,omitempty"`
	Note             string   `json:"note,omitempty"`
	Likelihood       string   `json:"likelihood,omitempty"`
}

func viewActuals(doc *jixiao.Document, a *jixiao.Actuals) actualsView {
	rv := viewRound(a.Round)
	v := actualsView{DocumentID: doc.ID, Round: &rv, MoneyUnit: doc.MoneyUnit,
		Projects: []projectActualView{}, Indicators: []indicatorActualView{}}
	u := doc.MoneyUnit
	for _, p := range doc.Projects {
		if pa, ok := a.Project(p.Seq); ok {
			pv := projectActualView{ProjectSeq: p.Seq, Project: p.Name, Unit: p.Unit,
				Budget: eval.AnnualBudget(p.Amounts.Total, pa).Format(u), Note: pa.Note}
			if pa.CarriedBudget != 0 {
				pv.CarriedBudget = pa.CarriedBudget.Format(u)
			}
			if pa.OtherBudget != 0 {
				pv.OtherBudget = pa.OtherBudget.Format(u)
			}
			if pa.HasSplit {
				pv.CarriedExecuted, pv.OtherExecuted = pa.CarriedExecuted.Format(u), pa.OtherExecuted.Format(u)
			}
			if pa.HasExecuted {
				pv.Executed = pa.Executed.Format(u)
			}
			if pa.HasForecast {
				pv.Forecast = pa.Forecast.Format(u)
			}
			v.Projects = append(v.Projects, pv)
		}
		for _, ind := range p.Indicators {
			ia, ok := a.Indicator(p.Seq, ind.Seq)
			if !ok {
				continue
			}
			iv := indicatorActualView{ProjectSeq: p.Seq, Seq: ind.Seq, Name: ind.Name, AnnualTarget: ind.Annual.Text,
				Actual: ia.Text, Value: ia.Value, Grade: string(ia.Grade), Score: ia.Score, Weight: ia.Weight,
				Forecast: ia.Forecast, Note: ia.Note, Likelihood: string(ia.Likelihood)}
			if ia.Target.Text != "" {
				iv.AnnualTarget = ia.Target.Text
			}
			for _, rs := range ia.Reasons {
				iv.DeviationReasons = append(iv.DeviationReasons, string(rs))
			}
			v.Indicators = append(v.Indicators, iv)
		}
	}
	return v
}

// getActuals answers GET /documents/{id}/actuals?round=: what is recorded
// in the round, projects and indicators in document order.
func (a *API) getActuals(w http.ResponseWriter, r *http.Request) error {
	doc, got, err := a.documentRound(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, viewActuals(doc, got))
	return nil
}

// putActuals answers PUT /documents/{id}/actuals?round= {"projects",
// "indicators"}: each project and indicator listed replaces what the round
// held for it (others keep theirs), checked like a file of `jixiao eval
// record`; any problem (422, each at its field) or a project outside the
// caller's scope (403) stores nothing. 200 with the round as stored.
func (a *API) putActuals(w http.ResponseWriter, r *http.Request) error {
	id, u, err := a.pathUser(r)
	if err != nil {
		return err
	}
	in, err := decodeActuals(r)
	if err != nil {
		return err
	}
	if len(in.Projects)+len(in.Indicators) == 0 {
		return inputProblems(problem{Field: "projects", Message: "请至少填报一个项目的执行数或一项指标的完成情况"})
	}
	var doc *jixiao.Document
	saved, err := a.svc.Monitoring.RecordActuals(r.Context(), u, id, roundName(r),
		func(d *jixiao.Document, round jixiao.Round, cfg eval.Config) (*jixiao.Actuals, error) {
			doc = d
			return recordedActuals(d, round, in, cfg)
		})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, viewActuals(doc, saved))
	return nil
}

// decodeActuals reads the body strictly: a misspelt field would otherwise
// be read as empty and clear what was recorded.
func decodeActuals(r *http.Request) (*actualsView, error) {
	var raw json.RawMessage
	if err := decodeBody(r, &raw); err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var in actualsView
	if err := dec.Decode(&in); err != nil {
		return nil, invalid("请求内容无法读取：%v", err)
	}
	return &in, nil
}

// projectBySeq finds a project of doc by its number.
func projectBySeq(doc *jixiao.Document, seq int) *jixiao.Project {
	for i := range doc.Projects {
		if doc.Projects[i].Seq == seq {
			return &doc.Projects[i]
		}
	}
	return nil
}

// indicatorBySeq finds an indicator of p by its number.
func indicatorBySeq(p *jixiao.Project, seq int) *jixiao.Indicator {
	for i := range p.Indicators {
		if p.Indicators[i].Seq == seq {
			return &p.Indicators[i]
		}
	}
	return nil
}

// The columns of the two tables the request becomes, the optional ones
// after the fixed headers (eval.ExecutionHeader, eval.ActualsHeader).
var (
	executionColumns = append(slices.Clone(eval.ExecutionHeader), "forecast", "note",
		"carried_budget", "other_budget", "carried_executed", "other_executed")
	actualsColumns = append(slices.Clone(eval.ActualsHeader), "forecast", "likelihood", "weight")
)

// tables writes the request as the two tables a unit fills in; a project
// or indicator name left out is the document's.
func tables(doc *jixiao.Document, in *actualsView) (exec, acts [][]string) {
	exec = [][]string{executionColumns}
	for _, p := range in.Projects {
		name := p.Project
		if pr := projectBySeq(doc, p.ProjectSeq); pr != nil && name == "" {
			name = pr.Name
		}
		exec = append(exec, []string{strconv.Itoa(p.ProjectSeq), name, p.Budget, p.Executed, p.Forecast, p.Note,
			p.CarriedBudget, p.OtherBudget, p.CarriedExecuted, p.OtherExecuted})
	}
	acts = [][]string{actualsColumns}
	for _, ia := range in.Indicators {
		name := ia.Name
		if pr := projectBySeq(doc, ia.ProjectSeq); pr != nil && name == "" {
			if ind := indicatorBySeq(pr, ia.Seq); ind != nil {
				name = ind.Name
			}
		}
		acts = append(acts, []string{strconv.Itoa(ia.ProjectSeq), strconv.Itoa(ia.Seq), name, ia.AnnualTarget,
			ia.Actual, ia.Grade, ia.Score, strings.Join(ia.DeviationReasons, "、"), ia.Note, ia.Forecast, ia.Likelihood, ia.Weight})
	}
	return exec, acts
}

// recordedActuals checks the request with eval.ParseRows, the reader of
// the files and the entry form, and names the field of each problem.
func recordedActuals(doc *jixiao.Document, round jixiao.Round, in *actualsView, cfg eval.Config) (*jixiao.Actuals, error) {
	exec, acts := tables(doc, in)
	got, err := eval.ParseRows(exec, acts, doc, round, cfg)
	if err == nil {
		return got, nil
	}
	fe, ok := eval.InputProblems(err)
	if !ok {
		return nil, err
	}
	ps := make(problemsError, 0, len(fe))
	for _, x := range fe {
		ps = append(ps, locate(doc, round, cfg, exec, acts, x))
	}
	return nil, ps
}

// Candidate fields of a row's problem, in the reverse of the order the
// reader checks them: a later check only runs once the earlier ones pass.
var (
	executionBlame = []string{"other_executed", "carried_executed", "other_budget", "carried_budget", "budget", "forecast", "executed", "project"}
	actualsBlame   = []string{"score", "weight", "likelihood", "deviation_reasons", "forecast", "actual", "grade", "annual_target", "name"}
)

// locate turns a reader's problem (table and line) into the field of the
// request it comes from: the row is read again with one field at a time
// left empty (a name: the document's), and the first field whose removal
// changes the row's problems is named; when none does, the row's numbers
// are at fault.
func locate(doc *jixiao.Document, round jixiao.Round, cfg eval.Config, exec, acts [][]string, x *jixiao.InputError) problem {
	i := x.Line - 2 // line 1 is the header
	isExec := x.File == eval.ExecutionSheet
	rows, list, candidates, cols := acts, "indicators", actualsBlame, actualsColumns
	if isExec {
		rows, list, candidates, cols = exec, "projects", executionBlame, executionColumns
	}
	p := problem{Field: list, Message: x.Msg}
	if i < 0 || i >= len(rows)-1 {
		return p
	}
	row := rows[i+1]
	p.Field = fmt.Sprintf("%s[%d]", list, i)
	p.ProjectSeq, _ = strconv.Atoi(row[0])
	if !isExec {
		p.Seq, _ = strconv.Atoi(row[1])
	}
	before := messagesAt(doc, round, cfg, exec, acts, x.File, x.Line)
	for _, col := range candidates {
		c := slices.Index(cols, col)
		blank := ""
		if col == "project" || col == "name" {
			blank = docName(doc, p.ProjectSeq, p.Seq, isExec)
		}
		if row[c] == blank {
			continue
		}
		saved := row[c]
		row[c] = blank
		after := messagesAt(doc, round, cfg, exec, acts, x.File, x.Line)
		row[c] = saved
		if after != before {
			p.Field += "." + col
			return p
		}
	}
	pr := projectBySeq(doc, p.ProjectSeq)
	switch {
	case pr == nil:
		p.Field += ".project_seq"
	case !isExec && indicatorBySeq(pr, p.Seq) == nil:
		p.Field += ".seq"
	}
	return p
}

// messagesAt reads the tables again and returns the problems at one line.
func messagesAt(doc *jixiao.Document, round jixiao.Round, cfg eval.Config, exec, acts [][]string, file string, line int) string {
	_, err := eval.ParseRows(exec, acts, doc, round, cfg)
	var fe eval.FileErrors
	errors.As(err, &fe)
	var msgs []string
	for _, x := range fe {
		if x.File == file && x.Line == line {
			msgs = append(msgs, x.Msg)
		}
	}
	return strings.Join(msgs, "\n")
}

// docName is the document's name of a project (exec) or indicator.
func docName(doc *jixiao.Document, projectSeq, seq int, exec bool) string {
	pr := projectBySeq(doc, projectSeq)
	switch {
	case pr == nil:
		return ""
	case exec:
		return pr.Name
	}
	if ind := indicatorBySeq(pr, seq); ind != nil {
		return ind.Name
	}
	return ""
}
