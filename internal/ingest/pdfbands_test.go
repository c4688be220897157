package ingest

import (
	"testing"

	"jixiao/internal/pdf"
)

// bandLine lays out cells of 10pt glyphs, each cell at its x, on baseline y.
func bandLine(y float64, cells ...any) visualLine {
	l := visualLine{Line: pdf.Line{Y: y, Size: 10}}
	for i := 0; i+1 < len(cells); i += 2 {
		x := cells[i].(float64)
		for _, r := range cells[i+1].(string) {
			l.Glyphs = append(l.Glyphs, pdf.Glyph{Text: string(r), X0: x, X1: x + 10, Y: y, Size: 10})
			x += 10
		}
	}
	return l
}

func cellTexts(ls []cellLine) []string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = l.text
	}
	return out
}

// A padded table without rules: a name wrapped over two lines, its
// neighbour centred between them, is one row, and so is a cell wrapped
// under its row's other cells; every row is written as a pipe row.
func TestUnruledRowsPartedByPadding(t *testing.T) {
	lines := []visualLine{
		bandLine(89.2, 109.0, "2018年专项资金"),
		bandLine(96.7, 40.0, "项目名称"),
		bandLine(103.5, 109.0, "(扶贫基地)"),
		bandLine(122.2, 40.0, "产出指标", 120.0, "数量指标", 200.0, "流转土地", 300.0, ">=60亩"),
		bandLine(140.9, 40.0, "产出指标", 120.0, "数量指标", 200.0, "景观建设", 300.0, "4个"),
		bandLine(159.6, 200.0, "贫困地区旅游基础"),
		bandLine(167.1, 40.0, "产出指标", 120.0, "成本指标", 380.0, "<=3000元"),
		bandLine(173.8, 200.0, "设施建设成本"),
		bandLine(192.5, 40.0, "效益指标", 120.0, "社会效益指标", 200.0, "受益人数", 300.0, ">=29人"),
	}
	got := cellTexts(unruledLines(&pdf.Page{}, lines))
	want := []string{
		"| 项目名称 | 2018年专项资金(扶贫基地) |",
		"| 产出指标 | 数量指标 | 流转土地 | >=60亩 |",
		"| 产出指标 | 数量指标 | 景观建设 | 4个 |",
		"| 产出指标 | 成本指标 | 贫困地区旅游基础设施建设成本 | <=3000元 |",
		"| 效益指标 | 社会效益指标 | 受益人数 | >=29人 |",
	}
	if len(got) != len(want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("line %d = %q, want %q", i+1, got[i], want[i])
		}
	}
}

// Lines evenly spaced a line apart (no padding) give no sign of where rows
// part: they are written line by line, as before.
func TestUnruledEvenLinesStayLines(t *testing.T) {
	var lines []visualLine
	for i, text := range []string{"项目名称", "(扶贫基地)", "产出指标", "数量指标", "流转土地"} {
		lines = append(lines, bandLine(100+14*float64(i), 40.0, text))
	}
	got := cellTexts(unruledLines(&pdf.Page{}, lines))
	want := cellTexts(plainLines(&pdf.Page{}, lines))
	if len(got) != len(want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("line %d = %q, want %q", i+1, got[i], want[i])
		}
	}
}
