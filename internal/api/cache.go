package api

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"jixiao/internal/auth"
	"jixiao/internal/coalesce"
)

// The response cache: a handler that reads the database on every request
// cannot come near a bare handler's throughput (BENCHMARKS.md, "API
// (wrk)"), so the API keeps the bytes of its successful GET answers to
// anonymous visitors and answers them again, with an ETag, until the
// store's data generation changes (migration 0040: every committed write,
// by any process, bumps it). Each request reads the generation before
// anything else, so a write committed before the request arrived — through
// this server, another server on the same database, or the CLI — is never
// hidden by the cache. Those reads are coalesced: one query answers every
// request that arrived before it started (coalesce.Generation).
//
// Only anonymous requests (no bearer token, no session cookie) are
// cached: a signed-in user may see drafts, and the answers carry what the
// user may do. An anonymous answer depends only on the URL and the data.

// DefaultCacheBytes bounds the cached answers (bodies and keys) when
// Options.CacheBytes is 0.
const DefaultCacheBytes = 64 << 20

// maxKeyBytes is the longest key kept: a longer one (a search of a
// thousand characters) is answered without the cache. maxEntries bounds
// the entries whatever their size, and entryOverhead is what one costs
// beyond its key and body (map slot, headers), so that a flood of tiny
// answers is bounded too.
const (
	maxKeyBytes   = 2 << 10
	maxEntries    = 16 << 10
	entryOverhead = 256
)

// Generations is a store that keeps a data generation, which every write
// moves on (both engines do).
type Generations interface {
	DataGeneration(ctx context.Context) (int64, error)
}

// responseCache holds the answers of one data generation.
type responseCache struct {
	gen      *coalesce.Generation
	maxBytes int64 // all entries together: keys, bodies and overhead
	maxEntry int   // one body

	mu      sync.RWMutex
	current int64 // the generation the entries belong to
	entries map[string]*cachedAnswer
	order   []string // insertion order, for eviction
	size    int64

	flights  coalesce.Flights[*cachedAnswer] // cold answers being computed
	detached coalesce.Detached               // bounds the reads that outlive their request
}

// cachedAnswer is one answer: its body and the headers the handler set.
type cachedAnswer struct {
	body        []byte
	etag        string
	contentType string
	disposition string
}

func newResponseCache(st Generations, maxBytes int64) *responseCache {
	return &responseCache{
		gen:      &coalesce.Generation{Read: st.DataGeneration, Gap: genGap},
		maxBytes: maxBytes,
		maxEntry: int(min(maxBytes/8, 4<<20)),
		entries:  map[string]*cachedAnswer{},
	}
}

// cacheable says whether r's answer may come from, and go to, the cache.
// Exports stream large files and are left out; so is the session, whose
// answer is about the visitor, and the OpenAPI document, built once and
// served from memory already.
func cacheable(r *http.Request) bool {
	if r.Method != http.MethodGet {
		return false
	}
	if token, _ := auth.TokenFromRequest(r); token != "" || r.Header.Get("Authorization") != "" ||
		auth.UserFrom(r.Context()) != nil {
		return false
	}
	p := strings.TrimPrefix(r.URL.Path, Prefix)
	// The 指标库 keeps its own groups per generation, and on a large store
	// may answer from the last build while the next runs: cached under
	// the new generation, that answer would outlive the rebuild.
	return !strings.HasPrefix(p, "/export/") && !strings.HasPrefix(p, "/session") && p != "/openapi.json" &&
		!strings.HasPrefix(p, "/library/")
}

// serve answers r from the cache, or through next and keeps the answer.
// Concurrent cold requests for one key are one read (fill): the first
// computes the answer, the others wait for it; each request's own data
// generation is part of the flight's key, so a waiter is never served an
// answer older than its request.
func (c *responseCache) serve(w http.ResponseWriter, r *http.Request, next http.Handler) {
	gen, err := c.gen.Current(r.Context())
	if err != nil {
		next.ServeHTTP(w, r) // the handler will meet the same trouble and say so
		return
	}
	key, ok := cacheKey(r)
	if !ok {
		next.ServeHTTP(w, r)
		return
	}
	if a := c.get(gen, key); a != nil {
		a.write(w, r)
		return
	}
	f, first := c.flights.Join(strconv.FormatInt(gen, 10) + " " + key)
	if first {
		c.fill(w, r, next, gen, key, f)
		return
	}
	select {
	case <-f.Done():
		if f.Value != nil {
			f.Value.write(w, r)
			return
		}
		next.ServeHTTP(w, r) // not cacheable (an error, too big): each request its own answer
	case <-r.Context().Done(): // the client left: nothing to answer
	}
}

// fillTimeout bounds the read that fills the cache. The read runs detached
// from its request's cancellation: 64 clients that give up on a slow cold
// answer and ask again would otherwise start 64 reads each time and cache
// none (issue 18); with the detached read the next ones find it cached.
const fillTimeout = 30 * time.Second

// fill computes r's answer through next for f and every request waiting on
// it, writes it to w and keeps it.
func (c *responseCache) fill(w http.ResponseWriter, r *http.Request, next http.Handler, gen int64, key string, f *coalesce.Flight[*cachedAnswer]) {
	defer c.flights.Land(f)
	ctx, cancel := c.detached.Context(r.Context(), fillTimeout)
	defer cancel()
	rec := newRecorder(w, c.maxEntry)
	next.ServeHTTP(rec, r.WithContext(ctx))
	a := rec.answer()
	if a == nil {
		return // written through already
	}
	c.put(gen, key, a)
	f.Value = a
	a.write(w, r)
}

func (c *responseCache) get(gen int64, key string) *cachedAnswer {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if gen != c.current {
		return nil
	}
	return c.entries[key]
}

// put keeps a, computed from data of generation gen or newer. A newer
// generation empties the cache; an answer of an older one is dropped.
func (c *responseCache) put(gen int64, key string, a *cachedAnswer) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen < c.current {
		return
	}
	if gen > c.current {
		c.current, c.entries, c.order, c.size = gen, map[string]*cachedAnswer{}, nil, 0
	}
	if _, ok := c.entries[key]; ok {
		return
	}
	cost := entryCost(key, a)
	for (c.size+cost > c.maxBytes || len(c.entries) >= maxEntries) && len(c.order) > 0 {
		old := c.order[0]
		c.order = c.order[1:]
		c.size -= entryCost(old, c.entries[old])
		delete(c.entries, old)
	}
	c.entries[key] = a
	c.order = append(c.order, key)
	c.size += cost
}

// entryCost is what an entry counts against maxBytes: the key is held
// twice (map and order), then the body, the headers and the overhead.
func entryCost(key string, a *cachedAnswer) int64 {
	return int64(2*len(key) + len(a.body) + len(a.etag) + len(a.contentType) + len(a.disposition) + entryOverhead)
}

// knownParams are the query parameters each cached endpoint reads (by
// the path after Prefix, {id} written as *). An answer depends on the path
// and on these alone, each read with Get (its first value), so the cache
// key holds only them: unknown parameters, repeats and their order cannot
// make new entries.
var knownParams = map[string][]string{
	"/documents":           {"cursor", "limit"},
	"/projects":            {"cursor", "document", "limit", "q", "unit"},
	"/indicators":          {"cursor", "document", "kind", "level1", "level2", "limit", "q"},
	"/findings":            {"document", "rule", "severity"},
	"/documents/*/actuals": {"round"},
	"/documents/*/scores":  {"round"},
	"/documents/*/lights":  {"round"},
}

// cacheKey is r's key in the cache: its path and its known parameters in
// sorted order. ok is false for a key over maxKeyBytes, not to be cached.
func cacheKey(r *http.Request) (key string, ok bool) {
	var b strings.Builder
	b.WriteString(r.URL.Path)
	q := r.URL.Query()
	sep := byte('?')
	for _, name := range knownParams[endpointOf(r.URL.Path)] {
		if v := q.Get(name); v != "" {
			b.WriteByte(sep)
			b.WriteString(name)
			b.WriteByte('=')
			b.WriteString(url.QueryEscape(v))
			sep = '&'
		}
		if b.Len() > maxKeyBytes {
			return "", false
		}
	}
	return b.String(), b.Len() <= maxKeyBytes
}

// endpointOf names the endpoint of a path as knownParams does: its
// segments after Prefix, with a number in second place written as *.
func endpointOf(path string) string {
	segs := strings.Split(strings.TrimPrefix(path, Prefix), "/")
	if len(segs) > 2 {
		if _, err := strconv.ParseInt(segs[2], 10, 64); err == nil {
			segs[2] = "*"
		}
	}
	return strings.Join(segs, "/")
}

// write answers with the cached bytes, or 304 when the client has them.
func (a *cachedAnswer) write(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("ETag", a.etag)
	if a.disposition != "" {
		h.Set("Content-Disposition", a.disposition)
	}
	if coalesce.ETagMatches(r.Header.Get("If-None-Match"), a.etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Type", a.contentType)
	h.Set("Content-Length", strconv.Itoa(len(a.body)))
	w.WriteHeader(http.StatusOK)
	w.Write(a.body)
}

// recorder holds a handler's answer back while it may still be cached: a
// 200 of at most the entry limit with no Set-Cookie.
type recorder struct{ coalesce.Recorder }

func newRecorder(w http.ResponseWriter, limit int) *recorder {
	return &recorder{coalesce.Recorder{W: w, Limit: limit, Keep: func(h http.Header) bool { return h.Get("Set-Cookie") == "" }}}
}

// answer is the answer held back, nil when it was written through.
func (rc *recorder) answer() *cachedAnswer {
	body, etag, ok := rc.Held("")
	if !ok {
		return nil
	}
	return &cachedAnswer{body: body, etag: etag,
		contentType: rc.W.Header().Get("Content-Type"), disposition: rc.W.Header().Get("Content-Disposition")}
}

// genGap is the least time between the starts of two reads of the
// generation: under wrk (16 connections) it halved the reads per request,
// ~1 in 4 to ~1 in 8, and raised requests/s on SQLite by a fifth (49k to
// 61k, three runs each), no change on PostgreSQL, for at most 50 µs more
// per request. Longer gaps lost: a sleep's real length on a busy machine
// is a millisecond.
const genGap = 50 * time.Microsecond
