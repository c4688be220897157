package web

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"jixiao"
	"jixiao/internal/service"
)

// qualityDocuments bounds the documents of the target-quality chart (one
// row each): the ones with the most indicators, the caption says so.
const qualityDocuments = 12

// homePage is the data of 总览: one budget year's tables and figures, as
// the viewer may see them, counted by the store (service.View.Aggregate)
// without reading any document whole (issue 18).
type homePage struct {
	Layout
	Any       bool       // the viewer sees some table, of any year
	Visitor   bool       // not signed in: drafts are not counted
	Years     []homeYear // every year with a table the viewer sees, newest first
	Year      int
	YearLabel string // 2024年, or 年度未注明
	Scope     string // which tables the figures count
	Drafts    int    // the year's drafts counted
	Documents []homeDocument
	Aggregate jixiao.Aggregate
	Charts    []chart
}

// homeYear is one link of the year switch.
type homeYear struct {
	Year          int
	Label         string
	Tables, Draft int
	Current       bool
}

// homeDocument is one row of the year's tables; Part marks a draft the
// viewer sees in part, whose figures are those of the viewer's units.
type homeDocument struct {
	jixiao.DocumentSummary
	State tableState
	Part  bool
}

func (s *site) home(w http.ResponseWriter, r *http.Request) error {
	rd, err := s.reader(r)
	if err != nil {
		return err
	}
	docs, err := rd.Documents(r.Context())
	if err != nil {
		return err
	}
	p := homePage{Layout: Layout{Title: "总览", Nav: "home"}, Any: len(docs) > 0, Visitor: rd.User() == nil, Years: homeYears(rd, docs)}
	if p.Year, err = homeYearParam(r, p.Years); err != nil {
		return err
	}
	p.YearLabel = yearLabel(p.Year)
	for i := range p.Years {
		p.Years[i].Current = p.Years[i].Year == p.Year
	}
	if p.Aggregate, err = rd.Aggregate(r.Context(), p.Year); err != nil {
		return err
	}
	p.Documents = homeDocuments(rd, docs, p.Year, p.Aggregate)
	for _, d := range p.Documents {
		if d.State.Draft {
			p.Drafts++
		}
	}
	p.Scope = homeScope(rd.User(), p.Drafts)
	if len(p.Documents) > 0 {
		p.Charts = homeCharts(p.Aggregate, p.Documents, p.YearLabel, p.Scope)
		p.Layout.Charts = true
	}
	return s.render(w, r, http.StatusOK, "home", "", p)
}

// homeYears lists the years of docs, newest first (a table without a year
// last), with how many tables and drafts each has.
func homeYears(rd *service.View, docs []jixiao.DocumentSummary) []homeYear {
	byYear := map[int]*homeYear{}
	var out []homeYear
	for _, d := range docs {
		if byYear[d.Year] == nil {
			byYear[d.Year] = &homeYear{Year: d.Year, Label: yearLabel(d.Year)}
		}
		byYear[d.Year].Tables++
		if rd.IsDraft(d.ID) {
			byYear[d.Year].Draft++
		}
	}
	for _, y := range byYear {
		out = append(out, *y)
	}
	// Newest first; year 0 (not stated) sorts below every year.
	slices.SortFunc(out, func(a, b homeYear) int { return cmp.Compare(b.Year, a.Year) })
	return out
}

// homeYearParam is the year asked for (?year=2025), else the newest year
// with a table the viewer sees.
func homeYearParam(r *http.Request, years []homeYear) (int, error) {
	q := strings.TrimSpace(r.URL.Query().Get("year"))
	if q == "" {
		if len(years) == 0 {
			return 0, nil
		}
		return years[0].Year, nil
	}
	y, err := strconv.Atoi(q)
	if err != nil || y < 0 || y > 9999 {
		return 0, invalid("预算年度“%s”不是年份，请写四位数字，如 2025", q)
	}
	return y, nil
}

func yearLabel(y int) string {
	if y == 0 {
		return "年度未注明"
	}
	return fmt.Sprintf("%d年", y)
}

// homeScope says which tables the figures count.
func homeScope(by *jixiao.User, drafts int) string {
	switch {
	case drafts > 0:
		return fmt.Sprintf("含已公开的表和您可查看的草稿 %d 份（审核中，未公开）", drafts)
	case by == nil:
		return "仅统计已公开的表"
	default:
		return "仅统计已公开的表（本年度没有您可查看的草稿）"
	}
}

// homeDocuments is the rows of year's tables: a draft the viewer sees in
// part shows the figures of the viewer's units (from the aggregate), not
// the whole draft's.
func homeDocuments(rd *service.View, docs []jixiao.DocumentSummary, year int, a jixiao.Aggregate) []homeDocument {
	figures := map[int64]jixiao.DocumentFigures{}
	for _, f := range a.Documents {
		figures[f.DocumentID] = f
	}
	units := map[int64]int{}
	for _, u := range a.Units {
		units[u.DocumentID]++
	}
	var out []homeDocument
	for _, d := range docs {
		if d.Year != year {
			continue
		}
		row := homeDocument{DocumentSummary: d, State: stateOf(rd, d.ID), Part: rd.ShowsPart(d.ID)}
		if row.Part {
			f := figures[d.ID]
			row.Units, row.Projects, row.Indicators, row.Total, row.Findings = units[d.ID], f.Projects, f.Indicators, f.Money, f.Findings
			row.UnreadProjects = f.UnreadProjects
		}
		out = append(out, row)
	}
	return out
}

// homeCharts builds the four figures of 总览 from the year's aggregate;
// each says its year and which tables it counts.
func homeCharts(a jixiao.Aggregate, docs []homeDocument, year, scope string) []chart {
	agency, labels := map[int64]string{}, map[int64]string{} // labels: with the draft's mark
	for _, d := range docs {
		agency[d.ID], labels[d.ID] = shortAgency(d.Agency), shortAgency(d.Agency)
		if d.State.Draft {
			labels[d.ID] += "（" + d.State.Short() + "）"
		}
	}
	units := make([]named, 0, len(a.Units))
	for _, u := range a.Units {
		units = append(units, named{shortAgency(u.Unit), u.Money})
	}
	unitNote := "各资金使用单位的项目资金合计"
	if len(units) > 15 {
		unitNote = fmt.Sprintf("金额最大的 15 个资金使用单位（共 %d 个）", len(units))
	}
	projects := make([]named, 0, len(a.TopProjects))
	for _, p := range a.TopProjects {
		projects = append(projects, named{p.Name + "（" + agency[p.DocumentID] + "）", p.Money})
	}
	charts := []chart{
		barChart("chart-units", "资金分布（按单位）", unitNote, units, 15),
		barChart("chart-projects", "资金分布（按项目，前 15 项）", "金额最大的 15 个项目", projects, jixiao.AggregateTop),
		levelChart(homeLevels(a.Levels)),
		qualityChart(homeQuality(a.Documents, labels)),
	}
	if len(a.Documents) > qualityDocuments {
		charts[3].Note += fmt.Sprintf("（指标最多的 %d 份表，共 %d 份）", qualityDocuments, len(a.Documents))
	}
	for i := range charts {
		charts[i].Title = year + charts[i].Title
		charts[i].Note = scope + "。" + charts[i].Note
	}
	return charts
}

// homeLevels names the stored categories by the 2015 scheme where their
// codes are known (categoryNames), adding up those that then agree.
func homeLevels(ls []jixiao.LevelCount) []levelCount {
	levels := map[string]*levelCount{}
	var order []string
	for _, l := range ls {
		l1, l2 := categoryNames(jixiao.Indicator{Level1Code: l.Level1Code, Level1: l.Level1, Level2Code: l.Level2Code, Level2: l.Level2})
		if levels[l1] == nil {
			levels[l1] = &levelCount{Name: l1, Level2: map[string]int{}}
			order = append(order, l1)
		}
		levels[l1].Total += l.Indicators
		levels[l1].Level2[l2] += l.Indicators
	}
	out := make([]levelCount, 0, len(order))
	for _, name := range order {
		out = append(out, *levels[name])
	}
	return out
}

// homeQuality is the quality chart's rows: the documents with the most
// indicators, at most qualityDocuments, most first.
func homeQuality(fs []jixiao.DocumentFigures, agency map[int64]string) []documentQuality {
	fs = slices.Clone(fs)
	slices.SortStableFunc(fs, func(a, b jixiao.DocumentFigures) int { return cmp.Compare(b.Indicators, a.Indicators) })
	fs = fs[:min(len(fs), qualityDocuments)]
	out := make([]documentQuality, 0, len(fs))
	for _, f := range fs {
		out = append(out, documentQuality{Document: agency[f.DocumentID], DocumentFigures: f})
	}
	return out
}

// categoryNames names an indicator's categories by the 2015 scheme when its
// codes are known there, else as written.
func categoryNames(in jixiao.Indicator) (string, string) {
	l1, l2 := in.Level1, in.Level2
	if c, ok := jixiao.Scheme2015.Level1ByCode(in.Level1Code); ok {
		l1 = c.Name
	}
	if c, ok := jixiao.Scheme2015.Level2ByCode(in.Level2Code); ok && jixiao.Scheme2015.FitsCode(in.Level2Code, in.Level2) {
		l2 = c.Name
	}
	if l1 == "" {
		l1 = "未分类"
	}
	if l2 == "" {
		l2 = "未分类"
	}
	return l1, l2
}

// shortAgency drops the city prefix of an agency's name for chart labels:
// 广州市荔湾区人力资源和社会保障局 → 荔湾区人力资源和社会保障局.
func shortAgency(a string) string {
	if i := strings.Index(a, "市"); i > 0 && i <= 9 && strings.Contains(a[i:], "区") {
		return a[i+len("市"):]
	}
	if a == "" {
		return "未命名文档"
	}
	return a
}
