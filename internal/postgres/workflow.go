package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

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
// with multi-row INSERTs.
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
	var units, projects, indicators, findings [][]any
	for i := range doc.Units {
		units = append(units, sqldb.UnitValues(doc.ID, i+1, &doc.Units[i]))
	}
	for i := range doc.Projects {
		p := &doc.Projects[i]
		projects = append(projects, sqldb.ProjectValues(p))
		for j := range p.Indicators {
			indicators = append(indicators, sqldb.IndicatorValues(p, &p.Indicators[j]))
		}
	}
	for i := range doc.Findings {
		findings = append(findings, sqldb.FindingValues(&doc.Findings[i]))
	}
	// Projects before indicators, whose foreign keys point at them.
	for _, t := range []struct {
		table string
		cols  []string
		rows  [][]any
	}{{"units", sqldb.UnitCols, units}, {"projects", sqldb.ProjectCols, projects},
		{"indicators", sqldb.IndicatorCols, indicators}, {"findings", sqldb.FindingCols, findings}} {
		if err := insertRows(ctx, tx, t.table, t.cols, t.rows); err != nil {
			return fmt.Errorf("insert draft %s: %w", t.table, err)
		}
	}
	return nil
}

// insertRows writes rows with multi-row INSERTs of up to 100 rows ($n
// placeholders: at most 2,100 per statement for the widest table).
func insertRows(ctx context.Context, tx *sql.Tx, table string, cols []string, rows [][]any) error {
	const per = 100
	for len(rows) > 0 {
		n := min(per, len(rows))
		var sb strings.Builder
		sb.WriteString("INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES ")
		args := make([]any, 0, n*len(cols))
		for r := 0; r < n; r++ {
			if r > 0 {
				sb.WriteString(", ")
			}
			sb.WriteByte('(')
			for c := range cols {
				if c > 0 {
					sb.WriteString(", ")
				}
				args = append(args, rows[r][c])
				fmt.Fprintf(&sb, "$%d", len(args))
			}
			sb.WriteByte(')')
		}
		if _, err := tx.ExecContext(ctx, sb.String(), args...); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}
