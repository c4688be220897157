package service

import (
	"cmp"
	"context"
	"slices"

	"jixiao"
	"jixiao/internal/eval"
)

// The per-department dashboard of 结果应用 (issue 17 item 3): the
// department's open and overdue 整改 items, and by budget year the results
// of its projects' reviews (优/良/中/差, the newest review of each
// project), monitoring lights (each project's overall light in each
// round) and self-evaluation grades (final scores only).

// Dashboard is one department's page.
type Dashboard struct {
	Department string `json:"department"`
	// Departments are those the viewer may choose from.
	Departments  []string                   `json:"departments"`
	Open         int                        `json:"open"`
	Overdue      int                        `json:"overdue"`
	ByState      map[jixiao.State]int       `json:"by_state"`
	OverdueItems []RectifyRow               `json:"overdue_items"`
	Years        []YearResults              `json:"years"`
	Consequences []jixiao.BudgetConsequence `json:"consequences"`
}

// YearResults counts one budget year's results: Reviews by result, Lights
// by light (绿灯/黄灯/红灯/未填报), Grades by self-evaluation grade.
type YearResults struct {
	Year    int            `json:"year"`
	Reviews map[string]int `json:"reviews"`
	Lights  map[string]int `json:"lights"`
	Grades  map[string]int `json:"grades"`
}

// Dashboard reads department dept's dashboard as by: a department
// reviewer sees their own, finance and admins any ("" the first); a
// filer or visitor is refused.
func (r *Rectify) Dashboard(ctx context.Context, by *jixiao.User, dept string) (*Dashboard, error) {
	v, err := r.t.View(ctx, by)
	if err != nil {
		return nil, err
	}
	docs, err := v.Documents(ctx)
	if err != nil {
		return nil, err
	}
	d := &Dashboard{ByState: map[jixiao.State]int{}, Consequences: r.m.cfg.Consequences}
	if d.Department, d.Departments, err = dashboardDepartment(by, docs, dept); err != nil {
		return nil, err
	}
	if err := r.countItems(ctx, by, d); err != nil {
		return nil, err
	}
	years := map[int]*YearResults{}
	for _, doc := range docs {
		if doc.Agency != d.Department {
			continue
		}
		y := years[doc.Year]
		if y == nil {
			y = &YearResults{Year: doc.Year, Reviews: map[string]int{}, Lights: map[string]int{}, Grades: map[string]int{}}
			years[doc.Year] = y
		}
		if err := r.countResults(ctx, v, doc.ID, y); err != nil {
			return nil, err
		}
	}
	for _, y := range years {
		d.Years = append(d.Years, *y)
	}
	slices.SortFunc(d.Years, func(a, b YearResults) int { return cmp.Compare(b.Year, a.Year) })
	return d, nil
}

// dashboardDepartment decides whose dashboard by reads and which
// departments they may choose from.
func dashboardDepartment(by *jixiao.User, docs []jixiao.DocumentSummary, dept string) (string, []string, error) {
	switch {
	case by == nil:
		return "", nil, jixiao.Errorf(jixiao.ErrUnauthenticated, "请先登录后再查看结果应用")
	case by.Role == jixiao.RoleDeptReviewer:
		if dept != "" && dept != by.Department {
			return "", nil, jixiao.Errorf(jixiao.ErrForbidden, "%s只能查看本部门（%s）的结果应用", by.Username, by.Department)
		}
		return by.Department, []string{by.Department}, nil
	case by.Role == jixiao.RoleFiler:
		return "", nil, jixiao.Errorf(jixiao.ErrForbidden, "结果应用汇总供主管部门和财政查看；本单位的整改事项见整改台账")
	}
	var all []string
	for _, d := range docs {
		if !slices.Contains(all, d.Agency) {
			all = append(all, d.Agency)
		}
	}
	slices.Sort(all)
	if dept == "" && len(all) > 0 {
		dept = all[0]
	}
	return dept, all, nil
}

// countItems counts d's department's items by state, and the overdue.
func (r *Rectify) countItems(ctx context.Context, by *jixiao.User, d *Dashboard) error {
	items, err := r.List(ctx, by, jixiao.RectifyFilter{Department: d.Department})
	if err != nil {
		return err
	}
	d.OverdueItems = []RectifyRow{}
	for _, it := range items {
		d.ByState[it.State]++
		if it.State != jixiao.RectifyVerified {
			d.Open++
		}
		if it.Overdue {
			d.Overdue++
			d.OverdueItems = append(d.OverdueItems, it)
		}
	}
	return nil
}

// countResults adds document id's reviews, lights and grades to y.
func (r *Rectify) countResults(ctx context.Context, v *View, id int64, y *YearResults) error {
	reviews, err := r.t.wf.DocumentReviews(ctx, id)
	if err != nil {
		return err
	}
	newest := map[int64]jixiao.Result{}
	for _, rv := range reviews {
		newest[rv.ProjectID] = rv.Result
	}
	for _, res := range newest {
		y.Reviews[string(res)]++
	}
	doc, err := v.Document(ctx, id)
	if err != nil {
		return err
	}
	rounds, err := r.m.ev.Rounds(ctx, id)
	if err != nil {
		return err
	}
	for _, rd := range rounds {
		if err := r.countRound(ctx, doc, rd, y); err != nil {
			return err
		}
	}
	return nil
}

// countRound adds a monitoring round's lights or the self-evaluation's
// final grades to y. It reads everything stored: the dashboard shows
// counts only, never a project's figures, and only to the department's
// reviewer and finance, whose scope covers every project counted.
func (r *Rectify) countRound(ctx context.Context, doc *jixiao.Document, rd jixiao.Round, y *YearResults) error {
	a, err := r.m.stored(ctx, doc, rd.Name)
	if err != nil {
		return err
	}
	if rd.Kind == jixiao.RoundMonitoring {
		for _, pl := range eval.Lights(r.m.cfg, doc, a) {
			y.Lights[pl.Overall.Color.Label()]++
		}
		return nil
	}
	res, _ := eval.Score(r.m.cfg, doc, a)
	if res == nil {
		return nil
	}
	for _, ps := range res.Projects {
		if ps.Grade != "" {
			y.Grades[ps.Grade]++
		}
	}
	return nil
}

// ProjectConsequence is a project's self-evaluation grade with what the
// 结果应用 table says follows for next year's budget.
type ProjectConsequence struct {
	ProjectID   int64                    `json:"project_id"`
	ProjectSeq  int                      `json:"project_seq"`
	Project     string                   `json:"project"`
	Unit        string                   `json:"unit"`
	Total       string                   `json:"total"`
	Grade       string                   `json:"grade"`
	Consequence jixiao.BudgetConsequence `json:"consequence"`
}

// Consequences lists the projects of document id whose self-evaluation
// is final, as by may see them (Monitoring.Actuals' rule), with their
// grade's row of the table; Year is the document's.
func (r *Rectify) Consequences(ctx context.Context, by *jixiao.User, id int64) (year int, out []ProjectConsequence, err error) {
	doc, err := r.m.Document(ctx, by, id)
	if err != nil {
		return 0, nil, err
	}
	a, err := r.m.Actuals(ctx, by, doc, jixiao.SelfEvalRoundName)
	if err != nil {
		return 0, nil, err
	}
	res, _ := eval.Score(r.m.cfg, doc, a)
	out = []ProjectConsequence{}
	if res == nil {
		return doc.Year, out, nil
	}
	ids := map[int]int64{}
	for _, p := range doc.Projects {
		ids[p.Seq] = p.ID
	}
	for _, ps := range res.Projects {
		if ps.Grade == "" {
			continue
		}
		c, _ := jixiao.ConsequenceOf(r.m.cfg.Consequences, ps.Grade)
		out = append(out, ProjectConsequence{ProjectID: ids[ps.ProjectSeq], ProjectSeq: ps.ProjectSeq, Project: ps.Project, Unit: ps.Unit,
			Total: ps.TotalText(), Grade: ps.Grade, Consequence: c})
	}
	return doc.Year, out, nil
}

// ConsequenceTable is the 结果应用 table in force.
func (r *Rectify) ConsequenceTable() []jixiao.BudgetConsequence { return r.m.cfg.Consequences }
