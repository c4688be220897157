package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"jixiao"
)

// Importing and deleting a document are logged in the audit log, in the
// same transaction as the change, as done by the actor the caller names
// (jixiao.Actor).

// AuditInsert inserts one audit entry; AuditArgs gives its arguments.
const AuditInsert = `INSERT INTO audit_log (at, user_id, username, role, action, document_id,
	project_id, project_seq, indicator_seq, from_state, to_state, version, changes, comment, outcome, adjustment_id)
	VALUES ($1, $2, $3, $4, $5, $6, 0, 0, 0, '', '', 0, '[]', $7, $8, 0)`

// AuditArgs are AuditInsert's arguments for action on document id by by,
// with comment (what the document was).
func AuditArgs(by jixiao.AuditEntry, action jixiao.Action, id int64, comment string) []any {
	if by.Username == "" {
		by = jixiao.Actor(nil)
	}
	return []any{TimeText(time.Now()), by.UserID, by.Username, string(by.Role), string(action), id, comment, jixiao.OutcomeOK}
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
	comment := fmt.Sprintf("删除《%s》（%s）", title, source)
	if _, err := tx.ExecContext(ctx, AuditInsert, AuditArgs(by, jixiao.ActionDeleteDocument, id, comment)...); err != nil {
		return fmt.Errorf("log deletion of document %d: %w", id, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("delete document %d: %w", id, err)
	}
	return nil
}
