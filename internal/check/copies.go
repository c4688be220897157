package check

import (
	"sort"
	"strings"

	"jixiao"
)

// The copy rules compare indicators by signature: category, name and both
// targets, as written but folded. Two indicators with the same signature say
// the same thing about whatever project they sit in.

func (c *checker) signature(in *jixiao.Indicator) string {
	l2 := strings.TrimSpace(jixiao.FoldWidth(in.Level2Code))
	if l2 == "" {
		l2 = jixiao.NameKey(in.Level2)
	}
	return l2 + "\x1f" + indicatorKey(in.Name) + "\x1f" + normText(in.Period.Text) + "\x1f" + normText(in.Annual.Text)
}

// sharedFacts are computed once per document and used by several rules.
type sharedFacts struct {
	sigs      [][]string // per project: its indicators' distinct signatures, sorted
	duplicate []int      // per project: index of the earlier project it duplicates, or -1
}

func (c *checker) facts() *sharedFacts {
	if c.shared != nil {
		return c.shared
	}
	projects := c.doc.Projects
	f := &sharedFacts{sigs: make([][]string, len(projects)), duplicate: make([]int, len(projects))}
	first := map[string]int{}
	for i := range projects {
		p := &projects[i]
		f.duplicate[i] = -1
		if p.Raw != "" || anyRaw(p) {
			continue
		}
		f.sigs[i] = c.distinctSignatures(p)
		key := p.Unit + "\x1e" + indicatorKey(p.Name) + "\x1e" + amountsKey(p.Amounts) + "\x1e" + strings.Join(f.sigs[i], "\x1e")
		if j, ok := first[key]; ok {
			f.duplicate[i] = j
		} else {
			first[key] = i
		}
	}
	c.shared = f
	return f
}

func (c *checker) distinctSignatures(p *jixiao.Project) []string {
	out := make([]string, 0, len(p.Indicators))
	for i := range p.Indicators {
		out = append(out, c.signature(&p.Indicators[i]))
	}
	sort.Strings(out)
	return compactStrings(out)
}

func compactStrings(s []string) []string {
	if len(s) == 0 {
		return s
	}
	out := s[:1]
	for _, x := range s[1:] {
		if x != out[len(out)-1] {
			out = append(out, x)
		}
	}
	return out
}

func amountsKey(a jixiao.Amounts) string {
	return a.Total.Format(jixiao.Yuan) + "/" + a.Fiscal.Format(jixiao.Yuan) + "/" + a.SpecialAccount.Format(jixiao.Yuan) + "/" + a.Other.Format(jixiao.Yuan)
}

func checkProjectDuplicate(c *checker) {
	f := c.facts()
	for i, j := range f.duplicate {
		if j < 0 {
			continue
		}
		p, q := &c.doc.Projects[i], &c.doc.Projects[j]
		c.project(p, "%s与%s名称、金额和绩效指标完全相同，疑为重复填报，请删除其一或写明两者的区别。",
			projectLabel(p), projectLabel(q))
	}
}

// Minimum list sizes for indicator.copied: a whole list equal to another
// project's, or a list contained in a longer one. Below these a coincidence
// (one generic indicator) is too likely.
const (
	minCopiedEqual  = 2
	minCopiedSubset = 3
)

func checkCopied(c *checker) {
	f := c.facts()
	postings := map[string][]int{}
	for i, sigs := range f.sigs {
		for _, s := range sigs {
			postings[s] = append(postings[s], i)
		}
	}
	for i, sigs := range f.sigs {
		if f.duplicate[i] >= 0 || len(sigs) < minCopiedEqual {
			continue
		}
		if j, equal := c.copiedFrom(i, postings); j >= 0 {
			p, q := &c.doc.Projects[i], &c.doc.Projects[j]
			how := "与%s的指标清单完全相同"
			if !equal {
				how = "的指标全部照搬自%s"
			}
			c.project(p, "%s"+how+"（%d个指标，名称和目标值一字不差），请按本项目的实际产出和效益重新设置指标。",
				projectLabel(p), projectLabel(q), len(sigs))
		}
	}
}

// copiedFrom finds the project that project i's indicators were copied
// from: the first earlier project with the same list, else the first
// project whose longer list contains all of i's. It returns -1 when none.
func (c *checker) copiedFrom(i int, postings map[string][]int) (j int, equal bool) {
	f := c.facts()
	sigs := f.sigs[i]
	rarest := postings[sigs[0]]
	for _, s := range sigs[1:] {
		if len(postings[s]) < len(rarest) {
			rarest = postings[s]
		}
	}
	for _, q := range rarest {
		if q == i {
			continue
		}
		other := f.sigs[q]
		switch {
		case len(other) == len(sigs) && q < i && containsAll(other, sigs):
			return q, true
		case len(other) > len(sigs) && len(sigs) >= minCopiedSubset && containsAll(other, sigs):
			return q, false
		}
	}
	return -1, false
}

// containsAll reports whether the sorted list big holds every element of
// the sorted list small.
func containsAll(big, small []string) bool {
	k := 0
	for _, s := range small {
		for k < len(big) && big[k] < s {
			k++
		}
		if k == len(big) || big[k] != s {
			return false
		}
		k++
	}
	return true
}
