package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"jixiao"
)

// rowsPerInsert bounds a multi-row INSERT at 1,500 rows, fewer for wide
// tables so that the values stay below SQLite's 32,766 bound variables.
// Big statements matter beyond fewer calls: FTS5 flushes its pending terms
// to a new segment at the end of every statement that touches it (through
// the insert triggers), and merging many small segments cost a third of a
// save's CPU with 200-row statements.
const rowsPerInsert = 1500

// FindDuplicate returns a *jixiao.DuplicateError when a document with sha is
// stored, nil when none is.
func FindDuplicate(ctx context.Context, q querier, sha string) error {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT id FROM documents WHERE sha256 = $1`, sha).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("look for sha256 %s: %w", sha, err)
	}
	return &jixiao.DuplicateError{SHA256: sha, DocumentID: id}
}

// InsertSQL is INSERT INTO table (cols) VALUES ($1, …) RETURNING id.
func InsertSQL(table string, cols []string) string {
	ph := make([]string, len(cols))
	for i := range cols {
		ph[i] = "$" + strconv.Itoa(i+1)
	}
	return "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES (" + strings.Join(ph, ", ") + ") RETURNING id"
}

// InsertDocument writes the documents row and sets doc.ID; at is how the
// engine stores imported_at (see DocumentValues).
func InsertDocument(ctx context.Context, tx *sql.Tx, doc *jixiao.Document, at any) error {
	if err := tx.QueryRowContext(ctx, InsertSQL("documents", DocumentCols), DocumentValues(doc, at)...).Scan(&doc.ID); err != nil {
		return fmt.Errorf("insert document: %w", err)
	}
	return nil
}

// SaveTx writes doc in tx with batched multi-row INSERTs, the SQLite path.
// The caller's transaction must hold the write lock (BEGIN IMMEDIATE), which
// makes numbering the rows before inserting them safe. The next id is one
// above both the highest stored and the highest ever given (the tables are
// AUTOINCREMENT, sqlite_sequence keeps it), so that a deleted row's id,
// which the audit log may still name, is never given again.
func (s *Store) SaveTx(ctx context.Context, tx *sql.Tx, doc *jixiao.Document) error {
	if err := FindDuplicate(ctx, tx, doc.SHA256); err != nil {
		return err
	}
	doc.ImportedAt = s.ImportTime(doc)
	if err := InsertDocument(ctx, tx, doc, TimeText(doc.ImportedAt)); err != nil {
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
	AssignIDs(doc, Consecutive(next[0], len(doc.Projects)), Consecutive(next[1], doc.IndicatorCount()),
		Consecutive(next[2], len(doc.Findings)))
	return insertChildren(ctx, tx, doc)
}

func insertChildren(ctx context.Context, tx *sql.Tx, doc *jixiao.Document) error {
	units := NewBatch(tx, "units", UnitCols, rowsPerInsert)
	for i := range doc.Units {
		if err := units.Add(ctx, UnitValues(doc.ID, i+1, &doc.Units[i])...); err != nil {
			return fmt.Errorf("insert units: %w", err)
		}
	}
	projects := NewBatch(tx, "projects", ProjectCols, rowsPerInsert)
	indicators := NewBatch(tx, "indicators", IndicatorCols, rowsPerInsert)
	for i := range doc.Projects {
		p := &doc.Projects[i]
		if err := projects.Add(ctx, ProjectValues(p)...); err != nil {
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
			if err := indicators.Add(ctx, IndicatorValues(p, &p.Indicators[j])...); err != nil {
				return fmt.Errorf("insert indicators: %w", err)
			}
		}
	}
	findings := NewBatch(tx, "findings", FindingCols, rowsPerInsert)
	for i := range doc.Findings {
		if err := findings.Add(ctx, FindingValues(&doc.Findings[i])...); err != nil {
			return fmt.Errorf("insert findings: %w", err)
		}
	}
	return flushAll(ctx, indicators, findings)
}

func flushAll(ctx context.Context, bs ...*Batch) error {
	for _, b := range bs {
		if err := b.Flush(ctx); err != nil {
			return fmt.Errorf("%s: %w", b.head[:len(b.head)-8], err)
		}
	}
	return nil
}
