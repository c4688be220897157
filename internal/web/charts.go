package web

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"

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
			children = append(children, map[string]any{"name": n, "value": l.Level2[n]})
			c.Rows = append(c.Rows, []string{l.Name, n, fmt.Sprint(l.Level2[n])})
		}
		data = append(data, map[string]any{"name": l.Name, "children": children})
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

// quality is one document's target-quality figures.
type quality struct {
	Document     string
	Quantitative int // indicators whose annual target has a number
	Indicators   int
	Flagged      int // indicators with a target.* finding
}

// qualityChart shows, per document, the share of quantitative targets and
// the share of targets the review rules flag.
func qualityChart(qs []quality) chart {
	c := chart{ID: "chart-quality", Title: "目标质量", Note: "定量指标（年度指标值含数值）占比与被审核规则标记的指标值占比",
		Head: []string{"文档", "定量指标", "指标总数", "定量占比", "被标记指标值"}}
	var names []string
	var quant, flagged []float64
	for _, q := range qs {
		names = append(names, q.Document)
		quant = append(quant, share(q.Quantitative, q.Indicators))
		flagged = append(flagged, share(q.Flagged, q.Indicators))
		c.Rows = append(c.Rows, []string{q.Document, fmt.Sprint(q.Quantitative), fmt.Sprint(q.Indicators),
			percent(q.Quantitative, q.Indicators), fmt.Sprint(q.Flagged)})
	}
	c.Option = optionJSON(map[string]any{
		"tooltip": map[string]any{"trigger": "axis"},
		"legend":  map[string]any{"bottom": 0},
		"grid":    map[string]any{"left": 8, "right": 40, "top": 8, "bottom": 36, "containLabel": true},
		"xAxis":   map[string]any{"type": "value", "max": 100, "axisLabel": map[string]any{"formatter": "{value}%"}},
		"yAxis":   map[string]any{"type": "category", "data": names, "axisLabel": map[string]any{"width": 180, "overflow": "truncate"}},
		"series": []any{
			map[string]any{"name": "定量指标占比", "type": "bar", "data": quant, "barMaxWidth": 16, "label": map[string]any{"show": true, "position": "right", "formatter": "{c}%"}},
			map[string]any{"name": "被标记指标值占比", "type": "bar", "data": flagged, "barMaxWidth": 16, "label": map[string]any{"show": true, "position": "right", "formatter": "{c}%"}},
		},
	})
	return c
}

// share is n/total in percent with one decimal, for plotting.
func share(n, total int) float64 {
	if total == 0 {
		return 0
	}
	return float64(n*1000/total) / 10
}
