// Package coalesce does one piece of work for many requests that ask for
// it at once: the response caches of the API and of the pages render a
// cold answer once for every request waiting on it (Flights), and read
// the store's data generation once for the requests that arrive together
// (Generation).
package coalesce

import (
	"context"
	"sync"
	"time"
)

// Flights are the answers being computed, by key: a hand-written
// singleflight (golang.org/x/sync is no direct dependency) whose first
// caller computes and lands the answer while the others wait on Done.
type Flights[T any] struct {
	mu sync.Mutex
	m  map[string]*Flight[T]
}

// Flight is one answer being computed. Value is set by the caller that
// started it before Land; the waiters read it once Done is closed (the
// zero value: nothing to share, each answers for itself).
type Flight[T any] struct {
	key   string
	done  chan struct{}
	Value T
}

// Done is closed when the flight has landed.
func (f *Flight[T]) Done() <-chan struct{} { return f.done }

// Join returns the flight for key, first true when the caller starts it
// and must Land it.
func (fs *Flights[T]) Join(key string) (f *Flight[T], first bool) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if f := fs.m[key]; f != nil {
		return f, false
	}
	if fs.m == nil {
		fs.m = map[string]*Flight[T]{}
	}
	f = &Flight[T]{key: key, done: make(chan struct{})}
	fs.m[key] = f
	return f, true
}

// Land ends f: later callers find the answer in their cache (or start
// anew).
func (fs *Flights[T]) Land(f *Flight[T]) {
	fs.mu.Lock()
	delete(fs.m, f.key)
	fs.mu.Unlock()
	close(f.done)
}

// GenerationTimeout bounds one read of the generation.
const GenerationTimeout = 5 * time.Second

// Generation reads the data generation for many requests at once: a
// request joins the next read that has not started yet (starting it if
// no read is running), so every request's generation was read after the
// request arrived, and one query serves all the requests that arrived
// while the previous one ran.
type Generation struct {
	// Read reads the generation from the store.
	Read func(ctx context.Context) (int64, error)
	// Gap is the least time between the starts of two reads, to let the
	// next round gather more requests (0: none).
	Gap time.Duration

	mu      sync.Mutex
	running bool
	next    *genRound // the read that starts when the running one ends
}

type genRound struct {
	done chan struct{}
	n    int64
	err  error
}

// Current is the data generation as read after the call began.
func (g *Generation) Current(ctx context.Context) (int64, error) {
	g.mu.Lock()
	r := g.next
	if r == nil {
		r = &genRound{done: make(chan struct{})}
		g.next = r
	}
	if !g.running {
		g.running = true
		g.next = nil
		go g.run(r)
	}
	g.mu.Unlock()
	select {
	case <-r.done:
		return r.n, r.err
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// run reads the generation for r, then for each round that gathered
// requests meanwhile.
func (g *Generation) run(r *genRound) {
	for r != nil {
		start := time.Now()
		ctx, cancel := context.WithTimeout(context.Background(), GenerationTimeout)
		r.n, r.err = g.Read(ctx)
		cancel()
		close(r.done)
		if wait := g.Gap - time.Since(start); wait > 0 {
			time.Sleep(wait)
		}
		g.mu.Lock()
		r, g.next = g.next, nil
		if r == nil {
			g.running = false
		}
		g.mu.Unlock()
	}
}

// MaxDetached bounds the fills running detached from their request at
// once, per cache.
const MaxDetached = 8

// Detached lets a cache's fill outlive the request that started it, so
// that clients who give up on a slow cold answer and ask again find it
// cached (issue 18), but only MaxDetached at a time: past that a fill
// keeps its request's cancellation, so that requests that hang up at once
// (each for a new key) cannot leave unbounded work running.
type Detached struct {
	once sync.Once
	sem  chan struct{}
}

// Context is the context of a fill for a request with context parent,
// bounded by timeout: detached from parent's cancellation when a slot is
// free, else parent's own. cancel frees the slot.
func (d *Detached) Context(parent context.Context, timeout time.Duration) (context.Context, context.CancelFunc) {
	d.once.Do(func() { d.sem = make(chan struct{}, MaxDetached) })
	select {
	case d.sem <- struct{}{}:
		ctx, cancel := context.WithTimeout(context.WithoutCancel(parent), timeout)
		return ctx, func() { cancel(); <-d.sem }
	default:
		return context.WithTimeout(parent, timeout)
	}
}
