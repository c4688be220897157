package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"jixiao"
)

// DocumentOutline reads document id without its projects: the heading,
// the listed units, each unit's projects counted and summed in SQL, and
// the findings counted (issue 18 item 3). The statements share one
// snapshot.
func (s *Store) DocumentOutline(ctx context.Context, id int64) (*jixiao.DocumentOutline, error) {
	tx, err := s.DB.BeginTx(ctx, &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	doc, err := readDocument(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if doc.Units, err = readUnits(ctx, tx, id); err != nil {
		return nil, fmt.Errorf("read units of %d: %w", id, err)
	}
	o := &jixiao.DocumentOutline{Document: doc, Findings: map[jixiao.Severity]int{}}
	figures, order, err := unitFigures(ctx, tx, id)
	if err != nil {
		return nil, fmt.Errorf("count units of %d: %w", id, err)
	}
	if o.Indicators, err = countIndicators(ctx, tx, id); err != nil {
		return nil, fmt.Errorf("count indicators of %d: %w", id, err)
	}
	if err := countDocumentFindings(ctx, tx, id, o.Findings); err != nil {
		return nil, fmt.Errorf("count findings of %d: %w", id, err)
	}
	o.Units = outlineUnits(doc.Units, figures, order)
	for _, u := range o.Units {
		o.Projects += u.Projects
		o.Sum = o.Sum.Add(u.Sum)
	}
	return o, nil
}

// outlineUnits orders the units as the page groups them: the listed ones,
// then those only projects name (order, by first project). A name listed
// twice keeps its projects on its last listing, as the whole document's
// grouping does.
func outlineUnits(listed []jixiao.Unit, figures map[string]*jixiao.UnitFigures, order []string) []jixiao.UnitFigures {
	last := map[string]int{}
	for i, u := range listed {
		last[u.Name] = i
	}
	out := make([]jixiao.UnitFigures, 0, len(listed)+len(order))
	for i, u := range listed {
		f := jixiao.UnitFigures{Unit: u, Listed: true}
		if g := figures[u.Name]; g != nil && last[u.Name] == i {
			f.Projects, f.FirstSeq, f.Sum = g.Projects, g.FirstSeq, g.Sum
		}
		out = append(out, f)
	}
	for _, name := range order {
		if _, ok := last[name]; !ok {
			out = append(out, *figures[name])
		}
	}
	return out
}

// unitFigures counts and sums each unit's projects; order is the units by
// their first project. Unread is the OR of the projects' bits, written as
// a sum of each bit's MAX because SQLite has no BIT_OR.
func unitFigures(ctx context.Context, q querier, id int64) (map[string]*jixiao.UnitFigures, []string, error) {
	rows, err := q.QueryContext(ctx, `SELECT unit, COUNT(*), MIN(seq), COALESCE(SUM(total), 0),
		COALESCE(SUM(fiscal), 0), COALESCE(SUM(special_account), 0), COALESCE(SUM(other), 0),
		MAX(unread & 1) + MAX(unread & 2) + MAX(unread & 4) + MAX(unread & 8)
		FROM projects WHERE document_id = $1 GROUP BY unit ORDER BY MIN(seq)`, id)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	figures := map[string]*jixiao.UnitFigures{}
	var order []string
	for rows.Next() {
		var f jixiao.UnitFigures
		var unread int
		if err := rows.Scan(&f.Unit.Name, &f.Projects, &f.FirstSeq, &f.Sum.Total, &f.Sum.Fiscal,
			&f.Sum.SpecialAccount, &f.Sum.Other, &unread); err != nil {
			return nil, nil, err
		}
		f.Sum.Unread = jixiao.AmountCols(unread)
		figures[f.Unit.Name] = &f
		order = append(order, f.Unit.Name)
	}
	return figures, order, rows.Err()
}

// countIndicators counts the document's indicators from the index of
// their order (document_id first) alone; counting them by unit would join
// every indicator to its project, half the outline's time.
func countIndicators(ctx context.Context, q querier, id int64) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM indicators WHERE document_id = $1`, id).Scan(&n)
	return n, err
}

func countDocumentFindings(ctx context.Context, q querier, id int64, counts map[jixiao.Severity]int) error {
	rows, err := q.QueryContext(ctx, `SELECT severity, COUNT(*) FROM findings WHERE document_id = $1 GROUP BY severity`, id)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var sev string
		var n int
		if err := rows.Scan(&sev, &n); err != nil {
			return err
		}
		counts[jixiao.Severity(sev)] = n
	}
	return rows.Err()
}

// MaxUnitProjects bounds UnitProjects' Limit.
const MaxUnitProjects = 1000

// UnitProjects reads some projects of one unit of a document (or of
// every unit) with their indicators, in document order (jixiao.UnitProjectsQuery); a Limit of 0
// or more than MaxUnitProjects is MaxUnitProjects. An unknown document or
// unit has no projects.
func (s *Store) UnitProjects(ctx context.Context, q jixiao.UnitProjectsQuery) ([]jixiao.Project, error) {
	limit := q.Limit
	if limit <= 0 || limit > MaxUnitProjects {
		limit = MaxUnitProjects
	}
	tx, err := s.DB.BeginTx(ctx, &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	ps, err := readUnitProjects(ctx, tx, q, limit)
	if err != nil {
		return nil, fmt.Errorf("read projects of %d, unit %q: %w", q.DocumentID, q.Unit, err)
	}
	if len(ps) == 0 {
		return ps, nil
	}
	w := &where{}
	ids := make([]int64, len(ps))
	for i := range ps {
		ids[i] = ps[i].ID
	}
	if err := readIndicatorsInto(ctx, tx, ps, `i.project_id IN (`+argList(w, ids)+`)`, w.args...); err != nil {
		return nil, fmt.Errorf("read indicators of %d, unit %q: %w", q.DocumentID, q.Unit, err)
	}
	return ps, nil
}

// FindingsAbout lists the findings of document id that are about one of
// the projects seqs or about no project (the 合计 row, a unit row, the
// table), in document order.
func (s *Store) FindingsAbout(ctx context.Context, id int64, seqs []int) ([]jixiao.Finding, error) {
	w := &where{}
	cond := "project_seq = 0"
	if len(seqs) > 0 {
		cond = "(project_seq = 0 OR project_seq IN (" + argList(w, slices.Compact(slices.Sorted(slices.Values(seqs)))) + "))"
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT id, document_id, rule, severity, unit, project_seq, project,
		indicator_seq, line, message FROM findings WHERE document_id = `+w.arg(id)+` AND `+cond+` ORDER BY id`, w.args...)
	if err != nil {
		return nil, fmt.Errorf("list findings of %d: %w", id, err)
	}
	defer rows.Close()
	out := []jixiao.Finding{}
	for rows.Next() {
		var f jixiao.Finding
		var sev string
		if err := rows.Scan(&f.ID, &f.DocumentID, &f.Rule, &sev, &f.Unit, &f.ProjectSeq, &f.Project,
			&f.IndicatorSeq, &f.Line, &f.Message); err != nil {
			return nil, err
		}
		f.Severity = jixiao.Severity(sev)
		out = append(out, f)
	}
	return out, rows.Err()
}

// readUnitProjects reads the projects q names, without indicators.
func readUnitProjects(ctx context.Context, tx *sql.Tx, q jixiao.UnitProjectsQuery, limit int) ([]jixiao.Project, error) {
	w := &where{}
	w.add("p.document_id = " + w.arg(q.DocumentID))
	if !q.AllUnits {
		w.add("p.unit = " + w.arg(q.Unit))
	}
	w.add("p.seq > " + w.arg(q.AfterSeq))
	stmt := `SELECT ` + projectCols + ` FROM projects p` + w.sql() + ` ORDER BY p.seq LIMIT ` + w.arg(limit) +
		` OFFSET ` + w.arg(max(q.Offset, 0))
	rows, err := tx.QueryContext(ctx, stmt, w.args...)
	if err != nil {
		return nil, err
	}
	return scanProjects(rows)
}

// ProjectPlace finds project seq of document id in its unit: the unit's
// name and how many of the unit's projects come before it, so that a
// link to one project can open the page holding it. ErrNotFound when the
// document has no such project.
func (s *Store) ProjectPlace(ctx context.Context, id int64, seq int) (string, int, error) {
	var unit string
	var before int
	err := s.DB.QueryRowContext(ctx, `SELECT p.unit, (SELECT COUNT(*) FROM projects q
		WHERE q.document_id = p.document_id AND q.unit = p.unit AND q.seq < p.seq)
		FROM projects p WHERE p.document_id = $1 AND p.seq = $2`, id, seq).Scan(&unit, &before)
	if errors.Is(err, sql.ErrNoRows) {
		return "", 0, fmt.Errorf("project %d of document %d: %w", seq, id, jixiao.ErrNotFound)
	}
	return unit, before, err
}
