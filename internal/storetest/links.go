package storetest

import (
	"errors"
	"slices"
	"testing"

	"jixiao"
)

// testLinks: a store that keeps links between years stores a later
// table's proposals (certain ones 已确认, others 待确认) with one audit
// entry, skips a project already linked, lists them by project and by
// document with both projects' seqs, years and names, lets a reviewer
// decide a pending one once (audited, naming the person), links a draft
// made from last year's table to it, and drops a document's links with it.
func testLinks(t *testing.T, st jixiao.Store) {
	lp, ok := st.(interface{ Links() jixiao.LinkStore })
	wp, ok2 := st.(jixiao.WorkflowProvider)
	if !ok || !ok2 {
		t.Skipf("%T keeps no links", st)
	}
	ls, wf := lp.Links(), wp.Workflow()
	prev, cur := NewDocument("天河链", 3, 2), NewDocument("天河链2025", 3, 2)
	cur.Year = 2025
	save(t, st, prev)
	save(t, st, cur)
	link := func(i int, certain bool) jixiao.StoredLink {
		return jixiao.StoredLink{ProjectLink: jixiao.ProjectLink{PrevDocumentID: prev.ID, Basis: "依据", Certain: certain, Similarity: 0.75},
			PrevProjectID: prev.Projects[i].ID, ProjectID: cur.Projects[i].ID}
	}
	importer := jixiao.AuditEntry{UserID: 3, Username: "导入人", Role: jixiao.RoleFinanceReviewer}
	saved, err := ls.SaveLinks(ctx(t), cur.ID, []jixiao.StoredLink{link(0, true), link(1, false)}, importer)
	if err != nil || len(saved) != 2 || saved[0].ID == 0 || saved[0].State != jixiao.LinkConfirmed || saved[1].State != jixiao.LinkPending {
		t.Fatalf("SaveLinks: %+v %v", saved, err)
	}
	// Proposed again (a second import of the same links): nothing new.
	again, err := ls.SaveLinks(ctx(t), cur.ID, []jixiao.StoredLink{link(0, true), link(1, false)}, importer)
	if err != nil || len(again) != 0 {
		t.Fatalf("SaveLinks again: %+v %v", again, err)
	}
	got, err := ls.DocumentLinks(ctx(t), cur.ID)
	if err != nil || len(got) != 2 {
		t.Fatalf("DocumentLinks: %+v %v", got, err)
	}
	l := got[1]
	if l.PrevSeq != 2 || l.Seq != 2 || l.PrevYear != 2024 || l.Year != 2025 || l.Name != cur.Projects[1].Name ||
		l.PrevName != prev.Projects[1].Name || l.Unit != cur.Projects[1].Unit || l.Similarity != 0.75 || l.UpdatedBy != "导入人" || l.Holds() {
		t.Errorf("the pending link reads back as %+v", l)
	}
	for _, id := range []int64{prev.Projects[1].ID, cur.Projects[1].ID} {
		if pl, err := ls.ProjectLinks(ctx(t), id); err != nil || len(pl) != 1 || pl[0].ID != l.ID {
			t.Errorf("ProjectLinks(%d): %+v %v", id, pl, err)
		}
	}
	reviewer := jixiao.AuditEntry{UserID: 4, Username: "部门审核人", Role: jixiao.RoleDeptReviewer}
	d, err := ls.DecideLink(ctx(t), l.ID, jixiao.LinkConfirmed, reviewer)
	if err != nil || d.State != jixiao.LinkConfirmed || !d.Holds() || d.UpdatedBy != "部门审核人" {
		t.Fatalf("DecideLink: %+v %v", d, err)
	}
	if _, err := ls.DecideLink(ctx(t), l.ID, jixiao.LinkRejected, reviewer); !errors.Is(err, jixiao.ErrConflict) {
		t.Errorf("a decided link decided again: %v, want ErrConflict", err)
	}
	if _, err := ls.DecideLink(ctx(t), 999999, jixiao.LinkRejected, reviewer); !errors.Is(err, jixiao.ErrNotFound) {
		t.Errorf("a missing link: %v, want ErrNotFound", err)
	}
	h, err := wf.History(ctx(t), cur.ID)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range h {
		if e.Action == jixiao.ActionLinkProjects || e.Action == jixiao.ActionDecideLink {
			actions = append(actions, string(e.Action)+" "+e.Username)
		}
	}
	if want := []string{"link_projects 导入人", "decide_link 部门审核人"}; !slices.Equal(actions, want) {
		t.Errorf("audit: %v, want %v", actions, want)
	}

	// A draft for 2026 made from the published 2025 table continues each
	// of its projects.
	draft, err := wf.CreateDraft(ctx(t), cur.ID, 2026, reviewer)
	if err != nil {
		t.Fatal(err)
	}
	dl, err := ls.DocumentLinks(ctx(t), draft.ID)
	if err != nil || len(dl) != len(cur.Projects) {
		t.Fatalf("the draft's links: %+v %v", dl, err)
	}
	for i, l := range dl {
		if l.PrevProjectID != cur.Projects[i].ID || l.ProjectID != draft.Projects[i].ID || !l.Holds() || l.PrevYear != 2025 || l.Year != 2026 {
			t.Errorf("draft link %d: %+v", i, l)
		}
	}

	// Deleting the earlier table drops its links.
	if err := st.DeleteDocument(ctx(t), prev.ID, jixiao.Actor(nil)); err != nil {
		t.Fatal(err)
	}
	if got, err := ls.DocumentLinks(ctx(t), cur.ID); err != nil || len(got) != 0 {
		t.Errorf("links after the earlier table is deleted: %+v %v", got, err)
	}
}
