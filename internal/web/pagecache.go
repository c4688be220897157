package web

import (
	"bytes"
	"compress/gzip"
	"container/list"
	"context"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"jixiao/internal/auth"
	"jixiao/internal/coalesce"
)

// The page cache (issue 18 item 4): a visitor's page is the same for every
// visitor until the data change, yet the home, search and document pages
// read the store for every request. CachePages keeps the bytes of the
// pages answered to visitors — GET, no session cookie or bearer token, no
// banner — keyed by the URL and the store's data generation (migration
// 0040: every committed write, by any process, bumps it), as the API's
// response cache does (internal/api/cache.go). Each request reads the
// generation first (one query for all the requests that arrived while the
// previous one ran), so a write committed before the request arrived is
// never hidden. A signed-in user always gets a fresh page: the cache is
// not even consulted.
//
// An answer is kept only when it is a 200 with no Set-Cookie, no
// "Cache-Control: no-store" or "private", no CSRF token in its body and
// no Vary beyond what the key holds (HX-Request, HX-Target, Accept-Encoding): what
// belongs to one visitor never reaches another.

// DefaultPageCacheBytes bounds the cached pages (keys, bodies and
// overhead) when CachePages is given 0.
const DefaultPageCacheBytes = 64 << 20

// Generations is a store that keeps a data generation, which every write
// moves on (both engines do).
type Generations interface {
	DataGeneration(ctx context.Context) (int64, error)
}

// Limits of the page cache: a key (path and query) longer than
// pageMaxKey is answered without the cache; pageMaxEntries bounds the
// entries whatever their size; pageEntryOverhead is what one costs beyond
// its key and body (list element, map slot, headers), so that a flood of
// small pages is bounded too.
const (
	pageMaxKey        = 2 << 10
	pageMaxEntries    = 8 << 10
	pageEntryOverhead = 512
)

// cachedPaths are the pages a visitor reads, by their segments ("*" for
// a number): only these are cached. Exports stream files; 指标库 may
// answer from its last build while the next runs (service.Peers), an
// answer that would outlive the rebuild under the new generation; the
// rest is for signed-in users and would send a visitor to the login page.
var cachedPaths = []string{
	"/",
	"/search",
	"/compare",
	"/compare/departments",
	"/documents/*",
	"/documents/*/public",
	"/projects/*",
}

// CachePages returns next with visitors' pages cached in at most maxBytes
// (0: DefaultPageCacheBytes; negative: next itself, no cache).
func CachePages(next http.Handler, gens Generations, maxBytes int64) http.Handler {
	if maxBytes < 0 || gens == nil {
		return next
	}
	if maxBytes == 0 {
		maxBytes = DefaultPageCacheBytes
	}
	return &pageCache{
		next:     next,
		gen:      &coalesce.Generation{Read: gens.DataGeneration},
		maxBytes: maxBytes,
		maxEntry: int(min(maxBytes/8, 8<<20)),
		entries:  map[string]*list.Element{},
		lru:      list.New(),
	}
}

// pageCache holds the pages of one data generation, least recently used
// last.
type pageCache struct {
	next     http.Handler
	gen      *coalesce.Generation
	maxBytes int64 // all entries together
	maxEntry int   // one body

	mu      sync.Mutex
	current int64 // the generation the entries belong to
	entries map[string]*list.Element
	lru     *list.List // of *cachedPage, most recently used first
	size    int64

	flights  coalesce.Flights[*cachedPage] // cold pages being rendered
	detached coalesce.Detached             // bounds the renderings that outlive their visitor
}

// cachedPage is one page: its body as sent and the headers the pages'
// handler set (not those of the middleware around it), replayed on every
// answer from the cache.
type cachedPage struct {
	key    string
	body   []byte
	etag   string
	header http.Header
}

func (c *pageCache) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	key, ok := pageKey(r)
	if !ok {
		c.next.ServeHTTP(w, r)
		return
	}
	gen, err := c.gen.Current(r.Context())
	if err != nil {
		c.next.ServeHTTP(w, r) // the page will meet the same trouble and say so
		return
	}
	if p := c.get(gen, key); p != nil {
		p.write(w, r)
		return
	}
	f, first := c.flights.Join(strconv.FormatInt(gen, 10) + " " + key)
	if first {
		c.fill(w, r, gen, key, f)
		return
	}
	select {
	case <-f.Done():
		if f.Value != nil {
			f.Value.write(w, r)
			return
		}
		c.next.ServeHTTP(w, r) // not cacheable: each request its own answer
	case <-r.Context().Done(): // the visitor left: nothing to answer
	}
}

// pageKey is r's key in the cache, ok false when r's answer may neither
// come from nor go to it: not a GET, a session (a cookie, valid or not,
// or a bearer token), a banner (?msg=), a page not in cachedPaths, a key
// over pageMaxKey. The key holds what the page may vary by: htmx's
// fragment or the whole page, gzip or not, the path and the query in
// canonical order.
func pageKey(r *http.Request) (key string, ok bool) {
	if r.Method != http.MethodGet || r.Header.Get("Authorization") != "" {
		return "", false
	}
	if token, _ := auth.TokenFromRequest(r); token != "" {
		return "", false
	}
	if auth.UserFrom(r.Context()) != nil || !cachedPath(r.URL.Path) {
		return "", false
	}
	q := r.URL.Query()
	if q.Has("msg") { // flashMessage: a banner after a change is for who made it
		return "", false
	}
	variant := "p"
	if isHTMX(r) {
		// A page answers htmx with the block HX-Target names (the search
		// box's results), or whole: the target is part of what it varies by.
		variant = "h:" + r.Header.Get("HX-Target") + ":"
	}
	if acceptsGzip(r) {
		variant += "z"
	}
	key = variant + " " + r.URL.Path
	if len(q) > 0 {
		key += "?" + q.Encode()
	}
	return key, len(key) <= pageMaxKey
}

// cachedPath reports whether path is one of cachedPaths.
func cachedPath(path string) bool {
	segs := strings.Split(path, "/")
	for i, s := range segs {
		if _, err := strconv.ParseInt(s, 10, 64); err == nil && i > 1 {
			segs[i] = "*"
		}
	}
	p := strings.Join(segs, "/")
	for _, c := range cachedPaths {
		if p == c {
			return true
		}
	}
	return false
}

// pageFillTimeout bounds the rendering that fills the cache. It runs
// detached from its request's cancellation: visitors who give up on a slow
// cold page and ask again would otherwise start a rendering each time and
// cache none (issue 18); detached, the next ones find it cached.
const pageFillTimeout = 30 * time.Second

// fill renders r's page for f and every request waiting on it, writes it
// to w and keeps it when it may be kept.
func (c *pageCache) fill(w http.ResponseWriter, r *http.Request, gen int64, key string, f *coalesce.Flight[*cachedPage]) {
	defer c.flights.Land(f)
	ctx, cancel := c.detached.Context(r.Context(), pageFillTimeout)
	defer cancel()
	rec := newPageRecorder(w, c.maxEntry)
	c.next.ServeHTTP(rec, r.WithContext(ctx))
	p := rec.page(key)
	if p == nil {
		return // written through already
	}
	if !p.keepable() {
		w.WriteHeader(http.StatusOK) // as the handler wrote it, for this visitor alone
		w.Write(p.body)
		return
	}
	c.put(gen, p)
	f.Value = p
	p.write(w, r)
}

func (c *pageCache) get(gen int64, key string) *cachedPage {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.current {
		return nil
	}
	e := c.entries[key]
	if e == nil {
		return nil
	}
	c.lru.MoveToFront(e)
	return e.Value.(*cachedPage)
}

// put keeps p, rendered from data of generation gen or newer. A newer
// generation empties the cache; a page of an older one is dropped; the
// least recently used pages make room.
func (c *pageCache) put(gen int64, p *cachedPage) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen < c.current {
		return
	}
	if gen > c.current {
		c.current, c.entries, c.size = gen, map[string]*list.Element{}, 0
		c.lru.Init()
	}
	if _, ok := c.entries[p.key]; ok {
		return
	}
	cost := p.cost()
	for (c.size+cost > c.maxBytes || len(c.entries) >= pageMaxEntries) && c.lru.Len() > 0 {
		old := c.lru.Remove(c.lru.Back()).(*cachedPage)
		delete(c.entries, old.key)
		c.size -= old.cost()
	}
	c.entries[p.key] = c.lru.PushFront(p)
	c.size += cost
}

// cost is what a page counts against maxBytes.
func (p *cachedPage) cost() int64 {
	n := 2*len(p.key) + len(p.body) + len(p.etag) + pageEntryOverhead
	for k, vs := range p.header {
		n += len(k)
		for _, v := range vs {
			n += len(v)
		}
	}
	return int64(n)
}

// keepable reports whether p may be served to other visitors: it carries
// no CSRF token (a form of a session) and varies by nothing the key does
// not hold.
func (p *cachedPage) keepable() bool {
	for _, v := range strings.Split(strings.Join(p.header.Values("Vary"), ","), ",") {
		switch strings.ToLower(strings.TrimSpace(v)) {
		case "", "hx-request", "hx-target", "accept-encoding":
		default:
			return false
		}
	}
	body := p.body
	switch p.header.Get("Content-Encoding") {
	case "":
	case "gzip":
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return false
		}
		if body, err = io.ReadAll(zr); err != nil {
			return false
		}
	default:
		return false
	}
	return !bytes.Contains(body, []byte(auth.CSRFField)) && !bytes.Contains(body, []byte(auth.CSRFHeader))
}

// write answers with the cached bytes, or 304 when the visitor has them.
// "no-cache" lets the browser keep the page but ask each time, with
// If-None-Match.
func (p *cachedPage) write(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	for k, vs := range p.header {
		h[k] = slices.Clone(vs) // the middleware outside may change its own copy
	}
	h.Set("ETag", p.etag)
	if h.Get("Cache-Control") == "" {
		h.Set("Cache-Control", "no-cache")
	}
	if coalesce.ETagMatches(r.Header.Get("If-None-Match"), p.etag) {
		h.Del("Content-Type")
		h.Del("Content-Encoding")
		h.Del("Content-Length")
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Length", strconv.Itoa(len(p.body)))
	w.WriteHeader(http.StatusOK)
	w.Write(p.body)
}

// pageRecorder holds a page back while it may still be cached: a 200 of
// at most the entry limit with no Set-Cookie and no "no-store" or
// "private". Anything else goes straight through.
type pageRecorder struct {
	coalesce.Recorder
	before http.Header // the headers before the pages' handler ran
}

func newPageRecorder(w http.ResponseWriter, limit int) *pageRecorder {
	keep := func(h http.Header) bool {
		cc := strings.ToLower(h.Get("Cache-Control"))
		return len(h["Set-Cookie"]) == 0 && !strings.Contains(cc, "no-store") && !strings.Contains(cc, "private")
	}
	return &pageRecorder{Recorder: coalesce.Recorder{W: w, Limit: limit, Keep: keep}, before: w.Header().Clone()}
}

// page returns the held-back page to write (and perhaps keep), nil when
// it was written through.
func (rc *pageRecorder) page(key string) *cachedPage {
	body, etag, ok := rc.Held("p")
	if !ok {
		return nil
	}
	return &cachedPage{key: key, body: body, etag: etag, header: rc.set()}
}

// set returns the headers the pages' handler set or changed.
func (rc *pageRecorder) set() http.Header {
	set := http.Header{}
	for k, vs := range rc.W.Header() {
		if k != "Content-Length" && !slices.Equal(vs, rc.before[k]) {
			set[k] = slices.Clone(vs)
		}
	}
	return set
}
