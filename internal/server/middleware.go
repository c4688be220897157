package server

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"jixiao"
	"jixiao/internal/auth"
)

const requestIDHeader = "X-Request-Id"

// middleware wraps h, outermost first: request id, access log, panic
// recovery, security headers, no-store for signed-in answers, body limit,
// cross-origin protection.
func (s *Server) middleware(h http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(crossOriginDenied))
	h = cop.Handler(h)
	h = s.secureCookies(h)
	h = s.limitBody(h)
	h = checkQuery(h)
	h = noStore(h)
	h = securityHeaders(h)
	h = s.recoverPanics(h)
	h = s.logRequests(h)
	return requestID(h)
}

// requestID gives each request an id, in the X-Request-Id response header
// where handlers and the log find it. An incoming id from a proxy is kept
// when it is short and printable.
func requestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get(requestIDHeader)
		if !validRequestID(id) {
			id = newRequestID()
		}
		w.Header().Set(requestIDHeader, id)
		next.ServeHTTP(w, r)
	})
}

func validRequestID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, c := range id {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

func newRequestID() string {
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// statusWriter records the status and size of an answer for the log.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach Flush and deadlines.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// logRequests writes one structured line per request.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		s.log.LogAttrs(r.Context(), levelFor(sw.status), "request",
			slog.String("request_id", w.Header().Get(requestIDHeader)),
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", sw.status),
			slog.Int64("bytes", sw.bytes),
			slog.Duration("duration", time.Since(start)),
			slog.String("remote", r.RemoteAddr))
	})
}

// recoverPanics turns a panic in a handler into a 500 with the request id
// logged with the stack, so that one bad request never takes the process
// down. http.ErrAbortHandler keeps its meaning (abort the response quietly).
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler {
				panic(v)
			}
			id := w.Header().Get(requestIDHeader)
			s.log.ErrorContext(r.Context(), "panic", "request_id", id, "method", r.Method,
				"path", r.URL.Path, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			writeError(w, r, http.StatusInternalServerError, "internal", "服务器内部错误（请求编号 "+id+"）")
		}()
		next.ServeHTTP(w, r)
	})
}

// limitBody bounds every request body; the API bounds uploads more tightly
// itself, this catches everything else.
func (s *Server) limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > s.cfg.MaxBody {
			writeError(w, r, http.StatusRequestEntityTooLarge, "too_large",
				fmt.Sprintf("请求内容超过 %d MiB 的上限", s.cfg.MaxBody>>20))
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxBody)
		next.ServeHTTP(w, r)
	})
}

// contentSecurityPolicy allows only this origin's scripts (no inline script,
// no eval) and no framing. Inline style attributes stay allowed because the
// chart library and htmx set styles at run time.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; " +
	"form-action 'self'; frame-ancestors 'none'"

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

// noStore sends "Cache-Control: no-store" on every answer that may carry
// a user's data or secrets, so that neither a shared proxy nor the
// browser's cache (the back button after logout) keeps drafts or CSRF
// tokens: every request with a session (cookie or bearer token), the
// login and session endpoints, and any answer that sets a cookie. Static
// assets are the same for everyone and keep their own caching.
func noStore(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/static/") {
			next.ServeHTTP(w, r)
			return
		}
		token, _ := auth.TokenFromRequest(r)
		always := token != "" || r.Header.Get("Authorization") != "" || sessionPath(r.URL.Path)
		nw := &noStoreWriter{ResponseWriter: w, always: always}
		next.ServeHTTP(nw, r)
		nw.mark()
	})
}

// sessionPath is a path that logs in or out, or answers a session.
func sessionPath(p string) bool {
	return p == "/login" || p == "/logout" || p == "/account" || strings.HasPrefix(p, "/account/") ||
		p == "/api/v1/session" || strings.HasPrefix(p, "/api/v1/session/")
}

// noStoreWriter sets no-store just before the headers go out, over
// whatever the handler set, when the answer needs it.
type noStoreWriter struct {
	http.ResponseWriter
	always bool
	marked bool
}

func (w *noStoreWriter) mark() {
	if w.marked {
		return
	}
	w.marked = true
	h := w.Header()
	if w.always || len(h["Set-Cookie"]) > 0 {
		h.Set("Cache-Control", "no-store")
		h.Del("Expires")
	}
}

func (w *noStoreWriter) WriteHeader(code int) {
	w.mark()
	w.ResponseWriter.WriteHeader(code)
}

func (w *noStoreWriter) Write(b []byte) (int, error) {
	w.mark()
	return w.ResponseWriter.Write(b)
}

// FlushError sends the headers, marked, before flushing.
func (w *noStoreWriter) FlushError() error {
	w.mark()
	return http.NewResponseController(w.ResponseWriter).Flush()
}

// Unwrap lets http.ResponseController reach deadlines.
func (w *noStoreWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// crossOriginDenied answers a state-changing request a browser sent from
// another site (CSRF).
// checkQuery refuses, with 400 naming the parameter, a query parameter
// holding a NUL or another control character or too long
// (jixiao.CheckParams), for every page and endpoint at once: such a value
// means nothing to any filter, and PostgreSQL refuses a NUL in text.
func checkQuery(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := jixiao.CheckParams(r.URL.Query()); err != nil {
			var fe *jixiao.FieldError
			errors.As(err, &fe)
			writeFieldError(w, r, fe)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// writeFieldError is writeError's 400 for a wrong parameter, with its name.
func writeFieldError(w http.ResponseWriter, r *http.Request, fe *jixiao.FieldError) {
	if !strings.HasPrefix(r.URL.Path, "/api/") {
		http.Error(w, "请求的参数不正确："+fe.Error(), http.StatusBadRequest)
		return
	}
	body, _ := json.Marshal(map[string]map[string]string{"error": {"code": "invalid", "field": fe.Field, "message": fe.Error()}})
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusBadRequest)
	w.Write(append(body, '\n'))
}

func crossOriginDenied(w http.ResponseWriter, r *http.Request) {
	writeError(w, r, http.StatusForbidden, "cross_origin", "拒绝来自其他网站的修改请求")
}

// writeError answers in the API's JSON error shape under /api/ and as plain
// text elsewhere (pages render their own errors; this is the last resort).
func writeError(w http.ResponseWriter, r *http.Request, status int, code, msg string) {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		body, _ := json.Marshal(map[string]map[string]string{"error": {"code": code, "message": msg}})
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(status)
		w.Write(append(body, '\n'))
		return
	}
	http.Error(w, msg, status)
}

// secureCookies marks the cookies of an answer Secure when the browser
// talks HTTPS to a proxy in front of this server: always with
// Config.SecureCookies, else when the request says "X-Forwarded-Proto:
// https". Trusting that header is safe here because it can only add Secure:
// a client that forges it on plain HTTP gets a cookie its own browser will
// not send back, and nothing is weakened. The session manager (the API's,
// shared with the pages) is told SecureCookies directly; this covers any
// other handler that sets a cookie.
func (s *Server) secureCookies(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.TLS != nil || !s.cfg.SecureCookies && !forwardedHTTPS(r) {
			next.ServeHTTP(w, r)
			return
		}
		sw := &secureCookieWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		sw.mark() // a handler that wrote nothing: headers still go out after
	})
}

// forwardedHTTPS reports whether a proxy says the client used HTTPS.
func forwardedHTTPS(r *http.Request) bool {
	proto, _, _ := strings.Cut(r.Header.Get("X-Forwarded-Proto"), ",")
	return strings.EqualFold(strings.TrimSpace(proto), "https")
}

// secureCookieWriter adds Secure to every Set-Cookie header just before the
// headers are sent.
type secureCookieWriter struct {
	http.ResponseWriter
	marked bool
}

func (w *secureCookieWriter) mark() {
	if w.marked {
		return
	}
	w.marked = true
	cookies := w.Header()["Set-Cookie"]
	for i, c := range cookies {
		if parsed, err := http.ParseSetCookie(c); err == nil && !parsed.Secure {
			cookies[i] = c + "; Secure"
		}
	}
}

func (w *secureCookieWriter) WriteHeader(code int) {
	w.mark()
	w.ResponseWriter.WriteHeader(code)
}

func (w *secureCookieWriter) Write(b []byte) (int, error) {
	w.mark()
	return w.ResponseWriter.Write(b)
}

// FlushError sends the headers, marked, before flushing.
func (w *secureCookieWriter) FlushError() error {
	w.mark()
	return http.NewResponseController(w.ResponseWriter).Flush()
}

// Unwrap lets http.ResponseController reach deadlines.
func (w *secureCookieWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// levelFor logs server errors as errors and everything else as info.
func levelFor(status int) slog.Level {
	if status >= 500 {
		return slog.LevelError
	}
	return slog.LevelInfo
}
