package check

import (
	"math"
	"math/big"
	"regexp"
	"slices"
	"strings"

	"jixiao"
)

// Peers are the 标杆值 of a body of stored tables: for each group of
// comparable indicators (PeerKey), the spread of their annual targets and,
// for a project's one countable output, the money per unit of it. The
// peer rules (target.below-peers, amount.cost-outlier) judge a table
// against them and stay quiet for a group of fewer than MinCount projects.
type Peers struct {
	Targets  map[string]*PeerGroup // by PeerKey
	Costs    map[string]*PeerGroup // money per unit of output, by the output's PeerKey
	MinCount int
}

// DefaultMinPeers is the smallest group the peer rules judge against.
const DefaultMinPeers = 10

// PeerGroup is the spread of one group: its values (sorted), how many
// projects and departments they come from, and the quartiles.
type PeerGroup struct {
	Key         string
	Name        string // the group's name as a page shows it ("满意度")
	Unit        string
	Values      []*big.Rat
	Departments map[string]bool
}

// Quartile is the value at fraction q (0.25, 0.5, 0.75) of the sorted
// values, by nearest rank.
func (g *PeerGroup) Quartile(q float64) *big.Rat {
	n := len(g.Values)
	i := int(q*float64(n)+0.999999) - 1
	return g.Values[min(max(i, 0), n-1)]
}

// farBelow reports whether v is far below the group: under Tukey's low
// fence (Q1 − 1.5·IQR) and under LowShare of Q1, so that a group whose
// targets nearly all agree (IQR 0) does not call every lower one far.
func (g *PeerGroup) farBelow(v *big.Rat) bool {
	q1, q3 := g.Quartile(0.25), g.Quartile(0.75)
	iqr := new(big.Rat).Sub(q3, q1)
	fence := new(big.Rat).Sub(q1, new(big.Rat).Mul(iqr, big.NewRat(3, 2)))
	share := new(big.Rat).Mul(q1, big.NewRat(LowShare, 100))
	return v.Cmp(fence) < 0 && v.Cmp(share) < 0
}

// farAbove reports whether a cost is far above the group: Tukey's high
// fence taken on the logarithms (costs spread by factors, not by sums:
// Q3·(Q3/Q1)^1.5) and at least HighFactor times Q3.
func (g *PeerGroup) farAbove(v *big.Rat) bool {
	q1, q3 := g.Quartile(0.25), g.Quartile(0.75)
	f1, _ := q1.Float64()
	f3, _ := q3.Float64()
	fv, _ := v.Float64()
	if f1 <= 0 || f3 <= 0 {
		return false
	}
	return fv > f3*math.Pow(f3/f1, 1.5) && fv > f3*HighFactor
}

// How far is far, beyond Tukey's fences (configuration to come): a target
// under LowShare % of the group's Q1, a cost over HighFactor times its Q3.
const (
	LowShare   = 80
	HighFactor = 2
)

// satisfactionName is a 满意度 indicator named by whom it asks: 服务对象满意度,
// 群众满意率, 社会公众满意度 … all compare with each other.
var satisfactionName = regexp.MustCompile(`^(服务对象|群众|公众|社会公众|办事群众|学生|患者|企业|参训人员|服务群众)?满意(度|率)$`)

// numbers are what PeerKey takes out of a name ("培训1000人次" and
// "培训人次" compare), and unitNote a unit in brackets at its end
// ("培训人数（人）").
var (
	numbers  = regexp.MustCompile(`[0-9.]+\s*(万|千|百)?`)
	unitNote = regexp.MustCompile(`[（(][^（）()]{1,4}[）)]$`)
)

// PeerKey is the group an indicator's annual target is compared in: its
// name folded, numbers taken out and synonyms of 满意度 made one, with the
// target's unit. It says why, for a page that explains the grouping.
func PeerKey(name, unit string) (key, label string) {
	n := unitNote.ReplaceAllString(numbers.ReplaceAllString(normText(name), ""), "")
	n = strings.Trim(n, "（）()：:，,、 ")
	if satisfactionName.MatchString(n) {
		n = "满意度"
	}
	if n == "" {
		return "", ""
	}
	return n + "\x00" + foldUnitKey(unit), n
}

func foldUnitKey(u string) string { return jixiao.ParseTarget("1" + u).Unit }

// floor reports whether a target sets a minimum (≥, >, or a bare number,
// which tables write for a minimum) and so is compared with its peers'.
func floor(t jixiao.Target) bool {
	return t.Quantitative() && (t.Op == jixiao.GE || t.Op == jixiao.GT || t.Op == jixiao.EQ)
}

// BuildPeers gathers the peer groups of docs.
func BuildPeers(docs []*jixiao.Document) *Peers {
	ps := &Peers{Targets: map[string]*PeerGroup{}, Costs: map[string]*PeerGroup{}, MinCount: DefaultMinPeers}
	for _, d := range docs {
		for i := range d.Projects {
			ps.add(d, &d.Projects[i])
		}
	}
	for _, m := range []map[string]*PeerGroup{ps.Targets, ps.Costs} {
		for _, g := range m {
			slices.SortFunc(g.Values, func(a, b *big.Rat) int { return a.Cmp(b) })
		}
	}
	return ps
}

func (ps *Peers) add(d *jixiao.Document, p *jixiao.Project) {
	for _, in := range p.Indicators {
		if in.Raw != "" || !floor(in.Annual) {
			continue
		}
		if key, label := PeerKey(in.Name, in.Annual.Unit); key != "" {
			v, _ := in.Annual.Rat()
			ps.Targets[key] = addValue(ps.Targets[key], key, label, in.Annual.Unit, v, d.Agency)
		}
	}
	if out, ok := mainOutput(p); ok {
		key, label := PeerKey(out.Name, out.Annual.Unit)
		if cost, ok := costPerUnit(p, out); ok && key != "" {
			ps.Costs[key] = addValue(ps.Costs[key], key, label, out.Annual.Unit, cost, d.Agency)
		}
	}
}

func addValue(g *PeerGroup, key, label, unit string, v *big.Rat, dept string) *PeerGroup {
	if g == nil {
		g = &PeerGroup{Key: key, Name: label, Unit: unit, Departments: map[string]bool{}}
	}
	g.Values = append(g.Values, v)
	g.Departments[dept] = true
	return g
}

// countUnits are the units an output is counted in.
var countUnits = []string{"人", "人次", "次", "个", "场", "户", "家", "件", "项", "所", "名", "期", "套", "台"}

// mainOutput is a project's one countable output: its only quantitative
// 数量指标 counted in people, times or items (level-2 code 11 or named 数量).
func mainOutput(p *jixiao.Project) (*jixiao.Indicator, bool) {
	var found *jixiao.Indicator
	for i := range p.Indicators {
		in := &p.Indicators[i]
		if in.Raw != "" || !(in.Level2Code == "11" || strings.Contains(in.Level2, "数量")) || !floor(in.Annual) {
			continue
		}
		if !slices.Contains(countUnits, in.Annual.Unit) {
			continue
		}
		if found != nil {
			return nil, false
		}
		found = in
	}
	return found, found != nil
}

// costPerUnit is the project's total in 万元 (whatever unit its table
// prints) per unit of output.
func costPerUnit(p *jixiao.Project, out *jixiao.Indicator) (*big.Rat, bool) {
	n, ok := out.Annual.Rat()
	if !ok || n.Sign() <= 0 || p.Amounts.Total <= 0 {
		return nil, false
	}
	wan := new(big.Rat).SetFrac64(int64(p.Amounts.Total), jixiao.WanYuan.Fen())
	return new(big.Rat).Quo(wan, n), true
}

// checkBelowPeers: a minimum far below what peers ask (under Tukey's low
// fence of a group of MinCount or more) is set too low (适当性).
func checkBelowPeers(c *checker) {
	if c.peers == nil {
		return
	}
	c.eachIndicator(func(p *jixiao.Project, in *jixiao.Indicator) {
		key, _ := PeerKey(in.Name, in.Annual.Unit)
		g := c.peers.Targets[key]
		if !floor(in.Annual) || g == nil || len(g.Values) < c.peers.MinCount {
			return
		}
		if v, _ := in.Annual.Rat(); g.farBelow(v) {
			c.indicator(p, in, "%s%s的年度指标值“%s”远低于同类指标：%d 个项目（%d 个部门）的“%s”中位数 %s%s，四分位 %s–%s%s；请说明目标偏低的原因或提高目标。",
				projectLabel(p), indicatorLabel(in), in.Annual.Text, len(g.Values), len(g.Departments), g.Name,
				decimal(g.Quartile(0.5)), g.Unit, decimal(g.Quartile(0.25)), decimal(g.Quartile(0.75)), g.Unit)
		}
	})
}

// checkCostOutlier: money per unit of the project's one countable output
// far above what peers spend (over Tukey's high fence) asks whether the
// money is too much for the target (适当性).
func checkCostOutlier(c *checker) {
	if c.peers == nil {
		return
	}
	c.eachProject(func(p *jixiao.Project) {
		out, ok := mainOutput(p)
		if !ok {
			return
		}
		key, _ := PeerKey(out.Name, out.Annual.Unit)
		g := c.peers.Costs[key]
		cost, ok := costPerUnit(p, out)
		if !ok || g == nil || len(g.Values) < c.peers.MinCount || !g.farAbove(cost) {
			return
		}
		c.project(p, "%s每%s“%s”花费 %s 万元，远高于同类：%d 个项目（%d 个部门）中位数 %s 万元，四分位 %s–%s 万元；请说明单位成本偏高的原因。",
			projectLabel(p), out.Annual.Unit, out.Name, decimal(cost), len(g.Values), len(g.Departments),
			decimal(g.Quartile(0.5)), decimal(g.Quartile(0.25)), decimal(g.Quartile(0.75)))
	})
}

// decimal writes a value with at most four decimals, trailing zeros cut.
func decimal(r *big.Rat) string {
	s := r.FloatString(4)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}
