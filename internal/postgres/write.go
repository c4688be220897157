package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"jixiao"
	"jixiao/internal/sqldb"
)

// What both write paths share: SaveDocument (native pgx, COPY) and
// saveDraftTx (database/sql, inside the workflow's transaction) take ids
// from the tables' identity sequences first, so that projects and the
// indicators that point at them go in with their ids in one pass.

// reserveIDs takes $2 ids from table $1's identity sequence.
// generate_series and pg_get_serial_sequence are PostgreSQL functions that
// openGauss and KingbaseES also provide.
const reserveIDs = `SELECT nextval(pg_get_serial_sequence($1, 'id')) FROM generate_series(1, $2)`

// assignIDs numbers doc's projects, indicators and findings with ids that
// reserve (a reserveIDs query) takes.
func assignIDs(doc *jixiao.Document, reserve func(table string, n int) ([]int64, error)) error {
	var ids [3][]int64
	for i, t := range []struct {
		table string
		n     int
	}{{"projects", len(doc.Projects)}, {"indicators", doc.IndicatorCount()}, {"findings", len(doc.Findings)}} {
		if t.n == 0 {
			continue
		}
		var err error
		if ids[i], err = reserve(t.table, t.n); err != nil {
			return fmt.Errorf("reserve %s ids: %w", t.table, err)
		}
	}
	sqldb.AssignIDs(doc, ids[0], ids[1], ids[2])
	return nil
}

// tableRows are the rows of one table to write, built one at a time as
// the writer asks for them: a 260,000-project table's rows (with their
// grams) held at once took 6.6 GB before COPY started.
type tableRows struct {
	table string
	cols  []string
	n     int // how many rows next gives
	// next returns the following row, nil after the last. A row's values
	// are fresh on each call; the writer may keep them until its next call.
	next func() []any
}

// copySource feeds a tableRows to pgx's COPY (a pgx.CopyFromSource).
type copySource struct {
	t   *tableRows
	row []any
}

func (c *copySource) Next() bool             { c.row = c.t.next(); return c.row != nil }
func (c *copySource) Values() ([]any, error) { return c.row, nil }
func (c *copySource) Err() error             { return nil }

// childRows are doc's units, projects, indicators and findings (ids set),
// projects before the indicators whose foreign keys point at them. grams
// adds the gram columns of migration 0003, which the triggers fill
// otherwise.
func childRows(doc *jixiao.Document, grams bool) []*tableRows {
	units := &tableRows{table: "units", cols: sqldb.UnitCols, n: len(doc.Units)}
	projects := &tableRows{table: "projects", cols: sqldb.ProjectCols, n: len(doc.Projects)}
	indicators := &tableRows{table: "indicators", cols: sqldb.IndicatorCols, n: doc.IndicatorCount()}
	findings := &tableRows{table: "findings", cols: sqldb.FindingCols, n: len(doc.Findings)}
	if grams {
		projects.cols = append(append([]string{}, projects.cols...), "name_grams")
		indicators.cols = append(append([]string{}, indicators.cols...), "search_grams")
	}
	u := 0
	units.next = func() []any {
		if u == len(doc.Units) {
			return nil
		}
		u++
		return sqldb.UnitValues(doc.ID, u, &doc.Units[u-1])
	}
	pi := 0
	projects.next = func() []any {
		if pi == len(doc.Projects) {
			return nil
		}
		p := &doc.Projects[pi]
		pi++
		row := sqldb.ProjectValues(p)
		if grams {
			row = append(row, sqldb.Grams(sqldb.SearchKey(p.Name)))
		}
		return row
	}
	ip, ii := 0, 0 // the next indicator is doc.Projects[ip].Indicators[ii]
	indicators.next = func() []any {
		for ip < len(doc.Projects) && ii == len(doc.Projects[ip].Indicators) {
			ip, ii = ip+1, 0
		}
		if ip == len(doc.Projects) {
			return nil
		}
		p := &doc.Projects[ip]
		in := &p.Indicators[ii]
		ii++
		row := sqldb.IndicatorValues(p, in)
		if grams {
			row = append(row, sqldb.Grams(sqldb.IndicatorSearchKey(in.Name, p.Name)))
		}
		return row
	}
	fi := 0
	findings.next = func() []any {
		if fi == len(doc.Findings) {
			return nil
		}
		fi++
		return sqldb.FindingValues(&doc.Findings[fi-1])
	}
	return []*tableRows{units, projects, indicators, findings}
}

// saveDraftTx writes a draft document inside the workflow's transaction
// (sqldb.Store.WriteDocument). Unlike SaveDocument it cannot use COPY
// (database/sql transaction), and drafts are small: the rows go in with
// multi-row INSERTs.
func (s *Store) saveDraftTx(ctx context.Context, tx *sql.Tx, doc *jixiao.Document) error {
	doc.ImportedAt = s.ImportTime(doc)
	if err := sqldb.InsertDocument(ctx, tx, doc, doc.ImportedAt); err != nil {
		return err
	}
	err := assignIDs(doc, func(table string, n int) ([]int64, error) { return nextIDs(ctx, tx, table, n) })
	if err != nil {
		return err
	}
	for _, t := range childRows(doc, false) {
		if err := insertRows(ctx, tx, t); err != nil {
			return fmt.Errorf("insert draft %s: %w", t.table, err)
		}
	}
	return nil
}

func nextIDs(ctx context.Context, tx *sql.Tx, table string, n int) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, reserveIDs, table, n)
	if err != nil {
		return nil, err
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

// insertRows writes t's rows with multi-row INSERTs of up to 100 rows ($n
// placeholders: at most 2,100 per statement for the widest table).
func insertRows(ctx context.Context, tx *sql.Tx, t *tableRows) error {
	const per = 100
	args := make([]any, 0, per*len(t.cols))
	row := t.next()
	for row != nil {
		var sb strings.Builder
		sb.WriteString("INSERT INTO " + t.table + " (" + strings.Join(t.cols, ", ") + ") VALUES ")
		args = args[:0]
		for r := 0; r < per && row != nil; r++ {
			if r > 0 {
				sb.WriteString(", ")
			}
			sb.WriteByte('(')
			for c := range t.cols {
				if c > 0 {
					sb.WriteString(", ")
				}
				args = append(args, row[c])
				fmt.Fprintf(&sb, "$%d", len(args))
			}
			sb.WriteByte(')')
			row = t.next()
		}
		if _, err := tx.ExecContext(ctx, sb.String(), args...); err != nil {
			return err
		}
	}
	return nil
}
