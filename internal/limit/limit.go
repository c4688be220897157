// Package limit bounds work that costs memory per request (password
// hashes, imports): a Pool runs a fixed number of jobs at once and lets a
// short queue wait; beyond that it refuses at once, so a flood costs a
// refusal, never more memory.
package limit

import (
	"context"
	"sync"
	"time"

	"jixiao"
)

// Pool runs at most Workers jobs at once, with at most Queue more waiting.
// The zero Pool is not usable; use New.
type Pool struct {
	what    string        // what the jobs are, for the busy message
	retry   time.Duration // the Retry-After of a refusal
	admit   chan struct{} // running or waiting jobs
	run     chan struct{} // running jobs
	mu      sync.Mutex
	running int
	peak    int
}

// New returns a pool of workers (at least 1) and queue waiting places
// whose refusals are a *jixiao.BusyError naming what, with retry as its
// Retry-After.
func New(what string, workers, queue int, retry time.Duration) *Pool {
	workers = max(workers, 1)
	queue = max(queue, 0)
	return &Pool{what: what, retry: retry,
		admit: make(chan struct{}, workers+queue), run: make(chan struct{}, workers)}
}

// Do runs f in the pool and returns its error. When Workers jobs run and
// Queue more wait, Do refuses at once with a *jixiao.BusyError; while it
// waits for a worker it gives up with ctx's error when ctx ends.
func (p *Pool) Do(ctx context.Context, f func() error) error {
	return p.DoAfter(ctx, nil, f)
}

// DoAfter is Do with a first step: once the job is admitted (running or
// in the queue), prepare runs before the job waits for a worker, and an
// error of prepare ends the job there. An import reads its upload in
// prepare: a refused upload is never read, the uploads held at once are
// at most Workers + Queue, and a slow sender holds a place in the queue,
// not a worker.
func (p *Pool) DoAfter(ctx context.Context, prepare, f func() error) error {
	select {
	case p.admit <- struct{}{}:
	default:
		return &jixiao.BusyError{What: p.what, RetryAfter: p.retry}
	}
	defer func() { <-p.admit }()
	if prepare != nil {
		if err := prepare(); err != nil {
			return err
		}
	}
	select {
	case p.run <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-p.run }()
	p.count(1)
	defer p.count(-1)
	return f()
}

func (p *Pool) count(d int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.running += d
	p.peak = max(p.peak, p.running)
}

// Peak is the most jobs that ever ran at once in the pool.
func (p *Pool) Peak() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.peak
}

// Workers is how many jobs may run at once.
func (p *Pool) Workers() int { return cap(p.run) }

// Held is how many jobs are in the pool now, running or waiting (an
// import waiting for its upload's body included).
func (p *Pool) Held() int { return len(p.admit) }
