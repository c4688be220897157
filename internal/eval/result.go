package eval

import (
	"fmt"
	"math/big"
	"strings"

	"jixiao"
)

// Summary counts the projects of a unit or of the whole document by grade,
// with their average total (rounded half up). Only final scores count:
// Count is how many the average and the grades are over, NotEvaluated and
// Incomplete how many were left out (未评, 未完成), Projects all of them.
type Summary struct {
	Name         string         `json:"name"`
	Projects     int            `json:"projects"`
	Count        int            `json:"count"`
	NotEvaluated int            `json:"not_evaluated"`
	Incomplete   int            `json:"incomplete"`
	Average      Points         `json:"average"`
	Grades       map[string]int `json:"grades"`
	sum          Points
}

// LeftOut says which projects the average leaves out, "" when none:
// "未评 6 个、未完成 1 个不计入".
func (s Summary) LeftOut() string {
	var parts []string
	if s.NotEvaluated > 0 {
		parts = append(parts, fmt.Sprintf("未评 %d 个", s.NotEvaluated))
	}
	if s.Incomplete > 0 {
		parts = append(parts, fmt.Sprintf("未完成 %d 个", s.Incomplete))
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, "、") + "不计入平均分和等级"
}

// Result is the self-evaluation of a document in one round.
type Result struct {
	DocumentID int64          `json:"document_id"`
	Title      string         `json:"title"`
	Agency     string         `json:"agency"`
	Round      string         `json:"round"`
	Projects   []ProjectScore `json:"projects"`
	Units      []Summary      `json:"units"`
	Document   Summary        `json:"document"`
	// GradeNames lists the grades best first, for tables and charts.
	GradeNames []string `json:"grade_names"`
}

// Score scores every project of doc with the round's actuals. Problems in
// the entries are returned as Problems (with the result as far as it
// could be computed), so callers can show every one at once.
func Score(cfg Config, doc *jixiao.Document, a *jixiao.Actuals) (*Result, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	r := &Result{DocumentID: doc.ID, Title: doc.Title, Agency: doc.Agency, Round: a.Round.Name}
	for _, g := range cfg.Grades {
		r.GradeNames = append(r.GradeNames, g.Name)
	}
	r.GradeNames = append(r.GradeNames, cfg.LowestGrade)
	var probs Problems
	lk := newLookup(a)
	for i := range doc.Projects {
		ps, pr := scoreProject(cfg, &doc.Projects[i], lk)
		probs = append(probs, pr...)
		r.Projects = append(r.Projects, *ps)
	}
	r.summarise(r.GradeNames)
	if len(probs) > 0 {
		return r, probs
	}
	return r, nil
}

// summarise fills the per-unit and document summaries, units in the order
// their first project appears.
func (r *Result) summarise(grades []string) {
	newSummary := func(name string) Summary {
		s := Summary{Name: name, Grades: map[string]int{}}
		for _, g := range grades {
			s.Grades[g] = 0
		}
		return s
	}
	r.Document = newSummary(r.Agency)
	index := map[string]int{}
	for _, p := range r.Projects {
		i, ok := index[p.Unit]
		if !ok {
			i = len(r.Units)
			index[p.Unit] = i
			r.Units = append(r.Units, newSummary(p.Unit))
		}
		for _, s := range []*Summary{&r.Units[i], &r.Document} {
			s.add(&p)
		}
	}
	for _, s := range append([]*Summary{&r.Document}, unitPtrs(r.Units)...) {
		if s.Count > 0 {
			s.Average = roundHalfUp(new(big.Rat).Quo(s.sum.Rat(), big.NewRat(int64(s.Count), 1)))
		}
	}
}

func (s *Summary) add(p *ProjectScore) {
	s.Projects++
	switch p.Status {
	case StatusNotEvaluated:
		s.NotEvaluated++
	case StatusIncomplete:
		s.Incomplete++
	default:
		s.Count++
		s.sum += p.Total
		s.Grades[p.Grade]++
	}
}

func unitPtrs(us []Summary) []*Summary {
	out := make([]*Summary, len(us))
	for i := range us {
		out[i] = &us[i]
	}
	return out
}
