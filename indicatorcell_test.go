package jixiao

import (
	"fmt"
	"reflect"
	"testing"
)

// TestParseIndicatorCell reads cells as the published tables write them,
// and cells with items that cannot be split.
func TestParseIndicatorCell(t *testing.T) {
	cases := []struct {
		cell string
		want []string // one line per item: fields, then the problem
	}{
		{"1、1-产出指标；11-数量指标；培训人次；实施周期指标值:≥500人次；年度指标值:≥500人次。2、3-满意度指标；31-服务对象满意度；满意度（2、3期）；实施周期指标值：≥90％；年度指标值：≥90%。",
			[]string{
				`0 "1" "产出指标" "11" "数量指标" "培训人次" ≥500人次/>=/500/人次 ≥500人次/>=/500/人次 raw="" problem=""`,
				`122 "3" "满意度指标" "31" "服务对象满意度" "满意度（2、3期）" ≥90％/>=/90/% ≥90%/>=/90/% raw="" problem=""`,
			}},
		// The period label's variants; a name holding "；".
		{"1、2-效益指标；22-社会效益；就业；稳定；中长期指标值:有效；年度指标值:有效。",
			[]string{`0 "2" "效益指标" "22" "社会效益" "就业；稳定" 有效/// 有效/// raw="" problem=""`}},
		// Unsplittable: no period target; no codes; text before "1、".
		{"按计划完成。1、1-产出指标；11-数量指标；人次；年度指标值:≥5人。2、产出；质量；合格率；实施周期指标值:100%；年度指标值:100%。",
			[]string{
				`0 "" "" "" "" "按计划完成" /// /// raw="按计划完成。" problem="缺少“年度指标值”"`,
				`18 "" "" "" "" "1-产出指标；11-数量指标；人次；" /// ≥5人/>=/5/人 raw="1、1-产出指标；11-数量指标；人次；年度指标值:≥5人。" problem="缺少“实施周期指标值”"`,
				`92 "" "产出" "" "质量" "合格率" 100%/=/100/% 100%/=/100/% raw="2、产出；质量；合格率；实施周期指标值:100%；年度指标值:100%。" problem="一级或二级指标缺少编码（应为“1-产出指标；11-数量指标”）"`,
			}},
		{"  \n", nil},
	}
	for _, c := range cases {
		items := ParseIndicatorCell(c.cell)
		if len(items) != len(c.want) {
			t.Errorf("%q: %d items, want %d: %+v", c.cell, len(items), len(c.want), items)
			continue
		}
		for i, it := range items {
			in := it.Indicator
			tg := func(t Target) string { return fmt.Sprintf("%s/%s/%s/%s", t.Text, t.Op, t.Value, t.Unit) }
			got := fmt.Sprintf("%d %q %q %q %q %q %s %s raw=%q problem=%q", it.Offset, in.Level1Code, in.Level1, in.Level2Code, in.Level2,
				in.Name, tg(in.Period), tg(in.Annual), in.Raw, it.Problem)
			if got != c.want[i] {
				t.Errorf("%q item %d\n got %s\nwant %s", c.cell, i+1, got, c.want[i])
			}
		}
	}
}

// TestIndicatorCellRoundTrip: what IndicatorCell writes, the parser reads
// back field for field, an unsplittable item included.
func TestIndicatorCellRoundTrip(t *testing.T) {
	ins := []Indicator{
		{Level1Code: "1", Level1: "产出指标", Level2Code: "12", Level2: "质量指标", Name: "合格率", Period: ParseTarget("≥98%"), Annual: ParseTarget("100%")},
		{Name: "产出指标：按计划完成", Raw: "产出指标：按计划完成"},
		{Level1Code: "2", Level1: "效益指标", Level2Code: "22", Level2: "社会效益", Name: "群众知晓", Period: ParseTarget("较好"), Annual: ParseTarget("较好")},
		{Name: "1-产出指标；11-数量指标；人次；", Annual: ParseTarget("≥5人"), Raw: "4、1-产出指标；11-数量指标；人次；年度指标值:≥5人。"},
	}
	cell := IndicatorCell(ins)
	want := "1、1-产出指标；12-质量指标；合格率；实施周期指标值:≥98%；年度指标值:100%。2、产出指标：按计划完成3、2-效益指标；22-社会效益；群众知晓；实施周期指标值:较好；年度指标值:较好。4、1-产出指标；11-数量指标；人次；年度指标值:≥5人。"
	if cell != want {
		t.Fatalf("cell\n got %s\nwant %s", cell, want)
	}
	items := ParseIndicatorCell(cell)
	if len(items) != len(ins) {
		t.Fatalf("%d items back, want %d", len(items), len(ins))
	}
	ins[1].Raw = "2、产出指标：按计划完成" // the writer numbered it
	for i, it := range items {
		if !reflect.DeepEqual(it.Indicator, ins[i]) {
			t.Errorf("item %d\n got %+v\nwant %+v", i+1, it.Indicator, ins[i])
		}
	}
}

// TestIndicatorNumbersOfAnyWidth: numbers of five digits and more were not
// recognised, so a cell of 100,000 indicators read as 9,999 (the rest
// glued to the last one).
func TestIndicatorNumbersOfAnyWidth(t *testing.T) {
	const n = 100_000
	ins := make([]Indicator, n)
	for i := range ins {
		ins[i] = Indicator{Level1Code: "1", Level1: "产出指标", Level2Code: "11", Level2: "数量指标",
			Name: "培训人数", Period: ParseTarget("≥20人"), Annual: ParseTarget("≥20人")}
	}
	items := ParseIndicatorCell(IndicatorCell(ins))
	if len(items) != n {
		t.Fatalf("%d items read, want %d", len(items), n)
	}
	last := items[n-1]
	if last.Problem != "" || last.Indicator.Name != "培训人数" {
		t.Errorf("item %d: %+v", n, last)
	}
	if got := numberedItem("123456、1-产出指标"); got != len("123456、") {
		t.Errorf("numberedItem of a six-digit number: %d", got)
	}
}
