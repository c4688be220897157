package eval

import "jixiao"

// lookup finds a round's recorded actuals by project and indicator seq in
// constant time; jixiao.Actuals' own lookups scan, which would make scoring
// a large document quadratic.
type lookup struct {
	projects   map[int]jixiao.ProjectActual
	indicators map[[2]int]jixiao.IndicatorActual
}

func newLookup(a *jixiao.Actuals) *lookup {
	l := &lookup{projects: make(map[int]jixiao.ProjectActual, len(a.Projects)),
		indicators: make(map[[2]int]jixiao.IndicatorActual, len(a.Indicators))}
	for _, p := range a.Projects {
		l.projects[p.ProjectSeq] = p
	}
	for _, ia := range a.Indicators {
		l.indicators[[2]int{ia.ProjectSeq, ia.Seq}] = ia
	}
	return l
}

func (l *lookup) project(seq int) (jixiao.ProjectActual, bool) {
	p, ok := l.projects[seq]
	return p, ok
}

func (l *lookup) indicator(projectSeq, seq int) (jixiao.IndicatorActual, bool) {
	ia, ok := l.indicators[[2]int{projectSeq, seq}]
	return ia, ok
}
