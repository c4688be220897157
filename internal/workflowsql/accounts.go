package workflowsql

import (
	"context"
	"fmt"

	"jixiao"
)

// ListUsers returns every account, by username.
func (s *Store) ListUsers(ctx context.Context) ([]jixiao.User, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT `+userCols+` FROM users ORDER BY username, id`)
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
