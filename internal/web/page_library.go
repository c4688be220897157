package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"jixiao"
	"jixiao/internal/service"
	"jixiao/internal/workflow"
)

// The 指标库 (indicator library) of peer groups (标杆值): the list of
// groups, searchable, and one page per group with who uses it, the spread
// of its targets as a box plot and the projects at its tails. The groups
// come from the published tables only (service.Peers), so every visitor
// sees the same ones.

// libraryListPage is the data of 指标库.
type libraryListPage struct {
	Layout
	Q       string
	Groups  []service.PeerSummary
	Matched int
	Shown   int
}

// libraryListLimit bounds the groups one list shows.
const libraryListLimit = 200

func (s *site) libraryList(w http.ResponseWriter, r *http.Request) error {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	gs, n, err := s.svc.Peers.Groups(r.Context(), q, libraryListLimit)
	if err != nil {
		return err
	}
	p := libraryListPage{Layout: Layout{Title: "指标库", Nav: "library", Crumbs: []Crumb{{"总览", "/"}}},
		Q: q, Groups: gs, Matched: n, Shown: len(gs)}
	return s.render(w, r, http.StatusOK, "library", "", p)
}

// libraryGroupPage is the data of one group's page.
type libraryGroupPage struct {
	Layout
	service.PeerDetail
	Charts []chart
	Viewer viewer
	Admin  bool
	Error  string
	Form   groupingForm
}

// groupingForm is what an admin typed into the grouping form.
type groupingForm struct{ Name, Into, Mode string }

// groupURL is the page of the group named name whose unit is unit.
func groupURL(name, unit string) string {
	return "/library/group?" + url.Values{"name": {name}, "unit": {unit}}.Encode()
}

func (s *site) libraryGroup(w http.ResponseWriter, r *http.Request) error {
	v, err := s.viewer(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	p, err := s.groupPage(r, v, q.Get("name"), q.Get("unit"))
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "library_group", "", p)
}

func (s *site) groupPage(r *http.Request, v viewer, name, unit string) (libraryGroupPage, error) {
	d, err := s.svc.Peers.Group(r.Context(), name, unit)
	if err != nil {
		return libraryGroupPage{}, err
	}
	p := libraryGroupPage{Layout: Layout{Title: "指标库：" + d.Name, Nav: "library",
		Crumbs: []Crumb{{"总览", "/"}, {"指标库", "/library"}}}, PeerDetail: d, Viewer: v,
		Admin: v.User != nil && v.User.Role == jixiao.RoleAdmin}
	if c, ok := targetBoxChart(d); ok {
		p.Charts = append(p.Charts, c)
	}
	if d.Cost != nil {
		p.Charts = append(p.Charts, spreadBoxChart("chart-cost", "单位产出资金分布", "每"+d.Unit+"花费（万元），按项目总计 ÷ 唯一的可计数产出指标估算",
			[]*service.PeerSpread{d.Cost}, []string{"万元/" + d.Unit}))
	}
	return p, nil
}

// libraryGrouping is an admin's correction of the grouping, posted from a
// group's page: merge a name into a group, split it out into its own, or
// give it back to the default grouping.
func (s *site) libraryGrouping(w http.ResponseWriter, r *http.Request) error {
	v, ok, err := s.changer(w, r)
	if err != nil || !ok {
		return err
	}
	f := groupingForm{Name: r.PostFormValue("name"), Into: r.PostFormValue("into"), Mode: r.PostFormValue("mode")}
	into := f.Into
	switch f.Mode {
	case "split":
		into = f.Name
	case "default":
		into = ""
	}
	err = s.svc.Peers.SetGrouping(r.Context(), v.User, f.Name, into)
	back, unit := r.PostFormValue("group"), r.PostFormValue("unit")
	if msg, bad := formProblem(err); bad {
		p, perr := s.groupPage(r, v, back, unit)
		if perr != nil {
			return perr
		}
		p.Error, p.Form = msg, f
		return s.render(w, r, http.StatusUnprocessableEntity, "library_group", "", p)
	}
	if err != nil {
		return err
	}
	// The group the page was about may be gone (its one name moved out):
	// go to the group the name is in now, else to the list.
	dest := "/library?" + url.Values{"q": {f.Name}}.Encode()
	if into != "" {
		dest = groupURL(into, unit)
	}
	http.Redirect(w, r, dest, http.StatusSeeOther)
	return nil
}

// targetBoxChart draws the group's ≥ and ≤ targets as box plots.
func targetBoxChart(d service.PeerDetail) (chart, bool) {
	var spreads []*service.PeerSpread
	var labels []string
	if d.Floors != nil {
		spreads, labels = append(spreads, d.Floors), append(labels, "≥ 目标（下限）")
	}
	if d.Ceilings != nil {
		spreads, labels = append(spreads, d.Ceilings), append(labels, "≤ 目标（上限）")
	}
	if len(spreads) == 0 {
		return chart{}, false
	}
	return spreadBoxChart("chart-targets", "年度指标值分布", "箱体为四分位（P25–P75），中线为中位数，须为最小与最大值；单位："+unitText(d.Unit),
		spreads, labels), true
}

func unitText(u string) string {
	if u == "" {
		return "无"
	}
	return u
}

// spreadBoxChart is an ECharts box plot of spreads, one box each, with the
// values the peer rules judge far from their group as points.
func spreadBoxChart(id, title, note string, spreads []*service.PeerSpread, labels []string) chart {
	c := chart{ID: id, Title: title, Note: note, Head: []string{"", "个数", "最小", "P25", "中位数", "P75", "最大"}}
	var boxes, far []any
	for i, sp := range spreads {
		boxes = append(boxes, []float64{plot(sp.Min), plot(sp.P25), plot(sp.P50), plot(sp.P75), plot(sp.Max)})
		for _, v := range sp.Far {
			far = append(far, []any{i, plot(v.Value), v.Project})
		}
		c.Rows = append(c.Rows, []string{labels[i], strconv.Itoa(sp.Count), sp.Min, sp.P25, sp.P50, sp.P75, sp.Max})
	}
	c.Option = optionJSON(map[string]any{
		"tooltip": map[string]any{"trigger": "item"},
		"grid":    map[string]any{"left": 8, "right": 24, "top": 16, "bottom": 24, "containLabel": true},
		"xAxis":   map[string]any{"type": "category", "data": labels},
		"yAxis":   map[string]any{"type": "value", "scale": true, "splitLine": map[string]any{"lineStyle": map[string]any{"color": "#e6e9ef"}}},
		"series": []any{
			map[string]any{"name": "分布", "type": "boxplot", "data": boxes, "boxWidth": []any{24, 64}},
			map[string]any{"name": "远离同类", "type": "scatter", "data": far, "symbolSize": 10, "itemStyle": map[string]any{"color": "#c8553d"}},
		},
	})
	return c
}

// plot is a decimal as a number for the chart only; the tables show the
// exact text.
func plot(s string) float64 {
	f, _ := strconv.ParseFloat(s, 64)
	return f
}

// suggestionPeers is the peer group of a suggestion of the edit form's
// library, by its name and its most frequent annual target's unit.
func suggestionPeers(r *http.Request, peers *service.Peers, sg workflow.Suggestion) (*service.PeerSummary, error) {
	if sg.Annual == "" {
		return nil, nil
	}
	g, ok, err := peers.Benchmark(r.Context(), sg.Name, jixiao.ParseTarget(sg.Annual).Unit)
	if err != nil || !ok {
		return nil, err
	}
	return &g, nil
}
