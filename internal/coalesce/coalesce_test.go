package coalesce

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

type generations struct{ n, reads atomic.Int64 }

func (g *generations) read(context.Context) (int64, error) {
	g.reads.Add(1)
	time.Sleep(time.Millisecond) // a query's round trip, for requests to pile up
	return g.n.Load(), nil
}

// TestGenerationCoalesces: concurrent requests share reads, and a request
// never gets a generation read before it arrived.
func TestGenerationCoalesces(t *testing.T) {
	g := &generations{}
	r := &Generation{Read: g.read}
	var wg sync.WaitGroup
	for i := range 200 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if i == 100 {
				g.n.Store(7)
			}
			want := g.n.Load()
			got, err := r.Current(context.Background())
			if err != nil || got < want {
				t.Errorf("generation %d (%v), set to %d before asking", got, err, want)
			}
		}()
	}
	wg.Wait()
	if got, _ := r.Current(context.Background()); got != 7 {
		t.Errorf("after the change: %d", got)
	}
	if n := g.reads.Load(); n >= 201 {
		t.Errorf("%d reads for 201 requests: none shared", n)
	}
}

// TestFlightsShareOneAnswer: of many callers joining one key, one starts
// the flight and the others get the value it lands; the next caller after
// the landing starts anew.
func TestFlightsShareOneAnswer(t *testing.T) {
	var fs Flights[*int]
	first, started := fs.Join("k")
	if !started {
		t.Fatal("the first caller did not start the flight")
	}
	var wg sync.WaitGroup
	var got atomic.Int64
	for range 20 {
		f, start := fs.Join("k")
		if start {
			t.Fatal("a second caller started the flight again")
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-f.Done()
			got.Add(int64(*f.Value))
		}()
	}
	v := 2
	first.Value = &v
	fs.Land(first)
	wg.Wait()
	if got.Load() != 40 {
		t.Errorf("the waiters got %d in all, want 20 × 2", got.Load())
	}
	if _, start := fs.Join("k"); !start {
		t.Error("after landing, a caller did not start a new flight")
	}
}

// TestDetachedBounded: MaxDetached fills outlive their request; the next
// one ends with its request; once one ends, a new one is detached again.
func TestDetachedBounded(t *testing.T) {
	var d Detached
	parent, cancelParent := context.WithCancel(context.Background())
	var cancels []context.CancelFunc
	var ctxs []context.Context
	for range MaxDetached + 1 {
		ctx, cancel := d.Context(parent, time.Minute)
		ctxs, cancels = append(ctxs, ctx), append(cancels, cancel)
	}
	cancelParent()
	for i, ctx := range ctxs {
		if detached := ctx.Err() == nil; detached != (i < MaxDetached) {
			t.Errorf("fill %d: detached %v", i+1, detached)
		}
	}
	cancels[0]()
	again, cancel := d.Context(parent, time.Minute)
	defer cancel()
	if again.Err() != nil {
		t.Error("a slot freed, the next fill is still bound to its request")
	}
	for _, c := range cancels[1:] {
		c()
	}
}
