package service

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"jixiao"
	"jixiao/internal/check"
)

// PeerStore is what the peer groups (标杆值) read and an admin's
// corrections write; the SQL stores (sqldb.Store) have it.
type PeerStore interface {
	PeerProjects(ctx context.Context, fn func(dept string, p *jixiao.Project) error) error
	PeerGroupings(ctx context.Context) (map[string]string, error)
	SetPeerGrouping(ctx context.Context, name, into string, e jixiao.AuditEntry) error
}

// Peers are the peer groups of the stored tables, for the 指标库 pages and
// the peer rules (target.below-peers, amount.cost-outlier). They are built
// from the published tables only, never from drafts: every visitor and
// every check then sees the same groups, and a draft's targets, still
// under review, do not become a benchmark for the draft itself. A build
// streams the projects (PeerStore.PeerProjects) and is kept until the
// data generation moves; a large store's (largeBuild) keeps serving while
// the next build runs in the background.
type Peers struct {
	st Store
	ps PeerStore // nil: a store without peers; the groups are empty
	// MinCount is the smallest group the rules judge against and the page
	// calls a benchmark (configuration; check.DefaultMinPeers).
	MinCount int

	build sync.Mutex // one build at a time
	mu    sync.Mutex // guards what follows
	cur   *peerBuild
	stale bool // a background refresh is running
}

// peerBuild is one build of the groups and the generation it read.
type peerBuild struct {
	gen     int64
	values  int // indicators and costs it read
	peers   *check.Peers
	summary []PeerSummary // every target group, most used first
}

// largeBuild is how many values a build may hold and still be waited for
// when the data moved: a larger store's build takes seconds
// (BENCHMARKS.md), so it is refreshed in the background while the last
// build serves. By size, not by time, so that a small store (and every
// test) always reads fresh groups however busy the machine.
const largeBuild = 100_000

func newPeers(st Store) *Peers {
	ps, _ := st.(PeerStore)
	return &Peers{st: st, ps: ps, MinCount: check.DefaultMinPeers}
}

// Load returns the peer groups of the published tables as of now (or, for
// a large store, as of the last build while a new one runs).
func (p *Peers) Load(ctx context.Context) (*check.Peers, error) {
	b, err := p.current(ctx)
	if err != nil {
		return nil, err
	}
	return b.peers, nil
}

func (p *Peers) current(ctx context.Context) (*peerBuild, error) {
	gen, err := p.st.DataGeneration(ctx)
	if err != nil {
		return nil, err
	}
	p.mu.Lock()
	b := p.cur
	if b != nil && (b.gen == gen || b.values >= largeBuild) {
		if b.gen != gen && !p.stale {
			p.stale = true
			go p.refresh()
		}
		p.mu.Unlock()
		return b, nil
	}
	p.mu.Unlock()
	return p.rebuild(ctx, gen)
}

// refresh rebuilds in the background, for a large store.
func (p *Peers) refresh() {
	defer func() { p.mu.Lock(); p.stale = false; p.mu.Unlock() }()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	if gen, err := p.st.DataGeneration(ctx); err == nil {
		_, _ = p.rebuild(ctx, gen) // a failed refresh leaves the last build serving
	}
}

// rebuild builds the groups unless a build of gen (or later) is done.
func (p *Peers) rebuild(ctx context.Context, gen int64) (*peerBuild, error) {
	p.build.Lock()
	defer p.build.Unlock()
	p.mu.Lock()
	b := p.cur
	p.mu.Unlock()
	if b != nil && b.gen >= gen {
		return b, nil
	}
	b, err := p.buildPeers(ctx, gen)
	if err != nil {
		return nil, err
	}
	p.mu.Lock()
	p.cur = b
	p.mu.Unlock()
	return b, nil
}

func (p *Peers) buildPeers(ctx context.Context, gen int64) (*peerBuild, error) {
	if p.ps == nil {
		ps := check.NewPeerBuilder(nil).Peers()
		ps.MinCount = p.MinCount
		return &peerBuild{gen: gen, peers: ps}, nil
	}
	gr, err := p.ps.PeerGroupings(ctx)
	if err != nil {
		return nil, err
	}
	pb := check.NewPeerBuilder(gr)
	if err := p.ps.PeerProjects(ctx, func(dept string, pr *jixiao.Project) error {
		pb.Add(dept, pr)
		return nil
	}); err != nil {
		return nil, err
	}
	ps := pb.Peers()
	ps.MinCount = p.MinCount
	b := &peerBuild{gen: gen, peers: ps}
	for key := range groupKeys(ps) {
		b.summary = append(b.summary, summarize(ps, key))
	}
	for _, m := range []map[string]*check.PeerGroup{ps.Targets, ps.Ceilings, ps.Costs} {
		for _, g := range m {
			b.values += len(g.Values)
		}
	}
	slices.SortFunc(b.summary, func(x, y PeerSummary) int {
		return cmp.Or(cmp.Compare(y.Projects, x.Projects), cmp.Compare(x.Name, y.Name), cmp.Compare(x.Unit, y.Unit))
	})
	return b, nil
}

// groupKeys are the keys of every group of targets, minimums or maximums.
func groupKeys(ps *check.Peers) map[string]bool {
	keys := map[string]bool{}
	for k := range ps.Targets {
		keys[k] = true
	}
	for k := range ps.Ceilings {
		keys[k] = true
	}
	return keys
}

// PeerSummary is one group of the 指标库 as a list shows it: its name and
// unit, how many projects and departments use it, and the quartiles of
// its minimums (≥) or, for a group of maximums only, of those (≤).
type PeerSummary struct {
	Name        string `json:"name"`
	Unit        string `json:"unit"`
	Projects    int    `json:"projects"`
	Departments int    `json:"departments"`
	Op          string `json:"op"` // "≥" or "≤": which targets the quartiles are of
	Count       int    `json:"count"`
	P25         string `json:"p25"`
	P50         string `json:"p50"`
	P75         string `json:"p75"`
	// Benchmark says whether the group is large enough (MinCount) for the
	// peer rules and the suggestions to use it.
	Benchmark bool `json:"benchmark"`
}

func summarize(ps *check.Peers, key string) PeerSummary {
	name, unit := check.SplitKey(key)
	s := PeerSummary{Name: name, Unit: unit}
	g, op := ps.Targets[key], "≥"
	if g == nil {
		g, op = ps.Ceilings[key], "≤"
	}
	s.Op, s.Count, s.Projects, s.Departments = op, len(g.Values), g.Projects, len(g.Departments)
	s.P25, s.P50, s.P75 = check.Decimal(g.Quartile(0.25)), check.Decimal(g.Quartile(0.5)), check.Decimal(g.Quartile(0.75))
	s.Benchmark = g.Projects >= ps.MinCount
	return s
}

// Groups lists the groups whose name, or a name grouped in it, contains
// q (folded as groups fold names; empty: all), most used first, at most
// limit, with how many matched.
func (p *Peers) Groups(ctx context.Context, q string, limit int) ([]PeerSummary, int, error) {
	b, err := p.current(ctx)
	if err != nil {
		return nil, 0, err
	}
	q = cmp.Or(check.PeerName(q), strings.TrimSpace(q))
	var out []PeerSummary
	n := 0
	for _, s := range b.summary {
		if q != "" && !groupMatches(b.peers, s, q) {
			continue
		}
		n++
		if limit <= 0 || len(out) < limit {
			out = append(out, s)
		}
	}
	return out, n, nil
}

func groupMatches(ps *check.Peers, s PeerSummary, q string) bool {
	if strings.Contains(s.Name, q) {
		return true
	}
	key := check.GroupKey(s.Name, s.Unit)
	for _, g := range []*check.PeerGroup{ps.Targets[key], ps.Ceilings[key]} {
		if g == nil {
			continue
		}
		for n := range g.Names {
			if strings.Contains(n, q) {
				return true
			}
		}
	}
	return false
}

// Benchmark is the group an indicator named name with a target in unit
// belongs to, for a suggestion while editing; false when there is none.
func (p *Peers) Benchmark(ctx context.Context, name, unit string) (PeerSummary, bool, error) {
	b, err := p.current(ctx)
	if err != nil {
		return PeerSummary{}, false, err
	}
	key, _ := b.peers.Grouping.Key(name, unit)
	if _, ok := b.peers.Targets[key]; !ok {
		if _, ok := b.peers.Ceilings[key]; !ok {
			return PeerSummary{}, false, nil
		}
	}
	return summarize(b.peers, key), true, nil
}

// PeerDetail is one group's 指标库 page: who uses it, the spread of its
// minimums, maximums and costs with the projects at their tails, and why
// each name is in it.
type PeerDetail struct {
	PeerSummary
	MinCount int          `json:"min_count"`
	Floors   *PeerSpread  `json:"floors,omitempty"`   // ≥ targets
	Ceilings *PeerSpread  `json:"ceilings,omitempty"` // ≤ targets
	Cost     *PeerSpread  `json:"cost,omitempty"`     // 万元 per unit of the projects' one countable output
	UsedBy   []NamedCount `json:"used_by"`            // the departments, by how many values each has
	Names    []PeerName   `json:"names"`
}

// NamedCount is a name and how many values it has in a group.
type NamedCount struct {
	Name  string `json:"name"`
	Count int    `json:"count"`
}

// PeerName is a name grouped in a group, how many use it and why it is
// there.
type PeerName struct {
	Name      string `json:"name"`
	Count     int    `json:"count"`
	Why       string `json:"why"`
	Corrected bool   `json:"corrected"` // an admin's correction put it here
}

// PeerSpread is the distribution of one kind of value in a group.
type PeerSpread struct {
	Op       string `json:"op"` // ≥, ≤, or 万元/unit for a cost
	Unit     string `json:"unit"`
	Count    int    `json:"count"`
	Projects int    `json:"projects"`
	Min      string `json:"min"`
	P25      string `json:"p25"`
	P50      string `json:"p50"`
	P75      string `json:"p75"`
	Max      string `json:"max"`
	// Low and High are the projects at the two tails (at most TailSize
	// each, lowest and highest first); Far those the peer rule judges far
	// from the group (below for targets, above for costs).
	Low  []PeerValue `json:"low"`
	High []PeerValue `json:"high"`
	Far  []PeerValue `json:"far"`
}

// PeerValue is one project's value in a group.
type PeerValue struct {
	Value      string `json:"value"`
	Text       string `json:"text"` // as the table prints it
	Indicator  string `json:"indicator"`
	ProjectID  int64  `json:"project_id"`
	DocumentID int64  `json:"document_id"`
	Project    string `json:"project"`
	Department string `json:"department"`
}

// TailSize is how many projects a page lists at each tail of a group.
const TailSize = 5

// Group is the group named name whose unit is unit (as PeerSummary gives
// them); ErrNotFound when there is none.
func (p *Peers) Group(ctx context.Context, name, unit string) (PeerDetail, error) {
	b, err := p.current(ctx)
	if err != nil {
		return PeerDetail{}, err
	}
	ps, key := b.peers, check.GroupKey(name, unit)
	if !groupKeys(ps)[key] {
		return PeerDetail{}, jixiao.Errorf(jixiao.ErrNotFound, "指标库中没有“%s”（%s）这一组", name, unitLabel(unit))
	}
	d := PeerDetail{PeerSummary: summarize(ps, key), MinCount: ps.MinCount}
	depts, names := map[string]int{}, map[string]int{}
	if g := ps.Targets[key]; g != nil {
		d.Floors = spread(g, "≥", g.Projects >= ps.MinCount, true)
		countInto(depts, names, g)
	}
	if g := ps.Ceilings[key]; g != nil {
		d.Ceilings = spread(g, "≤", false, false)
		countInto(depts, names, g)
	}
	if g := ps.Costs[key]; g != nil {
		d.Cost = spread(g, "万元/"+g.Unit, g.Projects >= ps.MinCount, false)
		d.Cost.Unit = "万元"
	}
	d.UsedBy = byCount(depts)
	for _, n := range byCount(names) {
		_, corrected := ps.Grouping[n.Name]
		d.Names = append(d.Names, PeerName{Name: n.Name, Count: n.Count, Why: ps.Grouping.Why(n.Name), Corrected: corrected})
	}
	return d, nil
}

func unitLabel(unit string) string { return cmp.Or(unit, "无单位") }

func countInto(depts, names map[string]int, g *check.PeerGroup) {
	for k, n := range g.Departments {
		depts[k] += n
	}
	for k, n := range g.Names {
		names[k] += n
	}
}

func byCount(m map[string]int) []NamedCount {
	out := make([]NamedCount, 0, len(m))
	for k, n := range m {
		out = append(out, NamedCount{k, n})
	}
	slices.SortFunc(out, func(a, b NamedCount) int { return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Name, b.Name)) })
	return out
}

// spread is g's distribution; judged (a group of MinCount or more) lists
// the values the peer rule finds far from it: a prefix of the sorted
// values for a target far below (fromLow), a suffix for a cost far above.
func spread(g *check.PeerGroup, op string, judged, fromLow bool) *PeerSpread {
	n := len(g.Members)
	s := &PeerSpread{Op: op, Unit: g.Unit, Count: n, Projects: g.Projects,
		Min: check.Decimal(g.Values[0]), Max: check.Decimal(g.Values[n-1]),
		P25: check.Decimal(g.Quartile(0.25)), P50: check.Decimal(g.Quartile(0.5)), P75: check.Decimal(g.Quartile(0.75))}
	for i := range min(TailSize, n) {
		s.Low = append(s.Low, peerValue(g.Members[i]))
	}
	for i := n - 1; i >= max(n-TailSize, 0); i-- {
		s.High = append(s.High, peerValue(g.Members[i]))
	}
	switch {
	case judged && fromLow:
		for i := 0; i < n && g.FarBelow(g.Values[i]); i++ {
			s.Far = append(s.Far, peerValue(g.Members[i]))
		}
	case judged:
		for i := n - 1; i >= 0 && g.FarAbove(g.Values[i]); i-- {
			s.Far = append(s.Far, peerValue(g.Members[i]))
		}
	}
	return s
}

func peerValue(m check.PeerMember) PeerValue {
	return PeerValue{Value: check.Decimal(m.Value), Text: m.Text, Indicator: m.Name, ProjectID: m.ProjectID,
		DocumentID: m.DocumentID, Project: m.Project, Department: m.Department}
}

// SetGrouping is an admin's correction of the groups: the indicator name
// goes into the group named into (into the same as name: a group of its
// own, split out of the group its synonyms put it in; into empty: back to
// the default grouping). Names are folded as the groups fold them. The
// audit entry names by.
func (p *Peers) SetGrouping(ctx context.Context, by *jixiao.User, name, into string) error {
	if by == nil {
		return jixiao.Errorf(jixiao.ErrUnauthenticated, "请先登录后再调整指标分组")
	}
	// The groups are public: a refusal is Forbid (Resource.New), not a 404.
	if err := jixiao.Permit(by, jixiao.ActionGroupPeers, jixiao.Resource{New: true}, ""); err != nil {
		return err
	}
	if p.ps == nil {
		return jixiao.Errorf(jixiao.ErrInvalid, "此存储不支持指标分组")
	}
	name, into = check.PeerName(name), strings.TrimSpace(into)
	if name == "" {
		return jixiao.Errorf(jixiao.ErrInvalid, "请填写要调整分组的指标名称（去掉数字和单位后不能为空）")
	}
	if into != "" {
		if into = check.PeerName(into); into == "" {
			return jixiao.Errorf(jixiao.ErrInvalid, "请填写要并入的指标组名称（去掉数字和单位后不能为空）")
		}
	}
	gr, err := p.ps.PeerGroupings(ctx)
	if err != nil {
		return err
	}
	if err := chainRefusal(gr, name, into); err != nil {
		return err
	}
	e := jixiao.Actor(by)
	e.Action, e.Comment = jixiao.ActionGroupPeers, groupingComment(name, into)
	if err := p.ps.SetPeerGrouping(ctx, name, into, e); err != nil {
		return err
	}
	// Rebuilt now, even where builds are slow and served stale: the admin
	// sees the groups they just corrected.
	// A failed rebuild is not a failed change: the next read builds again.
	if gen, err := p.st.DataGeneration(ctx); err == nil {
		_, _ = p.rebuild(ctx, gen)
	}
	return nil
}

// chainRefusal refuses a correction that would chain groups (A into B
// while B's own indicators are in group C, by an admin's correction or as
// a synonym of 满意度): a group's name is where its names go, never
// followed further, so a chain would leave A in a group of its own.
func chainRefusal(gr check.Grouping, name, into string) error {
	if _, group := gr.Key(into, ""); into != "" && into != name && group != into {
		return jixiao.Errorf(jixiao.ErrInvalid, "“%s”在“%s”组，请直接并入“%s”", into, group, group)
	}
	if into == "" || into == name {
		return nil
	}
	for from, to := range gr {
		if to == name && from != name {
			return jixiao.Errorf(jixiao.ErrInvalid, "已有指标（如“%s”）并入“%s”这一组，请先调整它们", from, name)
		}
	}
	return nil
}

func groupingComment(name, into string) string {
	switch into {
	case "":
		return fmt.Sprintf("指标“%s”恢复默认分组", name)
	case name:
		return fmt.Sprintf("指标“%s”单列一组", name)
	}
	return fmt.Sprintf("指标“%s”并入“%s”组", name, into)
}
