package postgres

import (
	"context"
	"database/sql"
	"fmt"

	"jixiao"
	"jixiao/internal/sqldb"
	"jixiao/internal/workflowsql"
)

// Workflow returns the accounts, sessions, workflow state and audit log kept
// in this database (tables from migrations 0030-0039). Transactions lock a
// document's workflow row (SELECT … FOR UPDATE) before moving its projects,
// so that a publication and a return cannot interleave under READ
// COMMITTED.
func (s *Store) Workflow() jixiao.WorkflowStore {
	return &workflowsql.Store{DB: s.DB, Data: s, SaveDocument: saveDraftTx, ForUpdate: " FOR UPDATE"}
}

var _ jixiao.WorkflowProvider = (*Store)(nil)

// saveDraftTx writes a draft document inside the workflow's transaction.
// Unlike SaveDocument it cannot use COPY (database/sql transaction), and
// drafts are small: ids come from the identity sequences and the rows go in
// with batched INSERTs.
func saveDraftTx(ctx context.Context, tx *sql.Tx, doc *jixiao.Document) error {
	doc.ImportedAt = sqldb.ImportTime(doc)
	if err := sqldb.InsertDocument(ctx, tx, doc, doc.ImportedAt); err != nil {
		return err
	}
	var ids [3][]int64
	for i, t := range []struct {
		table string
		n     int
	}{{"projects", len(doc.Projects)}, {"indicators", doc.IndicatorCount()}, {"findings", len(doc.Findings)}} {
		var err error
		if ids[i], err = nextIDs(ctx, tx, t.table, t.n); err != nil {
			return err
		}
	}
	sqldb.AssignIDs(doc, ids[0], ids[1], ids[2])
	return insertDraftRows(ctx, tx, doc)
}

func nextIDs(ctx context.Context, tx *sql.Tx, table string, n int) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, `SELECT nextval(pg_get_serial_sequence($1, 'id')) FROM generate_series(1, $2)`, table, n)
	if err != nil {
		return nil, fmt.Errorf("reserve %s ids: %w", table, err)
	}
	defer rows.Close()
	out := make([]int64, 0, n)
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

func insertDraftRows(ctx context.Context, tx *sql.Tx, doc *jixiao.Document) error {
	const per = 100
	units := sqldb.NewBatch(tx, "units", sqldb.UnitCols, per)
	projects := sqldb.NewBatch(tx, "projects", sqldb.ProjectCols, per)
	indicators := sqldb.NewBatch(tx, "indicators", sqldb.IndicatorCols, per)
	findings := sqldb.NewBatch(tx, "findings", sqldb.FindingCols, per)
	for i := range doc.Units {
		if err := units.Add(ctx, sqldb.UnitValues(doc.ID, i+1, &doc.Units[i])...); err != nil {
			return err
		}
	}
	for i := range doc.Projects {
		if err := projects.Add(ctx, sqldb.ProjectValues(&doc.Projects[i])...); err != nil {
			return err
		}
	}
	for _, b := range []*sqldb.Batch{units, projects} {
		if err := b.Flush(ctx); err != nil {
			return fmt.Errorf("insert draft: %w", err)
		}
	}
	for i := range doc.Projects {
		p := &doc.Projects[i]
		for j := range p.Indicators {
			if err := indicators.Add(ctx, sqldb.IndicatorValues(p, &p.Indicators[j])...); err != nil {
				return err
			}
		}
	}
	for i := range doc.Findings {
		if err := findings.Add(ctx, sqldb.FindingValues(&doc.Findings[i])...); err != nil {
			return err
		}
	}
	for _, b := range []*sqldb.Batch{indicators, findings} {
		if err := b.Flush(ctx); err != nil {
			return fmt.Errorf("insert draft: %w", err)
		}
	}
	return nil
}
