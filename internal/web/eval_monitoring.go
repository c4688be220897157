package web

import (
	"bytes"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"jixiao"
	"jixiao/internal/eval"
	"jixiao/internal/service"
)

// Monitoring by 财预〔2019〕136号 on the pages (issue 16 item 4): per
// project of a monitoring round, a 纠偏 page with the kind of each
// quantitative indicator (累计型 / 时点型, settable), the unit's measures,
// finance's decision and the 目标调整 it calls for; and the printable
// 绩效监控表 with its workbook. Who may do what is internal/service's; the
// forms only show what the viewer may use.

func correctionURL(doc int64, round string, seq int) string {
	return entryURL(doc, round, seq) + "/correction"
}

func monitorSheetURL(doc int64, round string, seq int) string {
	return entryURL(doc, round, seq) + "/sheet"
}

// evalCorrectionPage is a project's 纠偏 page in a monitoring round.
type evalCorrectionPage struct {
	Layout
	Doc     *jixiao.Document
	Project *jixiao.Project
	Round   jixiao.Round
	Light   eval.Light
	Viewer  evalViewer
	Back    string
	Entry   string
	Sheet   string
	// Kinds are the quantitative indicators with their kind; CanSetKind
	// whether the viewer may change them.
	Kinds      []kindRow
	CanSetKind bool
	KindURL    string
	C          jixiao.Correction
	Status     string
	Decision   string // finance's decision in words
	Deviating  bool   // red or yellow: 纠偏 is due
	CanMeasure bool
	CanDecide  bool
	CanAdjust  bool
	Decisions  []jixiao.CorrectionDecision
	Indicators []jixiao.Indicator
	// The 目标调整 form's prefill: the indicator's current annual value and
	// the reason drawn from the decision.
	AdjustOld, AdjustReason, AdjustNew string
	Workbench                          string
	Action                             string // the 纠偏 forms' address (…/correction)
	// Error is a refused form's message, Form which form it was; Typed
	// what was typed, shown again.
	Error, Form string
	Typed       map[string]string
	Done        string
}

// kindRow is a quantitative indicator with its kind.
type kindRow struct {
	Seq            int
	Name, Target   string
	Set            string // the kind set ("" none)
	InForce, Label string // the kind in force and its label
	Default        string // its unit's default, for the option
}

func (s *site) evalCorrection(w http.ResponseWriter, r *http.Request) error {
	p, err := s.correctionPage(r)
	if err != nil {
		return err
	}
	p.Done = map[string]string{"accrual": "已保存指标类型，亮灯已按新类型更新", "measures": "已保存纠偏措施",
		"decision": "已记录纠偏决定", "adjustment": "已发起目标调整，待主管部门和财政审核"}[r.URL.Query().Get("done")]
	return s.render(w, r, http.StatusOK, "eval_correction", "", p)
}

// correctionPage lays out the 纠偏 page the address names, as the viewer
// may see it.
func (s *site) correctionPage(r *http.Request) (*evalCorrectionPage, error) {
	c, pr, a, err := s.loadEntry(r)
	if err != nil {
		return nil, err
	}
	if a.Round.Kind != jixiao.RoundMonitoring {
		return nil, jixiao.Errorf(jixiao.ErrNotFound, "“%s”是年度自评，纠偏只在绩效运行监控中进行", a.Round.Name)
	}
	viewer, err := s.evalViewer(r)
	if err != nil {
		return nil, err
	}
	u, res := viewer.User, jixiao.ProjectResource(c.doc.Agency, pr, true)
	may := func(act jixiao.Action) bool { return jixiao.Authorize(u, act, res) == jixiao.Allow }
	light := eval.Lights(c.cfg, &jixiao.Document{Year: c.doc.Year, Projects: []jixiao.Project{*pr}}, a)[0]
	cr := a.Correction(pr.Seq)
	p := &evalCorrectionPage{Layout: Layout{Title: "纠偏 · " + pr.Name, Nav: "eval",
		Crumbs: append(c.crumbs(), Crumb{a.Round.Name, roundURL(c.doc.ID, a.Round.Name)})},
		Doc: c.doc, Project: pr, Round: a.Round, Light: light.Overall, Viewer: viewer,
		Back: roundURL(c.doc.ID, a.Round.Name), Entry: entryURL(c.doc.ID, a.Round.Name, pr.Seq),
		Sheet: monitorSheetURL(c.doc.ID, a.Round.Name, pr.Seq), Action: correctionURL(c.doc.ID, a.Round.Name, pr.Seq),
		KindURL: entryURL(c.doc.ID, a.Round.Name, pr.Seq) + "/accrual", CanSetKind: may(jixiao.ActionSetAccrual),
		C: cr, Status: cr.Status(), Decision: eval.DecisionText(cr, pr, c.doc.MoneyUnit), Decisions: jixiao.Decisions,
		Indicators: pr.Indicators, Workbench: workbenchURL(c.doc.ID) + "#adjustments", Typed: map[string]string{}}
	p.Deviating = light.Overall.Color == eval.Red || light.Overall.Color == eval.Yellow
	p.CanMeasure = p.Deviating && cr.Decision == "" && may(jixiao.ActionCorrectMeasures)
	p.CanDecide = cr.Measures != "" && cr.Decision == "" && may(jixiao.ActionDecideCorrection)
	p.CanAdjust = cr.Decision == jixiao.DecisionAdjust && cr.AdjustmentID == 0 && may(jixiao.ActionAdjust)
	if cr.Decision == jixiao.DecisionAdjust && cr.IndicatorSeq >= 1 && cr.IndicatorSeq <= len(pr.Indicators) {
		p.AdjustOld = pr.Indicators[cr.IndicatorSeq-1].Annual.Text
		p.AdjustReason = service.CorrectionReason(a.Round.Name, cr)
	}
	for _, in := range pr.Indicators {
		if in.Annual.Quantitative() {
			k := in.AccrualKind()
			p.Kinds = append(p.Kinds, kindRow{Seq: in.Seq, Name: in.Name, Target: in.Annual.Text, Set: string(in.Accrual),
				InForce: string(k), Label: k.Label(), Default: jixiao.DefaultAccrual(in.Annual).Label()})
		}
	}
	return p, nil
}

// correctionForm runs one of the 纠偏 page's forms (form names it: accrual,
// measures, decision, adjustment) with do, then goes back to the page; a
// problem with what was typed shows the page again with the message and
// the typed values (422), nothing stored.
func (s *site) correctionForm(w http.ResponseWriter, r *http.Request, form string,
	do func(m *service.Monitoring, by *jixiao.User, id int64, round string, seq int) error) error {
	if err := r.ParseForm(); err != nil {
		return invalid("表单无法读取：%v", err)
	}
	c, pr, a, err := s.loadEntry(r)
	if err != nil {
		return err
	}
	v, ok, err := s.changer(w, r)
	if err != nil || !ok {
		return err
	}
	err = do(c.m, v.User, c.doc.ID, a.Round.Name, pr.Seq)
	var fe *jixiao.FieldError
	if errors.As(err, &fe) || errors.Is(err, jixiao.ErrInvalid) {
		p, perr := s.correctionPage(r)
		if perr != nil {
			return perr
		}
		p.Error, p.Form = err.Error(), form
		if fe != nil {
			p.Error = fe.Msg
		}
		for k := range r.PostForm {
			p.Typed[k] = strings.TrimSpace(r.PostFormValue(k))
		}
		return s.render(w, r, http.StatusUnprocessableEntity, "eval_correction", "", p)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, correctionURL(c.doc.ID, a.Round.Name, pr.Seq)+"?done="+form+"#"+form, http.StatusSeeOther)
	return nil
}

func (s *site) evalAccrual(w http.ResponseWriter, r *http.Request) error {
	return s.correctionForm(w, r, "accrual", func(m *service.Monitoring, by *jixiao.User, id int64, _ string, seq int) error {
		ind, _ := strconv.Atoi(r.PostFormValue("indicator"))
		_, err := m.SetAccrual(r.Context(), by, id, seq, ind, r.PostFormValue("accrual"))
		return err
	})
}

func (s *site) evalMeasures(w http.ResponseWriter, r *http.Request) error {
	return s.correctionForm(w, r, "measures", func(m *service.Monitoring, by *jixiao.User, id int64, round string, seq int) error {
		_, err := m.RecordMeasures(r.Context(), by, id, round, seq, r.PostFormValue("measures"))
		return err
	})
}

func (s *site) evalDecision(w http.ResponseWriter, r *http.Request) error {
	return s.correctionForm(w, r, "decision", func(m *service.Monitoring, by *jixiao.User, id int64, round string, seq int) error {
		ind, _ := strconv.Atoi(r.PostFormValue("indicator_seq"))
		_, err := m.DecideCorrection(r.Context(), by, id, round, seq, service.CorrectionDecision{Decision: r.PostFormValue("decision"),
			IndicatorSeq: ind, Amount: r.PostFormValue("amount"), Opinion: r.PostFormValue("opinion")})
		return err
	})
}

func (s *site) evalCorrectionAdjust(w http.ResponseWriter, r *http.Request) error {
	return s.correctionForm(w, r, "adjustment", func(m *service.Monitoring, by *jixiao.User, id int64, round string, seq int) error {
		_, err := m.AdjustFromCorrection(r.Context(), by, id, round, seq, r.PostFormValue("new"), r.PostFormValue("reason"))
		return err
	})
}

// evalMonitorSheetPage is a project's 绩效监控表, a page of its own laid out
// for A4 landscape.
type evalMonitorSheetPage struct {
	Layout
	Sheet      eval.MonitorSheet
	Back, XLSX string
}

// monitorSheet lays out the 监控表 of the project the address names.
func (s *site) monitorSheet(r *http.Request) (*jixiao.Project, *jixiao.Actuals, eval.MonitorSheet, error) {
	c, pr, a, err := s.loadEntry(r)
	if err != nil {
		return nil, nil, eval.MonitorSheet{}, err
	}
	if a.Round.Kind != jixiao.RoundMonitoring {
		return nil, nil, eval.MonitorSheet{}, jixiao.Errorf(jixiao.ErrNotFound, "“%s”是年度自评，请看绩效自评表", a.Round.Name)
	}
	pl := eval.Lights(c.cfg, &jixiao.Document{Year: c.doc.Year, Projects: []jixiao.Project{*pr}}, a)[0]
	return pr, a, eval.BuildMonitorSheet(c.cfg, c.doc, pr, pl, a), nil
}

func (s *site) evalMonitorSheet(w http.ResponseWriter, r *http.Request) error {
	pr, a, sh, err := s.monitorSheet(r)
	if err != nil {
		return err
	}
	p := evalMonitorSheetPage{Layout: Layout{Title: "绩效监控表 · " + pr.Name}, Sheet: sh,
		Back: roundURL(a.Round.DocumentID, a.Round.Name), XLSX: monitorSheetURL(a.Round.DocumentID, a.Round.Name, pr.Seq) + ".xlsx"}
	return s.render(w, r, http.StatusOK, "eval_monitor_sheet", "sheet", p)
}

func (s *site) evalMonitorSheetXLSX(w http.ResponseWriter, r *http.Request) error {
	pr, a, sh, err := s.monitorSheet(r)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := eval.WriteMonitorSheetXLSX(&b, sh); err != nil {
		return err
	}
	sendXLSX(w, "绩效监控表-"+a.Round.Name+"-"+pr.Name+".xlsx", b.Bytes())
	return nil
}
