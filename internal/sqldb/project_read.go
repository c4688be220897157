package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"jixiao"
)

// ProjectRow reads project id by its id alone: the project with its
// indicators, its document's heading and money unit, and its place in the
// workflow, in one snapshot. A page or API answer about one project needs
// nothing more, and reading it through its document costs the whole
// document (0.5 s for a 100,000-project table, issue 18).
func (s *Store) ProjectRow(ctx context.Context, id int64) (jixiao.ProjectRow, jixiao.ProjectStatus, error) {
	var r jixiao.ProjectRow
	var st jixiao.ProjectStatus
	tx, err := s.DB.BeginTx(ctx, &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead})
	if err != nil {
		return r, st, err
	}
	defer tx.Rollback()
	var unit, ps, ds string
	err = scanProject(tx.QueryRowContext(ctx, `SELECT `+projectCols+`, d.title, d.agency, d.year, d.money_unit,
		`+projectStateExpr+`, `+versionExpr+`, `+docStateExpr+`
		FROM projects p JOIN documents d ON d.id = p.document_id
		LEFT JOIN project_workflow pw ON pw.project_id = p.id
		LEFT JOIN document_workflow w ON w.document_id = p.document_id WHERE p.id = $1`, id),
		&r.Project, &r.DocumentTitle, &r.DocumentAgency, &r.DocumentYear, &unit, &ps, &st.Version, &ds)
	if errors.Is(err, sql.ErrNoRows) {
		return r, st, fmt.Errorf("project %d: %w", id, jixiao.ErrNotFound)
	}
	if err != nil {
		return r, st, fmt.Errorf("read project %d: %w", id, err)
	}
	r.MoneyUnit = jixiao.MoneyUnit(unit)
	r.Indicators = []jixiao.Indicator{}
	ps1 := []jixiao.Project{r.Project}
	if err := readIndicatorsInto(ctx, tx, ps1, `i.project_id = $1`, id); err != nil {
		return r, st, fmt.Errorf("read indicators of project %d: %w", id, err)
	}
	r.Project = ps1[0]
	st.ProjectID, st.DocumentID, st.Department, st.Unit = id, r.DocumentID, r.DocumentAgency, r.Unit
	st.State, st.DocState = jixiao.State(ps), jixiao.State(ds)
	return r, st, nil
}

// DraftUnits lists the drafts as Drafts does but without their projects:
// each draft's department, state and the units its projects name (in
// name order). That is all the policy needs to decide which drafts a user
// reads, and whether any of a draft's projects is hidden from them (a
// project's visibility depends on its unit alone), so a view need not read
// every project of every draft on every request (issue 18).
func (s *Store) DraftUnits(ctx context.Context) ([]jixiao.DocumentStatus, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT w.document_id, d.agency, p.unit FROM document_workflow w
		JOIN documents d ON d.id = w.document_id LEFT JOIN projects p ON p.document_id = w.document_id
		WHERE w.state = $1 GROUP BY w.document_id, d.agency, p.unit ORDER BY w.document_id, p.unit`,
		string(jixiao.DocDraft))
	if err != nil {
		return nil, fmt.Errorf("list draft units: %w", err)
	}
	defer rows.Close()
	out := []jixiao.DocumentStatus{}
	for rows.Next() {
		var id int64
		var dept string
		var unit sql.NullString
		if err := rows.Scan(&id, &dept, &unit); err != nil {
			return nil, err
		}
		if len(out) == 0 || out[len(out)-1].DocumentID != id {
			out = append(out, jixiao.DocumentStatus{DocumentID: id, Department: dept, State: jixiao.DocDraft})
		}
		if unit.Valid {
			out[len(out)-1].Units = append(out[len(out)-1].Units, unit.String)
		}
	}
	return out, rows.Err()
}
