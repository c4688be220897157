package ingest

import (
	"fmt"

	"jixiao"
)

// readIndicators parses an indicators text into indicators with the
// document's jixiao.IndicatorParser. line maps a byte offset of s to its
// source line. Items that do not follow the pattern are kept with their raw
// text and reported.
func readIndicators(b *builder, p *jixiao.Project, seq int, s string, line func(int) int) {
	doc := b.doc
	for it := range b.indicators.Items(s) {
		ind := it.Indicator
		ind.Line = line(it.Offset)
		if it.Problem != "" {
			addFinding(doc, "parse.indicator", jixiao.SeverityError, ind.Line,
				fmt.Sprintf("项目“%s”第 %d 个指标不符合“序号、一级指标；二级指标；指标名称；实施周期指标值：…；年度指标值：…。”格式（%s），已保留原文：%s",
					p.Name, len(p.Indicators)+1, it.Problem, jixiao.CleanText(ind.Raw)))
			f := &doc.Findings[len(doc.Findings)-1]
			f.Unit, f.Project, f.ProjectSeq, f.IndicatorSeq = p.Unit, p.Name, seq, len(p.Indicators)+1
		}
		p.Indicators = append(p.Indicators, ind)
	}
}
