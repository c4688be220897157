package eval

import (
	"math/big"
	"strconv"
	"testing"
	"time"

	"jixiao"
	"jixiao/internal/gen"
)

// benchActuals records every project and indicator of doc: 90 % executed,
// each quantitative target reached at 95 %, qualitative ones 部分达成.
func benchActuals(doc *jixiao.Document) *jixiao.Actuals {
	a := &jixiao.Actuals{Round: jixiao.Round{Name: "2024年1-7月", Kind: jixiao.RoundMonitoring,
		CutOff: time.Date(2024, 7, 31, 0, 0, 0, 0, time.UTC)}}
	for _, p := range doc.Projects {
		a.Projects = append(a.Projects, jixiao.ProjectActual{ProjectSeq: p.Seq, Executed: p.Amounts.Total / 10 * 9, HasExecuted: true})
		for _, ind := range p.Indicators {
			ia := jixiao.IndicatorActual{ProjectSeq: p.Seq, Seq: ind.Seq}
			if v, ok := ind.Annual.Rat(); ok {
				ia.Value = canonical(v.Mul(v, ratOf("0.95")))
			} else {
				ia.Grade = jixiao.PartlyAchieved
			}
			a.Indicators = append(a.Indicators, ia)
		}
	}
	return a
}

func ratOf(s string) *big.Rat { r, _ := new(big.Rat).SetString(s); return r }

func BenchmarkScore(b *testing.B) {
	for _, n := range []int{100, 10000} {
		doc := gen.Generate(n, 1)
		a := benchActuals(doc)
		b.Run(strconv.Itoa(n)+"-projects", func(b *testing.B) {
			for b.Loop() {
				if _, err := Score(Default(), doc, a); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(strconv.Itoa(n)+"-projects-lights", func(b *testing.B) {
			for b.Loop() {
				Lights(Default(), doc, a)
			}
		})
	}
}
