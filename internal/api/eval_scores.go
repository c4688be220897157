package api

import (
	"errors"
	"net/http"
	"strconv"

	"jixiao"
	"jixiao/internal/eval"
)

// scoresView is GET /documents/{id}/scores: the rows of `jixiao eval
// score` (items), the summaries per unit and for the document, and the
// entries the scoring could not use. Every score is a decimal string with
// two decimals, as the CLI prints it.
type scoresView struct {
	DocumentID int64              `json:"document_id"`
	Round      roundView          `json:"round"`
	Recorded   bool               `json:"recorded"`
	Items      []scoreRowView     `json:"items"`
	Units      []scoreSummaryView `json:"units"`
	Document   scoreSummaryView   `json:"document"`
	GradeNames []string           `json:"grade_names"`
	Problems   []eval.Problem     `json:"problems"`
	// Rules state the scoring in force, as the 自评表 prints them.
	Rules []string `json:"rules"`
}

// scoreRowView is one project: the columns of eval.ScoreHeader, then what
// the 自评表 shows beside them.
type scoreRowView struct {
	ProjectSeq        int                  `json:"project_seq"`
	Project           string               `json:"project"`
	ExecutionScore    string               `json:"execution_score"`
	OutputScore       string               `json:"output_score"`
	BenefitScore      string               `json:"benefit_score"`
	SatisfactionScore string               `json:"satisfaction_score"`
	Total             string               `json:"total"`
	Grade             string               `json:"grade"`
	Status            eval.Status          `json:"status"`
	Missing           []string             `json:"missing"`
	Unit              string               `json:"unit"`
	Budget            string               `json:"budget"`
	Executed          string               `json:"executed,omitempty"`
	ExecutionRate     string               `json:"execution_rate,omitempty"`
	Flags             []string             `json:"flags"`
	Indicators        []indicatorScoreView `json:"indicators"`
	// Report is where the project's report stands in the round, with
	// finance's 复核 score beside the self-score once rechecked.
	Report reportView `json:"report"`
}

type indicatorScoreView struct {
	Seq    int      `json:"seq"`
	Block  string   `json:"block"`
	Method string   `json:"method"`
	Weight string   `json:"weight"`
	Score  string   `json:"score"`
	Actual string   `json:"actual"`
	Flags  []string `json:"flags"`
}

// scoreSummaryView is a unit's or the document's count, average and grades:
// count, average and grades are over the final scores only; not_evaluated
// and incomplete say how many projects were left out.
type scoreSummaryView struct {
	Name         string         `json:"name"`
	Projects     int            `json:"projects"`
	Count        int            `json:"count"`
	NotEvaluated int            `json:"not_evaluated"`
	Incomplete   int            `json:"incomplete"`
	Average      string         `json:"average"`
	Grades       map[string]int `json:"grades"`
	LeftOut      string         `json:"left_out,omitempty"`
}

func viewScoreSummary(s eval.Summary) scoreSummaryView {
	return scoreSummaryView{Name: s.Name, Projects: s.Projects, Count: s.Count, NotEvaluated: s.NotEvaluated,
		Incomplete: s.Incomplete, Average: s.Average.String(), Grades: s.Grades, LeftOut: s.LeftOut()}
}

func viewScore(ps *eval.ProjectScore, u jixiao.MoneyUnit) scoreRowView {
	c := eval.ScoreRow(ps) // the CLI's row, column for column
	seq, _ := strconv.Atoi(c[0])
	v := scoreRowView{ProjectSeq: seq, Project: c[1], ExecutionScore: c[2], OutputScore: c[3], BenefitScore: c[4],
		SatisfactionScore: c[5], Total: c[6], Grade: c[7], Status: ps.Status, Missing: nonNil(ps.Missing), Unit: ps.Unit, Budget: ps.BudgetText(u, false),
		ExecutionRate: ps.ExecutionRate, Flags: nonNil(ps.Flags), Indicators: []indicatorScoreView{}}
	if ps.HasExecuted {
		v.Executed = ps.Executed.Format(u)
	}
	for _, is := range ps.Indicators {
		v.Indicators = append(v.Indicators, indicatorScoreView{Seq: is.Seq, Block: is.Block, Method: is.Method,
			Weight: is.Weight.String(), Score: is.Score.String(), Actual: is.Actual, Flags: nonNil(is.Flags)})
	}
	return v
}

// scores answers GET /documents/{id}/scores?round= (the self-evaluation
// without it; all zero before anything is recorded, as on the pages).
func (a *API) scores(w http.ResponseWriter, r *http.Request) error {
	doc, got, err := a.documentRound(r)
	if err != nil {
		return err
	}
	cfg := a.svc.Monitoring.Config()
	res, scoreErr := eval.Score(cfg, doc, got)
	if res == nil {
		return scoreErr
	}
	v := scoresView{DocumentID: doc.ID, Round: viewRound(got.Round), Recorded: len(got.Projects)+len(got.Indicators) > 0,
		Items: []scoreRowView{}, Units: []scoreSummaryView{}, Document: viewScoreSummary(res.Document),
		GradeNames: res.GradeNames, Problems: []eval.Problem{}, Rules: cfg.Rules()}
	var probs eval.Problems
	if errors.As(scoreErr, &probs) {
		v.Problems = append(v.Problems, probs...)
	}
	for i := range res.Projects {
		row := viewScore(&res.Projects[i], doc.MoneyUnit)
		row.Report = viewReport(got.Review(row.ProjectSeq))
		v.Items = append(v.Items, row)
	}
	for _, s := range res.Units {
		v.Units = append(v.Units, viewScoreSummary(s))
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}

// lightsView is GET /documents/{id}/lights: each project's lights (budget
// execution against the time elapsed, each indicator, overall) with their
// reasons, and how many projects have each overall colour.
type lightsView struct {
	DocumentID int64                `json:"document_id"`
	Round      roundView            `json:"round"`
	Counts     map[eval.Color]int   `json:"counts"`
	Items      []eval.ProjectLights `json:"items"`
}

// lights answers GET /documents/{id}/lights?round=.
func (a *API) lights(w http.ResponseWriter, r *http.Request) error {
	doc, got, err := a.documentRound(r)
	if err != nil {
		return err
	}
	v := lightsView{DocumentID: doc.ID, Round: viewRound(got.Round),
		Counts: map[eval.Color]int{eval.None: 0, eval.Green: 0, eval.Yellow: 0, eval.Red: 0},
		Items:  eval.Lights(a.svc.Monitoring.Config(), doc, got)}
	for i := range v.Items {
		v.Items[i].Indicators = nonNil(v.Items[i].Indicators)
		v.Counts[v.Items[i].Overall.Color]++
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}
