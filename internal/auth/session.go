package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"jixiao"
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
	// Idle ends a session unused for this long; Absolute ends any session
	// this long after login, used or not.
	Idle     time.Duration
	Absolute time.Duration
	// SecureCookies sets Secure on cookies even for plain-HTTP requests,
	// for a server behind a TLS-terminating proxy.
	SecureCookies bool
	Now           func() time.Time
}

// NewManager has a 30-minute idle and a 12-hour absolute timeout.
func NewManager(st Accounts) *Manager {
	return &Manager{Store: st, Throttle: NewThrottle(), Idle: 30 * time.Minute,
		Absolute: 12 * time.Hour, Now: time.Now}
}

// ThrottledError refuses a login after too many failures; the API answers
// 429 with Retry-After.
type ThrottledError struct{ Wait time.Duration }

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
// give a *ThrottledError.
func (m *Manager) Login(ctx context.Context, username, password, ip string) (string, *jixiao.User, error) {
	username = strings.TrimSpace(username)
	// The attempt is counted before the ~30 ms hash, so that concurrent
	// guesses cannot all pass the check before the first failure is noted.
	done, w := m.Throttle.Attempt(username, ip)
	if w > 0 {
		return "", nil, &ThrottledError{w}
	}
	u, hash, err := m.Store.UserByName(ctx, username)
	if errors.Is(err, jixiao.ErrNotFound) {
		hash = dummyHash
	} else if err != nil {
		return "", nil, err // a store error is no guess: it stays counted, erring on the safe side
	}
	ok, verr := VerifyPassword(hash, password)
	if err != nil || verr != nil || !ok {
		done(false)
		if verr != nil && err == nil {
			return "", nil, fmt.Errorf("账号 %s: %w", username, verr)
		}
		return "", nil, jixiao.ErrNoAccount
	}
	done(true)
	token, err := m.start(ctx, u.ID)
	return token, u, err
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
// been idle or alive too long.
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
// whose token it returns.
func (m *Manager) ChangePassword(ctx context.Context, u *jixiao.User, old, new string) (string, error) {
	_, hash, err := m.Store.UserByName(ctx, u.Username)
	if err != nil {
		return "", err
	}
	if ok, err := VerifyPassword(hash, old); err != nil || !ok {
		return "", fmt.Errorf("%w: 原密码不正确", jixiao.ErrForbidden)
	}
	if err := CheckPassword(new); err != nil {
		return "", fmt.Errorf("%w: %v", jixiao.ErrInvalid, err)
	}
	nh, err := HashPassword(new)
	if err != nil {
		return "", err
	}
	if err := m.Store.SetPassword(ctx, u.ID, nh); err != nil {
		return "", err
	}
	return m.start(ctx, u.ID)
}
