package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"jixiao"
)

// The 整改台账 (migration 0200, jixiao.RectificationStore): items, their
// evidence files and their append-only history. Each change writes the
// item, one history event and one audit entry in one transaction.

var _ jixiao.RectificationStore = (*Store)(nil)

// Rectify returns the store itself as the 整改台账.
func (s *Store) Rectify() jixiao.RectificationStore { return s }

const rectifyColumns = `id, source, source_ref, review_id, document_id, project_id, project, year, department,
	unit, problem, requirement, deadline, measures, result, verdict, state, opened_by_id, opened_by, opened_at,
	updated_by, updated_at`

// CreateRectification implements jixiao.RectificationStore.
func (s *Store) CreateRectification(ctx context.Context, r *jixiao.Rectification, e jixiao.AuditEntry) error {
	now := s.now()
	r.State, r.OpenedAt, r.UpdatedAt, r.UpdatedBy = jixiao.RectifyOpen, now, now, r.OpenedBy
	if r.Evidence == nil {
		r.Evidence = []jixiao.Evidence{}
	}
	return s.rectifyTx(ctx, "open rectification", func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO rectifications (source, source_ref, review_id, document_id,
			project_id, project, year, department, unit, problem, requirement, deadline, measures, result, verdict,
			state, opened_by_id, opened_by, opened_at, updated_by, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $18, $19)
			RETURNING id`,
			string(r.Source), r.SourceRef, r.ReviewID, r.DocumentID, r.ProjectID, r.Project, r.Year, r.Department,
			r.Unit, r.Problem, r.Requirement, r.Deadline, r.Measures, r.Result, r.Verdict, string(r.State),
			r.OpenedByID, r.OpenedBy, TimeText(now)).Scan(&r.ID)
		if err != nil {
			return err
		}
		return s.logRectify(ctx, tx, r, "", e)
	})
}

// UpdateRectification implements jixiao.RectificationStore.
func (s *Store) UpdateRectification(ctx context.Context, r *jixiao.Rectification, from jixiao.State, e jixiao.AuditEntry) error {
	now := s.now()
	return s.rectifyTx(ctx, "update rectification", func(tx *sql.Tx) error {
		if err := moveRectification(ctx, tx, r, from, now); err != nil {
			return err
		}
		if err := s.logRectify(ctx, tx, r, from, e); err != nil {
			return err
		}
		r.UpdatedAt = now
		return nil
	})
}

// moveRectification writes r's unit and reviewer fields and state over
// the stored item, only while it is still in from.
func moveRectification(ctx context.Context, tx *sql.Tx, r *jixiao.Rectification, from jixiao.State, now time.Time) error {
	res, err := tx.ExecContext(ctx, `UPDATE rectifications SET measures = $2, result = $3, verdict = $4, state = $5,
		updated_by = $6, updated_at = $7 WHERE id = $1 AND state = $8`,
		r.ID, r.Measures, r.Result, r.Verdict, string(r.State), r.UpdatedBy, TimeText(now), string(from))
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return staleRectification(ctx, tx, r.ID)
	}
	return nil
}

// staleRectification tells a missing item from one whose state moved.
func staleRectification(ctx context.Context, tx *sql.Tx, id int64) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM rectifications WHERE id = $1`, id).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("rectification %d: %w", id, jixiao.ErrNotFound)
	}
	return jixiao.Errorf(jixiao.ErrConflict, "整改事项 %d 已被他人改为其他状态，请刷新后再试", id)
}

// AddEvidence implements jixiao.RectificationStore.
func (s *Store) AddEvidence(ctx context.Context, id int64, f *jixiao.Evidence, from, to jixiao.State, e jixiao.AuditEntry) error {
	now := s.now()
	return s.rectifyTx(ctx, "add evidence", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE rectifications SET state = $2, updated_by = $3, updated_at = $4
			WHERE id = $1 AND state = $5`, id, string(to), f.UploadedBy, TimeText(now), string(from))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return staleRectification(ctx, tx, id)
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO rectification_files (rectification_id, name, content_type, size,
			data, uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			id, f.Name, f.ContentType, int64(len(f.Data)), f.Data, f.UploadedBy, TimeText(now)).Scan(&f.ID)
		if err != nil {
			return err
		}
		f.Size, f.UploadedAt = int64(len(f.Data)), now
		r, err := readRectification(ctx, tx, id)
		if err != nil {
			return err
		}
		return s.logRectify(ctx, tx, r, from, e)
	})
}

// logRectify appends the item's history event and the audit entry of e,
// which names the actor, the action and the comment.
func (s *Store) logRectify(ctx context.Context, tx *sql.Tx, r *jixiao.Rectification, from jixiao.State, e jixiao.AuditEntry) error {
	if e.Action == "" {
		return errors.New("the audit entry names no action")
	}
	a := actorOrSystem(e)
	a.Action, a.DocumentID, a.ProjectID, a.FromState, a.ToState = e.Action, r.DocumentID, r.ProjectID, from, r.State
	a.Comment = fmt.Sprintf("整改事项 %d：%s", r.ID, e.Comment)
	if err := s.appendAudit(ctx, tx, a); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO rectification_events (rectification_id, at, user_id, username, role,
		action, from_state, to_state, comment) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		r.ID, TimeText(s.now()), a.UserID, a.Username, string(a.Role), string(a.Action), string(from),
		string(r.State), e.Comment)
	return err
}

// rectifyTx runs fn in one transaction, naming what in its errors.
func (s *Store) rectifyTx(ctx context.Context, what string, fn func(tx *sql.Tx) error) error {
	if err := s.inTx(ctx, fn); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// Rectification implements jixiao.RectificationStore.
func (s *Store) Rectification(ctx context.Context, id int64) (*jixiao.Rectification, error) {
	var r *jixiao.Rectification
	err := s.rectifyTx(ctx, "read rectification", func(tx *sql.Tx) error {
		var err error
		r, err = readRectification(ctx, tx, id)
		return err
	})
	return r, err
}

type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func readRectification(ctx context.Context, q queryer, id int64) (*jixiao.Rectification, error) {
	list, err := readRectifications(ctx, q, `WHERE id = $1`, id)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, fmt.Errorf("rectification %d: %w", id, jixiao.ErrNotFound)
	}
	return &list[0], nil
}

// Rectifications implements jixiao.RectificationStore.
func (s *Store) Rectifications(ctx context.Context) ([]jixiao.Rectification, error) {
	out, err := readRectifications(ctx, s.DB, `ORDER BY id DESC`)
	if err != nil {
		return nil, fmt.Errorf("list rectifications: %w", err)
	}
	return out, nil
}

// readRectifications reads the items that where selects, with their
// evidence listed.
func readRectifications(ctx context.Context, q queryer, where string, args ...any) ([]jixiao.Rectification, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+rectifyColumns+` FROM rectifications `+where, args...)
	if err != nil {
		return nil, err
	}
	var out []jixiao.Rectification
	for rows.Next() {
		var r jixiao.Rectification
		var opened, updated Time
		if err := rows.Scan(&r.ID, &r.Source, &r.SourceRef, &r.ReviewID, &r.DocumentID, &r.ProjectID, &r.Project,
			&r.Year, &r.Department, &r.Unit, &r.Problem, &r.Requirement, &r.Deadline, &r.Measures, &r.Result,
			&r.Verdict, &r.State, &r.OpenedByID, &r.OpenedBy, &opened, &r.UpdatedBy, &updated); err != nil {
			rows.Close()
			return nil, err
		}
		r.OpenedAt, r.UpdatedAt, r.Evidence = opened.T, updated.T, []jixiao.Evidence{}
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, attachEvidence(ctx, q, out)
}

// attachEvidence lists each item's files (without their bytes).
func attachEvidence(ctx context.Context, q queryer, items []jixiao.Rectification) error {
	if len(items) == 0 {
		return nil
	}
	at := map[int64]int{}
	for i := range items {
		at[items[i].ID] = i
	}
	where, args := "", []any{}
	if len(items) == 1 {
		where, args = "WHERE rectification_id = $1 ", []any{items[0].ID}
	}
	rows, err := q.QueryContext(ctx, `SELECT rectification_id, id, name, content_type, size, uploaded_by, uploaded_at
		FROM rectification_files `+where+`ORDER BY id`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var item int64
		var f jixiao.Evidence
		var up Time
		if err := rows.Scan(&item, &f.ID, &f.Name, &f.ContentType, &f.Size, &f.UploadedBy, &up); err != nil {
			return err
		}
		f.UploadedAt = up.T
		if i, ok := at[item]; ok {
			items[i].Evidence = append(items[i].Evidence, f)
		}
	}
	return rows.Err()
}

// EvidenceFile implements jixiao.RectificationStore.
func (s *Store) EvidenceFile(ctx context.Context, id, fileID int64) (*jixiao.Evidence, error) {
	var f jixiao.Evidence
	var up Time
	err := s.DB.QueryRowContext(ctx, `SELECT id, name, content_type, size, data, uploaded_by, uploaded_at
		FROM rectification_files WHERE id = $1 AND rectification_id = $2`, fileID, id).
		Scan(&f.ID, &f.Name, &f.ContentType, &f.Size, &f.Data, &f.UploadedBy, &up)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("evidence %d of rectification %d: %w", fileID, id, jixiao.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("read evidence %d: %w", fileID, err)
	}
	f.UploadedAt = up.T
	return &f, nil
}

// RectifyHistory implements jixiao.RectificationStore.
func (s *Store) RectifyHistory(ctx context.Context, id int64) ([]jixiao.RectifyEvent, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT at, username, role, action, from_state, to_state, comment
		FROM rectification_events WHERE rectification_id = $1 ORDER BY id`, id)
	if err != nil {
		return nil, fmt.Errorf("read rectification history: %w", err)
	}
	defer rows.Close()
	var out []jixiao.RectifyEvent
	for rows.Next() {
		var e jixiao.RectifyEvent
		var at Time
		if err := rows.Scan(&at, &e.Username, &e.Role, &e.Action, &e.FromState, &e.ToState, &e.Comment); err != nil {
			return nil, fmt.Errorf("read rectification event: %w", err)
		}
		e.At = at.T
		out = append(out, e)
	}
	return out, rows.Err()
}
