package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"jixiao"
	"jixiao/internal/sqldb"
)

// rowsPerInsert bounds a multi-row INSERT at 1,500 rows, fewer for wide
// tables so that the values stay below SQLite's 32,766 bound variables.
// Big statements matter beyond fewer calls: FTS5 flushes its pending terms
// to a new segment at the end of every statement that touches it (through
// the insert triggers), and merging many small segments cost a third of a
// save's CPU with 200-row statements.
const rowsPerInsert = 1500

// saveTx writes doc in tx with batched multi-row INSERTs: the write path of
// SaveDocument and of drafts (sqldb.Store.WriteDocument). The caller's
// transaction must hold the write lock (BEGIN IMMEDIATE), which
// makes numbering the rows before inserting them safe. The next id is one
// above both the highest stored and the highest ever given (the tables are
// AUTOINCREMENT, sqlite_sequence keeps it), so that a deleted row's id,
// which the audit log may still name, is never given again.
func (s *Store) saveTx(ctx context.Context, tx *sql.Tx, doc *jixiao.Document) error {
	if err := sqldb.FindDuplicate(ctx, tx, doc); err != nil {
		return err
	}
	doc.ImportedAt = s.ImportTime(doc)
	if err := sqldb.InsertDocument(ctx, tx, doc, sqldb.TimeText(doc.ImportedAt)); err != nil {
		return err
	}
	// A database made before the tables were AUTOINCREMENT has no
	// sqlite_sequence: number from MAX(id) there rather than fail.
	var sequenced int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE name = 'sqlite_sequence'`).Scan(&sequenced); err != nil {
		return fmt.Errorf("number rows: %w", err)
	}
	var next [3]int64
	for i, t := range []string{"projects", "indicators", "findings"} {
		given := "0"
		if sequenced > 0 {
			given = `COALESCE((SELECT seq FROM sqlite_sequence WHERE name = '` + t + `'), 0)`
		}
		if err := tx.QueryRowContext(ctx, `SELECT MAX(COALESCE(MAX(id), 0), `+given+`) + 1 FROM `+t).Scan(&next[i]); err != nil {
			return fmt.Errorf("number %s: %w", t, err)
		}
	}
	numberFrom(doc, next)
	return insertChildren(ctx, tx, doc)
}

func insertChildren(ctx context.Context, tx *sql.Tx, doc *jixiao.Document) error {
	units := newBatch(tx, "units", sqldb.UnitCols, rowsPerInsert)
	for i := range doc.Units {
		if err := units.Add(ctx, sqldb.UnitValues(doc.ID, i+1, &doc.Units[i])...); err != nil {
			return fmt.Errorf("insert units: %w", err)
		}
	}
	projects := newBatch(tx, "projects", sqldb.ProjectCols, rowsPerInsert)
	indicators := newBatch(tx, "indicators", sqldb.IndicatorCols, rowsPerInsert)
	for i := range doc.Projects {
		p := &doc.Projects[i]
		if err := projects.Add(ctx, sqldb.ProjectValues(p)...); err != nil {
			return fmt.Errorf("insert projects: %w", err)
		}
	}
	// Projects go first so that the indicators' foreign keys find them.
	if err := flushAll(ctx, units, projects); err != nil {
		return err
	}
	for i := range doc.Projects {
		p := &doc.Projects[i]
		for j := range p.Indicators {
			if err := indicators.Add(ctx, sqldb.IndicatorValues(p, &p.Indicators[j])...); err != nil {
				return fmt.Errorf("insert indicators: %w", err)
			}
		}
	}
	findings := newBatch(tx, "findings", sqldb.FindingCols, rowsPerInsert)
	for i := range doc.Findings {
		if err := findings.Add(ctx, sqldb.FindingValues(&doc.Findings[i])...); err != nil {
			return fmt.Errorf("insert findings: %w", err)
		}
	}
	return flushAll(ctx, indicators, findings)
}

func flushAll(ctx context.Context, bs ...*batch) error {
	for _, b := range bs {
		if err := b.Flush(ctx); err != nil {
			return fmt.Errorf("%s: %w", b.head[:len(b.head)-8], err)
		}
	}
	return nil
}

// numberFrom numbers doc's projects, indicators and findings in document
// order from next's ids on (projects, indicators, findings), as
// sqldb.AssignIDs does with reserved ids, without a slice of ids per row.
func numberFrom(doc *jixiao.Document, next [3]int64) {
	for i := range doc.Projects {
		p := &doc.Projects[i]
		p.ID, p.DocumentID = next[0], doc.ID
		next[0]++
		for j := range p.Indicators {
			p.Indicators[j].ID = next[1]
			next[1]++
		}
	}
	for i := range doc.Findings {
		doc.Findings[i].ID, doc.Findings[i].DocumentID = next[2], doc.ID
		next[2]++
	}
}

// batch inserts rows with multi-row INSERT statements of up to perStmt rows,
// prepared once: far fewer round trips through database/sql than one
// statement per row, and still all inside the caller's transaction. It
// writes anonymous "?" placeholders: modernc looks every numbered "$n" up
// by name, a linear search per parameter that made a 4,000-parameter
// statement quadratic (pprof: 70% of an import in sqlite3VListNumToName).
type batch struct {
	tx      *sql.Tx
	head    string
	cols    int
	perStmt int
	full    *sql.Stmt
	args    []any
}

// newBatch prepares INSERT INTO table (cols) VALUES … for perStmt rows.
func newBatch(tx *sql.Tx, table string, cols []string, perStmt int) *batch {
	const maxVariables = 32000 // SQLite's bound is 32,766
	return &batch{tx: tx, head: "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES ",
		cols: len(cols), perStmt: max(1, min(perStmt, maxVariables/len(cols)))}
}

func (b *batch) sql(rows int) string {
	var sb strings.Builder
	sb.WriteString(b.head)
	for r := 0; r < rows; r++ {
		if r > 0 {
			sb.WriteString(", ")
		}
		sb.WriteByte('(')
		for c := 0; c < b.cols; c++ {
			if c > 0 {
				sb.WriteString(", ")
			}
			sb.WriteByte('?')
		}
		sb.WriteByte(')')
	}
	return sb.String()
}

// Add queues one row, running a full statement when perStmt rows are queued.
func (b *batch) Add(ctx context.Context, vals ...any) error {
	if len(vals) != b.cols {
		return fmt.Errorf("batch insert: %d values for %d columns", len(vals), b.cols)
	}
	b.args = append(b.args, vals...)
	if len(b.args) < b.cols*b.perStmt {
		return nil
	}
	if b.full == nil {
		st, err := b.tx.PrepareContext(ctx, b.sql(b.perStmt))
		if err != nil {
			return err
		}
		b.full = st
	}
	_, err := b.full.ExecContext(ctx, b.args...)
	b.args = b.args[:0]
	return err
}

// Flush inserts the queued rows and releases the prepared statement.
func (b *batch) Flush(ctx context.Context) error {
	defer func() {
		if b.full != nil {
			b.full.Close()
			b.full = nil
		}
	}()
	if len(b.args) == 0 {
		return nil
	}
	_, err := b.tx.ExecContext(ctx, b.sql(len(b.args)/b.cols), b.args...)
	b.args = b.args[:0]
	return err
}
