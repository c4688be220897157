package sheet_test

import (
	"fmt"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/ingest"
	"jixiao/internal/sampletest"
	"jixiao/internal/sheet"
)

// unsplittableMD is a department's table whose first project has two
// indicators that do not follow the pattern: one lacks its period target,
// one its category codes.
const unsplittableMD = `## 项目支出绩效目标表（含转移支付项目）

部门名称：某区人社局

单位：万元

| 项目名称（资金使用单位） | 总计 | 财政拨款 | 财政专户拨款 | 其他资金 | 绩效目标 | 绩效指标 |
|---|---|---|---|---|---|---|
| 合计 | 12.50 | 12.50 | | | | |
| 某区就业中心 | 12.50 | 12.50 | | | | |
| 培训补贴 | 10.00 | 10.00 | | | 开展技能培训。 | 1、1-产出指标；11-数量指标；培训人次；年度指标值:≥500人次。2、产出；质量；合格率；实施周期指标值:≥90%；年度指标值:≥90%。3、3-满意度指标；31-服务对象满意度；满意度；实施周期指标值:≥90%；年度指标值:≥95%。 |
| 宣传经费 | 2.50 | 2.50 | | | 宣传政策。 | 1、2-效益指标；22-社会效益；政策知晓率；实施周期指标值:提高；年度指标值:提高。 |
`

// TestRoundTripUnsplittable: indicators a reader could not split come back
// from the xlsx and the official CSV exactly as the text reader read them
// (the fields it could read, the raw text, the finding), because every
// reader uses the one parser.
func TestRoundTripUnsplittable(t *testing.T) {
	doc, err := ingest.Parse("unsplittable.md", []byte(unsplittableMD))
	if err != nil {
		t.Fatal(err)
	}
	ins := doc.Projects[0].Indicators
	if len(ins) != 3 || ins[0].Raw == "" || ins[0].Name == "" || ins[0].Annual.Value != "500" || ins[1].Raw == "" || ins[1].Level1 != "产出" || ins[2].Raw != "" {
		t.Fatalf("markdown read %+v", ins)
	}
	want := indicatorsOf(doc)
	for _, via := range []struct {
		name string
		read func(string, []byte) (*jixiao.Document, error)
		data []byte
	}{
		{"back.xlsx", sheet.ReadXLSX, sampletest.XLSX(t, doc)},
		{"back.csv", sheet.ReadCSV, officialCSV(t, doc)},
	} {
		back, err := via.read(via.name, via.data)
		if err != nil {
			t.Fatalf("%s: %v", via.name, err)
		}
		sameDocument(t, doc, back)
		if got := indicatorsOf(back); got != want {
			t.Errorf("%s: indicators\n got %s\nwant %s", via.name, got, want)
		}
	}
}

// indicatorsOf lists every field of every indicator, raw ones included,
// and the parse.indicator findings.
func indicatorsOf(doc *jixiao.Document) string {
	var b strings.Builder
	for _, p := range doc.Projects {
		for _, in := range p.Indicators {
			fmt.Fprintf(&b, "%d/%d %q %q %q %q %q %+v %+v raw=%q\n", p.Seq, in.Seq, in.Level1Code, in.Level1, in.Level2Code, in.Level2, in.Name, in.Period, in.Annual, in.Raw)
		}
	}
	for _, f := range doc.Findings {
		if f.Rule == "parse.indicator" {
			fmt.Fprintf(&b, "%s %d/%d\n", f.Rule, f.ProjectSeq, f.IndicatorSeq)
		}
	}
	return b.String()
}
