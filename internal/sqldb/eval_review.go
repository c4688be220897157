package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"jixiao"
)

// The review of what units report in a round (migration 0150): one row per
// round and project once its report has left 填报中 for the first time.

// SaveEvalReview implements jixiao.EvalStore. The state moves only when
// the stored one is still from (a row's absence being 填报中), which the
// upsert's WHERE checks inside the statement, so that two reviewers acting
// at once cannot both move the same report.
func (s *Store) SaveEvalReview(ctx context.Context, documentID, roundID int64, r *jixiao.EvalReview, from jixiao.State, entry jixiao.AuditEntry) error {
	if entry.Action == "" {
		return errors.New("save eval review: the audit entry names no action")
	}
	tx, err := s.DB.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	if err := roundOf(ctx, tx, documentID, roundID); err != nil {
		return err
	}
	now := s.now()
	if err := moveEvalReview(ctx, tx, roundID, r, from, TimeText(now)); err != nil {
		return err
	}
	e := actorOrSystem(entry)
	e.Action, e.Comment, e.ProjectSeq = entry.Action, entry.Comment, r.ProjectSeq
	e.DocumentID, e.FromState, e.ToState = documentID, from, r.State
	if err := s.appendAudit(ctx, tx, e); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	r.UpdatedAt = now
	return nil
}

// roundOf checks that round roundID belongs to document documentID.
func roundOf(ctx context.Context, tx *sql.Tx, documentID, roundID int64) error {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM eval_rounds WHERE id = $1 AND document_id = $2`,
		roundID, documentID).Scan(&n)
	if err != nil {
		return fmt.Errorf("find round %d: %w", roundID, err)
	}
	if n == 0 {
		return fmt.Errorf("document %d round %d: %w", documentID, roundID, jixiao.ErrNotFound)
	}
	return nil
}

// moveEvalReview writes r over a report in state from: from 填报中 an
// upsert (the first step inserts, a returned report has its row), from any
// other state an update, each moving only a row still in from.
func moveEvalReview(ctx context.Context, tx *sql.Tx, roundID int64, r *jixiao.EvalReview, from jixiao.State, now string) error {
	q := `UPDATE eval_reviews SET state = $3, dept_opinion = $4, return_reason = $5, recheck_score = $6,
		recheck_opinion = $7, updated_by = $8, updated_at = $9
		WHERE round_id = $1 AND project_seq = $2 AND state = $10`
	if from == jixiao.EvalFiling {
		q = `INSERT INTO eval_reviews (round_id, project_seq, state, dept_opinion, return_reason,
		recheck_score, recheck_opinion, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
		ON CONFLICT (round_id, project_seq) DO UPDATE SET state = excluded.state,
		dept_opinion = excluded.dept_opinion, return_reason = excluded.return_reason,
		recheck_score = excluded.recheck_score, recheck_opinion = excluded.recheck_opinion,
		updated_by = excluded.updated_by, updated_at = excluded.updated_at
		WHERE eval_reviews.state = $10`
	}
	res, err := tx.ExecContext(ctx, q, roundID, r.ProjectSeq, string(r.State), r.DeptOpinion, r.ReturnReason,
		r.RecheckScore, r.RecheckOpinion, r.UpdatedBy, now, string(from))
	if err != nil {
		return fmt.Errorf("save review of project %d: %w", r.ProjectSeq, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return jixiao.Errorf(jixiao.ErrConflict, "项目 %d 的填报已被他人改为其他状态，请刷新后再试", r.ProjectSeq)
	}
	return nil
}

func readEvalReviews(ctx context.Context, tx *sql.Tx, round int64) ([]jixiao.EvalReview, error) {
	rows, err := tx.QueryContext(ctx, `SELECT project_seq, state, dept_opinion, return_reason, recheck_score,
		recheck_opinion, updated_by, updated_at FROM eval_reviews WHERE round_id = $1 ORDER BY project_seq`, round)
	if err != nil {
		return nil, fmt.Errorf("read eval reviews: %w", err)
	}
	defer rows.Close()
	var out []jixiao.EvalReview
	for rows.Next() {
		var r jixiao.EvalReview
		var at Time
		if err := rows.Scan(&r.ProjectSeq, &r.State, &r.DeptOpinion, &r.ReturnReason, &r.RecheckScore,
			&r.RecheckOpinion, &r.UpdatedBy, &at); err != nil {
			return nil, fmt.Errorf("read eval review: %w", err)
		}
		r.UpdatedAt = at.T
		out = append(out, r)
	}
	return out, rows.Err()
}
