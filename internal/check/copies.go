package check

import (
	"slices"
	"strconv"
	"strings"

	"jixiao"
)

// The copy rules compare indicators by signature: category, name and both
// targets, as written but folded. Two indicators with the same signature say
// the same thing about whatever project they sit in.

func (c *checker) signature(in *jixiao.Indicator, ts *[2]target) string {
	l2 := strings.TrimSpace(fold(in.Level2Code))
	if l2 == "" {
		l2 = nameKey(in.Level2)
	}
	return l2 + "\x1f" + indicatorKey(in.Name) + "\x1f" + ts[0].norm + "\x1f" + ts[1].norm
}

// sharedFacts are computed once per document and used by several rules.
type sharedFacts struct {
	// lists holds, per project, its indicators' distinct signatures as
	// interned ids, sorted; nil for a project a reader could not read.
	lists     [][]int32
	duplicate []int // per project: index of the earlier project it duplicates, or -1
}

func (c *checker) facts() *sharedFacts {
	if c.shared != nil {
		return c.shared
	}
	projects := c.doc.Projects
	f := &sharedFacts{lists: make([][]int32, len(projects)), duplicate: make([]int, len(projects))}
	ids := map[string]int32{}
	first := map[string]int{}
	var key strings.Builder
	views := c.allViews()
	k := 0 // index of the project's first indicator in views
	for i := range projects {
		p := &projects[i]
		f.duplicate[i] = -1
		k += len(p.Indicators)
		if p.Raw != "" || anyRaw(p) {
			continue
		}
		f.lists[i] = c.signatureIDs(p, views[k-len(p.Indicators):k], ids)
		key.Reset()
		key.WriteString(p.Unit + "\x1e" + indicatorKey(p.Name) + "\x1e" + amountsKey(p.Amounts))
		for _, id := range f.lists[i] {
			key.WriteString("\x1e" + strconv.Itoa(int(id)))
		}
		if j, ok := first[key.String()]; ok {
			f.duplicate[i] = j
		} else {
			first[key.String()] = i
		}
	}
	c.shared = f
	return f
}

// signatureIDs interns the signatures of a project's indicators and returns
// the distinct ids, sorted.
func (c *checker) signatureIDs(p *jixiao.Project, views [][2]target, ids map[string]int32) []int32 {
	out := make([]int32, 0, len(p.Indicators))
	for i := range p.Indicators {
		sig := c.signature(&p.Indicators[i], &views[i])
		id, ok := ids[sig]
		if !ok {
			id = int32(len(ids))
			ids[sig] = id
		}
		out = append(out, id)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func amountsKey(a jixiao.Amounts) string {
	var b []byte
	for _, m := range columns(a) {
		b = strconv.AppendInt(b, int64(m), 10)
		b = append(b, '/')
	}
	return string(b)
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
	postings := map[int32][]int{}
	for i, sigs := range f.lists {
		for _, s := range sigs {
			postings[s] = append(postings[s], i)
		}
	}
	for i, sigs := range f.lists {
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
func (c *checker) copiedFrom(i int, postings map[int32][]int) (j int, equal bool) {
	f := c.facts()
	sigs := f.lists[i]
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
		other := f.lists[q]
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
func containsAll(big, small []int32) bool {
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
