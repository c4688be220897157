package service_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/check"
	"jixiao/internal/gen"
	"jixiao/internal/service"
)

// peerFixture is the fixture (Liwan published) with the Huadu sample
// published too, the six generated districts of gen.Peers saved as
// published tables, and a 2025 draft of Liwan, whose copied targets must
// not count.
type peerFixture struct {
	*fixture
	set    *gen.PeerSet
	huadu  *jixiao.Document
	stored []*jixiao.Document // the published tables as stored: Liwan, Huadu, the six districts
}

func newPeerFixture(t *testing.T, c *fixture) *peerFixture {
	f := &peerFixture{fixture: c, set: gen.Peers(60, 300)}
	huadu, err := c.s.Documents.Import(c.ctx, c.users["finance"], file("huadu-employment-center-2024.txt", sample(t, "huadu-employment-center-2024.txt"), 0))
	if err != nil {
		t.Fatal(err)
	}
	f.huadu = huadu
	for _, d := range f.set.Docs {
		if err := c.st.SaveDocument(c.ctx, d, jixiao.Actor(nil)); err != nil {
			t.Fatal(err)
		}
	}
	c.draft(t)
	for _, id := range append([]int64{c.pub.ID, huadu.ID}, docIDs(f.set.Docs)...) {
		d, err := c.st.Document(c.ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		f.stored = append(f.stored, d)
	}
	return f
}

func docIDs(ds []*jixiao.Document) []int64 {
	var out []int64
	for _, d := range ds {
		out = append(out, d.ID)
	}
	return out
}

// TestPeersFromStore: the groups the service streams from the store are
// those of the published tables (BuildPeers over them read back whole),
// the draft left out; the 满意度 page shows the distribution, who uses it
// and the planted project at its low tail; the cost group marks the
// planted outlier; the two peer rules find exactly the planted cases, and
// on the two real samples nothing.
func TestPeersFromStore(t *testing.T) {
	eachStore(t, func(t *testing.T, c *fixture) {
		f := newPeerFixture(t, c)
		want := check.BuildPeers(f.stored)
		got, err := c.s.Peers.Load(c.ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Targets) != len(want.Targets) || len(got.Costs) != len(want.Costs) {
			t.Errorf("groups: %d targets %d costs, published tables have %d and %d",
				len(got.Targets), len(got.Costs), len(want.Targets), len(want.Costs))
		}
		sat := check.GroupKey("满意度", "%")
		if g, w := got.Targets[sat], want.Targets[sat]; g == nil || g.Projects != w.Projects || len(g.Departments) != len(w.Departments) {
			t.Fatalf("满意度: %+v, want %d projects of %d departments", g, w.Projects, len(w.Departments))
		}

		d, err := c.s.Peers.Group(c.ctx, "满意度", "%")
		if err != nil {
			t.Fatal(err)
		}
		w := want.Targets[sat]
		if d.Floors.P25 != check.Decimal(w.Quartile(0.25)) || d.Floors.P50 != check.Decimal(w.Quartile(0.5)) || d.Floors.P75 != check.Decimal(w.Quartile(0.75)) {
			t.Errorf("满意度 quartiles %s / %s / %s", d.Floors.P25, d.Floors.P50, d.Floors.P75)
		}
		low := f.set.Docs[f.set.Below[0]]
		lowProject := low.Projects[f.set.Below[1]-1]
		if d.Floors.Low[0].ProjectID != lowProject.ID || d.Floors.Low[0].Text != "≥60%" || d.Floors.Low[0].Department != low.Agency {
			t.Errorf("the low tail starts with %+v, want the planted ≥60%% of %s", d.Floors.Low[0], lowProject.Name)
		}
		if len(d.Floors.Far) != 1 || d.Floors.Far[0].ProjectID != lowProject.ID {
			t.Errorf("far below: %+v, want the planted project only", d.Floors.Far)
		}
		// Huadu's 满意度 is in another unit, so not here.
		if len(d.UsedBy) != 7 || !slices.ContainsFunc(d.UsedBy, func(n service.NamedCount) bool { return n.Name == c.pub.Agency }) {
			t.Errorf("departments %+v: want the six districts and Liwan's", d.UsedBy)
		}
		if !slices.ContainsFunc(d.Names, func(n service.PeerName) bool {
			return n.Name == "服务对象满意度" && n.Why == "满意度同义词"
		}) {
			t.Errorf("names %+v: 服务对象满意度 as a synonym", d.Names)
		}
		costly := f.set.Docs[f.set.Costly[0]].Projects[f.set.Costly[1]-1]
		cost, err := c.s.Peers.Group(c.ctx, "职业技能培训人数", "人")
		if err != nil {
			t.Fatal(err)
		}
		if cost.Cost == nil || cost.Cost.Count != 30 || len(cost.Cost.Far) != 1 || cost.Cost.Far[0].ProjectID != costly.ID || cost.Cost.High[0].ProjectID != costly.ID {
			t.Errorf("the cost of a trainee: %+v, want 30 projects and the planted one far above", cost.Cost)
		}

		// The rules, against the groups the service loaded.
		found := map[string][]string{}
		for _, doc := range f.stored {
			for _, fd := range check.RunWith(doc, check.Context{Peers: got}) {
				if strings.HasPrefix(fd.Rule, "target.below-peers") || fd.Rule == "amount.cost-outlier" {
					found[fd.Rule] = append(found[fd.Rule], fmt.Sprintf("%s %d:%d", doc.Agency, fd.ProjectSeq, fd.IndicatorSeq))
					t.Logf("%s: %s", fd.Rule, fd.Message)
				}
			}
		}
		exp := map[string][]string{
			"target.below-peers":  {fmt.Sprintf("%s %d:%d", low.Agency, f.set.Below[1], f.set.Below[2])},
			"amount.cost-outlier": {fmt.Sprintf("%s %d:0", low.Agency, f.set.Costly[1])},
		}
		// On the two samples (Liwan, Huadu: f.stored[0:2]) the rules find
		// nothing: their targets and costs are within their peers'.
		for rule, e := range exp {
			if !slices.Equal(found[rule], e) {
				t.Errorf("%s found %v, planted %v", rule, found[rule], e)
			}
		}
	})
}

// TestPeersCheckDrafts: the peer groups reach the checks of the services:
// a draft of the planted district checked as its department's reviewer
// sees the planted 满意度 as far below its peers, with the figures.
func TestPeersCheckDrafts(t *testing.T) {
	eachStore(t, func(t *testing.T, c *fixture) {
		f := newPeerFixture(t, c)
		low := f.set.Docs[f.set.Below[0]]
		dept := c.user(t, "dept-3", jixiao.RoleDeptReviewer, "", low.Agency)
		draft, err := c.s.Targets.CreateDraft(c.ctx, dept, low.ID, 2025)
		if err != nil {
			t.Fatal(err)
		}
		p := draft.Projects[f.set.Below[1]-1]
		fs, err := c.s.Targets.Check(c.ctx, dept, p.ID, &p)
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(fs, func(fd jixiao.Finding) bool { return fd.Rule == "target.below-peers" })
		if i < 0 || fs[i].IndicatorSeq != f.set.Below[2] || !strings.Contains(fs[i].Message, "远低于同类指标") || !strings.Contains(fs[i].Message, "中位数") {
			t.Fatalf("findings of the draft's planted project: %+v", fs)
		}
	})
}

// TestPeerGrouping: an admin splits 群众满意率 out of 满意度 and merges a
// name into another group, audited under their name; others may not; bad
// names are refused with a message; the groups follow at once.
func TestPeerGrouping(t *testing.T) {
	eachStore(t, func(t *testing.T, c *fixture) {
		newPeerFixture(t, c)
		admin := c.users["admin"]
		is(t, "a visitor", c.s.Peers.SetGrouping(c.ctx, nil, "群众满意率", "群众满意率"), jixiao.ErrUnauthenticated)
		is(t, "finance", c.s.Peers.SetGrouping(c.ctx, c.users["finance"], "群众满意率", "群众满意率"), jixiao.ErrForbidden)
		is(t, "an empty name", c.s.Peers.SetGrouping(c.ctx, admin, " 100% ", "满意度"), jixiao.ErrInvalid)
		before, err := c.s.Peers.Group(c.ctx, "满意度", "%")
		if err != nil {
			t.Fatal(err)
		}
		is(t, "split", c.s.Peers.SetGrouping(c.ctx, admin, "群众满意率", "群众满意率"), nil)
		split, err := c.s.Peers.Group(c.ctx, "群众满意率", "%")
		if err != nil {
			t.Fatalf("the split group: %v", err)
		}
		after, err := c.s.Peers.Group(c.ctx, "满意度", "%")
		if err != nil {
			t.Fatal(err)
		}
		if split.Floors.Count == 0 || after.Floors.Count+split.Floors.Count != before.Floors.Count {
			t.Errorf("split: 满意度 %d → %d, 群众满意率 %d", before.Floors.Count, after.Floors.Count, split.Floors.Count)
		}
		if split.Names[0].Why != "管理员单列" || !split.Names[0].Corrected {
			t.Errorf("the split name says %+v", split.Names[0])
		}
		is(t, "merge", c.s.Peers.SetGrouping(c.ctx, admin, "服务对象满意度", "群众满意率"), nil)
		is(t, "a chain", c.s.Peers.SetGrouping(c.ctx, admin, "学生满意度", "服务对象满意度"), jixiao.ErrInvalid)
		is(t, "into a synonym", c.s.Peers.SetGrouping(c.ctx, admin, "满意程度", "公众满意度"), jixiao.ErrInvalid)
		is(t, "back to the default", c.s.Peers.SetGrouping(c.ctx, admin, "服务对象满意度", ""), nil)
		is(t, "back to the default", c.s.Peers.SetGrouping(c.ctx, admin, "群众满意率", ""), nil)
		if _, err := c.s.Peers.Group(c.ctx, "群众满意率", "%"); err == nil {
			t.Error("the split group is still there after going back to the default")
		}
		es, err := c.st.Workflow().History(c.ctx, 0)
		if err != nil {
			t.Fatal(err)
		}
		var comments []string
		for _, e := range es {
			if e.Action == jixiao.ActionGroupPeers && e.Username == "admin" && e.UserID == admin.ID {
				comments = append(comments, e.Comment)
			}
		}
		if !slices.Equal(comments, []string{"指标“群众满意率”单列一组", "指标“服务对象满意度”并入“群众满意率”组",
			"指标“服务对象满意度”恢复默认分组", "指标“群众满意率”恢复默认分组"}) {
			t.Errorf("audit log: %q", comments)
		}
	})
}
