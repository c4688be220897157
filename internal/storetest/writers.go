package storetest

import (
	"context"
	"database/sql"
	"testing"

	"jixiao"
)

// OtherWriters checks that search stays right when rows are written by
// plain SQL rather than SaveDocument, as the workflow's edits do: a renamed
// indicator and project are found by their new names (1, 2 and 3+
// characters) and no longer by their old ones. db is the store's database.
func OtherWriters(t *testing.T, st jixiao.Store, db *sql.DB) {
	ctx := context.Background()
	doc := NewDocument("编辑", 3, 2)
	save(t, st, doc)
	p, in := doc.Projects[1], doc.Projects[1].Indicators[0]
	if _, err := db.ExecContext(ctx, `UPDATE indicators SET name = $1, name_key = $2 WHERE id = $3`,
		"鳄鱼驯养达标率", "鳄鱼驯养达标率", in.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `UPDATE projects SET name = $1, name_key = $2 WHERE id = $3`,
		"麒麟山保护", "麒麟山保护", p.ID); err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]int64{"鳄": in.ID, "驯养": in.ID, "鳄鱼驯养": in.ID} {
		rows := allIndicators(t, st, jixiao.IndicatorQuery{Q: q})
		if len(rows) != 1 || rows[0].ID != want {
			t.Errorf("indicators %q after rename: %d rows", q, len(rows))
		}
	}
	for _, q := range []string{"麒", "麒麟", "麒麟山"} {
		rows := allProjects(t, st, jixiao.ProjectQuery{Q: q})
		if len(rows) != 1 || rows[0].ID != p.ID {
			t.Errorf("projects %q after rename: %d rows", q, len(rows))
		}
	}
	old := allIndicators(t, st, jixiao.IndicatorQuery{Q: in.Name, DocumentID: doc.ID})
	for _, r := range old {
		if r.ID == in.ID {
			t.Errorf("old name %q still finds the renamed indicator", in.Name)
		}
	}
	if err := st.DeleteDocument(ctx, doc.ID); err != nil {
		t.Fatal(err)
	}
	if rows := allIndicators(t, st, jixiao.IndicatorQuery{Q: "驯养"}); len(rows) != 0 {
		t.Errorf("deleted indicator still found")
	}
}
