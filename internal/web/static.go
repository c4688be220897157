package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

// staticFS holds the stylesheet, the small page scripts and the vendored
// libraries (static/vendor, refreshed by scripts/refresh-assets.sh).
//
//go:embed static
var staticFS embed.FS

// asset is one embedded file, with its gzip form computed once at start-up
// (ECharts is 1.1 MB raw, about a third of that gzipped).
type asset struct {
	body, gz []byte
	ctype    string
	hash     string
}

// assets serves /static/NAME. URLs carry ?v=HASH (see url), so a matching
// request may be cached for a year; a new build changes the hash.
type assets struct {
	files map[string]*asset
}

func loadAssets() (*assets, error) {
	a := &assets{files: map[string]*asset{}}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		f := &asset{body: body, hash: hex.EncodeToString(sum[:6])}
		f.ctype = mime.TypeByExtension(path.Ext(p))
		if f.ctype == "" {
			f.ctype = "text/plain; charset=utf-8"
		}
		if compressible(p) {
			f.gz = gzipped(body, gzip.BestCompression)
		}
		a.files[strings.TrimPrefix(p, "static/")] = f
		return nil
	})
	return a, err
}

func compressible(p string) bool {
	switch path.Ext(p) {
	case ".js", ".css", ".svg", ".json", "":
		return true
	}
	return false
}

func gzipped(b []byte, level int) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, level)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

// url is the address of an embedded file with its content hash.
func (a *assets) url(name string) string {
	f := a.files[name]
	if f == nil {
		return "/static/" + name // a template names a missing file: the 404 shows in tests
	}
	return "/static/" + name + "?v=" + f.hash
}

func (a *assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f := a.files[strings.TrimPrefix(r.URL.Path, "/static/")]
	if f == nil {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.ctype)
	h.Set("ETag", `"`+f.hash+`"`)
	h.Set("Vary", "Accept-Encoding")
	if r.URL.Query().Get("v") == f.hash {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	if r.Header.Get("If-None-Match") == `"`+f.hash+`"` {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body := f.body
	if f.gz != nil && acceptsGzip(r) {
		h.Set("Content-Encoding", "gzip")
		body = f.gz
	}
	w.Write(body)
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		if strings.TrimSpace(strings.SplitN(part, ";", 2)[0]) == "gzip" {
			return true
		}
	}
	return false
}
