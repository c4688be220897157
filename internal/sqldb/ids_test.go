package sqldb_test

import (
	"testing"

	"jixiao"
	"jixiao/internal/storetest"
)

// TestDeletedIDsAreNotReused: the review's case. A draft is deleted and a
// new table imported; the new table must get ids of its own, so that its
// history does not show the deleted draft's entries. The import and the
// delete are logged with who did them.
func TestDeletedIDsAreNotReused(t *testing.T) {
	forEachStore(t, func(t *testing.T, st store) {
		wf := st.Workflow()
		dept := user(t, wf, "审核员", jixiao.RoleDeptReviewer, "", "广州市乙人力资源和社会保障局")
		admin := user(t, wf, "管理员", jixiao.RoleAdmin, "", "")
		d := draft(t, st, dept)
		oldProjects := map[int64]bool{}
		for _, p := range d.Projects {
			oldProjects[p.ID] = true
		}
		if err := st.DeleteDocument(ctx(), d.ID, jixiao.Actor(admin)); err != nil {
			t.Fatal(err)
		}
		doc := storetest.NewDocument("丙", 4, 3)
		if err := st.SaveDocument(ctx(), doc, jixiao.Actor(admin)); err != nil {
			t.Fatal(err)
		}
		if doc.ID == d.ID {
			t.Fatalf("new document took the deleted draft's id %d", d.ID)
		}
		for _, p := range doc.Projects {
			if oldProjects[p.ID] {
				t.Fatalf("new project took the deleted draft's project id %d", p.ID)
			}
		}
		h, err := wf.History(ctx(), doc.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(h) != 1 || h[0].Action != jixiao.ActionImport || h[0].UserID != admin.ID || h[0].Username != "管理员" {
			t.Fatalf("new document's history %+v, want its import by 管理员 only", h)
		}
		old, err := wf.History(ctx(), d.ID)
		if err != nil {
			t.Fatal(err)
		}
		last := old[len(old)-1]
		if last.Action != jixiao.ActionDeleteDocument || last.Username != "管理员" || last.Role != jixiao.RoleAdmin || last.At.IsZero() {
			t.Fatalf("deleted draft's last entry %+v, want its deletion by 管理员", last)
		}
	})
}
