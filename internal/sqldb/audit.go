package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"jixiao"
)

// Importing and deleting a document are logged in the audit log, in the
// same transaction as the change, as done by the actor the caller names
// (jixiao.Actor).

// AuditInsert inserts one audit entry; (*Store).AuditArgs gives its
// arguments. It is the only statement on audit_log that writes.
const AuditInsert = `INSERT INTO audit_log (at, user_id, username, role, action, document_id,
	project_id, project_seq, indicator_seq, from_state, to_state, version, changes, comment, outcome, adjustment_id)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`

// AuditArgs are AuditInsert's arguments for e, at the store's clock when e
// has no time and OutcomeOK when it has no outcome.
func (s *Store) AuditArgs(e jixiao.AuditEntry) ([]any, error) {
	if e.At.IsZero() {
		e.At = s.now()
	}
	if e.Outcome == "" {
		e.Outcome = jixiao.OutcomeOK
	}
	changes := "[]"
	if len(e.Changes) > 0 {
		b, err := json.Marshal(e.Changes)
		if err != nil {
			return nil, fmt.Errorf("audit entry changes: %w", err)
		}
		changes = string(b)
	}
	return []any{TimeText(e.At), e.UserID, e.Username, string(e.Role), string(e.Action), e.DocumentID, e.ProjectID,
		e.ProjectSeq, e.IndicatorSeq, string(e.FromState), string(e.ToState), e.Version, changes, e.Comment,
		e.Outcome, e.AdjustmentID}, nil
}

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// appendAudit inserts e.
func (s *Store) appendAudit(ctx context.Context, q execer, e jixiao.AuditEntry) error {
	args, err := s.AuditArgs(e)
	if err == nil {
		_, err = q.ExecContext(ctx, AuditInsert, args...)
	}
	if err != nil {
		return fmt.Errorf("append audit entry: %w", err)
	}
	return nil
}

// actorOrSystem is by, or the system (jixiao.Actor(nil)) when by names no
// one.
func actorOrSystem(by jixiao.AuditEntry) jixiao.AuditEntry {
	if by.Username == "" {
		return jixiao.Actor(nil)
	}
	return jixiao.AuditEntry{UserID: by.UserID, Username: by.Username, Role: by.Role}
}

// ImportEntry is the audit entry of importing doc (its ID set), done by by.
func ImportEntry(by jixiao.AuditEntry, doc *jixiao.Document) jixiao.AuditEntry {
	e := actorOrSystem(by)
	e.Action, e.DocumentID, e.Comment = jixiao.ActionImport, doc.ID, ImportComment(doc)
	return e
}

// ImportComment says which file a document was imported from.
func ImportComment(doc *jixiao.Document) string {
	return fmt.Sprintf("导入《%s》（%s）", doc.Title, doc.SourceName)
}

// DeleteDocument removes a document and logs who did; foreign keys cascade
// to its units, projects, indicators and findings (and the engines' search
// indexes follow by trigger or index maintenance).
func (s *Store) DeleteDocument(ctx context.Context, id int64, by jixiao.AuditEntry) error {
	tx, err := s.DB.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("delete document %d: %w", id, err)
	}
	defer tx.Rollback()
	var title, source string
	err = tx.QueryRowContext(ctx, `SELECT title, source_name FROM documents WHERE id = $1`, id).Scan(&title, &source)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("document %d: %w", id, jixiao.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("delete document %d: %w", id, err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM documents WHERE id = $1`, id); err != nil {
		return fmt.Errorf("delete document %d: %w", id, err)
	}
	e := actorOrSystem(by)
	e.Action, e.DocumentID, e.Comment = jixiao.ActionDeleteDocument, id, fmt.Sprintf("删除《%s》（%s）", title, source)
	if err := s.appendAudit(ctx, tx, e); err != nil {
		return fmt.Errorf("log deletion of document %d: %w", id, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("delete document %d: %w", id, err)
	}
	return nil
}

// History lists a document's audit entries, oldest first.
func (s *Store) History(ctx context.Context, documentID int64) ([]jixiao.AuditEntry, error) {
	out, err := s.auditWhere(ctx, `document_id = $1 ORDER BY id`, documentID)
	if err != nil {
		return nil, fmt.Errorf("read history of %d: %w", documentID, err)
	}
	return out, nil
}

// auditWhere reads the audit entries matching where (a condition and an
// ORDER BY, with $n arguments args).
func (s *Store) auditWhere(ctx context.Context, where string, args ...any) ([]jixiao.AuditEntry, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT id, at, user_id, username, role, action, document_id, project_id,
		project_seq, indicator_seq, from_state, to_state, version, changes, comment, outcome, adjustment_id
		FROM audit_log WHERE `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []jixiao.AuditEntry{}
	for rows.Next() {
		var e jixiao.AuditEntry
		var at Time
		var role, action, from, to, changes string
		if err := rows.Scan(&e.ID, &at, &e.UserID, &e.Username, &role, &action, &e.DocumentID, &e.ProjectID,
			&e.ProjectSeq, &e.IndicatorSeq, &from, &to, &e.Version, &changes, &e.Comment, &e.Outcome, &e.AdjustmentID); err != nil {
			return nil, err
		}
		e.At, e.Role, e.Action, e.FromState, e.ToState = at.T, jixiao.Role(role), jixiao.Action(action),
			jixiao.State(from), jixiao.State(to)
		if err := json.Unmarshal([]byte(changes), &e.Changes); err != nil {
			return nil, fmt.Errorf("audit entry %d: %w", e.ID, err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
