package web

import (
	"context"
	"sync"
	"time"
)

// The page cache's two ways of doing one read for many requests: the
// pages being rendered (one rendering for every visitor asking at once)
// and the data generation (one query for the requests arriving together).

// pageFlights are the pages being rendered, by generation and key: a
// hand-written singleflight, as internal/api's.
type pageFlights struct {
	mu sync.Mutex
	m  map[string]*pageFlight
}

// pageFlight is one page being rendered; done is closed when it is (page
// nil: not cacheable).
type pageFlight struct {
	key  string
	done chan struct{}
	page *cachedPage
}

// join returns the flight for key, first true when the caller starts it
// and must land it.
func (fs *pageFlights) join(key string) (f *pageFlight, first bool) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if f := fs.m[key]; f != nil {
		return f, false
	}
	if fs.m == nil {
		fs.m = map[string]*pageFlight{}
	}
	f = &pageFlight{key: key, done: make(chan struct{})}
	fs.m[key] = f
	return f, true
}

// land ends f: later requests find the page in the cache (or start anew).
func (fs *pageFlights) land(f *pageFlight) {
	fs.mu.Lock()
	delete(fs.m, f.key)
	fs.mu.Unlock()
	close(f.done)
}

// pageGenReader reads the data generation for many requests at once, as
// internal/api's genReader does: a request joins the next read that has
// not started yet (starting it if none is running), so every request's
// generation was read after the request arrived, and one query serves all
// the requests that arrived while the previous one ran.
type pageGenReader struct {
	read func(ctx context.Context) (int64, error)

	mu      sync.Mutex
	running bool
	next    *pageGenRound // the read that starts when the running one ends
}

type pageGenRound struct {
	done chan struct{}
	n    int64
	err  error
}

// pageGenTimeout bounds one read of the generation.
const pageGenTimeout = 5 * time.Second

func (g *pageGenReader) current(ctx context.Context) (int64, error) {
	g.mu.Lock()
	r := g.next
	if r == nil {
		r = &pageGenRound{done: make(chan struct{})}
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
func (g *pageGenReader) run(r *pageGenRound) {
	for r != nil {
		ctx, cancel := context.WithTimeout(context.Background(), pageGenTimeout)
		r.n, r.err = g.read(ctx)
		cancel()
		close(r.done)
		g.mu.Lock()
		r, g.next = g.next, nil
		if r == nil {
			g.running = false
		}
		g.mu.Unlock()
	}
}
