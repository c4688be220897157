package coalesce

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"net/http"
	"strings"
)

// Recorder holds a handler's answer back while a cache may still keep it
// and share it: a 200 of at most Limit bytes that Keep allows (on its
// headers, once the status is written). Anything else goes straight
// through to W as it comes.
type Recorder struct {
	W     http.ResponseWriter
	Limit int
	// Keep, when set, says whether an answer with these headers may be
	// kept at all (no Set-Cookie, say).
	Keep func(h http.Header) bool

	status  int
	buf     bytes.Buffer
	through bool // passing writes straight to W
}

func (rc *Recorder) Header() http.Header { return rc.W.Header() }

func (rc *Recorder) WriteHeader(status int) {
	if rc.status != 0 {
		return
	}
	rc.status = status
	if status != http.StatusOK || rc.Keep != nil && !rc.Keep(rc.W.Header()) {
		rc.passThrough()
	}
}

func (rc *Recorder) Write(b []byte) (int, error) {
	if rc.status == 0 {
		rc.WriteHeader(http.StatusOK)
	}
	if !rc.through && rc.buf.Len()+len(b) > rc.Limit {
		rc.passThrough()
	}
	if rc.through {
		return rc.W.Write(b)
	}
	return rc.buf.Write(b)
}

// passThrough sends what is held back and every later write to W.
func (rc *Recorder) passThrough() {
	if rc.through {
		return
	}
	rc.through = true
	rc.W.WriteHeader(rc.status)
	if rc.buf.Len() > 0 {
		rc.W.Write(rc.buf.Bytes())
	}
}

// Held returns the answer held back, with an ETag of its bytes under
// prefix, ok false when it was written through (the handler wrote nothing:
// an empty 200).
func (rc *Recorder) Held(prefix string) (body []byte, etag string, ok bool) {
	if rc.through {
		return nil, "", false
	}
	if rc.status == 0 {
		rc.status = http.StatusOK
	}
	body = bytes.Clone(rc.buf.Bytes())
	h := fnv.New64a()
	h.Write(body)
	return body, fmt.Sprintf(`"%s%016x"`, prefix, h.Sum64()), true
}

// ETagMatches reports whether an If-None-Match header names etag (or
// its weak form, or "*"): the cached answer may then be a 304.
func ETagMatches(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == etag || t == "W/"+etag || t == "*" {
			return true
		}
	}
	return false
}
