package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"jixiao"
)

// AddProject appends a new project to a draft document. findings are the
// document's findings with the new project in place (the caller numbered
// it as the last project, as it will be).
func (s *Store) AddProject(ctx context.Context, documentID int64, p *jixiao.Project, findings []jixiao.Finding,
	e jixiao.AuditEntry) (jixiao.ProjectStatus, error) {
	var st jixiao.ProjectStatus
	if err := p.Validate(); err != nil {
		return st, err
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := s.lockDocument(ctx, tx, documentID); err != nil {
			return err
		}
		ds, err := s.documentStatus(ctx, tx, documentID)
		if err != nil {
			return err
		}
		if ds.State != jixiao.DocDraft {
			return &jixiao.TransitionError{From: ds.State, Action: jixiao.ActionAddProject,
				Msg: "文档已公开，不能新增项目"}
		}
		p.DocumentID, p.Seq = documentID, len(ds.Projects)+1
		for i := range p.Indicators {
			p.Indicators[i].Seq = i + 1
		}
		if err := tx.QueryRowContext(ctx, InsertSQL("projects", ProjectCols[1:]),
			ProjectValues(p)[1:]...).Scan(&p.ID); err != nil {
			return fmt.Errorf("insert project: %w", err)
		}
		if err := s.replaceIndicators(ctx, tx, p); err != nil {
			return err
		}
		if err := s.replaceFindings(ctx, tx, documentID, findings); err != nil {
			return err
		}
		if err := s.startProject(ctx, tx, p, e.Username); err != nil {
			return err
		}
		st = jixiao.ProjectStatus{ProjectID: p.ID, DocumentID: documentID, Department: ds.Department, Unit: p.Unit,
			State: jixiao.StateDraft, Version: 1, DocState: ds.State}
		e.Action, e.DocumentID, e.ProjectID, e.ProjectSeq, e.ToState, e.Version = jixiao.ActionAddProject, documentID, p.ID, p.Seq, jixiao.StateDraft, 1
		e.Changes = []jixiao.Change{{Field: "project", Label: "项目名称", New: p.Name}}
		return s.appendAudit(ctx, tx, e)
	})
	return st, err
}

// RemoveProject deletes a draft project and closes the gap in the
// numbering. Unique (document, seq) keys are moved in two steps, through
// negative numbers, because neither engine promises an update order.
func (s *Store) RemoveProject(ctx context.Context, projectID int64, findings []jixiao.Finding, e jixiao.AuditEntry) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		st, err := s.projectStatus(ctx, tx, projectID)
		if err != nil {
			return err
		}
		if err := s.lockDocument(ctx, tx, st.DocumentID); err != nil {
			return err
		}
		if st, err = s.projectStatus(ctx, tx, projectID); err != nil {
			return err
		}
		if reason := editBlock(st); reason != "" && (st.State != jixiao.StateRejected || st.DocState == jixiao.DocPublished) {
			// A 不予安排 project of a draft is removed so that the rest can be published.
			return &jixiao.TransitionError{From: st.State, Action: jixiao.ActionRemoveProject, Msg: reason}
		}
		var seq int
		var name string
		if err := tx.QueryRowContext(ctx, `SELECT seq, name FROM projects WHERE id = $1`, projectID).Scan(&seq, &name); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM projects WHERE id = $1`, projectID); err != nil {
			return fmt.Errorf("delete project %d: %w", projectID, err)
		}
		for _, q := range []string{
			`UPDATE projects SET seq = -seq WHERE document_id = $1 AND seq > $2`,
			`UPDATE projects SET seq = -seq - 1 WHERE document_id = $1 AND seq < 0`,
			`UPDATE indicators SET project_seq = -project_seq WHERE document_id = $1 AND project_seq > $2`,
			`UPDATE indicators SET project_seq = -project_seq - 1 WHERE document_id = $1 AND project_seq < 0`,
		} {
			args := []any{st.DocumentID, seq}
			if !strings.Contains(q, "$2") {
				args = args[:1]
			}
			if _, err := tx.ExecContext(ctx, q, args...); err != nil {
				return fmt.Errorf("renumber projects of %d: %w", st.DocumentID, err)
			}
		}
		if err := s.replaceFindings(ctx, tx, st.DocumentID, findings); err != nil {
			return err
		}
		e.Action, e.DocumentID, e.ProjectID, e.ProjectSeq, e.FromState, e.Version = jixiao.ActionRemoveProject, st.DocumentID, projectID, seq, st.State, st.Version
		e.Changes = []jixiao.Change{{Field: "project", Label: "项目名称", Old: name}}
		return s.appendAudit(ctx, tx, e)
	})
}
