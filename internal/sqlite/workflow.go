package sqlite

import (
	"jixiao"
	"jixiao/internal/sqldb"
	"jixiao/internal/workflowsql"
)

// Workflow returns the accounts, sessions, workflow state and audit log kept
// in this database (tables from migrations 0030-0039). SQLite's write
// transactions begin IMMEDIATE (see pragmas), so they exclude each other and
// no row locks are needed.
func (s *Store) Workflow() jixiao.WorkflowStore {
	return &workflowsql.Store{DB: s.DB, Data: s, SaveDocument: sqldb.SaveTx}
}

var _ jixiao.WorkflowProvider = (*Store)(nil)
