package web

import (
	"bytes"
	"net/http"
	"net/url"

	"jixiao"
	"jixiao/internal/eval"
)

// evalRoundPage shows a round: for each project its light (budget execution
// against the time elapsed, and its indicators), what was recorded, and in
// the self-evaluation its score; with the workbook to fill in and upload.
type evalRoundPage struct {
	Layout
	Doc         *jixiao.Document
	Round       jixiao.Round
	IsSelf      bool
	CutOff      string
	Elapsed     string
	LightRules  string // how the lights are given, thresholds as local settings
	Rows        []roundRow
	Counts      map[string]int
	Saved       int // seq of the project just saved, for the notice
	SavedName   string
	Upload      []*jixiao.InputError
	Uploaded    string
	TemplateURL string
	UploadURL   string
	Viewer      evalViewer
	// Summary counts the lights and the 纠偏 of a monitoring round.
	Summary eval.RoundSummary
}

type roundRow struct {
	Seq        int
	Name, Unit string
	Budget     string
	Executed   string
	Rate       string
	Overall    eval.Light
	Execution  eval.Light
	Indicators []eval.IndicatorLight
	Entry      string
	Sheet      string
	Total      string
	Grade      string
	GradeClass string
	Missing    string // what keeps the self-evaluation score from being final
	// Report is where the project's report stands in its review.
	Report     jixiao.EvalReview
	StateClass string
	// Correction is where a monitoring round's 纠偏 of the project stands
	// ("" when none is due); CorrectionURL and MonitorSheet its pages.
	Correction    string
	CorrectionURL string
	MonitorSheet  string
}

func (s *site) evalRound(w http.ResponseWriter, r *http.Request) error {
	_, p, err := s.loadRound(r)
	if err != nil {
		return err
	}
	if seq := r.URL.Query().Get("saved"); seq != "" {
		for _, row := range p.Rows {
			if itoa(int64(row.Seq)) == seq {
				p.Saved, p.SavedName = row.Seq, row.Name
			}
		}
	}
	return s.render(w, r, http.StatusOK, "eval_round", "", p)
}

// loadRound loads the document and lays out the round its address names.
func (s *site) loadRound(r *http.Request) (*evalContext, *evalRoundPage, error) {
	c, err := s.loadEval(r)
	if err != nil {
		return nil, nil, err
	}
	p, err := s.buildRound(r, c, r.PathValue("round"))
	return c, p, err
}

func (s *site) buildRound(r *http.Request, c *evalContext, name string) (*evalRoundPage, error) {
	a, err := c.actuals(r, name)
	if err != nil {
		return nil, err
	}
	viewer, err := s.evalViewer(r)
	if err != nil {
		return nil, err
	}
	elapsed := eval.ElapsedShare(c.doc.Year, a.Round.CutOff)
	p := &evalRoundPage{Layout: Layout{Title: a.Round.Name, Nav: "eval", Crumbs: c.crumbs()},
		Viewer: viewer, Doc: c.doc, Round: a.Round, IsSelf: a.Round.Kind == jixiao.RoundSelfEval, CutOff: dateOf(a.Round.CutOff),
		Elapsed: percentOf(elapsed.Num().Int64(), elapsed.Denom().Int64()), Counts: map[string]int{}, LightRules: eval.LightRules(c.cfg.Lights),
		TemplateURL: roundURL(c.doc.ID, a.Round.Name) + "/template.xlsx", UploadURL: roundURL(c.doc.ID, a.Round.Name) + "/upload"}
	res, _ := eval.Score(c.cfg, c.doc, a)
	lights := eval.Lights(c.cfg, c.doc, a)
	p.Summary = eval.SummarizeRound(lights, a)
	for i, pl := range lights {
		pr := &c.doc.Projects[i]
		row := roundRow{Seq: pl.ProjectSeq, Name: pl.Project, Unit: pl.Unit, Budget: publishedGrouped(pr, c.doc.MoneyUnit),
			Rate: pl.ExecutionRate, Overall: pl.Overall, Execution: pl.Execution, Indicators: pl.Indicators,
			Entry: entryURL(c.doc.ID, a.Round.Name, pl.ProjectSeq), Sheet: sheetURL(c.doc.ID, pl.ProjectSeq),
			Report: a.Review(pl.ProjectSeq)}
		row.StateClass = stateClass(row.Report.State)
		if !p.IsSelf {
			row.CorrectionURL, row.MonitorSheet = correctionURL(c.doc.ID, a.Round.Name, pl.ProjectSeq), monitorSheetURL(c.doc.ID, a.Round.Name, pl.ProjectSeq)
			if cr := a.Correction(pl.ProjectSeq); cr.Measures != "" || pl.Overall.Color == eval.Red || pl.Overall.Color == eval.Yellow {
				row.Correction = cr.Status()
			}
		}
		if pa, ok := a.Project(pl.ProjectSeq); ok && pa.HasExecuted {
			row.Executed = pa.Executed.FormatGrouped(c.doc.MoneyUnit)
		}
		if res != nil {
			ps := &res.Projects[i]
			row.Total, row.Grade, row.Missing = ps.TotalText(), ps.GradeText(), ps.MissingText()
			row.GradeClass = gradeClass(row.Grade)
		}
		p.Counts[string(pl.Overall.Color)]++
		p.Rows = append(p.Rows, row)
	}
	return p, nil
}

// percentOf writes n/d as a percentage with two decimals, for the page.
func percentOf(n, d int64) string {
	if d == 0 {
		return "—"
	}
	h := (n*10000*2 + d) / (2 * d) // hundredths of a percent, rounded half up
	return itoa(h/100) + "." + twoDigits(h%100) + "%"
}

func twoDigits(n int64) string {
	if n < 10 {
		return "0" + itoa(n)
	}
	return itoa(n)
}

// evalTemplate sends the workbook to fill in, pre-filled with the round.
func (s *site) evalTemplate(w http.ResponseWriter, r *http.Request) error {
	c, err := s.loadEval(r)
	if err != nil {
		return err
	}
	a, err := c.actuals(r, r.PathValue("round"))
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := eval.WriteTemplateXLSX(&b, c.doc, a); err != nil {
		return err
	}
	sendXLSX(w, "绩效填报-"+a.Round.Name+".xlsx", b.Bytes())
	return nil
}

func sendXLSX(w http.ResponseWriter, name string, body []byte) {
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", "attachment; filename=\"eval.xlsx\"; filename*=UTF-8''"+url.PathEscape(name))
	w.Write(body)
}

// evalUpload records a filled-in workbook into the round: all or nothing,
// every problem shown with its sheet and row.
func (s *site) evalUpload(w http.ResponseWriter, r *http.Request) error {
	c, p, err := s.loadRound(r)
	if err != nil {
		return err
	}
	// Bound the body before the CSRF check reads the multipart form.
	r.Body = http.MaxBytesReader(w, r.Body, s.opts.MaxUpload+1<<20)
	v, ok, err := s.changer(w, r)
	if err != nil || !ok {
		return err
	}
	var name string
	status := http.StatusUnprocessableEntity
	_, err = c.m.RecordActuals(r.Context(), v.User, c.doc.ID, p.Round.Name,
		func(doc *jixiao.Document, round jixiao.Round, cfg eval.Config) (*jixiao.Actuals, error) {
			var data []byte
			var err error
			if name, data, status, err = s.readUpload(w, r, ""); err != nil { // changer checked the CSRF token
				return nil, &jixiao.InputError{File: name, Msg: err.Error()}
			}
			status = http.StatusUnprocessableEntity
			return eval.ReadWorkbook(name, data, doc, round, cfg)
		})
	fe, problems := eval.InputProblems(err)
	switch {
	case problems:
		p.Upload = fe
		return s.render(w, r, status, "eval_round", "", p)
	case err != nil:
		return err
	}
	http.Redirect(w, r, roundURL(c.doc.ID, p.Round.Name)+"?uploaded=1", http.StatusSeeOther)
	return nil
}

// publishedGrouped is a project's published 预算数 for a table, "未读出"
// when the source's amounts could not be read (never 0.00).
func publishedGrouped(p *jixiao.Project, u jixiao.MoneyUnit) string {
	if eval.Unread(p, jixiao.ColTotal) {
		return jixiao.UnreadAmount
	}
	return p.Amounts.Total.FormatGrouped(u)
}
