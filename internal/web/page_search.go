package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"jixiao"
)

// searchPage is the data of 指标检索.
type searchPage struct {
	Layout
	Q       string
	Filters url.Values // the facet filters in force
	Results []searchHit
	Total   int
	// Capped is set when the matches were more than the store counts
	// (sqldb.FacetCap): Total is then that cap, shown as "1,000+", and
	// every facet count is a lower bound.
	Capped   bool
	Facets   []facetGroup
	Projects []jixiao.ProjectRow // projects whose name matches Q
	NextURL  string
	FirstURL string // set when this is not the first page
	Active   []activeFilter
}

// searchHit is a matching indicator with the name of its document's agency
// (the document facet's label), which says more than the table's title.
type searchHit struct {
	jixiao.IndicatorRow
	DocLabel string
}

// facetGroup is one facet with its values; each value links to the search
// with that filter added (or removed, when it is already in force).
type facetGroup struct {
	Key, Label string
	Items      []facetItem
}

type facetItem struct {
	jixiao.FacetCount
	URL    string
	Active bool
}

// activeFilter is a filter in force, with the link that removes it.
type activeFilter struct {
	Label, Value, RemoveURL string
}

// searchFacets are the facets of the store, with the query parameter each
// filters by, in the order the page shows them.
var searchFacets = []struct{ Key, Param, Label string }{
	{"level1", "level1", "一级指标"},
	{"level2", "level2", "二级指标"},
	{"kind", "kind", "指标类型"},
	{"unit", "unit", "计量单位"},
	{"document", "document", "文档"},
}

const searchPageSize = 20

func (s *site) search(w http.ResponseWriter, r *http.Request) error {
	v := r.URL.Query()
	q, err := indicatorQuery(v)
	if err != nil {
		return err
	}
	rd, err := s.reader(r)
	if err != nil {
		return err
	}
	page, err := rd.Indicators(r.Context(), q)
	if err != nil {
		return err
	}
	facets, err := rd.IndicatorFacets(r.Context(), q)
	if err != nil {
		return err
	}
	p := searchPage{Layout: Layout{Title: "指标检索", Nav: "search", Crumbs: []Crumb{{"总览", "/"}}},
		Q: q.Q, Filters: v}
	markDrafts(rd, facets["document"])
	p.Facets, p.Total = facetGroups(facets, v)
	p.Capped = capped(facets)
	p.Results = hits(page.Items, facets["document"])
	p.Active = activeFilters(p.Facets, v)
	if q.Q != "" && q.Cursor == "" {
		pr, err := rd.Projects(r.Context(), jixiao.ProjectQuery{Q: q.Q, DocumentID: q.DocumentID, Limit: 10})
		if err != nil {
			return err
		}
		p.Projects = pr.Items
	}
	if page.NextCursor != "" {
		p.NextURL = "/search?" + with(v, "cursor", page.NextCursor).Encode()
	}
	if q.Cursor != "" {
		p.FirstURL = "/search?" + with(v, "cursor", "").Encode()
	}
	if q.Q != "" {
		p.Title = "指标检索：" + q.Q
	}
	block := ""
	if isHTMX(r) && r.Header.Get("HX-Target") == "results" {
		block = "results"
	}
	return s.render(w, r, http.StatusOK, "search", block, p)
}

// markDrafts adds （草稿） to the label of each document facet value that
// is a draft, so that a reviewer who sees next year's draft beside this
// year's table tells them apart in the facet and in every hit.
func markDrafts(rd interface{ IsDraft(int64) bool }, docs []jixiao.FacetCount) {
	for i, d := range docs {
		if id, err := strconv.ParseInt(d.Value, 10, 64); err == nil && rd.IsDraft(id) {
			docs[i].Label += "（草稿）"
		}
	}
}

func hits(rows []jixiao.IndicatorRow, docs []jixiao.FacetCount) []searchHit {
	label := map[string]string{}
	for _, d := range docs {
		label[d.Value] = d.Label
	}
	out := make([]searchHit, len(rows))
	for i, row := range rows {
		out[i] = searchHit{IndicatorRow: row, DocLabel: label[itoa(row.DocumentID)]}
		if out[i].DocLabel == "" {
			out[i].DocLabel = row.DocumentTitle
		}
	}
	return out
}

// indicatorQuery reads the search parameters.
func indicatorQuery(v url.Values) (jixiao.IndicatorQuery, error) {
	q := jixiao.IndicatorQuery{
		Q:          strings.TrimSpace(v.Get("q")),
		Level1Code: v.Get("level1"),
		Level2Code: v.Get("level2"),
		Kind:       v.Get("kind"),
		Unit:       v.Get("unit"),
		Cursor:     v.Get("cursor"),
		Limit:      searchPageSize,
	}
	if q.Kind != "" && q.Kind != jixiao.KindQuantitative && q.Kind != jixiao.KindQualitative {
		return q, invalid("指标类型 %q 只能是 quantitative 或 qualitative", q.Kind)
	}
	if d := v.Get("document"); d != "" {
		id, err := strconv.ParseInt(d, 10, 64)
		if err != nil {
			return q, invalid("文档编号 %q 不是数字", d)
		}
		q.DocumentID = id
	}
	return q, nil
}

// capped reports whether the store's counts are lower bounds: it read
// only the first of the matches.
func capped(f jixiao.Facets) bool {
	for _, k := range f["kind"] {
		if k.AtLeast {
			return true
		}
	}
	return false
}

// TotalText is the count of matches as the page prints it: the number,
// or the cap with a plus ("1,000+") when there were more.
func (p searchPage) TotalText() string {
	if p.Capped {
		return grouped(p.Total) + "+"
	}
	return strconv.Itoa(p.Total)
}

// CapText is the cap in the note under a capped count ("1,000").
func (p searchPage) CapText() string { return grouped(p.Total) }

// grouped writes n with thousands separators: 1,000.
func grouped(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// facetGroups turns the store's facet counts into links. The total is the
// sum of the kind facet, which counts every matching indicator once.
func facetGroups(f jixiao.Facets, v url.Values) ([]facetGroup, int) {
	var out []facetGroup
	total := 0
	for _, k := range f["kind"] {
		total += k.Count
	}
	for _, sf := range searchFacets {
		g := facetGroup{Key: sf.Key, Label: sf.Label}
		for _, c := range f[sf.Key] {
			item := facetItem{FacetCount: c, Active: v.Get(sf.Param) == c.Value}
			if sf.Key == "kind" {
				item.Label = kindLabel(c.Value)
			}
			if item.Label == "" {
				item.Label = c.Value
			}
			next := c.Value
			if item.Active {
				next = ""
			}
			item.URL = "/search?" + with(with(v, sf.Param, next), "cursor", "").Encode()
			g.Items = append(g.Items, item)
		}
		if len(g.Items) > 0 {
			out = append(out, g)
		}
	}
	return out, total
}

func activeFilters(groups []facetGroup, v url.Values) []activeFilter {
	var out []activeFilter
	for _, g := range groups {
		for _, it := range g.Items {
			if it.Active {
				out = append(out, activeFilter{Label: g.Label, Value: it.Label, RemoveURL: it.URL})
			}
		}
	}
	return out
}

func kindLabel(kind string) string {
	switch kind {
	case jixiao.KindQuantitative:
		return "定量"
	case jixiao.KindQualitative:
		return "定性"
	}
	return kind
}

// with returns a copy of v with key set to value, or removed when value is
// empty.
func with(v url.Values, key, value string) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	if value == "" {
		out.Del(key)
	} else {
		out.Set(key, value)
	}
	return out
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }
