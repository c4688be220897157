package web

import (
	"jixiao/internal/service"
	"net/http"
	"strings"

	"jixiao"
	"jixiao/internal/check"
)

// chartDocuments bounds how many of the newest documents the home page's
// charts read in full, so the page stays fast on a store of thousands.
const chartDocuments = 12

// homePage is the data of 总览.
type homePage struct {
	Layout
	Documents  []jixiao.DocumentSummary
	Projects   int
	Indicators int
	Total      jixiao.Money
	Findings   map[jixiao.Severity]int
	Charts     []chart
	ChartScope string // which documents the charts cover
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
	p := homePage{Layout: Layout{Title: "总览", Nav: "home"}, Documents: docs, Findings: map[jixiao.Severity]int{}}
	for _, d := range docs {
		p.Projects += d.Projects
		p.Indicators += d.Indicators
		p.Total += d.Total
		for sev, n := range d.Findings {
			p.Findings[sev] += n
		}
	}
	if len(docs) > 0 {
		full, err := loadDocuments(r, rd, docs, chartDocuments)
		if err != nil {
			return err
		}
		p.Charts = homeCharts(full)
		p.Layout.Charts = true
		p.ChartScope = "图表统计全部文档"
		if len(docs) > chartDocuments {
			p.ChartScope = "图表统计最近导入的 12 份文档"
		}
	}
	return s.render(w, r, http.StatusOK, "home", "", p)
}

// loadDocuments reads the first n documents of a listing in full.
func loadDocuments(r *http.Request, rd *service.View, docs []jixiao.DocumentSummary, n int) ([]*jixiao.Document, error) {
	var out []*jixiao.Document
	for i := 0; i < len(docs) && i < n; i++ {
		d, err := rd.Document(r.Context(), docs[i].ID)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// homeCharts builds the four figures of 总览 from whole documents.
func homeCharts(docs []*jixiao.Document) []chart {
	var units, projects []named
	levels := map[string]*levelCount{}
	var order []string
	var qs []documentQuality
	for _, d := range docs {
		byUnit := d.ProjectsByUnit()
		for _, u := range d.Units {
			var m jixiao.Money
			for _, p := range byUnit[u.Name] {
				m += p.Amounts.Total
			}
			units = append(units, named{shortAgency(u.Name), m})
		}
		for _, p := range d.Projects {
			projects = append(projects, named{p.Name + "（" + shortAgency(d.Agency) + "）", p.Amounts.Total})
			for _, in := range p.Indicators {
				l1, l2 := categoryNames(in)
				if levels[l1] == nil {
					levels[l1] = &levelCount{Name: l1, Level2: map[string]int{}}
					order = append(order, l1)
				}
				levels[l1].Total++
				levels[l1].Level2[l2]++
			}
		}
		qs = append(qs, documentQuality{Document: shortAgency(d.Agency), Summary: check.Summarize(d, d.Findings)})
	}
	var lv []levelCount
	for _, name := range order {
		lv = append(lv, *levels[name])
	}
	return []chart{
		barChart("chart-units", "资金分布（按单位）", "各资金使用单位的项目资金合计", units, 15),
		barChart("chart-projects", "资金分布（按项目，前 15 项）", "金额最大的 15 个项目", projects, 15),
		levelChart(lv),
		qualityChart(qs),
	}
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
