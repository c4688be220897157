// Package history follows a project across budget years: it proposes which
// project of an earlier year's table a project of a later one continues
// (jixiao.ProjectLink), from the unit, the name with the year taken out,
// and the indicators. It is pure: the stores keep the links, a reviewer
// confirms the uncertain ones, and the year-on-year review rules
// (check.RunWith) read the linked projects.
package history

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"jixiao"
)

// MinSimilarity is the lowest similarity at which a link is proposed at
// all; below it two projects are taken to be different.
const MinSimilarity = 0.6

// Match proposes, for each project of cur, the project of prev (an
// earlier year's table) it continues, if any: first the projects whose
// unit and name agree once the year is taken out (certain; of several
// of one name, the one whose indicators agree most), then, among
// the rest of the same unit, the most similar pair above MinSimilarity
// (to be confirmed). Each project of prev is linked at most once.
func Match(prev, cur *jixiao.Document) []jixiao.ProjectLink {
	used := map[int]bool{}
	var links []jixiao.ProjectLink
	byKey := map[string][]int{} // unit + name key → indexes in prev
	for i, p := range prev.Projects {
		k := p.Unit + "\x00" + NameKey(p.Name)
		byKey[k] = append(byKey[k], i)
	}
	var open []int // indexes in cur without a certain link
	for j, p := range cur.Projects {
		k := p.Unit + "\x00" + NameKey(p.Name)
		i := bestUnused(prev, &cur.Projects[j], byKey[k], used)
		if i < 0 {
			open = append(open, j)
			continue
		}
		used[i] = true
		links = append(links, link(prev, cur, i, j, 1, true, "单位相同，项目名称（去掉年度后）相同"))
	}
	return append(links, similarLinks(prev, cur, open, used)...)
}

// similarLinks pairs the open projects of cur with unused ones of prev of
// the same unit, best pairs first.
func similarLinks(prev, cur *jixiao.Document, open []int, used map[int]bool) []jixiao.ProjectLink {
	type pair struct {
		i, j      int
		name, ind float64
		score     float64
	}
	var pairs []pair
	for _, j := range open {
		cp := &cur.Projects[j]
		for i := range prev.Projects {
			pp := &prev.Projects[i]
			if used[i] || pp.Unit != cp.Unit {
				continue
			}
			name, ind := nameSimilarity(pp.Name, cp.Name), indicatorOverlap(pp, cp)
			if s := 0.6*name + 0.4*ind; s >= MinSimilarity {
				pairs = append(pairs, pair{i, j, name, ind, s})
			}
		}
	}
	slices.SortStableFunc(pairs, func(a, b pair) int {
		switch {
		case a.score > b.score:
			return -1
		case a.score < b.score:
			return 1
		}
		return 0
	})
	taken := map[int]bool{}
	var out []jixiao.ProjectLink
	for _, p := range pairs {
		if used[p.i] || taken[p.j] {
			continue
		}
		used[p.i], taken[p.j] = true, true
		basis := fmt.Sprintf("单位相同，名称相似度 %.0f%%，指标名称重合 %.0f%%：请审核人确认", p.name*100, p.ind*100)
		out = append(out, link(prev, cur, p.i, p.j, p.score, false, basis))
	}
	slices.SortFunc(out, func(a, b jixiao.ProjectLink) int { return a.Seq - b.Seq })
	return out
}

func link(prev, cur *jixiao.Document, i, j int, sim float64, certain bool, basis string) jixiao.ProjectLink {
	return jixiao.ProjectLink{PrevDocumentID: prev.ID, PrevSeq: prev.Projects[i].Seq, PrevYear: prev.Year,
		DocumentID: cur.ID, Seq: cur.Projects[j].Seq, Year: cur.Year, Basis: basis, Certain: certain, Similarity: sim}
}

// bestUnused picks, among the unused projects list of prev that share
// p's unit and name (a table may repeat a name), the one whose indicators
// overlap p's most, the nearest in place on a tie; -1 when all are used.
func bestUnused(prev *jixiao.Document, p *jixiao.Project, list []int, used map[int]bool) int {
	best, bestOverlap, bestDist := -1, -1.0, 0
	for _, i := range list {
		if used[i] {
			continue
		}
		o, d := indicatorOverlap(&prev.Projects[i], p), abs(prev.Projects[i].Seq-p.Seq)
		if o > bestOverlap || o == bestOverlap && d < bestDist {
			best, bestOverlap, bestDist = i, o, d
		}
	}
	return best
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// yearToken is a budget year as names carry it: 2024年, 2024年度, （2024）,
// 2024-2026年.
var yearToken = regexp.MustCompile(`(19|20)\d\d(\s*[-—~至]\s*(19|20)?\d\d)?\s*(年度|年)?`)

// NameKey is a project name as the match compares it: widths folded, the
// years and every space and punctuation mark taken out ("2024年度社区
// 养老服务（运营）补贴" and "2025年社区养老服务运营补贴" agree).
func NameKey(name string) string {
	s := yearToken.ReplaceAllString(jixiao.FoldWidth(name), "")
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) {
			return -1
		}
		return r
	}, s)
}

// nameSimilarity is the Dice coefficient of the two name keys' character
// bigrams: 1 for the same key, 0 for nothing in common.
func nameSimilarity(a, b string) float64 {
	ga, gb := bigrams(NameKey(a)), bigrams(NameKey(b))
	if len(ga) == 0 || len(gb) == 0 {
		return 0
	}
	common := 0
	for g, n := range ga {
		common += min(n, gb[g])
	}
	return 2 * float64(common) / float64(total(ga)+total(gb))
}

func bigrams(s string) map[string]int {
	r := []rune(s)
	m := map[string]int{}
	if len(r) == 1 {
		m[s]++
	}
	for i := 0; i+1 < len(r); i++ {
		m[string(r[i:i+2])]++
	}
	return m
}

func total(m map[string]int) int {
	n := 0
	for _, c := range m {
		n += c
	}
	return n
}

// indicatorOverlap is the share of indicator names the two projects have
// in common (of the larger set); 0 when either has none.
func indicatorOverlap(a, b *jixiao.Project) float64 {
	na, nb := indicatorNames(a), indicatorNames(b)
	if len(na) == 0 || len(nb) == 0 {
		return 0
	}
	common := 0
	for k := range na {
		if nb[k] {
			common++
		}
	}
	return float64(common) / float64(max(len(na), len(nb)))
}

func indicatorNames(p *jixiao.Project) map[string]bool {
	m := map[string]bool{}
	for _, in := range p.Indicators {
		if k := NameKey(in.Name); k != "" {
			m[k] = true
		}
	}
	return m
}
