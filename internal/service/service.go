// Package service is jixiao's command layer: one type per area (Targets
// for the review of target tables, Documents for imports and deletions,
// Monitoring for rounds and actuals), one method per command, each taking
// the acting user explicitly. A method checks the one policy
// (jixiao.Permit), runs the domain rules, writes through the store (one
// transaction with its audit entry) and returns domain errors: a kind
// (jixiao.ErrInvalid, ErrForbidden, ErrConflict …) with a Chinese message
// (jixiao.ErrorMessage). The reads go through a View, which decides once
// what a user may see. The JSON API (internal/api) and the pages
// (internal/web) only translate requests into these calls and their
// answers back; cmd/jixiao builds the services over a store.
package service

import (
	"context"
	"errors"

	"jixiao"
	"jixiao/internal/check"
	"jixiao/internal/eval"
)

// Store is a store with all its parts: the documents (jixiao.Store), the
// review (Workflow), the evaluation (Eval), and the data generation that
// every write moves on (for the API's response cache). Both engines are
// one.
type Store interface {
	jixiao.Store
	Workflow() jixiao.WorkflowStore
	Eval() jixiao.EvalStore
	Links() jixiao.LinkStore
	DataGeneration(ctx context.Context) (int64, error)
}

// Services are the command layer over one store.
type Services struct {
	Targets    *Targets
	Documents  *Documents
	Monitoring *Monitoring
	Accounts   *Accounts
	// Checks builds the rules' Context of a table (its earlier years, its
	// peers) for every command that runs the rules.
	Checks *CheckContexts
	// Years follows projects across budget years.
	Years *Years
	// Peers are the 标杆值 groups of the published tables (指标库).
	Peers *Peers
	// Rectify keeps the 整改台账.
	Rectify *Rectify
}

// New returns the services over st, scoring evaluations with cfg.
func New(st Store, cfg eval.Config) *Services {
	peers := newPeers(st)
	cc := &CheckContexts{st: st, Peers: func(ctx context.Context, _ *jixiao.Document) (*check.Peers, error) {
		return peers.Load(ctx)
	}}
	t := &Targets{st: st, wf: st.Workflow(), cc: cc}
	m := &Monitoring{t: t, ev: st.Eval(), cfg: cfg}
	return &Services{
		Peers:      peers,
		Targets:    t,
		Documents:  &Documents{st: st, wf: t.wf, cc: cc},
		Monitoring: m,
		Accounts:   &Accounts{st: st, wf: t.wf},
		Checks:     cc,
		Years:      &Years{t: t, m: m, links: st.Links()},
		Rectify:    newRectify(st, t, m),
	}
}

// notFoundOr turns a store's ErrNotFound into one that names what, as a
// user would; other errors pass unchanged.
func notFoundOr(err error, what string) error {
	if errors.Is(err, jixiao.ErrNotFound) {
		return notFound(what)
	}
	return err
}
