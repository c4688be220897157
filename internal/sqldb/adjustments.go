package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"jixiao"
)

const adjustmentCols = `a.id, a.document_id, a.project_id, p.seq, p.unit, a.indicator_seq, a.field, a.old_value,
	a.new_value, a.reason, a.state, a.created_by, a.created_at`

func scanAdjustment(sc interface{ Scan(...any) error }) (*jixiao.Adjustment, error) {
	var a jixiao.Adjustment
	var state string
	var at Time
	if err := sc.Scan(&a.ID, &a.DocumentID, &a.ProjectID, &a.ProjectSeq, &a.Unit, &a.IndicatorSeq, &a.Field,
		&a.Old, &a.New, &a.Reason, &state, &a.CreatedBy, &at); err != nil {
		return nil, err
	}
	a.State, a.CreatedAt = jixiao.State(state), at.T
	return &a, nil
}

// ProposeAdjustment stores a for a project of a published document.
func (s *Store) ProposeAdjustment(ctx context.Context, a *jixiao.Adjustment, e jixiao.AuditEntry) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		st, err := s.projectStatus(ctx, tx, a.ProjectID)
		if err != nil {
			return err
		}
		if st.DocState != jixiao.DocPublished {
			return &jixiao.TransitionError{From: st.DocState, Action: jixiao.ActionAdjust,
				Msg: "文档尚未公开，请直接修改草稿，不需要目标调整"}
		}
		a.DocumentID, a.State, a.CreatedBy, a.CreatedAt = st.DocumentID, jixiao.StateSubmitted, e.Username, s.now()
		err = tx.QueryRowContext(ctx, `INSERT INTO adjustments (document_id, project_id, indicator_seq, field,
			old_value, new_value, reason, state, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
			RETURNING id`, a.DocumentID, a.ProjectID, a.IndicatorSeq, a.Field, a.Old, a.New, a.Reason,
			string(a.State), a.CreatedBy, TimeText(a.CreatedAt)).Scan(&a.ID)
		if err != nil {
			return fmt.Errorf("store adjustment: %w", err)
		}
		e.Action, e.DocumentID, e.ProjectID, e.ProjectSeq, e.IndicatorSeq = jixiao.ActionAdjust, a.DocumentID, a.ProjectID, a.ProjectSeq, a.IndicatorSeq
		e.ToState, e.Comment, e.AdjustmentID, e.Version = a.State, a.Reason, a.ID, st.Version
		e.Changes = []jixiao.Change{{Field: a.Field, Label: a.Label(), Old: a.Old, New: a.New}}
		return s.appendAudit(ctx, tx, e)
	})
}

// Adjustment returns one adjustment.
func (s *Store) Adjustment(ctx context.Context, id int64) (*jixiao.Adjustment, error) {
	return s.adjustment(ctx, s.DB, id)
}

func (s *Store) adjustment(ctx context.Context, q querier, id int64) (*jixiao.Adjustment, error) {
	a, err := scanAdjustment(q.QueryRowContext(ctx, `SELECT `+adjustmentCols+` FROM adjustments a
		JOIN projects p ON p.id = a.project_id WHERE a.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("adjustment %d: %w", id, jixiao.ErrNotFound)
	}
	return a, err
}

// Adjustments lists a document's adjustments, oldest first.
func (s *Store) Adjustments(ctx context.Context, documentID int64) ([]jixiao.Adjustment, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT `+adjustmentCols+` FROM adjustments a
		JOIN projects p ON p.id = a.project_id WHERE a.document_id = $1 ORDER BY a.id`, documentID)
	if err != nil {
		return nil, fmt.Errorf("list adjustments of %d: %w", documentID, err)
	}
	defer rows.Close()
	out := []jixiao.Adjustment{}
	for rows.Next() {
		a, err := scanAdjustment(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *a)
	}
	return out, rows.Err()
}

// SetAdjustmentState moves an adjustment through the review; at 财政已审
// its new value goes into the published project.
func (s *Store) SetAdjustmentState(ctx context.Context, id int64, e jixiao.AuditEntry) (*jixiao.Adjustment, error) {
	var a *jixiao.Adjustment
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if a, err = s.adjustment(ctx, tx, id); err != nil {
			return err
		}
		if err := s.lockDocument(ctx, tx, a.DocumentID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE adjustments SET state = $1 WHERE id = $2 AND state = $3`,
			string(e.ToState), id, string(e.FromState))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return &jixiao.TransitionError{From: a.State, Action: e.Action,
				Msg: fmt.Sprintf("目标调整当前状态为“%s”，不能%s", a.State, e.Action.Label())}
		}
		a.State = e.ToState
		e.DocumentID, e.ProjectID, e.ProjectSeq, e.IndicatorSeq, e.AdjustmentID = a.DocumentID, a.ProjectID, a.ProjectSeq, a.IndicatorSeq, a.ID
		if a.State == jixiao.StateFinanceApproved {
			if err := s.applyAdjustment(ctx, tx, a); err != nil {
				return err
			}
			e.Changes = []jixiao.Change{{Field: a.Field, Label: a.Label(), Old: a.Old, New: a.New}}
		}
		return s.appendAudit(ctx, tx, e)
	})
	return a, err
}

// applyAdjustment writes the new value into the published project.
func (s *Store) applyAdjustment(ctx context.Context, tx *sql.Tx, a *jixiao.Adjustment) error {
	if a.Field == jixiao.AdjustGoal {
		_, err := tx.ExecContext(ctx, `UPDATE projects SET goal = $1 WHERE id = $2`, a.New, a.ProjectID)
		return err
	}
	t := jixiao.ParseTarget(a.New)
	col := "annual"
	if a.Field == jixiao.AdjustPeriod {
		col = "period"
	}
	_, err := tx.ExecContext(ctx, `UPDATE indicators SET `+col+`_text = $1, `+col+`_op = $2, `+col+`_value = $3, `+
		col+`_unit = $4 WHERE project_id = $5 AND seq = $6`, t.Text, string(t.Op), t.Value, t.Unit, a.ProjectID, a.IndicatorSeq)
	if err != nil {
		return fmt.Errorf("apply adjustment %d: %w", a.ID, err)
	}
	return nil
}
