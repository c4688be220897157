package sqldb

import (
	"context"
	"database/sql"
	"fmt"

	"jixiao"
)

// ListUsers returns every account, by username key.
func (s *Store) ListUsers(ctx context.Context) ([]jixiao.User, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT `+userCols+` FROM users ORDER BY username_key, id`)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	defer rows.Close()
	var out []jixiao.User
	for rows.Next() {
		u, _, err := scanUser(rows, "")
		if err != nil {
			return nil, err
		}
		out = append(out, *u)
	}
	return out, rows.Err()
}

// SetUserDisabled disables (ending every session) or re-enables the
// account id, and logs it as done by by in the audit log, in one
// transaction.
func (s *Store) SetUserDisabled(ctx context.Context, id int64, disabled bool, by jixiao.AuditEntry) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var at any // NULL re-enables
		verb := "启用账号"
		if disabled {
			at, verb = TimeText(s.now()), "停用账号"
		}
		name, err := s.updateUser(ctx, tx, id, `UPDATE users SET disabled_at = $1 WHERE id = $2`, at)
		if err != nil {
			return err
		}
		if disabled {
			if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, id); err != nil {
				return err
			}
		}
		return s.auditAccount(ctx, tx, by, verb+" "+name)
	})
}

// ResetPassword sets the password hash of account id on an
// administrator's behalf (by), ends its sessions and logs it.
func (s *Store) ResetPassword(ctx context.Context, id int64, passwordHash string, by jixiao.AuditEntry) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		name, err := s.updateUser(ctx, tx, id, `UPDATE users SET password_hash = $1 WHERE id = $2`, passwordHash)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, id); err != nil {
			return err
		}
		return s.auditAccount(ctx, tx, by, "重置密码 "+name)
	})
}

// updateUser runs update (with $1 = v, $2 = id) and returns the account's
// username; ErrNotFound when there is no account id.
func (s *Store) updateUser(ctx context.Context, tx *sql.Tx, id int64, update string, v any) (string, error) {
	var name string
	err := tx.QueryRowContext(ctx, `SELECT username FROM users WHERE id = $1`, id).Scan(&name)
	if err == sql.ErrNoRows {
		return "", fmt.Errorf("user %d: %w", id, jixiao.ErrNotFound)
	}
	if err != nil {
		return "", fmt.Errorf("read user %d: %w", id, err)
	}
	if _, err := tx.ExecContext(ctx, update, v, id); err != nil {
		return "", fmt.Errorf("update user %d: %w", id, err)
	}
	return name, nil
}

// auditAccount logs an account action (document 0) by by, the system when
// by names no one.
func (s *Store) auditAccount(ctx context.Context, tx *sql.Tx, by jixiao.AuditEntry, comment string) error {
	e := actorOrSystem(by)
	e.Action, e.Comment = jixiao.ActionManageUsers, comment
	return s.appendAudit(ctx, tx, e)
}

// AccountHistory lists the account actions of the audit log, newest first,
// at most limit.
func (s *Store) AccountHistory(ctx context.Context, limit int) ([]jixiao.AuditEntry, error) {
	return s.auditWhere(ctx, `action = $1 ORDER BY id DESC LIMIT $2`, string(jixiao.ActionManageUsers), limit)
}

// CountUsers counts the accounts of each role, disabled ones included.
func (s *Store) CountUsers(ctx context.Context) (map[jixiao.Role]int, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT role, COUNT(*) FROM users GROUP BY role`)
	if err != nil {
		return nil, fmt.Errorf("count users: %w", err)
	}
	defer rows.Close()
	counts := map[jixiao.Role]int{}
	for rows.Next() {
		var role string
		var n int
		if err := rows.Scan(&role, &n); err != nil {
			return nil, err
		}
		counts[jixiao.Role(role)] = n
	}
	return counts, rows.Err()
}
