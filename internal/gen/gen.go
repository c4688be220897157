// Package gen makes realistic 项目支出绩效目标表 of any size for benchmarks
// and round-trip tests: a department with several funding units, projects
// named, funded and targeted with the vocabulary of the two published
// samples, rendered as markdown or as PDF-extracted text the way the samples
// are written. The same n and seed always give the same bytes.
//
//	data := gen.Bytes(10000, gen.Markdown, 1)   // a file to import
//	doc := gen.Generate(10000, 1)               // what reading it must give
//	data = gen.Render(doc, gen.PDFText)          // the same table, other layout
package gen

import (
	"fmt"
	"math/rand/v2"
	"sort"

	"jixiao"
)

// The layouts Render writes; the names match Document.Layout of the reader.
const (
	Markdown = "markdown"
	PDFText  = "pdf-text"
)

// Bytes returns a generated table of n projects in the given layout.
func Bytes(n int, layout string, seed int64) []byte {
	return Render(Generate(n, seed), layout)
}

// Generate builds a department's table of n projects spread over several
// units (about one per 8 projects, at most 40, the samples' unit names
// first). Amounts are exact and add up: every unit's subtotal and the 合计
// row are the sums of their projects.
func Generate(n int, seed int64) *jixiao.Document {
	rng := rand.New(rand.NewPCG(uint64(seed), 0x6a6978696130))
	doc := &jixiao.Document{
		Title:      "项目支出绩效目标表（含转移支付项目）",
		Agency:     "广州市荔湾区人力资源和社会保障局",
		AgencyKind: jixiao.AgencyDepartment,
		MoneyUnit:  jixiao.WanYuan,
		Year:       2024,
	}
	units := unitCount(n)
	per := splitCounts(rng, n, units)
	for u := 0; u < units; u++ {
		unit := jixiao.Unit{Name: unitName(u), HasStated: true}
		for i := 0; i < per[u]; i++ {
			p := project(rng, len(doc.Projects))
			p.Unit = unit.Name
			unit.Stated = unit.Stated.Add(p.Amounts)
			doc.Projects = append(doc.Projects, p)
		}
		doc.Units = append(doc.Units, unit)
	}
	doc.Stated, doc.HasStated = doc.Total(), true
	doc.Renumber()
	return doc
}

func unitCount(n int) int {
	u := n/8 + 1
	return max(1, min(u, n, 40))
}

// splitCounts spreads n projects over units, each unit at least one.
func splitCounts(rng *rand.Rand, n, units int) []int {
	per := make([]int, units)
	for i := range per {
		per[i] = 1
	}
	for i := units; i < n; i++ {
		per[rng.IntN(units)]++
	}
	return per
}

// unitName names the u-th unit: the samples' units first, then numbered
// ones, so that names stay unique.
func unitName(u int) string {
	if u < len(unitNames) {
		return unitNames[u]
	}
	return fmt.Sprintf("广州市荔湾区第%d事业服务中心", u-len(unitNames)+1)
}

// project makes the i-th project: a sample name (numbered once the names
// run out, as the same name may appear twice but not 10,000 times), money,
// a goal and two to seven indicators in category order.
func project(rng *rand.Rand, i int) jixiao.Project {
	name := projectNames[rng.IntN(len(projectNames))]
	if i >= len(projectNames) && rng.IntN(4) > 0 {
		name = fmt.Sprintf("%s（%d期）", name, i)
	}
	p := jixiao.Project{Name: name, Amounts: amounts(rng), Goal: goals[rng.IntN(len(goals))]}
	k := 2 + rng.IntN(6)
	picked := make([]int, k)
	for j := range picked {
		picked[j] = rng.IntN(len(indicatorTemplates))
	}
	sort.Slice(picked, func(a, b int) bool {
		return indicatorTemplates[picked[a]][2] < indicatorTemplates[picked[b]][2]
	})
	for _, t := range picked {
		tpl := indicatorTemplates[t]
		p.Indicators = append(p.Indicators, jixiao.Indicator{
			Level1Code: tpl[0], Level1: tpl[1], Level2Code: tpl[2], Level2: tpl[3], Name: tpl[4],
			Period: jixiao.ParseTarget(tpl[5]), Annual: jixiao.ParseTarget(tpl[6]),
		})
	}
	return p
}

// amounts are mostly 财政拨款 with two decimals, sometimes with 财政专户拨款 or
// 其他资金, and now and then with three to six decimals (tables in 万元
// print them).
func amounts(rng *rand.Rand) jixiao.Amounts {
	cent := jixiao.Money(10_000) // 0.01 万元 in 分
	a := jixiao.Amounts{Fiscal: jixiao.Money(rng.Int64N(500_000)+1) * cent}
	switch rng.IntN(10) {
	case 0:
		a.SpecialAccount = jixiao.Money(rng.Int64N(50_000)) * cent
	case 1:
		a.Other = jixiao.Money(rng.Int64N(20_000)) * cent
	case 2:
		a.Fiscal += jixiao.Money(rng.Int64N(10_000)) // up to six decimals
	}
	a.Total = a.Sum()
	return a
}
