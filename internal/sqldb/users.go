package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"jixiao"
)

// Accounts and sessions (migrations 0030 and 0060).

// CreateUser stores u with its password hash and sets u.ID.
func (s *Store) CreateUser(ctx context.Context, u *jixiao.User, passwordHash string, by jixiao.AuditEntry) error {
	if err := u.Validate(); err != nil {
		return err
	}
	u.Username = strings.TrimSpace(u.Username)
	u.CreatedAt = s.now()
	return s.inTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO users (username, username_key, password_hash, role, unit, department, created_at)
		VALUES ($1, lower($1), $2, $3, $4, $5, $6) RETURNING id`,
			u.Username, passwordHash, string(u.Role), u.Unit, u.Department, TimeText(u.CreatedAt)).Scan(&u.ID)
		if s.isUnique(err) {
			return jixiao.Errorf(jixiao.ErrDuplicate, "用户名 %s 已存在", u.Username)
		}
		if err != nil {
			return fmt.Errorf("create user %s: %w", u.Username, err)
		}
		return s.auditAccount(ctx, tx, by, fmt.Sprintf("新建账号 %s（%s%s）", u.Username, u.Role.Label(), u.ScopeLabel()))
	})
}

const userCols = `id, username, role, unit, department, created_at, password_hash, disabled_at`

func scanUser(row interface{ Scan(...any) error }, what string) (*jixiao.User, string, error) {
	var u jixiao.User
	var role, hash string
	var at, disabled Time
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
		VALUES ($1, $2, $3, $4, $5)`, se.TokenHash, se.UserID, TimeText(se.CreatedAt), TimeText(se.LastSeen), TimeText(se.ExpiresAt))
	if err != nil {
		return fmt.Errorf("create session: %w", err)
	}
	return nil
}

// Session finds a session by its token hash.
func (s *Store) Session(ctx context.Context, tokenHash string) (jixiao.Session, error) {
	se := jixiao.Session{TokenHash: tokenHash}
	var c, l, e Time
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
	_, err := s.DB.ExecContext(ctx, `UPDATE sessions SET last_seen = $1 WHERE token_hash = $2`, TimeText(at), tokenHash)
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
