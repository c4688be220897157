package api

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
)

// list is the shape of every listing: the page's items and, unless this is
// the last page, the cursor of the next.
type list[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor,omitempty"`
}

// newList makes a list whose items encode as [] rather than null when empty.
func newList[T any](items []T, next string) list[T] {
	if items == nil {
		items = []T{}
	}
	return list[T]{Items: items, NextCursor: next}
}

// writeJSON answers with v as JSON. v is encoded before anything is
// written, so a value that cannot be encoded still gets a 500 in the error
// shape; a failed write (the client gone) is dropped, as nothing can be
// answered any more.
func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		body = []byte(`{"error":{"code":"internal","message":"服务器内部错误"}}`)
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(body)+1))
	w.WriteHeader(status)
	w.Write(append(body, '\n'))
}

// Limits of a page of a listing.
const (
	defaultLimit = 50
	maxLimit     = 500
)

// queryInt reads an optional positive integer parameter; 0 when absent.
func queryInt(q url.Values, name string) (int64, error) {
	s := q.Get(name)
	if s == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return 0, invalid("参数 %s 应为正整数，收到 %q", name, s)
	}
	return n, nil
}

// queryLimit reads limit: defaultLimit when absent, 1…maxLimit otherwise.
func queryLimit(q url.Values) (int, error) {
	n, err := queryInt(q, "limit")
	if err != nil || n > maxLimit {
		return 0, invalid("参数 limit 应为 1 到 %d 之间的整数，收到 %q", maxLimit, q.Get("limit"))
	}
	if n == 0 {
		return defaultLimit, nil
	}
	return int(n), nil
}

// pageParams reads the document filter and page size shared by the
// paged listings.
func pageParams(q url.Values) (doc int64, limit int, err error) {
	if doc, err = queryInt(q, "document"); err != nil {
		return 0, 0, err
	}
	limit, err = queryLimit(q)
	return doc, limit, err
}

// limitAfter reads limit and a numeric cursor (the key of the previous
// page's last item; 0 for the first page).
func limitAfter(q url.Values) (limit int, after int64, err error) {
	if limit, err = queryLimit(q); err != nil {
		return 0, 0, err
	}
	after, err = queryInt(q, "cursor")
	return limit, after, err
}

// pathID reads the {id} path segment.
func pathID(r *http.Request) (int64, error) {
	s := r.PathValue("id")
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return 0, invalid("编号应为正整数，收到 %q", s)
	}
	return n, nil
}
