package sqldb

import (
	"sync"
	"time"
)

// planCache remembers, per search key, whether it is frequent (see
// frequent), so that a listing does not count a key's matches on every
// request: the probe of 2,000 matches was still a third of the API
// search's CPU on SQLite, twice per page when hidden drafts make the
// service read the page again. Either plan gives the same rows, so a
// stale answer costs only speed; an answer is trusted for planTTL, after
// which imports have had their chance to change it, and the cache is
// emptied when it holds planEntries keys.
type planCache struct {
	mu sync.Mutex
	m  map[planKey]planEntry
}

type planKey struct {
	key        string
	indicators bool
}

type planEntry struct {
	frequent bool
	at       time.Time
}

const (
	planTTL     = time.Minute
	planEntries = 4096
)

func (c *planCache) get(k planKey, now time.Time) (frequent, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[k]
	if !ok || now.Sub(e.at) > planTTL || now.Before(e.at) {
		return false, false
	}
	return e.frequent, true
}

func (c *planCache) put(k planKey, frequent bool, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= planEntries {
		c.m = map[planKey]planEntry{}
	}
	c.m[k] = planEntry{frequent: frequent, at: now}
}
