package web

import (
	"jixiao/internal/service"
	"math/big"
	"net/http"
	"strconv"
	"strings"

	"jixiao"
)

// comparePage is the data of 对比.
type comparePage struct {
	Layout
	Q          string
	Candidates []candidate // projects found by Q, to pick from
	Selected   []compareProject
	Units      []unitComparison // units of measure two or more projects share
	IDs        []int64
}

type candidate struct {
	jixiao.ProjectRow
	Checked bool
	State   tableState
}

// compareProject is a chosen project with its document heading and its
// quantitative output targets.
type compareProject struct {
	*jixiao.Project
	Doc     jixiao.DocumentSummary
	State   tableState
	Outputs []outputTarget
}

// outputTarget is an output indicator with a number, and the money the
// project declares per unit of it.
type outputTarget struct {
	Name    string
	Target  jixiao.Target
	PerUnit string // 万元 per unit, estimated; "" when not computable
	Yuan    string // the same in 元
}

// unitComparison lines up, for one unit of measure, each project's output
// targets in that unit.
type unitComparison struct {
	Unit  string
	Cells [][]outputTarget // per selected project, in order
}

const maxCompare = 6

func (s *site) compare(w http.ResponseWriter, r *http.Request) error {
	v := r.URL.Query()
	ids, err := compareIDs(v["p"])
	if err != nil {
		return err
	}
	p := comparePage{Layout: Layout{Title: "项目对比", Nav: "compare", Crumbs: []Crumb{{"总览", "/"}}},
		Q: strings.TrimSpace(v.Get("q")), IDs: ids}
	rd, err := s.reader(r)
	if err != nil {
		return err
	}
	if p.Selected, err = selectedProjects(r, rd, ids); err != nil {
		return err
	}
	p.Units = compareUnits(p.Selected)
	if p.Q != "" {
		page, err := rd.Projects(r.Context(), jixiao.ProjectQuery{Q: p.Q, Limit: 30})
		if err != nil {
			return err
		}
		for _, row := range page.Items {
			p.Candidates = append(p.Candidates, candidate{ProjectRow: row, Checked: contains(ids, row.ID), State: stateOf(rd, row.DocumentID)})
		}
	}
	block := ""
	if isHTMX(r) && r.Header.Get("HX-Target") == "candidates" {
		block = "candidates"
	}
	return s.render(w, r, http.StatusOK, "compare", block, p)
}

func compareIDs(raw []string) ([]int64, error) {
	var ids []int64
	for _, s := range raw {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			return nil, invalid("项目编号 %q 不正确", s)
		}
		if !contains(ids, id) {
			ids = append(ids, id)
		}
	}
	if len(ids) > maxCompare {
		return nil, invalid("一次最多对比 %d 个项目", maxCompare)
	}
	return ids, nil
}

func contains(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

func selectedProjects(r *http.Request, rd *service.View, ids []int64) ([]compareProject, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	docs, err := rd.Documents(r.Context())
	if err != nil {
		return nil, err
	}
	byID := map[int64]jixiao.DocumentSummary{}
	for _, d := range docs {
		byID[d.ID] = d
	}
	var out []compareProject
	for _, id := range ids {
		pr, err := rd.Project(r.Context(), id)
		if err != nil {
			return nil, err
		}
		out = append(out, compareProject{Project: pr, Doc: byID[pr.DocumentID], State: stateOf(rd, pr.DocumentID), Outputs: outputTargets(pr)})
	}
	return out, nil
}

// outputTargets lists a project's 产出指标 whose annual target is a positive
// number with a unit other than %, with the money per unit: 总计 ÷ target.
// It is an estimate from declared targets, not from actual spending.
func outputTargets(pr *jixiao.Project) []outputTarget {
	var out []outputTarget
	for _, in := range pr.Indicators {
		t := in.Annual
		if in.Level1Code != "1" || !t.Quantitative() || t.Unit == "" || t.Unit == "%" {
			continue
		}
		if t.Op == jixiao.LE || t.Op == jixiao.LT {
			continue // a ceiling on output says nothing of what the money buys
		}
		o := outputTarget{Name: in.Name, Target: t}
		if v, ok := t.Rat(); ok && v.Sign() > 0 {
			perUnit := new(big.Rat).Quo(big.NewRat(int64(pr.Amounts.Total), 1_000_000), v)
			o.PerUnit = perUnit.FloatString(4)
			o.Yuan = groupDigits(new(big.Rat).Mul(perUnit, big.NewRat(10000, 1)).FloatString(0))
		}
		out = append(out, o)
	}
	return out
}

// compareUnits groups the selected projects' output targets by unit of
// measure and keeps the units that at least two projects share.
func compareUnits(sel []compareProject) []unitComparison {
	var order []string
	cells := map[string][][]outputTarget{}
	for i, cp := range sel {
		for _, o := range cp.Outputs {
			if cells[o.Target.Unit] == nil {
				cells[o.Target.Unit] = make([][]outputTarget, len(sel))
				order = append(order, o.Target.Unit)
			}
			cells[o.Target.Unit][i] = append(cells[o.Target.Unit][i], o)
		}
	}
	var out []unitComparison
	for _, u := range order {
		n := 0
		for _, c := range cells[u] {
			if len(c) > 0 {
				n++
			}
		}
		if n >= 2 {
			out = append(out, unitComparison{Unit: u, Cells: cells[u]})
		}
	}
	return out
}

// groupDigits adds thousands separators to a whole number.
func groupDigits(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
