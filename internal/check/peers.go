package check

import (
	"math"
	"math/big"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"jixiao"
)

// Peers are the 标杆值 of a body of stored tables: for each group of
// comparable indicators (PeerKey), the spread of their annual targets and,
// for a project's one countable output, the money per unit of it. The
// peer rules (target.below-peers, amount.cost-outlier) judge a table
// against them and stay quiet for a group of fewer than MinCount projects.
type Peers struct {
	Targets map[string]*PeerGroup // minimums (≥, >, =) by PeerKey
	// Ceilings are the maximums (≤, <) of the same keys: shown beside the
	// minimums on the 指标库 page, judged by no rule yet.
	Ceilings map[string]*PeerGroup
	Costs    map[string]*PeerGroup // money per unit of output, by the output's PeerKey
	MinCount int
	// Grouping is the admin's corrections of PeerKey that built the groups;
	// the rules key a table's indicators by it too.
	Grouping Grouping
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
	Members     []PeerMember   // one per value, in the same order
	Departments map[string]int // values per department
	Names       map[string]int // the folded indicator names grouped here, values per name
	Projects    int            // distinct projects
}

// PeerMember is one value of a group and where it comes from, for the
// projects at a group's tails.
type PeerMember struct {
	Value      *big.Rat
	Text       string // the target as the table prints it
	Name       string // the indicator's name (the output's, for a cost)
	ProjectID  int64
	DocumentID int64
	Project    string
	Department string
}

// Quartile is the value at fraction q (0.25, 0.5, 0.75) of the sorted
// values, by nearest rank.
func (g *PeerGroup) Quartile(q float64) *big.Rat {
	n := len(g.Values)
	i := int(q*float64(n)+0.999999) - 1
	return g.Values[min(max(i, 0), n-1)]
}

// FarBelow is farBelow for the pages, which mark the projects the rule
// finds.
func (g *PeerGroup) FarBelow(v *big.Rat) bool { return g.farBelow(v) }

// FarAbove is farAbove for the pages.
func (g *PeerGroup) FarAbove(v *big.Rat) bool { return g.farAbove(v) }

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
func PeerKey(name, unit string) (key, label string) { return Grouping(nil).Key(name, unit) }

// PeerName is an indicator's name as groups compare it, before synonyms:
// folded, numbers and a unit in brackets taken out ("培训1000人次（人次）"
// → "培训人次"). An admin's Grouping is keyed by it.
func PeerName(name string) string {
	n := unitNote.ReplaceAllString(numbers.ReplaceAllString(normText(name), ""), "")
	n = strings.Trim(n, "（）()：:，,、 ")
	if strings.IndexFunc(n, unicode.IsLetter) < 0 {
		return "" // a unit or a sign without a name ("100%")
	}
	return n
}

// Grouping is an admin's correction of the groups, by PeerName: a name
// merged into another group (培训人数 → 职业技能培训人数) or split out of
// the group its synonyms put it in (群众满意率 → 群众满意率).
type Grouping map[string]string

// Key is PeerKey with gr's corrections: a corrected name goes to its group
// as the admin said, without synonyms.
func (gr Grouping) Key(name, unit string) (key, label string) {
	n := PeerName(name)
	if into, ok := gr[n]; ok {
		n = into
	} else if satisfactionName.MatchString(n) {
		n = "满意度"
	}
	if n == "" {
		return "", ""
	}
	return GroupKey(n, foldUnitKey(unit)), n
}

// GroupKey is the key of the group named name whose unit, as SplitKey
// gives it back, is unit.
func GroupKey(name, unit string) string { return name + "\x00" + unit }

// SplitKey is the group's name and unit of a key.
func SplitKey(key string) (name, unit string) {
	name, unit, _ = strings.Cut(key, "\x00")
	return name, unit
}

// Why says why a name is in its group, for the page that explains it.
func (gr Grouping) Why(name string) string {
	n := PeerName(name)
	switch into, ok := gr[n]; {
	case ok && into == n:
		return "管理员单列"
	case ok:
		return "管理员并入“" + into + "”"
	case satisfactionName.MatchString(n) && n != "满意度":
		return "满意度同义词"
	}
	return "名称相同（去掉数字与单位）"
}

func foldUnitKey(u string) string { return jixiao.ParseTarget("1" + u).Unit }

// floor reports whether a target sets a minimum (≥, >, or a bare number,
// which tables write for a minimum) and so is compared with its peers'.
func floor(t jixiao.Target) bool {
	return t.Quantitative() && (t.Op == jixiao.GE || t.Op == jixiao.GT || t.Op == jixiao.EQ)
}

// BuildPeers gathers the peer groups of docs.
func BuildPeers(docs []*jixiao.Document) *Peers {
	b := NewPeerBuilder(nil)
	for _, d := range docs {
		for i := range d.Projects {
			b.Add(d.Agency, &d.Projects[i])
		}
	}
	return b.Peers()
}

// PeerBuilder gathers peer groups one project at a time, so that a store
// can stream its projects instead of loading every document.
type PeerBuilder struct {
	ps   *Peers
	seen map[*PeerGroup]bool // the groups the current project is counted in
	// keys remembers each (name, unit)'s group: a store repeats a few
	// thousand names over a million indicators, and folding one takes
	// regular expressions.
	keys map[[2]string]peerKey
}

type peerKey struct{ key, label, name string } // name: PeerName

// key is Grouping.Key of (name, unit), remembered.
func (b *PeerBuilder) key(name, unit string) peerKey {
	k, ok := b.keys[[2]string{name, unit}]
	if !ok {
		k.key, k.label = b.ps.Grouping.Key(name, unit)
		k.name = PeerName(name)
		b.keys[[2]string{name, unit}] = k
	}
	return k
}

// NewPeerBuilder starts empty groups keyed with gr's corrections.
func NewPeerBuilder(gr Grouping) *PeerBuilder {
	return &PeerBuilder{ps: &Peers{Targets: map[string]*PeerGroup{}, Ceilings: map[string]*PeerGroup{},
		Costs: map[string]*PeerGroup{}, MinCount: DefaultMinPeers, Grouping: gr}, seen: map[*PeerGroup]bool{},
		keys: map[[2]string]peerKey{}}
}

// Peers sorts the groups' values and returns them; the builder is done.
func (b *PeerBuilder) Peers() *Peers {
	for _, m := range []map[string]*PeerGroup{b.ps.Targets, b.ps.Ceilings, b.ps.Costs} {
		for _, g := range m {
			slices.SortStableFunc(g.Members, func(x, y PeerMember) int { return x.Value.Cmp(y.Value) })
			for i := range g.Members {
				g.Values[i] = g.Members[i].Value
			}
		}
	}
	return b.ps
}

// Add counts project p of department dept.
func (b *PeerBuilder) Add(dept string, p *jixiao.Project) {
	clear(b.seen)
	m := PeerMember{ProjectID: p.ID, DocumentID: p.DocumentID, Project: p.Name, Department: dept}
	for _, in := range p.Indicators {
		if in.Raw != "" || !in.Annual.Quantitative() {
			continue
		}
		groups := b.ps.Ceilings
		if floor(in.Annual) {
			groups = b.ps.Targets
		}
		if k := b.key(in.Name, in.Annual.Unit); k.key != "" {
			m.Value, _ = in.Annual.Rat()
			m.Text, m.Name = in.Annual.Text, in.Name
			b.addValue(groups, k, in.Annual.Unit, m)
		}
	}
	if out, ok := mainOutput(p); ok {
		k := b.key(out.Name, out.Annual.Unit)
		if cost, ok := costPerUnit(p, out); ok && k.key != "" {
			m.Value, m.Name = cost, out.Name
			m.Text = decimal(cost) + " 万元/" + out.Annual.Unit
			b.addValue(b.ps.Costs, k, out.Annual.Unit, m)
		}
	}
}

func (b *PeerBuilder) addValue(groups map[string]*PeerGroup, k peerKey, unit string, m PeerMember) {
	g := groups[k.key]
	if g == nil {
		g = &PeerGroup{Key: k.key, Name: k.label, Unit: unit, Departments: map[string]int{}, Names: map[string]int{}}
		groups[k.key] = g
	}
	g.Values = append(g.Values, m.Value)
	g.Members = append(g.Members, m)
	g.Departments[m.Department]++
	g.Names[k.name]++
	if !b.seen[g] {
		b.seen[g] = true
		g.Projects++
	}
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
		key, _ := c.peers.Grouping.Key(in.Name, in.Annual.Unit)
		g := c.peers.Targets[key]
		if !floor(in.Annual) || g == nil || g.Projects < c.peers.MinCount {
			return
		}
		if v, _ := in.Annual.Rat(); g.farBelow(v) {
			c.indicator(p, in, "%s%s的年度指标值“%s”远低于同类指标：%d 个项目（%d 个部门）的“%s”中位数 %s%s，四分位 %s–%s%s；请说明目标偏低的原因或提高目标。",
				projectLabel(p), indicatorLabel(in), in.Annual.Text, g.Projects, len(g.Departments), g.Name,
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
		key, _ := c.peers.Grouping.Key(out.Name, out.Annual.Unit)
		g := c.peers.Costs[key]
		cost, ok := costPerUnit(p, out)
		if !ok || g == nil || g.Projects < c.peers.MinCount || !g.farAbove(cost) {
			return
		}
		c.project(p, "%s每%s“%s”花费 %s 万元，远高于同类：%d 个项目（%d 个部门）中位数 %s 万元，四分位 %s–%s 万元；请说明单位成本偏高的原因。",
			projectLabel(p), out.Annual.Unit, out.Name, decimal(cost), g.Projects, len(g.Departments),
			decimal(g.Quartile(0.5)), decimal(g.Quartile(0.25)), decimal(g.Quartile(0.75)))
	})
}

// Decimal is decimal for the pages.
func Decimal(r *big.Rat) string { return decimal(r) }

// decimal writes a value with at most four decimals, trailing zeros cut.
func decimal(r *big.Rat) string {
	s := r.FloatString(4)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}
