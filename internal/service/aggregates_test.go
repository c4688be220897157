package service_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"

	"jixiao"
	"jixiao/internal/eval"
	"jixiao/internal/service"
)

// countedAggregates counts the aggregates a store is asked to count, and
// its documents listings.
type countedAggregates struct {
	service.Store
	n, listings atomic.Int64
}

func (s *countedAggregates) Documents(ctx context.Context) ([]jixiao.DocumentSummary, error) {
	s.listings.Add(1)
	return s.Store.Documents(ctx)
}

func (s *countedAggregates) Aggregate(ctx context.Context, q jixiao.AggregateQuery) (jixiao.Aggregate, error) {
	s.n.Add(1)
	return s.Store.(interface {
		Aggregate(context.Context, jixiao.AggregateQuery) (jixiao.Aggregate, error)
	}).Aggregate(ctx, q)
}

// TestAggregateKeptPerGeneration (issue 18): 总览's counts are counted
// once per change of the data, whoever asks with the same scope, however
// many at once; a change (a second table imported) is counted at once; a
// reviewer who sees a draft is counted apart from a visitor. The
// documents listing is kept likewise.
func TestAggregateKeptPerGeneration(t *testing.T) {
	eachStore(t, func(t *testing.T, c *fixture) {
		st := &countedAggregates{Store: c.st}
		s := service.New(st, eval.Default())
		visitor := func(ctx context.Context) (jixiao.Aggregate, error) {
			v, err := s.Targets.View(ctx, nil)
			if err != nil {
				return jixiao.Aggregate{}, err
			}
			return v.Aggregate(ctx, 2024)
		}
		a, err := visitor(c.ctx)
		if err != nil {
			t.Fatal(err)
		}
		if a.Projects != len(c.pub.Projects) || st.n.Load() != 1 {
			t.Fatalf("%d projects counted %d times, want %d counted once", a.Projects, st.n.Load(), len(c.pub.Projects))
		}

		huadu := "huadu-employment-center-2024.txt"
		doc, err := c.s.Documents.Import(c.ctx, c.users["finance"], file(huadu, sample(t, huadu), 2024))
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		got := make([]jixiao.Aggregate, 16)
		for i := range got {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if got[i], err = visitor(c.ctx); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		for _, a := range got {
			if a.Projects != len(c.pub.Projects)+len(doc.Projects) {
				t.Fatalf("after the import: %d projects, want %d", a.Projects, len(c.pub.Projects)+len(doc.Projects))
			}
		}
		if n := st.n.Load(); n != 2 {
			t.Errorf("16 requests after the import counted %d times in all, want once more", n)
		}
		// The documents listing every view reads is kept the same way.
		for range 3 {
			v, err := s.Targets.View(c.ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			if docs, err := v.Documents(c.ctx); err != nil || len(docs) != 2 {
				t.Fatalf("a visitor lists %d documents, %v; want 2", len(docs), err)
			}
		}
		if n := st.listings.Load(); n != 1 {
			t.Errorf("3 views listed the documents %d times from the store, want once", n)
		}

		c.draft(t)
		v, err := s.Targets.View(c.ctx, c.users["dept"])
		if err != nil {
			t.Fatal(err)
		}
		if a, err := v.Aggregate(c.ctx, 2025); err != nil || a.Projects != len(c.pub.Projects) {
			t.Errorf("the department's 2025: %d projects, %v; want the draft's %d", a.Projects, err, len(c.pub.Projects))
		}
		if a, err := visitor(c.ctx); err != nil || a.Projects != len(c.pub.Projects)+len(doc.Projects) {
			t.Errorf("a visitor's 2024 beside the draft: %d projects, %v", a.Projects, err)
		}
		v, err = s.Targets.View(c.ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if a, err := v.Aggregate(c.ctx, 2025); err != nil || a.Projects != 0 {
			t.Errorf("a visitor's 2025: %d projects, %v; want none", a.Projects, err)
		}
	})
}
