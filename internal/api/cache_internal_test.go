package api

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// generations is a data generation a test sets, counting its reads.
type generations struct{ n, reads atomic.Int64 }

func (g *generations) DataGeneration(context.Context) (int64, error) {
	g.reads.Add(1)
	time.Sleep(time.Millisecond) // a query's round trip, for requests to pile up
	return g.n.Load(), nil
}

// TestCacheBounded: the bodies held never exceed the bound, the oldest go
// first, and a new generation empties the cache.
func TestCacheBounded(t *testing.T) {
	c := newResponseCache(&generations{}, 800)
	body := make([]byte, 100)
	for i := range 20 {
		c.put(0, fmt.Sprint(i), &cachedAnswer{body: body})
		if c.size > 800 {
			t.Fatalf("after %d answers: %d bytes held, bound 800", i+1, c.size)
		}
	}
	if c.get(0, "0") != nil || c.get(0, "19") == nil || len(c.entries) != 8 {
		t.Errorf("held %d answers; oldest kept %v, newest kept %v", len(c.entries), c.get(0, "0") != nil, c.get(0, "19") != nil)
	}
	c.put(1, "x", &cachedAnswer{body: body})
	if c.get(1, "19") != nil || c.get(0, "x") != nil || len(c.entries) != 1 {
		t.Errorf("a new generation kept %d answers", len(c.entries))
	}
	c.put(0, "late", &cachedAnswer{body: body}) // computed under the old generation
	if c.get(1, "late") != nil {
		t.Error("an answer of an older generation was kept")
	}
}

// TestGenReaderCoalesces: concurrent requests share reads, and a request
// never gets a generation read before it arrived.
func TestGenReaderCoalesces(t *testing.T) {
	g := &generations{}
	r := &genReader{read: g.DataGeneration}
	var wg sync.WaitGroup
	for i := range 200 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if i == 100 {
				g.n.Store(7)
			}
			want := g.n.Load()
			got, err := r.current(context.Background())
			if err != nil || got < want {
				t.Errorf("generation %d (%v), set to %d before asking", got, err, want)
			}
		}()
	}
	wg.Wait()
	if got, _ := r.current(context.Background()); got != 7 {
		t.Errorf("after the change: %d", got)
	}
	if n := g.reads.Load(); n >= 201 {
		t.Errorf("%d reads for 201 requests: none shared", n)
	}
}
