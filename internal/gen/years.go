package gen

import (
	"fmt"
	"math/rand/v2"

	"jixiao"
)

// Series is a district department's tables over consecutive budget years
// (oldest first), the self-evaluation actuals of each year by project and
// indicator seq, and the cases planted in the last year for the
// year-on-year rules and the matching of projects across years.
type Series struct {
	Docs    []*jixiao.Document
	Actuals []map[int]map[int]string
	Planted Planted
}

// Planted says where the last year's table was made to differ from the
// years before, by project seq of that table.
type Planted struct {
	BelowLastActual []Place // a ≥ target that last year's actual exceeds by half
	Stale           []Place // the targets of a project whose money grew 20 % in two years
	CostUp          []int   // money up 40 % on last year, the same outputs
	Renamed         []int   // a continued project under a changed name (an uncertain link)
	New             []int   // projects that did not exist the year before
}

// Place is an indicator of a project, by seq; Indicator 0 is the project.
type Place struct{ Project, Indicator int }

// Years builds a series of years tables of n projects from firstYear on.
// From one year to the next every project goes on under the same name,
// with the same targets, its money moved by −3 % to +4 % and last year's
// actuals equal to its targets; so that only what Planted lists differs,
// the last year plants one case of each kind and one new project.
func Years(n, firstYear, years int, seed int64) *Series {
	rng := rand.New(rand.NewPCG(uint64(seed), 0x796561727321))
	first := Generate(n, seed)
	first.Year = firstYear
	s := &Series{Docs: []*jixiao.Document{first}, Actuals: []map[int]map[int]string{actualsOf(first)}}
	for y := 1; y < years; y++ {
		next := nextYear(rng, s.Docs[y-1])
		s.Docs = append(s.Docs, next)
		s.Actuals = append(s.Actuals, actualsOf(next))
	}
	if years >= 3 {
		s.plant(rng)
	}
	return s
}

// nextYear copies doc into the following year, every project continued.
func nextYear(rng *rand.Rand, doc *jixiao.Document) *jixiao.Document {
	next := *doc
	next.Year++
	next.Projects = make([]jixiao.Project, len(doc.Projects))
	for i, p := range doc.Projects {
		p.Indicators = append([]jixiao.Indicator(nil), p.Indicators...)
		p.Amounts = scaled(p.Amounts, 97+rng.IntN(8))
		next.Projects[i] = p
	}
	restate(&next)
	return &next
}

// plant changes the last year: see Planted. The projects chosen are
// distinct and each has a quantitative ≥ target first among its
// 数量指标 where the case needs one.
func (s *Series) plant(rng *rand.Rand) {
	last, prevActuals := s.Docs[len(s.Docs)-1], s.Actuals[len(s.Actuals)-2]
	two := s.Docs[len(s.Docs)-3]
	picks := rng.Perm(len(last.Projects))
	pick := func(ok func(p *jixiao.Project) bool) int {
		for k, i := range picks {
			if i >= 0 && ok(&last.Projects[i]) {
				picks[k] = -1
				return i
			}
		}
		panic("gen: no project to plant a case in")
	}
	b := pick(func(p *jixiao.Project) bool { return firstAtLeast(p) > 0 })
	in := &last.Projects[b].Indicators[firstAtLeast(&last.Projects[b])-1]
	v, _ := in.Annual.Rat()
	over, _ := v.Float64()
	prevActuals[last.Projects[b].Seq][in.Seq] = fmt.Sprintf("%d", int64(over*1.5)+1)
	s.Planted.BelowLastActual = append(s.Planted.BelowLastActual, Place{last.Projects[b].Seq, in.Seq})

	st := pick(func(p *jixiao.Project) bool { return quantitative(p) > 0 })
	last.Projects[st].Amounts = scaled(two.Projects[st].Amounts, 120)
	for _, in := range last.Projects[st].Indicators {
		if in.Annual.Quantitative() {
			s.Planted.Stale = append(s.Planted.Stale, Place{last.Projects[st].Seq, in.Seq})
		}
	}

	c := pick(func(p *jixiao.Project) bool { return quantityTargets(p) > 0 })
	prev := s.Docs[len(s.Docs)-2]
	last.Projects[c].Amounts = scaled(prev.Projects[c].Amounts, 140)
	s.Planted.CostUp = append(s.Planted.CostUp, last.Projects[c].Seq)
	if last.Projects[c].Amounts.Total*100 >= two.Projects[c].Amounts.Total*110 {
		for _, in := range last.Projects[c].Indicators { // 40 % on last year is ≥ 10 % on two years before
			if in.Annual.Quantitative() {
				s.Planted.Stale = append(s.Planted.Stale, Place{last.Projects[c].Seq, in.Seq})
			}
		}
	}

	r := pick(func(p *jixiao.Project) bool { return len(p.Indicators) >= 2 })
	last.Projects[r].Name += "（提质增效）"
	s.Planted.Renamed = append(s.Planted.Renamed, last.Projects[r].Seq)

	p := project(rng, len(last.Projects))
	p.Name, p.Unit = "新建公共实训基地设备购置", last.Projects[0].Unit
	last.Projects = append(last.Projects, p)
	last.Renumber()
	s.Planted.New = append(s.Planted.New, len(last.Projects))
	restate(last)
	s.Actuals[len(s.Actuals)-1] = actualsOf(last)
}

// firstAtLeast is the seq of the project's first quantitative ≥ target, 0
// for none.
func firstAtLeast(p *jixiao.Project) int {
	for _, in := range p.Indicators {
		if in.Annual.Quantitative() && in.Annual.Op == jixiao.GE {
			return in.Seq
		}
	}
	return 0
}

func quantitative(p *jixiao.Project) int {
	n := 0
	for _, in := range p.Indicators {
		if in.Annual.Quantitative() {
			n++
		}
	}
	return n
}

// quantityTargets counts the quantitative 数量指标 (level-2 code 11).
func quantityTargets(p *jixiao.Project) int {
	n := 0
	for _, in := range p.Indicators {
		if in.Level2Code == "11" && in.Annual.Quantitative() {
			n++
		}
	}
	return n
}

// actualsOf is a year's self-evaluation with every actual at its target.
func actualsOf(doc *jixiao.Document) map[int]map[int]string {
	out := map[int]map[int]string{}
	for _, p := range doc.Projects {
		out[p.Seq] = map[int]string{}
		for _, in := range p.Indicators {
			if in.Annual.Quantitative() {
				out[p.Seq][in.Seq] = in.Annual.Value
			}
		}
	}
	return out
}

// scaled is a by percent, kept to whole 0.01 万元 and in 财政拨款.
func scaled(a jixiao.Amounts, percent int) jixiao.Amounts {
	cent := jixiao.Money(10_000)
	total := a.Total * jixiao.Money(percent) / 100 / cent * cent
	return jixiao.Amounts{Total: total, Fiscal: total}
}

// restate makes the units' subtotals and the 合计 the sums again.
func restate(doc *jixiao.Document) {
	units := map[string]jixiao.Amounts{}
	for _, p := range doc.Projects {
		units[p.Unit] = units[p.Unit].Add(p.Amounts)
	}
	doc.Units = append([]jixiao.Unit(nil), doc.Units...)
	for i := range doc.Units {
		doc.Units[i].Stated = units[doc.Units[i].Name]
	}
	doc.Stated = doc.Total()
}
