package sqldb_test

import (
	"testing"
	"time"

	"jixiao"
	"jixiao/internal/storetest"
)

// TestClock: every time the store writes comes from its one clock, Now:
// an import and its audit entry, an account, a draft, a round.
func TestClock(t *testing.T) {
	forEachStore(t, func(t *testing.T, st store) {
		at := time.Date(2031, 5, 6, 7, 8, 9, 0, time.UTC)
		now := func() time.Time { return at.In(time.FixedZone("CST", 8*3600)) }
		sqlStore(t, st).Now = now
		doc := storetest.NewDocument("钟", 2, 2)
		if err := st.SaveDocument(ctx(), doc, jixiao.Actor(nil)); err != nil {
			t.Fatal(err)
		}
		wf := st.Workflow()
		u := user(t, wf, "审核员", jixiao.RoleDeptReviewer, "", doc.Agency)
		d, err := wf.CreateDraft(ctx(), doc.ID, 2032, actor(u))
		if err != nil {
			t.Fatal(err)
		}
		a := &jixiao.Actuals{Round: jixiao.Round{DocumentID: doc.ID, Name: "2031年1-6月", Kind: jixiao.RoundMonitoring}}
		if err := st.Eval().SaveActuals(ctx(), a, testEntry); err != nil {
			t.Fatal(err)
		}
		got, _ := st.Document(ctx(), doc.ID)
		draft, _ := st.Document(ctx(), d.ID)
		back, _ := wf.UserByID(ctx(), u.ID)
		times := map[string]time.Time{"imported_at": got.ImportedAt, "draft": draft.ImportedAt, "account": back.CreatedAt,
			"round": a.Round.CreatedAt}
		for _, id := range []int64{doc.ID, d.ID} {
			h, _ := wf.History(ctx(), id)
			for _, e := range h {
				times[string(e.Action)] = e.At
			}
		}
		if len(times) != 7 { // the six above and the record_actuals entry
			t.Errorf("times %v", times)
		}
		for what, got := range times {
			if !got.Equal(at) {
				t.Errorf("%s at %v, want the store's clock %v", what, got, at)
			}
		}
	})
}
