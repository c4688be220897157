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
	// Indicator search looks in the project's name too, the new one.
	if rows := allIndicators(t, st, jixiao.IndicatorQuery{Q: "麒麟"}); len(rows) != len(p.Indicators) {
		t.Errorf("indicators of the renamed project: %d found, want %d", len(rows), len(p.Indicators))
	}
	if rows := allIndicators(t, st, jixiao.IndicatorQuery{Q: "麒麟山保"}); len(rows) != len(p.Indicators) {
		t.Errorf("indicators of the renamed project (trigram): %d found, want %d", len(rows), len(p.Indicators))
	}
	// A row inserted by plain SQL, without search columns, is found too.
	if _, err := db.ExecContext(ctx, `INSERT INTO indicators (project_id, document_id, project_seq, seq, level1_code,
		level1, level2_code, level2, name, name_key, period_text, period_op, period_value, period_unit, annual_text,
		annual_op, annual_value, annual_unit, line, raw) VALUES ($1, $2, $3, 99, '1', '产出指标', '11', '数量指标',
		'熊猫繁育数', '熊猫繁育数', '', '', '', '', '', '', '', '', 0, '')`, p.ID, doc.ID, p.Seq); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"熊", "熊猫", "熊猫繁育", "麒麟"} {
		found := false
		for _, r := range allIndicators(t, st, jixiao.IndicatorQuery{Q: q}) {
			found = found || r.Name == "熊猫繁育数"
		}
		if !found {
			t.Errorf("indicator inserted by SQL not found by %q", q)
		}
	}
	old := allIndicators(t, st, jixiao.IndicatorQuery{Q: in.Name, DocumentID: doc.ID})
	for _, r := range old {
		if r.ID == in.ID {
			t.Errorf("old name %q still finds the renamed indicator", in.Name)
		}
	}
	if err := st.DeleteDocument(ctx, doc.ID, jixiao.Actor(nil)); err != nil {
		t.Fatal(err)
	}
	if rows := allIndicators(t, st, jixiao.IndicatorQuery{Q: "驯养"}); len(rows) != 0 {
		t.Errorf("deleted indicator still found")
	}
}
