package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"strings"
	"time"

	"jixiao"
	"jixiao/internal/limit"
)

// Accounts is the part of jixiao.WorkflowStore that sessions need.
type Accounts interface {
	UserByName(ctx context.Context, username string) (*jixiao.User, string, error)
	UserByID(ctx context.Context, id int64) (*jixiao.User, error)
	SetPassword(ctx context.Context, userID int64, passwordHash string) error
	CreateSession(ctx context.Context, s jixiao.Session) error
	Session(ctx context.Context, tokenHash string) (jixiao.Session, error)
	TouchSession(ctx context.Context, tokenHash string, at time.Time) error
	DeleteSession(ctx context.Context, tokenHash string) error
}

// Manager logs users in and out and resolves session tokens.
type Manager struct {
	Store    Accounts
	Throttle *Throttle
	// Hashes runs every password hash: each holds 19 MiB for ~30 ms, so
	// the pool, not the number of requests, bounds their memory.
	Hashes *limit.Pool
	// Idle ends a session unused for this long; Absolute ends any session
	// this long after login, used or not.
	Idle     time.Duration
	Absolute time.Duration
	// SecureCookies sets Secure on cookies even for plain-HTTP requests,
	// for a server behind a TLS-terminating proxy.
	SecureCookies bool
	Now           func() time.Time
	// Logger receives store errors met while resolving sessions; nil
	// drops them.
	Logger *slog.Logger
}

// NewManager has a 30-minute idle and a 12-hour absolute timeout, and a
// hashing pool of one worker per core (GOMAXPROCS) with as many waiting.
func NewManager(st Accounts) *Manager {
	n := runtime.GOMAXPROCS(0)
	return &Manager{Store: st, Throttle: NewThrottle(), Hashes: limit.New("登录验证", n, n, time.Second),
		Idle: 30 * time.Minute, Absolute: 12 * time.Hour, Now: time.Now}
}

// ThrottledError refuses a login after too many failures; the API answers
// 429 with Retry-After.
type ThrottledError struct{ Wait time.Duration }

// RetrySeconds is the Retry-After of the refusal, in whole seconds.
func (e *ThrottledError) RetrySeconds() int { return int(e.Wait.Seconds()) + 1 }

func (e *ThrottledError) Error() string {
	if e.Wait < time.Minute { // the per-username delay starts at a second
		return fmt.Sprintf("登录失败次数过多，请 %d 秒后再试", int(e.Wait.Seconds())+1)
	}
	return fmt.Sprintf("登录失败次数过多，请 %d 分钟后再试", int(e.Wait.Minutes())+1)
}

// ErrSessionEnded is a token that is unknown, logged out or timed out.
var ErrSessionEnded = errors.New("会话已失效，请重新登录")

// HashToken is what the store keeps of a token: its SHA-256, hex.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

func newToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// Login checks the password of username, from client address ip, and
// starts a session. A wrong name and a wrong password both give
// jixiao.ErrNoAccount, after the same amount of hashing; too many failures
// give a *ThrottledError, before any hashing; a full hashing pool gives a
// *jixiao.BusyError. Only a wrong password counts as a failure: a store
// error or a busy pool is returned as it is and counts for nothing.
func (m *Manager) Login(ctx context.Context, username, password, ip string) (string, *jixiao.User, error) {
	username = strings.TrimSpace(username)
	// The attempt is counted before the ~30 ms hash, so that concurrent
	// guesses cannot all pass the check before the first failure is noted.
	done, w := m.Throttle.Attempt(username, ip)
	if w > 0 {
		return "", nil, &ThrottledError{w}
	}
	u, ok, err := m.checkPassword(ctx, username, password)
	switch {
	case err != nil:
		done(Unchecked)
		return "", nil, err
	case !ok:
		done(Failed)
		return "", nil, jixiao.ErrNoAccount
	}
	done(Succeeded)
	token, err := m.start(ctx, u.ID)
	return token, u, err
}

// checkPassword reports whether pw is the password of username, hashing in
// the pool. An unknown username is checked against dummyHash, so that it
// takes as long as a known one, and is never ok.
func (m *Manager) checkPassword(ctx context.Context, username, pw string) (*jixiao.User, bool, error) {
	u, hash, err := m.Store.UserByName(ctx, username)
	known := err == nil
	if errors.Is(err, jixiao.ErrNotFound) {
		hash = dummyHash
	} else if err != nil {
		return nil, false, err
	}
	var ok bool
	err = m.Hashes.Do(ctx, func() error {
		var verr error
		ok, verr = VerifyPassword(hash, pw)
		return verr
	})
	if err != nil && !errors.Is(err, jixiao.ErrBusy) && !errors.Is(err, ctx.Err()) {
		err = fmt.Errorf("账号 %s: %w", username, err)
	}
	// A disabled account is refused like a wrong password, after the same
	// hashing: the answer does not tell that the password was right.
	return u, ok && known && !u.Disabled, err
}

// hash hashes a new password in the pool.
func (m *Manager) hash(ctx context.Context, pw string) (string, error) {
	var h string
	err := m.Hashes.Do(ctx, func() error {
		var err error
		h, err = HashPassword(pw)
		return err
	})
	return h, err
}

func (m *Manager) start(ctx context.Context, userID int64) (string, error) {
	token, err := newToken()
	if err != nil {
		return "", err
	}
	now := m.Now().UTC()
	s := jixiao.Session{TokenHash: HashToken(token), UserID: userID, CreatedAt: now,
		LastSeen: now, ExpiresAt: now.Add(m.Absolute)}
	if err := m.Store.CreateSession(ctx, s); err != nil {
		return "", err
	}
	return token, nil
}

// touchEvery bounds how often a session's LastSeen is written: the idle
// timeout does not need per-request precision, and a write per request would
// make every read a write.
const touchEvery = time.Minute

// Authenticate resolves a token to its user, ending the session if it has
// been idle or alive too long or its account is disabled.
func (m *Manager) Authenticate(ctx context.Context, token string) (*jixiao.User, error) {
	if token == "" {
		return nil, ErrSessionEnded
	}
	h := HashToken(token)
	s, err := m.Store.Session(ctx, h)
	if errors.Is(err, jixiao.ErrNotFound) {
		return nil, ErrSessionEnded
	} else if err != nil {
		return nil, err
	}
	now := m.Now().UTC()
	if !now.Before(s.ExpiresAt) || now.Sub(s.LastSeen) > m.Idle {
		_ = m.Store.DeleteSession(ctx, h)
		return nil, ErrSessionEnded
	}
	if now.Sub(s.LastSeen) > touchEvery {
		if err := m.Store.TouchSession(ctx, h, now); err != nil {
			return nil, err
		}
	}
	u, err := m.Store.UserByID(ctx, s.UserID)
	if errors.Is(err, jixiao.ErrNotFound) {
		return nil, ErrSessionEnded
	}
	if err == nil && u.Disabled {
		_ = m.Store.DeleteSession(ctx, h)
		return nil, ErrSessionEnded
	}
	return u, err
}

// Logout ends the session of token. Ending an unknown session is not an
// error: the caller is logged out either way.
func (m *Manager) Logout(ctx context.Context, token string) error {
	if token == "" {
		return nil
	}
	return m.Store.DeleteSession(ctx, HashToken(token))
}

// ChangePassword replaces u's password after checking the old one, ends
// every session of u (a stolen token stops working) and starts a new one,
// whose token it returns. Guesses of the old password from ip are throttled
// like logins (a stolen session must not be a way to guess the password):
// a wrong one gives jixiao.ErrForbidden and counts as a failure, too many a
// *ThrottledError. A weak new password gives a *WeakPasswordError (which
// matches jixiao.ErrInvalid) before the old one is checked.
func (m *Manager) ChangePassword(ctx context.Context, u *jixiao.User, old, new, ip string) (string, error) {
	if err := CheckPassword(new); err != nil {
		return "", err
	}
	done, w := m.Throttle.Attempt(u.Username, ip)
	if w > 0 {
		return "", &ThrottledError{w}
	}
	_, ok, err := m.checkPassword(ctx, u.Username, old)
	switch {
	case err != nil:
		done(Unchecked)
		return "", err
	case !ok:
		done(Failed)
		return "", fmt.Errorf("%w: 原密码不正确", jixiao.ErrForbidden)
	}
	done(Succeeded)
	nh, err := m.hash(ctx, new)
	if err != nil {
		return "", err
	}
	if err := m.Store.SetPassword(ctx, u.ID, nh); err != nil {
		return "", err
	}
	return m.start(ctx, u.ID)
}
