package api

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
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

// TestCacheBounded: the entries held never exceed the bound, the oldest go
// first, and a new generation empties the cache.
func TestCacheBounded(t *testing.T) {
	body := make([]byte, 100)
	bound := 8 * entryCost("10", &cachedAnswer{body: body})
	c := newResponseCache(&generations{}, bound)
	for i := range 20 {
		c.put(0, fmt.Sprint(i), &cachedAnswer{body: body})
		if c.size > bound {
			t.Fatalf("after %d answers: %d bytes held, bound %d", i+1, c.size, bound)
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

// serveThrough sends an anonymous GET of target through c to a handler
// that answers a short body.
func serveThrough(c *responseCache, target string) int {
	w := httptest.NewRecorder()
	c.serve(w, httptest.NewRequest(http.MethodGet, target, nil), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"items":[]}`))
	}))
	return w.Code
}

// TestCacheKeyKnownParams: parameters no endpoint reads, repeats and their
// order do not make entries (a visitor sending ?limit=1&x1=<900 KB> grew
// the server by half a gigabyte), and a key over maxKeyBytes is not kept.
func TestCacheKeyKnownParams(t *testing.T) {
	c := newResponseCache(&generations{}, 64<<20)
	big := strings.Repeat("x", 300<<10)
	for i, target := range []string{
		Prefix + "/projects?limit=1&q=a",
		Prefix + "/projects?q=a&limit=1&x1=" + big,
		Prefix + "/projects?x2=" + big + "&limit=1&q=a",
		Prefix + "/projects?limit=1&q=a&q=b&" + big + "=1",
		Prefix + "/projects?limit=1&q=a&unit=",
	} {
		if code := serveThrough(c, target); code != http.StatusOK {
			t.Fatalf("request %d: %d", i, code)
		}
	}
	if len(c.entries) != 1 || c.size > 4<<10 {
		t.Errorf("five spellings of one request: %d entries, %d bytes held", len(c.entries), c.size)
	}
	serveThrough(c, Prefix+"/projects?q="+strings.Repeat("满", 1000))
	serveThrough(c, Prefix+"/documents/7/scores?round="+strings.Repeat("r", maxKeyBytes))
	if len(c.entries) != 1 {
		t.Errorf("keys over %d bytes were kept: %d entries", maxKeyBytes, len(c.entries))
	}
	serveThrough(c, Prefix+"/documents/7/scores?round=r&x=1")
	if _, ok := c.entries[Prefix+"/documents/7/scores?round=r"]; !ok {
		t.Errorf("the round of a score is not in its key (%d entries)", len(c.entries))
	}
}

// TestCacheCountsKeys: the size held counts the keys, so answers with
// long keys and empty bodies are bounded like any others.
func TestCacheCountsKeys(t *testing.T) {
	c := newResponseCache(&generations{}, 64<<10)
	for i := range 200 {
		key := fmt.Sprintf("%04d", i) + strings.Repeat("k", 1500)
		c.put(0, key, &cachedAnswer{})
		if c.size < int64(len(c.entries)*len(key)) {
			t.Fatalf("%d entries with %d-byte keys count as %d bytes", len(c.entries), len(key), c.size)
		}
	}
	if c.size > 64<<10 || len(c.entries) >= 200 {
		t.Errorf("%d entries, %d bytes held, bound %d", len(c.entries), c.size, 64<<10)
	}
}
