package postgres

import (
	"jixiao"
	"jixiao/internal/evalsql"
)

// Eval returns the monitoring rounds and self-evaluations kept in this
// database (tables from migrations 0020-0029).
func (s *Store) Eval() jixiao.EvalStore { return &evalsql.Store{DB: s.DB} }

var _ jixiao.EvalProvider = (*Store)(nil)
