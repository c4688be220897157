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

// tableRows are the rows of one table to write.
type tableRows struct {
	table string
	cols  []string
	rows  [][]any
}

// childRows are doc's units, projects, indicators and findings (ids set),
// projects before the indicators whose foreign keys point at them. grams
// adds the gram columns of migration 0003, which the triggers fill
// otherwise.
func childRows(doc *jixiao.Document, grams bool) []tableRows {
	units := tableRows{"units", sqldb.UnitCols, nil}
	projects := tableRows{"projects", sqldb.ProjectCols, nil}
	indicators := tableRows{"indicators", sqldb.IndicatorCols, nil}
	findings := tableRows{"findings", sqldb.FindingCols, nil}
	if grams {
		projects.cols = append(append([]string{}, projects.cols...), "name_grams")
		indicators.cols = append(append([]string{}, indicators.cols...), "search_grams")
	}
	for i := range doc.Units {
		units.rows = append(units.rows, sqldb.UnitValues(doc.ID, i+1, &doc.Units[i]))
	}
	for i := range doc.Projects {
		p := &doc.Projects[i]
		row := sqldb.ProjectValues(p)
		if grams {
			row = append(row, sqldb.Grams(sqldb.SearchKey(p.Name)))
		}
		projects.rows = append(projects.rows, row)
		for j := range p.Indicators {
			in := &p.Indicators[j]
			row := sqldb.IndicatorValues(p, in)
			if grams {
				row = append(row, sqldb.Grams(sqldb.IndicatorSearchKey(in.Name, p.Name)))
			}
			indicators.rows = append(indicators.rows, row)
		}
	}
	for i := range doc.Findings {
		findings.rows = append(findings.rows, sqldb.FindingValues(&doc.Findings[i]))
	}
	return []tableRows{units, projects, indicators, findings}
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
		if err := insertRows(ctx, tx, t.table, t.cols, t.rows); err != nil {
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
