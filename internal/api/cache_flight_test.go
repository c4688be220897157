package api_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"jixiao"
	"jixiao/internal/server"
	"jixiao/internal/service"
	"jixiao/internal/storetest"
)

// gatedStore is a real store whose one-project read counts its calls and
// waits for the test to open the gate, so that requests pile up on it.
type gatedStore struct {
	service.Store
	reads atomic.Int64
	gate  chan struct{}
}

func (g *gatedStore) ProjectRow(ctx context.Context, id int64) (jixiao.ProjectRow, jixiao.ProjectStatus, error) {
	g.reads.Add(1)
	<-g.gate
	return g.Store.(interface {
		ProjectRow(context.Context, int64) (jixiao.ProjectRow, jixiao.ProjectStatus, error)
	}).ProjectRow(ctx, id)
}

// flightServer serves st through the whole server (cache on), counting the
// requests that arrived and handing the test each request's own context.
func flightServer(t *testing.T, st *gatedStore) (base string, arrived *atomic.Int64, ctxs chan context.Context) {
	arrived, ctxs = &atomic.Int64{}, make(chan context.Context, 64)
	h := serve(st, server.Config{}).Handler()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		arrived.Add(1)
		ctxs <- r.Context()
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	return ts.URL, arrived, ctxs
}

func savedProject(t *testing.T, st service.Store) int64 {
	doc := storetest.NewDocument("花都", 3, 2)
	if err := st.SaveDocument(context.Background(), doc, jixiao.Actor(nil)); err != nil {
		t.Fatal(err)
	}
	return doc.Projects[1].ID
}

// waitFor polls cond for up to 10 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// TestCacheCoalescesColdRequests: 32 concurrent cold anonymous requests
// for one project are answered by one store read, every one of them with
// the same 200 answer (issue 18: 64 cold requests all ran, none finished).
func TestCacheCoalescesColdRequests(t *testing.T) {
	eachStore(t, func(t *testing.T, real service.Store) {
		st := &gatedStore{Store: real, gate: make(chan struct{})}
		id := savedProject(t, real)
		base, arrived, _ := flightServer(t, st)
		const n = 32
		bodies := make([]string, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				resp, err := http.Get(fmt.Sprintf("%s/api/v1/projects/%d", base, id))
				if err != nil {
					t.Error(err)
					return
				}
				defer resp.Body.Close()
				b, _ := io.ReadAll(resp.Body)
				bodies[i] = fmt.Sprint(resp.StatusCode, " ", string(b))
			}()
		}
		waitFor(t, "every request to arrive and the first to read", func() bool { return arrived.Load() == n && st.reads.Load() >= 1 })
		time.Sleep(50 * time.Millisecond) // for the last arrivals to reach the cache
		close(st.gate)
		wg.Wait()
		if got := st.reads.Load(); got != 1 {
			t.Errorf("%d concurrent cold requests made %d store reads, want 1", n, got)
		}
		for i, b := range bodies {
			if b != bodies[0] || b[:3] != "200" {
				t.Fatalf("answer %d differs: %.120s, first %.120s", i, b, bodies[0])
			}
		}
	})
}

// TestCancelledRequestFillsCache: a cold request whose client gives up
// while the store reads still fills the cache, so the next request for
// the same project is answered without reading the store again.
func TestCancelledRequestFillsCache(t *testing.T) {
	eachStore(t, func(t *testing.T, real service.Store) {
		st := &gatedStore{Store: real, gate: make(chan struct{})}
		id := savedProject(t, real)
		base, _, ctxs := flightServer(t, st)
		url := fmt.Sprintf("%s/api/v1/projects/%d", base, id)
		ctx, cancel := context.WithCancel(context.Background())
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		done := make(chan error, 1)
		go func() {
			resp, err := http.DefaultClient.Do(req)
			if err == nil {
				resp.Body.Close()
			}
			done <- err
		}()
		served := <-ctxs
		waitFor(t, "the store read", func() bool { return st.reads.Load() == 1 })
		cancel()
		<-done
		select {
		case <-served.Done(): // the server saw the client leave
		case <-time.After(10 * time.Second):
			t.Fatal("the server never saw the cancelled request end")
		}
		close(st.gate)
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		<-ctxs
		if resp.StatusCode != http.StatusOK || st.reads.Load() != 1 {
			t.Errorf("after a cancelled cold request: %d, %d store reads (want 200, 1: the cancelled read filled the cache)",
				resp.StatusCode, st.reads.Load())
		}
	})
}
