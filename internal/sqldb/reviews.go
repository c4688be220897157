package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"jixiao"
)

// The reviews (审核) of projects: one row per review, the criteria as JSON.

const reviewCols = `id, document_id, project_id, version, tier, criteria, result, opinion, fixes,
	reviewer_id, reviewer, role, from_state, to_state, at`

// ReviewProject stores r, moves its project as e says and logs e, in one
// transaction.
func (s *Store) ReviewProject(ctx context.Context, r *jixiao.StoredReview, e jixiao.AuditEntry) (jixiao.ProjectStatus, error) {
	criteria, err := json.Marshal(r.Criteria)
	if err != nil {
		return jixiao.ProjectStatus{}, fmt.Errorf("review criteria: %w", err)
	}
	var st jixiao.ProjectStatus
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		seen := r.Version
		if st, err = s.moveProject(ctx, tx, r.ProjectID, &e); err != nil {
			return err
		}
		if seen != 0 && seen != st.Version {
			return jixiao.Errorf(jixiao.ErrConflict, "项目在您打开审核表之后已修改（现为第 %d 版，您审核的是第 %d 版），请刷新后按新的内容重新审核", st.Version, seen)
		}
		r.DocumentID, r.Version, r.FromState, r.ToState = st.DocumentID, st.Version, e.FromState, e.ToState
		r.ReviewerID, r.Reviewer, r.Role = e.UserID, e.Username, e.Role
		r.At = s.now()
		e.At = r.At
		err = tx.QueryRowContext(ctx, `INSERT INTO project_reviews (document_id, project_id, version, tier, criteria,
			result, opinion, fixes, reviewer_id, reviewer, role, from_state, to_state, at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
			r.DocumentID, r.ProjectID, r.Version, string(r.Tier), string(criteria), string(r.Result), r.Opinion, r.Fixes,
			r.ReviewerID, r.Reviewer, string(r.Role), string(r.FromState), string(r.ToState), TimeText(r.At)).Scan(&r.ID)
		if err != nil {
			return fmt.Errorf("store review: %w", err)
		}
		return s.appendAudit(ctx, tx, e)
	})
	return st, err
}

// ProjectReviews lists a project's reviews, oldest first.
func (s *Store) ProjectReviews(ctx context.Context, projectID int64) ([]jixiao.StoredReview, error) {
	return s.reviews(ctx, `project_id = $1`, projectID)
}

// DocumentReviews lists the reviews of a document's projects, oldest first.
func (s *Store) DocumentReviews(ctx context.Context, documentID int64) ([]jixiao.StoredReview, error) {
	return s.reviews(ctx, `document_id = $1`, documentID)
}

func (s *Store) reviews(ctx context.Context, where string, arg int64) ([]jixiao.StoredReview, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT `+reviewCols+` FROM project_reviews WHERE `+where+` ORDER BY id`, arg)
	if err != nil {
		return nil, fmt.Errorf("list reviews: %w", err)
	}
	defer rows.Close()
	out := []jixiao.StoredReview{}
	for rows.Next() {
		var r jixiao.StoredReview
		var tier, criteria, result, role, from, to string
		var at Time
		if err := rows.Scan(&r.ID, &r.DocumentID, &r.ProjectID, &r.Version, &tier, &criteria, &result, &r.Opinion,
			&r.Fixes, &r.ReviewerID, &r.Reviewer, &role, &from, &to, &at); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(criteria), &r.Criteria); err != nil {
			return nil, fmt.Errorf("review %d criteria: %w", r.ID, err)
		}
		r.Tier, r.Result, r.Role = jixiao.Role(tier), jixiao.Result(result), jixiao.Role(role)
		r.FromState, r.ToState, r.At = jixiao.State(from), jixiao.State(to), at.T
		out = append(out, r)
	}
	return out, rows.Err()
}
