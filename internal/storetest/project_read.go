package storetest

import (
	"context"
	"errors"
	"slices"
	"testing"

	"jixiao"
)

// rowReader is the one-project read of both engines (sqldb.Store.ProjectRow).
type rowReader interface {
	ProjectRow(ctx context.Context, id int64) (jixiao.ProjectRow, jixiao.ProjectStatus, error)
}

// testProjectRow: one project read by its id gives what reading it through
// Project, its document and the workflow gives (issue 18: the page of one
// project never reads its whole document), for a published document and
// for a draft, and ErrNotFound for an id that does not exist.
func testProjectRow(t *testing.T, st jixiao.Store) {
	rr, ok := st.(rowReader)
	if !ok {
		t.Skipf("%T reads no project row", st)
	}
	pub := NewDocument("从化", 5, 3)
	save(t, st, pub)
	other := NewDocument("增城", 2, 1)
	other.MoneyUnit = jixiao.Yuan
	save(t, st, other)
	docs := []*jixiao.Document{pub, other}
	if wp, ok := st.(jixiao.WorkflowProvider); ok {
		dept := &jixiao.User{Username: "部门审核", Role: jixiao.RoleDeptReviewer, Department: pub.Agency}
		if err := wp.Workflow().CreateUser(ctx(t), dept, "not-a-real-hash", jixiao.Actor(nil)); err != nil {
			t.Fatal(err)
		}
		d, err := wp.Workflow().CreateDraft(ctx(t), pub.ID, 2025, jixiao.Actor(dept))
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, d)
	}
	for _, doc := range docs {
		whole, err := st.Document(ctx(t), doc.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range whole.Projects {
			got, status, err := rr.ProjectRow(ctx(t), want.ID)
			if err != nil {
				t.Fatalf("ProjectRow(%d): %v", want.ID, err)
			}
			sameJSON(t, "project", got.Project, want)
			head := jixiao.ProjectRow{Project: want, DocumentTitle: whole.Title, DocumentAgency: whole.Agency,
				DocumentYear: whole.Year, MoneyUnit: whole.MoneyUnit}
			sameJSON(t, "row", got, head)
			checkRowStatus(t, st, status, want)
		}
	}
	if _, _, err := rr.ProjectRow(ctx(t), 424242); !errors.Is(err, jixiao.ErrNotFound) {
		t.Errorf("ProjectRow of a missing id: %v, want ErrNotFound", err)
	}
}

// checkRowStatus compares a row's workflow state with the workflow's own
// answer for the project (a store without workflow: the published default).
func checkRowStatus(t *testing.T, st jixiao.Store, got jixiao.ProjectStatus, p jixiao.Project) {
	t.Helper()
	wp, ok := st.(jixiao.WorkflowProvider)
	if !ok {
		if got.DocState != jixiao.DocPublished || got.ProjectID != p.ID {
			t.Errorf("status of %d: %+v", p.ID, got)
		}
		return
	}
	want, err := wp.Workflow().ProjectStatus(ctx(t), p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("status of project %d: got %+v, want %+v", p.ID, got, want)
	}
}

// testDraftUnits: the drafts listed by their units alone (what a view
// needs to decide what is hidden) are the drafts Drafts lists, with the
// same department, state and set of units, and no published document.
func testDraftUnits(t *testing.T, st jixiao.Store) {
	du, ok := st.(interface {
		DraftUnits(ctx context.Context) ([]jixiao.DocumentStatus, error)
	})
	wp, wok := st.(jixiao.WorkflowProvider)
	if !ok || !wok {
		t.Skipf("%T lists no draft units", st)
	}
	wf := wp.Workflow()
	fin := &jixiao.User{Username: "财政审核", Role: jixiao.RoleFinanceReviewer}
	if err := wf.CreateUser(ctx(t), fin, "not-a-real-hash", jixiao.Actor(nil)); err != nil {
		t.Fatal(err)
	}
	for _, seed := range []string{"黄埔", "南沙"} {
		pub := NewDocument(seed, 4, 1)
		save(t, st, pub)
		if _, err := wf.CreateDraft(ctx(t), pub.ID, 2025, jixiao.Actor(fin)); err != nil {
			t.Fatal(err)
		}
	}
	save(t, st, NewDocument("天河", 2, 1)) // published: not listed
	want, err := wf.Drafts(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	got, err := du.DraftUnits(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) || len(want) != 2 {
		t.Fatalf("%d drafts by units, %d drafts (want 2)", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		wu := slices.Clone(w.Units)
		slices.Sort(wu)
		if g.DocumentID != w.DocumentID || g.Department != w.Department || g.State != w.State ||
			!slices.Equal(g.Units, wu) || len(wu) != 2 {
			t.Errorf("draft %d by units: %+v, want %+v", w.DocumentID, g, w)
		}
	}
}
