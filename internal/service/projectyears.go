package service

import (
	"context"
	"errors"
	"fmt"

	"jixiao"
	"jixiao/internal/check"
	"jixiao/internal/eval"
)

// Years follows projects across budget years for the doors: a project's
// years side by side and a reviewer's decision on a proposed link.
type Years struct {
	t     *Targets
	m     *Monitoring
	links jixiao.LinkStore
}

func linkNamed(id int64) string { return fmt.Sprintf("编号为 %d 的项目关联", id) }

// LinkDecision reads a decision on a link as the doors name it:
// "confirm" (确认) or "reject" (否决).
func LinkDecision(word string) (confirm bool, err error) {
	switch word {
	case "confirm":
		return true, nil
	case "reject":
		return false, nil
	}
	return false, jixiao.Errorf(jixiao.ErrInvalid, "未知操作 %q（可选 confirm 确认、reject 否决）", word)
}

// DecideLink confirms (confirm) or rejects a 待确认 link as by: a
// department reviewer of the later project's department, or finance.
// The audit entry names by; a link decided already gives ErrConflict.
func (y *Years) DecideLink(ctx context.Context, by *jixiao.User, id int64, confirm bool) (jixiao.StoredLink, error) {
	l, err := y.links.Link(ctx, id)
	if err != nil {
		return l, notFoundOr(err, linkNamed(id))
	}
	ps, err := y.t.wf.ProjectStatus(ctx, l.ProjectID)
	if err != nil {
		return l, notFoundOr(err, linkNamed(id))
	}
	if err := jixiao.Permit(by, jixiao.ActionDecideLink, ps.Resource(), linkNamed(id)); err != nil {
		return l, err
	}
	to := jixiao.LinkRejected
	if confirm {
		to = jixiao.LinkConfirmed
	}
	return y.links.DecideLink(ctx, id, to, jixiao.Actor(by))
}

// ProjectYear is one year of a project's history: the project of that
// year's table, its money, and its year-end self-evaluation where one is
// stored and by may see it.
type ProjectYear struct {
	Year       int              `json:"year"`
	DocumentID int64            `json:"document_id"`
	Agency     string           `json:"-"`
	Project    *jixiao.Project  `json:"project"`
	MoneyUnit  jixiao.MoneyUnit `json:"money_unit"`
	Current    bool             `json:"current"` // the project asked about
	// Score is the self-evaluation's 总分 and Grade its grade ("" when not
	// final); both empty when nothing was recorded.
	Score string `json:"score,omitempty"`
	Grade string `json:"grade,omitempty"`
	// Actuals and Scores are each indicator's 实际完成值 and score, by the
	// indicator's seq in this year's project.
	Actuals map[int]string `json:"actuals,omitempty"`
	Scores  map[int]string `json:"scores,omitempty"`
}

// IndicatorYears is an indicator of the project asked about with its
// annual target in each year (in the order of ProjectHistory.Years, ""
// where that year has no such indicator) and last year's actual and score.
type IndicatorYears struct {
	Seq        int      `json:"seq"`
	Name       string   `json:"name"`
	Targets    []string `json:"targets"`
	LastActual string   `json:"last_actual,omitempty"`
	LastScore  string   `json:"last_score,omitempty"`
}

// PendingLink is a proposed link about the project that waits for a
// reviewer, and whether the user may decide it.
type PendingLink struct {
	jixiao.StoredLink
	CanDecide bool `json:"can_decide"`
}

// ProjectHistory is a project across the years its links that hold lead
// to, oldest first, with its indicators' targets per year.
type ProjectHistory struct {
	Years      []ProjectYear    `json:"years"`
	Indicators []IndicatorYears `json:"indicators"`
	Pending    []PendingLink    `json:"pending"`
}

// Last is the year before the project asked about, nil when none is
// linked.
func (h *ProjectHistory) Last() *ProjectYear {
	for i := range h.Years {
		if h.Years[i].Current && i > 0 {
			return &h.Years[i-1]
		}
	}
	return nil
}

// ProjectHistory is project id as by may read it across its years: the
// earlier and later projects its confirmed links lead to (a year by may
// not read ends the chain there), each year's self-evaluation as by may
// see it, and the links about the project waiting for a reviewer.
func (y *Years) ProjectHistory(ctx context.Context, by *jixiao.User, id int64) (*ProjectHistory, error) {
	v, err := y.t.View(ctx, by)
	if err != nil {
		return nil, err
	}
	cur, err := y.year(ctx, v, id)
	if err != nil {
		return nil, err
	}
	cur.Current = true
	h := &ProjectHistory{Years: []ProjectYear{*cur}, Pending: []PendingLink{}}
	links, err := y.links.ProjectLinks(ctx, id)
	if err != nil {
		return nil, err
	}
	for _, l := range links {
		if l.State == jixiao.LinkPending {
			h.Pending = append(h.Pending, PendingLink{StoredLink: l, CanDecide: y.mayDecide(ctx, by, l)})
		}
	}
	if err := y.follow(ctx, v, h, id, true); err != nil {
		return nil, err
	}
	if err := y.follow(ctx, v, h, id, false); err != nil {
		return nil, err
	}
	if len(h.Years) > 1 { // a project alone has no history to score
		for i := range h.Years {
			if err := y.selfEvaluation(ctx, v, &h.Years[i]); err != nil {
				return nil, err
			}
		}
	}
	h.Indicators = indicatorYears(h)
	return h, nil
}

// follow adds the years the links that hold lead to from project id,
// back (earlier years, put first) or forward, until a year by may not
// read or a project without such a link.
func (y *Years) follow(ctx context.Context, v *View, h *ProjectHistory, id int64, back bool) error {
	for seen := map[int64]bool{id: true}; ; {
		next, ok, err := y.step(ctx, id, back)
		if err != nil || !ok || seen[next] {
			return err
		}
		seen[next] = true
		yr, err := y.year(ctx, v, next)
		if errors.Is(err, jixiao.ErrNotFound) {
			return nil // hidden from by: the chain ends here
		}
		if err != nil {
			return err
		}
		if back {
			h.Years = append([]ProjectYear{*yr}, h.Years...)
		} else {
			h.Years = append(h.Years, *yr)
		}
		id = next
	}
}

// Previous is the project of the year before project id by a link that
// holds (a draft's projects are linked to those they were copied from).
func (y *Years) Previous(ctx context.Context, id int64) (int64, bool, error) {
	return y.step(ctx, id, true)
}

// step is the project one year before (back) or after id by a link that
// holds.
func (y *Years) step(ctx context.Context, id int64, back bool) (int64, bool, error) {
	links, err := y.links.ProjectLinks(ctx, id)
	if err != nil {
		return 0, false, err
	}
	for _, l := range links {
		switch {
		case !l.Holds():
		case back && l.ProjectID == id:
			return l.PrevProjectID, true, nil
		case !back && l.PrevProjectID == id:
			return l.ProjectID, true, nil
		}
	}
	return 0, false, nil
}

// year reads project id through v.
func (y *Years) year(ctx context.Context, v *View, id int64) (*ProjectYear, error) {
	row, _, err := v.ProjectRow(ctx, id)
	if err != nil {
		return nil, err
	}
	p, err := v.Project(ctx, id)
	if err != nil {
		return nil, err
	}
	return &ProjectYear{Year: row.DocumentYear, DocumentID: row.DocumentID, Agency: row.DocumentAgency, Project: p, MoneyUnit: row.MoneyUnit}, nil
}

// selfEvaluation adds to yr its year-end self-evaluation as v's user may
// see it (the rows of a project outside their scope only once finance
// rechecked it).
func (y *Years) selfEvaluation(ctx context.Context, v *View, yr *ProjectYear) error {
	a, err := y.m.ev.Actuals(ctx, yr.DocumentID, jixiao.SelfEvalRoundName)
	if errors.Is(err, jixiao.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	y.score(yr, y.m.visible(v.User(), &jixiao.Document{Agency: yr.Agency, Projects: []jixiao.Project{*yr.Project}}, a))
	return nil
}

// score fills in yr's self-evaluation from a, when a records the project.
func (y *Years) score(yr *ProjectYear, a *jixiao.Actuals) {
	p := yr.Project
	texts := actualTexts(a, p.Seq)
	if _, ok := a.Project(p.Seq); !ok && len(texts) == 0 {
		return
	}
	yr.Actuals, yr.Scores = texts, map[int]string{}
	ps, _ := eval.ScoreProject(y.m.cfg, p, a)
	yr.Score, yr.Grade = ps.Total.String(), ps.Grade
	for _, is := range ps.Indicators {
		yr.Scores[is.Seq] = is.Score.String()
	}
}

// mayDecide says whether by may confirm or reject l.
func (y *Years) mayDecide(ctx context.Context, by *jixiao.User, l jixiao.StoredLink) bool {
	ps, err := y.t.wf.ProjectStatus(ctx, l.ProjectID)
	return err == nil && jixiao.Authorize(by, jixiao.ActionDecideLink, ps.Resource()) == jixiao.Allow
}

// indicatorYears pairs each indicator of the current project with its
// counterpart in every year (check.PriorIndicator: the same name, the
// same place among those of that name).
func indicatorYears(h *ProjectHistory) []IndicatorYears {
	var cur *ProjectYear
	for i := range h.Years {
		if h.Years[i].Current {
			cur = &h.Years[i]
		}
	}
	last := h.Last()
	out := []IndicatorYears{}
	for i := range cur.Project.Indicators {
		in := &cur.Project.Indicators[i]
		row := IndicatorYears{Seq: in.Seq, Name: in.Name}
		for _, yr := range h.Years {
			t := ""
			if other, ok := check.PriorIndicator(yr.Project, cur.Project, in); ok {
				t = other.Annual.Text
			}
			row.Targets = append(row.Targets, t)
		}
		if last != nil {
			if prev, ok := check.PriorIndicator(last.Project, cur.Project, in); ok {
				row.LastActual, row.LastScore = last.Actuals[prev.Seq], last.Scores[prev.Seq]
			}
		}
		out = append(out, row)
	}
	return out
}
