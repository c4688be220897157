package web

import (
	"jixiao/internal/service"
	"net/http"
	"strings"
	"unicode/utf8"

	"jixiao"
)

// projectPage is the data of 项目.
type projectPage struct {
	Layout
	Project    *jixiao.Project
	Doc        jixiao.DocumentSummary
	State      tableState
	Indicators []indicatorRow
	Findings   []jixiao.Finding // about the project itself or its indicators
	Related    []relatedProject
	// GoalAdjusted marks a goal an approved 目标调整 changed (the
	// indicators carry their own marks).
	GoalAdjusted *adjustedMark
	// Review is the approve/return panel of a reviewer at the project's
	// stage (workflow_queue_panel.go), nil for others.
	Review *reviewPanel
	// Years is the project across budget years (page_years.go).
	Years *yearsSection
	// Message is the banner after a change (flash.go).
	Message string
	// Results is the 结果应用 section (rectify_results.go).
	Results *resultsBox
}

// relatedProject is a project of another document with the same or a
// similar name.
type relatedProject struct {
	jixiao.ProjectRow
	Same bool
}

func (s *site) project(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	rd, err := s.reader(r)
	if err != nil {
		return err
	}
	pr, err := rd.Project(r.Context(), id)
	if err != nil {
		return err
	}
	doc, err := documentSummary(r, rd, pr.DocumentID)
	if err != nil {
		return err
	}
	fs, err := rd.Findings(r.Context(), jixiao.FindingQuery{DocumentID: pr.DocumentID})
	if err != nil {
		return err
	}
	related, err := related(r, rd, pr)
	if err != nil {
		return err
	}
	adj, err := s.documentAdjustments(r.Context(), pr.DocumentID)
	if err != nil {
		return err
	}
	p := projectPage{
		Layout: Layout{Title: pr.Name, Nav: "home", Crumbs: []Crumb{{"总览", "/"},
			{docTitle(doc.Agency, doc.Year), docURL(doc.ID)}}},
		Project: pr, Doc: doc, Related: related, GoalAdjusted: adj[pr.ID].goal(),
	}
	p.State = stateOf(rd, doc.ID)
	for i := range pr.Indicators {
		p.Indicators = append(p.Indicators, indicatorRow{Indicator: &pr.Indicators[i]})
	}
	adj[pr.ID].markIndicators(p.Indicators)
	for _, f := range fs {
		if f.ProjectSeq != pr.Seq {
			continue
		}
		p.Findings = append(p.Findings, f)
		if f.IndicatorSeq > 0 && f.IndicatorSeq <= len(p.Indicators) {
			p.Indicators[f.IndicatorSeq-1].Mark.add(f)
		}
	}
	if p.Review, err = s.reviewPanelFor(r, pr); err != nil {
		return err
	}
	if p.Years, err = s.projectYears(r, pr.ID); err != nil {
		return err
	}
	p.Message = flashMessage(r.URL.Query())
	if p.Results, err = s.projectResults(r, rd.User(), pr); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "project", "", p)
}

// documentSummary finds one document's row of the listing.
func documentSummary(r *http.Request, rd *service.View, id int64) (jixiao.DocumentSummary, error) {
	docs, err := rd.Documents(r.Context())
	if err != nil {
		return jixiao.DocumentSummary{}, err
	}
	for _, d := range docs {
		if d.ID == id {
			return d, nil
		}
	}
	return jixiao.DocumentSummary{}, jixiao.ErrNotFound
}

// related finds projects of other documents whose name is the same as pr's
// or shares its core: the name without a bracketed note or a district
// prefix (市就业补助资金（荔湾区） and 市就业补助资金 share 市就业补助资金).
func related(r *http.Request, rd *service.View, pr *jixiao.Project) ([]relatedProject, error) {
	var out []relatedProject
	seen := map[int64]bool{pr.ID: true}
	for _, key := range nameKeys(pr.Name) {
		page, err := rd.Projects(r.Context(), jixiao.ProjectQuery{Q: key, Limit: 20})
		if err != nil {
			return nil, err
		}
		for _, row := range page.Items {
			if seen[row.ID] || row.DocumentID == pr.DocumentID {
				continue
			}
			seen[row.ID] = true
			out = append(out, relatedProject{ProjectRow: row, Same: row.Name == pr.Name})
		}
	}
	return out, nil
}

// nameKeys are the substrings a similar project's name would contain, most
// specific first.
func nameKeys(name string) []string {
	keys := []string{name}
	core := stripBrackets(name)
	if core != name && utf8.RuneCountInString(core) >= 3 {
		keys = append(keys, core)
	}
	if i := strings.Index(core, "区"); i > 0 && utf8.RuneCountInString(core[:i]) <= 3 {
		if rest := core[i+len("区"):]; utf8.RuneCountInString(rest) >= 3 {
			keys = append(keys, rest)
		}
	}
	return keys
}

// stripBrackets removes bracketed notes: 市就业补助资金（荔湾区） → 市就业补助资金.
func stripBrackets(s string) string {
	for _, pair := range [][2]string{{"（", "）"}, {"(", ")"}} {
		for {
			i := strings.Index(s, pair[0])
			j := strings.Index(s, pair[1])
			if i < 0 || j < i {
				break
			}
			s = s[:i] + s[j+len(pair[1]):]
		}
	}
	return strings.TrimSpace(s)
}

func docURL(id int64) string     { return "/documents/" + itoa(id) }
func projectURL(id int64) string { return "/projects/" + itoa(id) }
