package service

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"jixiao"
)

// generationCacheSize bounds the answers kept for one data generation:
// one per key asked (for 总览, one per year and scope: a visitor's, a
// department's, a filer's).
const generationCacheSize = 256

// generationCache keeps the answers of reads that depend on the stored
// data alone (not on who asks) for the current data generation, by key:
// the documents listing and the drafts' units that every view reads, and
// 总览's counts per year and scope. Every request read them anew, and at
// 20,000 projects each read walks the whole table (issue 18: the home page
// p50 ≤ 50 ms). Concurrent first requests for one key wait for one read,
// and a read whose requester leaves meanwhile still finishes and fills
// the cache. The answers are shared between requests: read them only.
type generationCache[T any] struct {
	mu      sync.Mutex
	gen     int64
	entries map[string]*cacheEntry[T]
}

type cacheEntry[T any] struct {
	done chan struct{}
	v    T
	err  error
}

// get returns the answer for key at data generation gen, reading it once
// with read.
func (c *generationCache[T]) get(ctx context.Context, gen int64, key string, read func(context.Context) (T, error)) (T, error) {
	c.mu.Lock()
	if gen < c.gen { // read before a newer request's: read, keep nothing
		c.mu.Unlock()
		return read(ctx)
	}
	if gen > c.gen || c.entries == nil || len(c.entries) >= generationCacheSize {
		c.gen, c.entries = gen, map[string]*cacheEntry[T]{}
	}
	e, ok := c.entries[key]
	if !ok {
		e = &cacheEntry[T]{done: make(chan struct{})}
		c.entries[key] = e
	}
	c.mu.Unlock()
	if !ok {
		e.v, e.err = read(context.WithoutCancel(ctx))
		if e.err != nil { // not kept: the next request reads again
			c.mu.Lock()
			if c.entries[key] == e {
				delete(c.entries, key)
			}
			c.mu.Unlock()
		}
		close(e.done)
		return e.v, e.err
	}
	select {
	case <-e.done:
		return e.v, e.err
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}

// caches are the services' generation caches (Targets holds them).
type caches struct {
	aggregates generationCache[jixiao.Aggregate]
	documents  generationCache[[]jixiao.DocumentSummary]
	drafts     generationCache[[]jixiao.DocumentStatus]
	// departments holds comparisons per viewer (CompareDepartments), since
	// each reads up to MaxComparedTables whole tables.
	departments generationCache[*DepartmentComparison]
	// outlines holds documents' outlines (DocumentOutline) by id: the
	// first screen of a 100,000-project table counts it in 0.3 s.
	outlines generationCache[*jixiao.DocumentOutline]
}

// cached reads through c at the view's data generation, or straight from
// the store when it keeps no generation.
func cached[T any](ctx context.Context, v *View, c *generationCache[T], key string, read func(context.Context) (T, error)) (T, error) {
	gen, ok, err := v.generation(ctx)
	if err != nil || !ok {
		if err != nil {
			var zero T
			return zero, err
		}
		return read(ctx)
	}
	return c.get(ctx, gen, key, read)
}

// generation is the data generation of the view's cached reads, read
// once, before the first of them (a read afterwards is at least that new).
func (v *View) generation(ctx context.Context) (int64, bool, error) {
	v.genMu.Lock()
	defer v.genMu.Unlock()
	if v.genRead {
		return v.gen, v.genOK, nil
	}
	gs, ok := v.Store.(interface {
		DataGeneration(ctx context.Context) (int64, error)
	})
	if !ok || v.caches == nil {
		v.genRead = true
		return 0, false, nil
	}
	gen, err := gs.DataGeneration(ctx)
	if err != nil {
		return 0, false, err // not kept: the next read tries again
	}
	v.gen, v.genOK, v.genRead = gen, true, true
	return gen, true, nil
}

// aggregateKey is q as a cache key.
func aggregateKey(q jixiao.AggregateQuery) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d|%d|%v", q.Year, q.Top, q.Drafts)
	for _, id := range slices.Sorted(maps.Keys(q.HiddenUnits)) {
		fmt.Fprintf(&b, "|%d:%q", id, q.HiddenUnits[id])
	}
	return b.String()
}
