// Package workflowsql is jixiao.WorkflowStore in the SQL that SQLite and
// PostgreSQL share ($n placeholders, RETURNING, LEFT JOIN): accounts,
// sessions, the workflow state of documents and projects, project versions
// and the append-only audit log. internal/sqlite and internal/postgres wrap
// it (their workflow.go files) and own the tables' migrations (0030-0039).
//
// The audit log is only ever inserted into: this package has no statement
// that updates or deletes it, and a test scans the stores' sources to keep
// it so; the migrations add triggers that refuse both.
package workflowsql

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"jixiao"
	"jixiao/internal/sqldb"
)

// Store implements jixiao.WorkflowStore over an engine's database.
type Store struct {
	DB *sql.DB
	// Data reads documents and projects (the engine's jixiao.Store).
	Data interface {
		Document(ctx context.Context, id int64) (*jixiao.Document, error)
		Project(ctx context.Context, id int64) (*jixiao.Project, error)
	}
	// SaveDocument writes a new document in tx and sets its ids: the
	// engine's write path, so a draft and its workflow rows commit together.
	SaveDocument func(ctx context.Context, tx *sql.Tx, doc *jixiao.Document) error
	// ForUpdate is appended to the SELECT that locks a document's workflow
	// row for the rest of a transaction: " FOR UPDATE" on PostgreSQL, empty
	// on SQLite, whose write transactions already exclude each other.
	ForUpdate string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

func (s *Store) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

func ts(t time.Time) string { return sqldb.TimeText(t) }

// isUniqueViolation recognises a unique-constraint error of either engine
// without importing their drivers.
func isUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	m := err.Error()
	return strings.Contains(m, "UNIQUE constraint failed") || strings.Contains(m, "SQLSTATE 23505")
}

// CreateUser stores u with its password hash and sets u.ID.
func (s *Store) CreateUser(ctx context.Context, u *jixiao.User, passwordHash string) error {
	if err := u.Validate(); err != nil {
		return err
	}
	u.Username = strings.TrimSpace(u.Username)
	u.CreatedAt = s.now()
	err := s.DB.QueryRowContext(ctx, `INSERT INTO users (username, username_key, password_hash, role, unit, department, created_at)
		VALUES ($1, lower($1), $2, $3, $4, $5, $6) RETURNING id`,
		u.Username, passwordHash, string(u.Role), u.Unit, u.Department, ts(u.CreatedAt)).Scan(&u.ID)
	if isUniqueViolation(err) {
		return fmt.Errorf("用户名 %s 已存在: %w", u.Username, jixiao.ErrDuplicate)
	}
	if err != nil {
		return fmt.Errorf("create user %s: %w", u.Username, err)
	}
	return nil
}

const userCols = `id, username, role, unit, department, created_at, password_hash, disabled_at`

func scanUser(row interface{ Scan(...any) error }, what string) (*jixiao.User, string, error) {
	var u jixiao.User
	var role, hash string
	var at, disabled sqldb.Time
	err := row.Scan(&u.ID, &u.Username, &role, &u.Unit, &u.Department, &at, &hash, &disabled)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", fmt.Errorf("user %s: %w", what, jixiao.ErrNotFound)
	}
	if err != nil {
		return nil, "", fmt.Errorf("read user %s: %w", what, err)
	}
	u.Role, u.CreatedAt, u.Disabled = jixiao.Role(role), at.T, !disabled.T.IsZero()
	return &u, hash, nil
}

// UserByName returns the account and its password hash; the name is
// compared without case (jixiao.UsernameKey).
func (s *Store) UserByName(ctx context.Context, username string) (*jixiao.User, string, error) {
	return scanUser(s.DB.QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE username_key = lower($1)`,
		strings.TrimSpace(username)), username)
}

// UserByID returns the account.
func (s *Store) UserByID(ctx context.Context, id int64) (*jixiao.User, error) {
	u, _, err := scanUser(s.DB.QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE id = $1`, id), fmt.Sprint(id))
	return u, err
}

// SetPassword replaces the hash and ends every session of the account.
func (s *Store) SetPassword(ctx context.Context, userID int64, passwordHash string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $1 WHERE id = $2`, passwordHash, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("user %d: %w", userID, jixiao.ErrNotFound)
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID)
		return err
	})
}

// CreateSession stores a session.
func (s *Store) CreateSession(ctx context.Context, se jixiao.Session) error {
	_, err := s.DB.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, last_seen, expires_at)
		VALUES ($1, $2, $3, $4, $5)`, se.TokenHash, se.UserID, ts(se.CreatedAt), ts(se.LastSeen), ts(se.ExpiresAt))
	if err != nil {
		return fmt.Errorf("create session: %w", err)
	}
	return nil
}

// Session finds a session by its token hash.
func (s *Store) Session(ctx context.Context, tokenHash string) (jixiao.Session, error) {
	se := jixiao.Session{TokenHash: tokenHash}
	var c, l, e sqldb.Time
	err := s.DB.QueryRowContext(ctx, `SELECT user_id, created_at, last_seen, expires_at FROM sessions
		WHERE token_hash = $1`, tokenHash).Scan(&se.UserID, &c, &l, &e)
	if errors.Is(err, sql.ErrNoRows) {
		return se, fmt.Errorf("session: %w", jixiao.ErrNotFound)
	}
	if err != nil {
		return se, fmt.Errorf("read session: %w", err)
	}
	se.CreatedAt, se.LastSeen, se.ExpiresAt = c.T, l.T, e.T
	return se, nil
}

// TouchSession records a session's use.
func (s *Store) TouchSession(ctx context.Context, tokenHash string, at time.Time) error {
	_, err := s.DB.ExecContext(ctx, `UPDATE sessions SET last_seen = $1 WHERE token_hash = $2`, ts(at), tokenHash)
	return err
}

// DeleteSession ends a session.
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	_, err := s.DB.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = $1`, tokenHash)
	return err
}

// inTx runs f in a transaction, committing when it returns nil.
func (s *Store) inTx(ctx context.Context, f func(tx *sql.Tx) error) error {
	tx, err := s.DB.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := f(tx); err != nil {
		return err
	}
	return tx.Commit()
}

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// appendAudit inserts e. With sqldb.AuditInsert (imports and deletions of
// documents) it is the only statement on audit_log that writes.
func (s *Store) appendAudit(ctx context.Context, q execer, e jixiao.AuditEntry) error {
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
			return err
		}
		changes = string(b)
	}
	_, err := q.ExecContext(ctx, `INSERT INTO audit_log (at, user_id, username, role, action, document_id,
		project_id, project_seq, indicator_seq, from_state, to_state, version, changes, comment, outcome, adjustment_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
		ts(e.At), e.UserID, e.Username, string(e.Role), string(e.Action), e.DocumentID, e.ProjectID, e.ProjectSeq,
		e.IndicatorSeq, string(e.FromState), string(e.ToState), e.Version, changes, e.Comment, e.Outcome, e.AdjustmentID)
	if err != nil {
		return fmt.Errorf("append audit entry: %w", err)
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
		var at sqldb.Time
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

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

var (
	_ jixiao.WorkflowStore = (*Store)(nil)
	_ jixiao.AccountStore  = (*Store)(nil)
	_ jixiao.DraftImporter = (*Store)(nil)
)
