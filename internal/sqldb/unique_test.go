package sqldb_test

import (
	"errors"
	"testing"
	"time"

	"jixiao"
)

// TestUniqueByCode: each engine's IsUnique hook knows a unique index's and
// a primary key's violation by the driver's code, and no other failure.
func TestUniqueByCode(t *testing.T) {
	forEachStore(t, func(t *testing.T, st store) {
		isUnique := sqlStore(t, st).IsUnique
		u := user(t, st.Workflow(), "填报人", jixiao.RoleFiler, "就业中心", "")
		now := time.Now()
		se := jixiao.Session{TokenHash: "t", UserID: u.ID, CreatedAt: now, LastSeen: now, ExpiresAt: now}
		if err := st.Workflow().CreateSession(ctx(), se); err != nil {
			t.Fatal(err)
		}
		db := dbOf(t, st)
		insertUser := `INSERT INTO users (username, username_key, password_hash, role, unit, department, created_at)
			VALUES ($1, $2, 'h', $3, '', '', '2024-01-01T00:00:00.000000Z')`
		for _, c := range []struct {
			what   string
			query  string
			args   []any
			unique bool
		}{
			{"a taken username", insertUser, []any{"填报人", "填报人", "filer"}, true},
			{"a taken session token", `INSERT INTO sessions (token_hash, user_id, created_at, last_seen, expires_at)
				VALUES ('t', $1, '2024-01-01T00:00:00.000000Z', '2024-01-01T00:00:00.000000Z', '2024-01-01T00:00:00.000000Z')`,
				[]any{u.ID}, true},
			{"a role the CHECK refuses", insertUser, []any{"乙", "乙", "boss"}, false},
			{"a user that is not there", `INSERT INTO sessions (token_hash, user_id, created_at, last_seen, expires_at)
				VALUES ('u', 9999, '2024-01-01T00:00:00.000000Z', '2024-01-01T00:00:00.000000Z', '2024-01-01T00:00:00.000000Z')`,
				nil, false},
		} {
			_, err := db.ExecContext(ctx(), c.query, c.args...)
			if err == nil {
				t.Errorf("%s: stored", c.what)
				continue
			}
			if got := isUnique(err); got != c.unique {
				t.Errorf("%s: IsUnique = %t for %v", c.what, got, err)
			}
		}
		if isUnique(errors.New("UNIQUE constraint failed: users.username_key (SQLSTATE 23505)")) {
			t.Error("IsUnique trusts an error's text")
		}
	})
}
