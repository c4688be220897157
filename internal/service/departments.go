package service

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"

	"jixiao"
	"jixiao/internal/check"
	"jixiao/internal/eval"
)

// MaxComparedTables bounds how many tables one comparison reads in full
// (each is read to count its target quality): a city's districts over a
// few years fit well within it.
const MaxComparedTables = 40

// DepartmentFigures are one table's figures in a comparison of departments
// of the same body across districts: its money and size, its target
// quality (check.Summarize) and, where the viewer may see scored
// projects, its year-end self-evaluation (自评).
type DepartmentFigures struct {
	DocumentID int64            `json:"document_id"`
	Agency     string           `json:"agency"`
	Place      string           `json:"place"`
	Year       int              `json:"year,omitempty"`
	Draft      bool             `json:"draft"`
	MoneyUnit  jixiao.MoneyUnit `json:"money_unit"`
	Total      jixiao.Money     `json:"total"`
	// UnreadProjects counts the projects whose 总计 could not be read when
	// Total is a sum of projects; Total leaves them out.
	UnreadProjects int                     `json:"unread_projects,omitempty"`
	Quality        check.Quality           `json:"quality"`
	Round          string                  `json:"round,omitempty"`
	Evaluation     *eval.Summary           `json:"evaluation,omitempty"`
	Findings       map[jixiao.Severity]int `json:"findings"`
	// BelowPeers and CostOutliers count the table's findings against the
	// 标杆值 (target.below-peers, amount.cost-outlier) as last checked.
	BelowPeers   int `json:"below_peers"`
	CostOutliers int `json:"cost_outliers"`
}

// BodyCount is a body found among the tables, with how many tables and
// places it has.
type BodyCount struct {
	Body   string `json:"body"`
	Tables int    `json:"tables"`
	Places int    `json:"places"`
}

// DepartmentComparison lines up the tables of one body (人力资源和社会保障局)
// across places, for one budget year or all. Bodies lists every body of
// the tables the viewer may see, those found in two or more places first,
// so that a page can offer them.
type DepartmentComparison struct {
	Body   string              `json:"body"`
	Year   int                 `json:"year,omitempty"`
	Years  []int               `json:"years"`
	Bodies []BodyCount         `json:"bodies"`
	Rows   []DepartmentFigures `json:"rows"`
	// Grades are the self-evaluation's grades, best first, as configured.
	Grades []string `json:"grades"`
	// Capped says that more tables matched than MaxComparedTables; the
	// newest were compared.
	Capped bool `json:"capped"`
}

// CompareDepartments compares the tables v may read whose department is
// body (as jixiao.AgencyBody folds it), of budget year year (0: every
// year), newest year first and by place. An empty body lists the bodies
// only. m gives each table's year-end self-evaluation as the viewer may
// see it (actuals stay hidden from visitors until reviewed).
//
// The answer is kept per data generation and viewer (visitors share one),
// so that a comparison's tables are read once per change of the data; it
// is shared between callers, who must not modify it.
func (v *View) CompareDepartments(ctx context.Context, m *Monitoring, body string, year int) (*DepartmentComparison, error) {
	read := func(ctx context.Context) (*DepartmentComparison, error) {
		return v.compareDepartments(ctx, m, body, year)
	}
	if v.caches == nil {
		return read(ctx)
	}
	return cached(ctx, v, &v.caches.departments, v.viewerKey()+"|"+strconv.Itoa(year)+"|"+strconv.FormatBool(m != nil)+"|"+body, read)
}

// viewerKey names what a view's answers depend on besides the data: the
// account and its role and scope ("" for a visitor).
func (v *View) viewerKey() string {
	if v.by == nil {
		return ""
	}
	return strconv.FormatInt(v.by.ID, 10) + "/" + string(v.by.Role) + "/" + v.by.Department + "/" + v.by.Unit
}

func (v *View) compareDepartments(ctx context.Context, m *Monitoring, body string, year int) (*DepartmentComparison, error) {
	docs, err := v.Documents(ctx)
	if err != nil {
		return nil, err
	}
	c := &DepartmentComparison{Body: body, Year: year, Years: []int{}, Bodies: []BodyCount{}, Rows: []DepartmentFigures{}, Grades: []string{}}
	c.Bodies = countBodies(docs)
	if m != nil {
		for _, g := range m.cfg.Grades {
			c.Grades = append(c.Grades, g.Name)
		}
		c.Grades = append(c.Grades, m.cfg.LowestGrade)
	}
	var matched []jixiao.DocumentSummary
	for _, d := range docs {
		if _, b := jixiao.AgencyBody(d.Agency); b != body || body == "" {
			continue
		}
		if !slices.Contains(c.Years, d.Year) {
			c.Years = append(c.Years, d.Year)
		}
		if year == 0 || d.Year == year {
			matched = append(matched, d)
		}
	}
	slices.SortFunc(c.Years, func(a, b int) int { return cmp.Compare(b, a) })
	slices.SortStableFunc(matched, func(a, b jixiao.DocumentSummary) int { return cmp.Compare(b.Year, a.Year) })
	if len(matched) > MaxComparedTables {
		matched, c.Capped = matched[:MaxComparedTables], true
	}
	for _, d := range matched {
		row, err := v.departmentFigures(ctx, m, d)
		if err != nil {
			return nil, err
		}
		c.Rows = append(c.Rows, row)
	}
	slices.SortStableFunc(c.Rows, func(a, b DepartmentFigures) int {
		return cmp.Or(cmp.Compare(b.Year, a.Year), cmp.Compare(a.Place, b.Place))
	})
	return c, nil
}

// countBodies counts the tables and places of each body, those in more
// places first, then by name.
func countBodies(docs []jixiao.DocumentSummary) []BodyCount {
	index := map[string]int{}
	places := map[string]map[string]bool{}
	var out []BodyCount
	for _, d := range docs {
		place, body := jixiao.AgencyBody(d.Agency)
		i, ok := index[body]
		if !ok {
			i, index[body], places[body] = len(out), len(out), map[string]bool{}
			out = append(out, BodyCount{Body: body})
		}
		out[i].Tables++
		places[body][place] = true
		out[i].Places = len(places[body])
	}
	slices.SortStableFunc(out, func(a, b BodyCount) int {
		return cmp.Or(cmp.Compare(b.Places, a.Places), cmp.Compare(a.Body, b.Body))
	})
	return out
}

// departmentFigures reads one table in full for its target quality and
// scores its year-end self-evaluation as the viewer may see it.
func (v *View) departmentFigures(ctx context.Context, m *Monitoring, d jixiao.DocumentSummary) (DepartmentFigures, error) {
	doc, err := v.Document(ctx, d.ID)
	if err != nil {
		return DepartmentFigures{}, err
	}
	place, _ := jixiao.AgencyBody(d.Agency)
	q := check.Summarize(doc, doc.Findings).Quality
	row := DepartmentFigures{DocumentID: d.ID, Agency: d.Agency, Place: place, Year: d.Year, Draft: v.IsDraft(d.ID),
		MoneyUnit: d.MoneyUnit, Total: d.Total, UnreadProjects: d.UnreadProjects, Quality: q, Findings: q.Findings}
	for _, f := range doc.Findings {
		switch f.Rule {
		case "target.below-peers":
			row.BelowPeers++
		case "amount.cost-outlier":
			row.CostOutliers++
		}
	}
	if v.ShowsPart(d.ID) {
		// The draft's figures are the viewer's units', and so is its money:
		// not the whole draft's 合计.
		row.Total, row.UnreadProjects = projectsTotal(doc)
	}
	if m == nil {
		return row, nil
	}
	a, err := m.Actuals(ctx, v.by, doc, jixiao.SelfEvalRoundName)
	if err != nil {
		return row, err
	}
	if res, _ := eval.Score(m.cfg, doc, a); res != nil && res.Document.Count > 0 {
		row.Round, row.Evaluation = jixiao.SelfEvalRoundName, &res.Document
	}
	return row, nil
}

// DepartmentQuery reads a comparison's parameters as the doors receive
// them: the body (text, at most 100 characters) and the budget year (""
// for every year), with a Chinese ErrInvalid for a bad one.
func DepartmentQuery(body, year string) (string, int, error) {
	body = strings.TrimSpace(body)
	if err := jixiao.CheckText("body", body, 100); err != nil {
		return "", 0, err
	}
	y := strings.TrimSpace(year)
	if y == "" {
		return body, 0, nil
	}
	n, err := strconv.Atoi(y)
	if err != nil || n < 1900 || n > 9999 {
		return "", 0, jixiao.Errorf(jixiao.ErrInvalid, "预算年度“%s”不是年份", y)
	}
	return body, n, nil
}

// projectsTotal adds up doc's projects' 总计 and counts those that could not
// be read (left out of the sum).
func projectsTotal(doc *jixiao.Document) (jixiao.Money, int) {
	var total jixiao.Money
	unread := 0
	for i := range doc.Projects {
		p := &doc.Projects[i]
		if p.Raw != "" || p.Amounts.Unread.Has(jixiao.ColTotal) {
			unread++
			continue
		}
		total += p.Amounts.Total
	}
	return total, unread
}
