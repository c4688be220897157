package auth

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"strings"

	"jixiao"
)

// CookieName is the session cookie.
const CookieName = "jixiao_session"

// CSRFHeader carries the CSRF token on cookie-authenticated changes
// (htmx sends it from the page's meta tag); forms post it as CSRFField.
const (
	CSRFHeader = "X-CSRF-Token"
	CSRFField  = "csrf_token"
)

type ctxKey int

const (
	userKey ctxKey = iota
	tokenKey
)

// UserFrom returns the logged-in user of a request's context, nil for an
// anonymous visitor.
func UserFrom(ctx context.Context) *jixiao.User {
	u, _ := ctx.Value(userKey).(*jixiao.User)
	return u
}

// TokenFrom returns the session token the request authenticated with.
func TokenFrom(ctx context.Context) string {
	t, _ := ctx.Value(tokenKey).(string)
	return t
}

// WithUser puts u (and its token) in ctx, as the middleware does.
func WithUser(ctx context.Context, u *jixiao.User, token string) context.Context {
	return context.WithValue(context.WithValue(ctx, userKey, u), tokenKey, token)
}

// TokenFromRequest returns the bearer token, else the session cookie, and
// whether it came from the cookie (only then is CSRF a concern: a browser
// attaches cookies to cross-site requests on its own, never a header).
func TokenFromRequest(r *http.Request) (token string, fromCookie bool) {
	if h := r.Header.Get("Authorization"); h != "" {
		if t, ok := strings.CutPrefix(h, "Bearer "); ok {
			return strings.TrimSpace(t), false
		}
	}
	if c, err := r.Cookie(CookieName); err == nil {
		return c.Value, true
	}
	return "", false
}

// CSRFToken derives the CSRF token of a session from its session token. A
// cross-site page cannot read the cookie, so it cannot compute this.
func CSRFToken(sessionToken string) string {
	sum := sha256.Sum256([]byte("jixiao-csrf\x00" + sessionToken))
	return base64.RawURLEncoding.EncodeToString(sum[:24])
}

// CSRFValid reports whether a cookie-authenticated request carries the CSRF
// token of its session (header or form field).
func CSRFValid(r *http.Request, sessionToken string) bool { return csrfOK(r, sessionToken) }

func csrfOK(r *http.Request, sessionToken string) bool {
	got := r.Header.Get(CSRFHeader)
	if got == "" {
		got = r.PostFormValue(CSRFField)
	}
	return CSRFMatches(got, sessionToken)
}

// CSRFMatches reports whether got is the CSRF token of the session, for a
// handler that reads the token itself (an upload checks it before reading
// the file, where CSRFValid would parse the whole body first).
func CSRFMatches(got, sessionToken string) bool {
	want := CSRFToken(sessionToken)
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// SetCookie sends the session cookie: HttpOnly, SameSite=Lax, Secure over
// TLS (or when the manager is told the server sits behind one).
func (m *Manager) SetCookie(w http.ResponseWriter, r *http.Request, token string) {
	http.SetCookie(w, &http.Cookie{Name: CookieName, Value: token, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil || m.SecureCookies,
		MaxAge: int(m.Absolute.Seconds())})
}

// ClearCookie removes the session cookie.
func (m *Manager) ClearCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: CookieName, Value: "", Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil || m.SecureCookies, MaxAge: -1})
}

// ClientIP is the request's remote address without the port. Forwarded
// headers are not trusted: a client could rotate them to dodge throttling.
func ClientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// Middleware resolves the session of every request and puts the user in its
// context (UserFrom). A cookie-authenticated change must come from our own
// origin (http.CrossOriginProtection, by Sec-Fetch-Site/Origin) and carry
// the CSRF token; a bearer-authenticated one needs neither. A bad bearer
// token is refused with 401; a stale cookie is dropped and the request goes
// on anonymously; a store error answers 503 and keeps the cookie (an outage
// logs nobody out). Logging in (POST /api/v1/session, POST /login) carries
// no session yet and is let through, still behind the origin check.
func (m *Manager) Middleware(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	inner := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, fromCookie := TokenFromRequest(r)
		if token == "" {
			next.ServeHTTP(w, r)
			return
		}
		u, err := m.Authenticate(r.Context(), token)
		switch {
		case err != nil && !errors.Is(err, ErrSessionEnded):
			// The store failed: the session may well be valid, so the
			// cookie is kept and nothing runs as anonymous.
			m.log(r, err)
			writeAuthError(w, r, http.StatusServiceUnavailable, "unavailable", ErrUnavailable.Error())
			return
		case err != nil && !fromCookie:
			writeAuthError(w, r, http.StatusUnauthorized, "unauthorized", ErrSessionEnded.Error())
			return
		case err != nil:
			m.ClearCookie(w, r)
			next.ServeHTTP(w, r)
			return
		}
		if fromCookie && !safeMethod(r.Method) && !csrfOK(r, token) {
			writeAuthError(w, r, http.StatusForbidden, "csrf", "缺少或错误的 CSRF 令牌，请刷新页面后重试")
			return
		}
		next.ServeHTTP(w, r.WithContext(WithUser(r.Context(), u, token)))
	})
	return cop.Handler(inner)
}

// ErrUnavailable is what a request hears when its session cannot be
// checked because the store is down.
var ErrUnavailable = errors.New("服务暂时不可用（数据库无法连接），请求未处理也未保存，请稍后重试")

func (m *Manager) log(r *http.Request, err error) {
	if m.Logger != nil {
		m.Logger.ErrorContext(r.Context(), "session lookup failed", "path", r.URL.Path, "err", err)
	}
}

// writeAuthError answers in the API's JSON error shape under /api/ and in
// plain text elsewhere.
func writeAuthError(w http.ResponseWriter, r *http.Request, status int, code, msg string) {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(map[string]any{"error": map[string]string{"code": code, "message": msg}})
		return
	}
	http.Error(w, msg, status)
}
