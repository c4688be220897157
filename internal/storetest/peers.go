package storetest

import (
	"context"
	"testing"

	"jixiao"
)

// peerStore is what the peer groups read and write (migration 0190).
type peerStore interface {
	PeerProjects(ctx context.Context, fn func(dept string, p *jixiao.Project) error) error
	PeerGroupings(ctx context.Context) (map[string]string, error)
	SetPeerGrouping(ctx context.Context, name, into string, e jixiao.AuditEntry) error
	DataGeneration(ctx context.Context) (int64, error)
}

// testPeers: the peer inputs are the published tables' projects, each
// once with its quantitative indicators in order and nothing of a draft's;
// an admin's grouping is stored, replaced and removed, each change audited
// under the admin's name and moving the data generation.
func testPeers(t *testing.T, st jixiao.Store) {
	ps, ok := st.(peerStore)
	if !ok {
		t.Skipf("%T keeps no peer groups", st)
	}
	wp, ok := st.(jixiao.WorkflowProvider)
	if !ok {
		t.Skipf("%T keeps no audit log", st)
	}
	pub := NewDocument("海珠", 5, 3)
	save(t, st, pub)
	draft, err := wp.Workflow().CreateDraft(ctx(t), pub.ID, 2025, jixiao.Actor(nil))
	if err != nil {
		t.Fatalf("CreateDraft: %v", err)
	}

	var got []*jixiao.Project
	err = ps.PeerProjects(ctx(t), func(dept string, p *jixiao.Project) error {
		if dept != pub.Agency || p.DocumentID != pub.ID {
			t.Errorf("project %d of %s (document %d): only the published %d should be read", p.ID, dept, p.DocumentID, pub.ID)
		}
		got = append(got, p)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for i := range pub.Projects {
		p := &pub.Projects[i]
		var quantitative []jixiao.Indicator
		for _, in := range p.Indicators {
			if in.Raw == "" && in.Annual.Quantitative() {
				quantitative = append(quantitative, in)
			}
		}
		if len(quantitative) == 0 {
			continue
		}
		if want >= len(got) {
			t.Fatalf("read %d projects, the published table has more with quantitative indicators", len(got))
		}
		g := got[want]
		want++
		if g.ID != p.ID || g.Name != p.Name || g.Amounts.Total != p.Amounts.Total || len(g.Indicators) != len(quantitative) {
			t.Errorf("project %d: read %+v", p.Seq, g)
			continue
		}
		for j, in := range quantitative {
			if g.Indicators[j].Name != in.Name || g.Indicators[j].Annual != in.Annual || g.Indicators[j].Level2Code != in.Level2Code {
				t.Errorf("project %d indicator %d: read %+v, stored %+v", p.Seq, in.Seq, g.Indicators[j], in)
			}
		}
	}
	if len(got) != want || want == 0 {
		t.Errorf("read %d projects, want %d (the draft %d left out)", len(got), want, draft.ID)
	}

	admin := jixiao.AuditEntry{UserID: 3, Username: "管理员甲", Role: jixiao.RoleAdmin, Action: jixiao.ActionGroupPeers}
	set := func(name, into string) {
		t.Helper()
		before, _ := ps.DataGeneration(ctx(t))
		e := admin
		e.Comment = name + "→" + into
		if err := ps.SetPeerGrouping(ctx(t), name, into, e); err != nil {
			t.Fatalf("SetPeerGrouping(%s, %s): %v", name, into, err)
		}
		if after, _ := ps.DataGeneration(ctx(t)); after <= before {
			t.Errorf("the data generation stayed at %d", after)
		}
	}
	set("群众满意率", "群众满意率")
	set("培训人数", "职业技能培训人数")
	set("培训人数", "培训人次")
	set("群众满意率", "")
	gr, err := ps.PeerGroupings(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(gr) != 1 || gr["培训人数"] != "培训人次" {
		t.Errorf("groupings %v, want 培训人数 → 培训人次 only", gr)
	}
	es, err := wp.Workflow().History(ctx(t), 0)
	if err != nil {
		t.Fatal(err)
	}
	var logged []string
	for _, e := range es {
		if e.Action == jixiao.ActionGroupPeers && e.Username == admin.Username && e.UserID == admin.UserID {
			logged = append(logged, e.Comment)
		}
	}
	if len(logged) != 4 || logged[3] != "群众满意率→" {
		t.Errorf("audit log of the groupings: %q", logged)
	}
}
