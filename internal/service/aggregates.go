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

// aggregateCacheSize bounds the aggregates kept for one data generation:
// one per year and scope asked (a visitor's, a department's, a filer's).
const aggregateCacheSize = 256

// aggregateCache keeps the aggregates of the current data generation by
// their query, so that 总览, asked by every visitor and reviewer with the
// same few scopes, counts a year once per change of the data instead of
// once per request (issue 18: the home page p50 ≤ 50 ms at 100,000
// projects, and the count reads every indicator of the year). Concurrent
// first requests for one key wait for one count, and a count whose
// requester leaves still finishes and fills the cache.
type aggregateCache struct {
	mu      sync.Mutex
	gen     int64
	entries map[string]*aggregateEntry
}

type aggregateEntry struct {
	done chan struct{}
	a    jixiao.Aggregate
	err  error
}

// get returns the aggregate of key at data generation gen, counting it
// once with count. The answer is shared between requests: read it only.
func (c *aggregateCache) get(ctx context.Context, gen int64, key string,
	count func(context.Context) (jixiao.Aggregate, error)) (jixiao.Aggregate, error) {
	c.mu.Lock()
	if gen < c.gen { // read before a newer request's: count it, keep nothing
		c.mu.Unlock()
		return count(ctx)
	}
	if gen > c.gen || c.entries == nil || len(c.entries) >= aggregateCacheSize {
		c.gen, c.entries = gen, map[string]*aggregateEntry{}
	}
	e, ok := c.entries[key]
	if !ok {
		e = &aggregateEntry{done: make(chan struct{})}
		c.entries[key] = e
	}
	c.mu.Unlock()
	if !ok {
		e.a, e.err = count(context.WithoutCancel(ctx))
		if e.err != nil { // not kept: the next request counts again
			c.mu.Lock()
			if c.entries[key] == e {
				delete(c.entries, key)
			}
			c.mu.Unlock()
		}
		close(e.done)
		return e.a, e.err
	}
	select {
	case <-e.done:
		return e.a, e.err
	case <-ctx.Done():
		return jixiao.Aggregate{}, ctx.Err()
	}
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
