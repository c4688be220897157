package web

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"

	"jixiao"
)

// chart is one ECharts figure: its option, built here and handed to the
// browser as JSON in a data attribute (static/charts.js reads it), and the
// same figures as a table for readers without JavaScript or a screen.
type chart struct {
	ID     string
	Title  string
	Note   string
	Tall   bool
	Option string // JSON
	Head   []string
	Rows   [][]string
}

// palette is the series colours, from the stylesheet's blues and teals.
var palette = []string{"#1d4f91", "#2f7dc1", "#3fa7a0", "#e0a030", "#c8553d", "#7a6fb0", "#6b8e23", "#8c8c8c"}

func optionJSON(o map[string]any) string {
	o["color"] = palette
	o["animationDuration"] = 400
	o["textStyle"] = map[string]any{"fontFamily": "system-ui, -apple-system, 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif"}
	b, err := json.Marshal(o)
	if err != nil {
		panic(err) // only maps, strings and numbers: cannot fail
	}
	return string(b)
}

// wan converts an amount to 万元 for plotting; the tables show exact text.
func wan(m jixiao.Money) float64 { return float64(m) / 1e6 }

// named is a label with an amount, for the bar charts.
type named struct {
	Name  string
	Money jixiao.Money
}

// barChart draws amounts as horizontal bars, largest on top, at most limit.
func barChart(id, title, note string, items []named, limit int) chart {
	slices.SortStableFunc(items, func(a, b named) int { return cmp.Compare(b.Money, a.Money) })
	if len(items) > limit {
		items = items[:limit]
	}
	c := chart{ID: id, Title: title, Note: note, Tall: len(items) > 8, Head: []string{"名称", "金额（万元）"}}
	names := make([]string, len(items))
	values := make([]float64, len(items))
	for i, it := range items {
		j := len(items) - 1 - i // ECharts draws the first category at the bottom
		names[j], values[j] = it.Name, wan(it.Money)
		c.Rows = append(c.Rows, []string{it.Name, it.Money.FormatGrouped(jixiao.MoneyUnit("万元"))})
	}
	c.Option = optionJSON(map[string]any{
		"tooltip": map[string]any{"trigger": "axis", "axisPointer": map[string]any{"type": "shadow"}},
		"grid":    map[string]any{"left": 8, "right": 64, "top": 8, "bottom": 24, "containLabel": true},
		"xAxis":   map[string]any{"type": "value", "name": "万元", "nameLocation": "end", "splitLine": map[string]any{"lineStyle": map[string]any{"color": "#e6e9ef"}}},
		"yAxis": map[string]any{"type": "category", "data": names,
			"axisLabel": map[string]any{"width": 180, "overflow": "truncate"}},
		"series": []any{map[string]any{"type": "bar", "data": values, "barMaxWidth": 18,
			"label": map[string]any{"show": true, "position": "right", "formatter": "{c}"}}},
	})
	return c
}

// levelCount counts indicators under one level-1 category by level-2.
type levelCount struct {
	Name   string
	Total  int
	Level2 map[string]int
}

// levelChart is a sunburst of indicators: level-1 inside, level-2 outside.
func levelChart(levels []levelCount) chart {
	c := chart{ID: "chart-levels", Title: "指标结构", Note: "按一级、二级指标统计指标个数",
		Head: []string{"一级指标", "二级指标", "指标数"}}
	var data []any
	for _, l := range levels {
		var children []any
		names := sortedKeys(l.Level2)
		for _, n := range names {
			children = append(children, map[string]any{"name": strings.TrimSuffix(n, "指标"), "value": l.Level2[n]})
			c.Rows = append(c.Rows, []string{l.Name, n, fmt.Sprint(l.Level2[n])})
		}
		// Without the 指标 suffix the labels fit their sectors.
		data = append(data, map[string]any{"name": strings.TrimSuffix(l.Name, "指标"), "children": children})
	}
	c.Option = optionJSON(map[string]any{
		"tooltip": map[string]any{"trigger": "item", "formatter": "{b}：{c} 项"},
		"series": []any{map[string]any{"type": "sunburst", "data": data, "radius": []string{"12%", "92%"},
			"sort": nil, "emphasis": map[string]any{"focus": "ancestor"},
			"itemStyle": map[string]any{"borderColor": "#fff", "borderWidth": 2},
			"label":     map[string]any{"color": "#fff", "textBorderWidth": 0},
			"levels": []any{map[string]any{},
				map[string]any{"r0": "12%", "r": "48%", "label": map[string]any{"rotate": 0, "fontSize": 12, "fontWeight": "bold", "minAngle": 20}},
				map[string]any{"r0": "48%", "r": "92%", "label": map[string]any{"rotate": "radial", "fontSize": 11, "minAngle": 12},
					"itemStyle": map[string]any{"opacity": 0.85}}}}},
	})
	return c
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int { return cmp.Or(cmp.Compare(m[b], m[a]), cmp.Compare(a, b)) })
	return keys
}

// documentQuality is one document's target-quality counts (as
// check.Summarize counts them, jixiao.DocumentFigures) with the label its
// chart row shows.
type documentQuality struct {
	Document string
	jixiao.DocumentFigures
}

// qualitySeries are the counts the target-quality chart plots as shares
// of each document's indicators.
var qualitySeries = []struct {
	Name  string
	Count func(q jixiao.DocumentFigures) int
}{
	{"可量化指标", func(q jixiao.DocumentFigures) int { return q.Measurable }},
	{"表述模糊", func(q jixiao.DocumentFigures) int { return q.Vague }},
	{"引用表外数", func(q jixiao.DocumentFigures) int { return q.ExternalReference }},
	{"指标雷同", func(q jixiao.DocumentFigures) int { return q.Copied }},
}

// shareOf is n over q's indicators, 0–1 (0 for a table without any).
func shareOf(n int, q jixiao.DocumentFigures) float64 {
	if q.Indicators == 0 {
		return 0
	}
	return float64(n) / float64(q.Indicators)
}

// qualityChart shows, per document, the share of indicators whose targets
// can be checked at year end and the shares the review rules flag.
func qualityChart(qs []documentQuality) chart {
	c := chart{ID: "chart-quality", Title: "目标质量", Note: "各文档指标中可量化（指标值有数值和单位）以及被审核规则标记的比例",
		Head: []string{"文档", "指标数"}}
	var names []string
	for _, q := range qs {
		names = append(names, q.Document)
		row := []string{q.Document, fmt.Sprint(q.Indicators)}
		for _, s := range qualitySeries {
			n := s.Count(q.DocumentFigures)
			row = append(row, fmt.Sprintf("%d（%.1f%%）", n, shareOf(n, q.DocumentFigures)*100))
		}
		c.Rows = append(c.Rows, row)
	}
	var series []any
	for _, s := range qualitySeries {
		c.Head = append(c.Head, s.Name)
		var data []float64
		for _, q := range qs {
			data = append(data, math.Round(shareOf(s.Count(q.DocumentFigures), q.DocumentFigures)*1000)/10)
		}
		series = append(series, map[string]any{"name": s.Name, "type": "bar", "data": data, "barMaxWidth": 14,
			"label": map[string]any{"show": true, "position": "right", "formatter": "{c}%", "fontSize": 10}})
	}
	c.Tall = len(qs) > 3
	c.Option = optionJSON(map[string]any{
		"tooltip": map[string]any{"trigger": "axis"},
		"legend":  map[string]any{"bottom": 0},
		"grid":    map[string]any{"left": 8, "right": 48, "top": 8, "bottom": 36, "containLabel": true},
		"xAxis":   map[string]any{"type": "value", "max": 100, "axisLabel": map[string]any{"formatter": "{value}%"}},
		"yAxis":   map[string]any{"type": "category", "data": names, "inverse": true, "axisLabel": map[string]any{"width": 160, "overflow": "truncate"}},
		"series":  series,
	})
	return c
}
