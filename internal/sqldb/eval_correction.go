package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"jixiao"
)

// Monitoring by 136号 (migration 0160): the 纠偏 of a project in a round,
// and an indicator's kind (累计型 / 时点型).

// SaveCorrection implements jixiao.EvalStore.
func (s *Store) SaveCorrection(ctx context.Context, documentID, roundID int64, c *jixiao.Correction, entry jixiao.AuditEntry) error {
	if entry.Action == "" {
		return errors.New("save correction: the audit entry names no action")
	}
	tx, err := s.DB.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	if err := roundOf(ctx, tx, documentID, roundID); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO eval_corrections (round_id, project_seq, measures, measures_by,
		measures_at, decision, indicator_seq, amount, opinion, decided_by, decided_at, adjustment_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
		ON CONFLICT (round_id, project_seq) DO UPDATE SET measures = excluded.measures,
		measures_by = excluded.measures_by, measures_at = excluded.measures_at, decision = excluded.decision,
		indicator_seq = excluded.indicator_seq, amount = excluded.amount, opinion = excluded.opinion,
		decided_by = excluded.decided_by, decided_at = excluded.decided_at, adjustment_id = excluded.adjustment_id`,
		roundID, c.ProjectSeq, c.Measures, c.MeasuresBy, optionalTime(c.MeasuresAt), string(c.Decision), c.IndicatorSeq,
		int64(c.Amount), c.Opinion, c.DecidedBy, optionalTime(c.DecidedAt), c.AdjustmentID)
	if err != nil {
		return fmt.Errorf("save correction of project %d: %w", c.ProjectSeq, err)
	}
	e := actorOrSystem(entry)
	e.Action, e.Comment, e.ProjectSeq, e.IndicatorSeq = entry.Action, entry.Comment, c.ProjectSeq, entry.IndicatorSeq
	e.DocumentID, e.AdjustmentID = documentID, entry.AdjustmentID
	if err := s.appendAudit(ctx, tx, e); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// optionalTime is a time for a TEXT column, ” for none.
func optionalTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return TimeText(t)
}

func readCorrections(ctx context.Context, tx *sql.Tx, round int64) ([]jixiao.Correction, error) {
	rows, err := tx.QueryContext(ctx, `SELECT project_seq, measures, measures_by, measures_at, decision,
		indicator_seq, amount, opinion, decided_by, decided_at, adjustment_id
		FROM eval_corrections WHERE round_id = $1 ORDER BY project_seq`, round)
	if err != nil {
		return nil, fmt.Errorf("read corrections: %w", err)
	}
	defer rows.Close()
	var out []jixiao.Correction
	for rows.Next() {
		var c jixiao.Correction
		var measuresAt, decidedAt string
		if err := rows.Scan(&c.ProjectSeq, &c.Measures, &c.MeasuresBy, &measuresAt, &c.Decision, &c.IndicatorSeq,
			&c.Amount, &c.Opinion, &c.DecidedBy, &decidedAt, &c.AdjustmentID); err != nil {
			return nil, fmt.Errorf("read correction: %w", err)
		}
		for _, t := range []struct {
			text string
			to   *time.Time
		}{{measuresAt, &c.MeasuresAt}, {decidedAt, &c.DecidedAt}} {
			if t.text == "" {
				continue
			}
			var at Time
			if err := at.parse(t.text); err != nil {
				return nil, fmt.Errorf("correction of project %d: %w", c.ProjectSeq, err)
			}
			*t.to = at.T
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// SetAccrual implements jixiao.EvalStore.
func (s *Store) SetAccrual(ctx context.Context, documentID int64, projectSeq, seq int, a jixiao.Accrual, entry jixiao.AuditEntry) error {
	if entry.Action == "" {
		return errors.New("set accrual: the audit entry names no action")
	}
	tx, err := s.DB.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `UPDATE indicators SET accrual = $1
		WHERE document_id = $2 AND project_seq = $3 AND seq = $4`, string(a), documentID, projectSeq, seq)
	if err != nil {
		return fmt.Errorf("set accrual of indicator %d.%d: %w", projectSeq, seq, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("document %d indicator %d.%d: %w", documentID, projectSeq, seq, jixiao.ErrNotFound)
	}
	e := actorOrSystem(entry)
	e.Action, e.Comment, e.ProjectSeq, e.IndicatorSeq = entry.Action, entry.Comment, projectSeq, seq
	e.DocumentID = documentID
	if err := s.appendAudit(ctx, tx, e); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}
