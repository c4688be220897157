package web

import (
	"cmp"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"jixiao"
	"jixiao/internal/eval"
)

// evalDocumentPage is a document's 绩效评价: its rounds, the form that opens
// a monitoring round, and the self-evaluation's scores with their
// distribution and the projects ranked by score and by money.
type evalDocumentPage struct {
	Layout
	Doc       *jixiao.Document
	Rounds    []roundItem
	SelfURL   string
	RoundName string // form values when opening a round failed
	CutOff    string
	Error     string
	Result    *eval.Result
	Recorded  bool // the self-evaluation has rows
	Problems  []string
	ByScore   rankTable
	ByMoney   rankTable
	Chart     chart
	Viewer    evalViewer
}

type roundItem struct {
	jixiao.Round
	URL, Kind, Date string
	// Summary is a monitoring round's lights and 纠偏 in a line.
	Summary string
}

// rankTable is one ranking of the projects.
type rankTable struct {
	Title, ID string
	Unit      jixiao.MoneyUnit
	Rows      []rankRow
}

type rankRow struct {
	Rank           int
	Seq            int
	Name, Unit     string
	Budget         string
	Total, Grade   string
	Missing        string // what keeps the score from being final
	Class, Sheet   string
	ExecutionScore string
}

func (s *site) evalDocument(w http.ResponseWriter, r *http.Request) error {
	c, err := s.loadEval(r)
	if err != nil {
		return err
	}
	p, err := s.buildEvalDocument(r, c)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "eval_document", "", p)
}

func (s *site) buildEvalDocument(r *http.Request, c *evalContext) (*evalDocumentPage, error) {
	p := &evalDocumentPage{Layout: Layout{Title: "绩效监控与自评", Nav: "eval", Charts: true, Crumbs: c.crumbs()[:1]},
		Doc: c.doc, SelfURL: roundURL(c.doc.ID, jixiao.SelfEvalRoundName)}
	p.Title = docTitle(c.doc.Agency, c.doc.Year) + " · 绩效评价"
	var err error
	if p.Viewer, err = s.evalViewer(r); err != nil {
		return nil, err
	}
	_, rounds, err := c.m.Rounds(r.Context(), p.Viewer.User, c.doc.ID)
	if err != nil {
		return nil, err
	}
	for _, rd := range rounds {
		kind := "监控"
		if rd.Kind == jixiao.RoundSelfEval {
			kind = "自评"
		}
		item := roundItem{Round: rd, URL: roundURL(c.doc.ID, rd.Name), Kind: kind, Date: dateOf(rd.CutOff)}
		if rd.Kind == jixiao.RoundMonitoring {
			if item.Summary, err = roundSummary(r, c, rd.Name); err != nil {
				return nil, err
			}
		}
		p.Rounds = append(p.Rounds, item)
	}
	a, err := c.actuals(r, jixiao.SelfEvalRoundName)
	if err != nil {
		return nil, err
	}
	p.Recorded = len(a.Projects)+len(a.Indicators) > 0
	res, scoreErr := eval.Score(c.cfg, c.doc, a)
	if res == nil {
		return nil, scoreErr
	}
	if probs, ok := scoreErr.(eval.Problems); ok {
		for _, pr := range probs {
			p.Problems = append(p.Problems, pr.Error())
		}
	}
	p.Result = res
	byScore, byMoney := rankings(c.doc, res)
	p.ByScore = rankTable{"按得分排序", "rank-score", c.doc.MoneyUnit, byScore}
	p.ByMoney = rankTable{"按资金排序", "rank-money", c.doc.MoneyUnit, byMoney}
	p.Chart = scoreChart(res)
	return p, nil
}

// rankings orders the projects by total score and by budget, largest
// first, ties in document order; by score, the final scores come first,
// then the incomplete, then those not evaluated.
func rankings(doc *jixiao.Document, res *eval.Result) (byScore, byMoney []rankRow) {
	rows := make([]rankRow, len(res.Projects))
	budgets := make([]jixiao.Money, len(res.Projects))
	for i, ps := range res.Projects {
		budgets[i] = ps.Budget
		rows[i] = rankRow{Seq: ps.ProjectSeq, Name: ps.Project, Unit: ps.Unit, Budget: ps.BudgetText(doc.MoneyUnit, true),
			Total: ps.TotalText(), Grade: ps.GradeText(), Missing: ps.MissingText(), Class: gradeClass(ps.GradeText()), Sheet: sheetURL(doc.ID, ps.ProjectSeq),
			ExecutionScore: ps.ExecutionScore.String()}
	}
	order := func(less func(i, j int) int) []rankRow {
		idx := make([]int, len(rows))
		for i := range idx {
			idx[i] = i
		}
		slices.SortStableFunc(idx, less)
		out := make([]rankRow, len(idx))
		for k, i := range idx {
			out[k] = rows[i]
			out[k].Rank = k + 1
		}
		return out
	}
	byScore = order(func(i, j int) int {
		pi, pj := &res.Projects[i], &res.Projects[j]
		return cmp.Or(cmp.Compare(statusRank(pi.Status), statusRank(pj.Status)), cmp.Compare(pj.Total, pi.Total))
	})
	byMoney = order(func(i, j int) int { return cmp.Compare(budgets[j], budgets[i]) })
	return byScore, byMoney
}

func statusRank(s eval.Status) int {
	switch s {
	case eval.StatusScored:
		return 0
	case eval.StatusIncomplete:
		return 1
	}
	return 2
}

// gradeClass is the CSS class of a grade's badge (or of 未评, 未完成).
func gradeClass(g string) string {
	switch g {
	case string(eval.StatusNotEvaluated):
		return "grade-none"
	case string(eval.StatusIncomplete):
		return "grade-partial"
	case "优":
		return "grade-a"
	case "良":
		return "grade-b"
	case "中":
		return "grade-c"
	}
	return "grade-d"
}

// scoreChart is the distribution of final total scores in ten-point bins
// (the last holds 90–100), each bar in its grade's colour; its note says
// how many projects are left out.
func scoreChart(res *eval.Result) chart {
	note := "按总分每 10 分一档统计已评项目个数；颜色为等级（优 ≥90，良 ≥80，中 ≥60，差 <60）"
	if lo := res.Document.LeftOut(); lo != "" {
		note += "；" + lo
	}
	c := chart{ID: "chart-scores", Title: "得分分布", Note: note, Head: []string{"总分", "项目数"}}
	counts := make([]int, 10)
	for _, ps := range res.Projects {
		if !ps.Final() {
			continue
		}
		bin := int(ps.Total / 1000)
		counts[min(max(bin, 0), 9)]++
	}
	colors := map[string]string{"优": "#2e7d32", "良": "#2f7dc1", "中": "#e0a030", "差": "#c8553d"}
	var labels []string
	var data []any
	for i, n := range counts {
		label := fmt.Sprintf("%d–%d", i*10, i*10+10)
		grade := "差"
		switch {
		case i >= 9:
			grade = "优"
		case i == 8:
			grade = "良"
		case i >= 6:
			grade = "中"
		}
		labels = append(labels, label)
		data = append(data, map[string]any{"value": n, "itemStyle": map[string]any{"color": colors[grade]}})
		c.Rows = append(c.Rows, []string{label + " 分（" + grade + "）", fmt.Sprint(n)})
	}
	c.Option = optionJSON(map[string]any{
		"animation": false,
		"tooltip":   map[string]any{"trigger": "axis", "axisPointer": map[string]any{"type": "shadow"}},
		"grid":      map[string]any{"left": 8, "right": 40, "top": 40, "bottom": 8, "containLabel": true},
		"xAxis":     map[string]any{"type": "category", "data": labels, "name": "总分"},
		"yAxis":     map[string]any{"type": "value", "name": "项目数", "minInterval": 1},
		"series": []any{map[string]any{"type": "bar", "data": data, "barMaxWidth": 40,
			"label": map[string]any{"show": true, "position": "top"}}},
	})
	return c
}

// evalOpenRound opens a monitoring round (name and cut-off date) and goes
// to it; a bad name or date shows the page again with the message.
func (s *site) evalOpenRound(w http.ResponseWriter, r *http.Request) error {
	c, err := s.loadEval(r)
	if err != nil {
		return err
	}
	v, ok, err := s.changer(w, r)
	if err != nil || !ok {
		return err
	}
	name, cut := r.FormValue("name"), r.FormValue("cutoff")
	round, err := c.m.OpenRound(r.Context(), v.User, c.doc.ID, name, cut)
	var fe *jixiao.FieldError
	switch {
	case errors.As(err, &fe):
	case err != nil:
		return err
	default:
		http.Redirect(w, r, roundURL(c.doc.ID, round.Name), http.StatusSeeOther)
		return nil
	}
	p, perr := s.buildEvalDocument(r, c)
	if perr != nil {
		return perr
	}
	p.Error, p.RoundName, p.CutOff = fe.Msg, strings.TrimSpace(name), strings.TrimSpace(cut)
	return s.render(w, r, http.StatusUnprocessableEntity, "eval_document", "", p)
}

// roundSummary is monitoring round name's lights and 纠偏 in a line, as the
// viewer may see them.
func roundSummary(r *http.Request, c *evalContext, name string) (string, error) {
	a, err := c.actuals(r, name)
	if err != nil {
		return "", err
	}
	return eval.SummarizeRound(eval.Lights(c.cfg, c.doc, a), a).Text(), nil
}
