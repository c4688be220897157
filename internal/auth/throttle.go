package auth

import (
	"strings"
	"sync"
	"time"
)

// Throttle limits failed logins per username and client address: after
// MaxFailures failures within Window, further attempts are refused until the
// oldest failure leaves the window. Keying on both means one attacker cannot
// lock a user out from everywhere, and one address cannot try many
// passwords for one user. It is in memory: each server process counts on
// its own, which bounds guessing at MaxFailures per window per process.
type Throttle struct {
	MaxFailures int
	Window      time.Duration
	Now         func() time.Time

	mu       sync.Mutex
	failures map[string][]time.Time
}

// NewThrottle allows 5 failures per 15 minutes.
func NewThrottle() *Throttle {
	return &Throttle{MaxFailures: 5, Window: 15 * time.Minute, Now: time.Now}
}

func throttleKey(username, ip string) string {
	return strings.ToLower(strings.TrimSpace(username)) + "\x00" + ip
}

// Wait reports how long the pair must wait before trying again; zero means
// it may try now.
func (t *Throttle) Wait(username, ip string) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.Now()
	fs := t.recent(throttleKey(username, ip), now)
	if len(fs) < t.MaxFailures {
		return 0
	}
	return fs[len(fs)-t.MaxFailures].Add(t.Window).Sub(now)
}

// Fail records a failed attempt.
func (t *Throttle) Fail(username, ip string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.failures == nil {
		t.failures = map[string][]time.Time{}
	}
	now := t.Now()
	k := throttleKey(username, ip)
	t.failures[k] = append(t.recent(k, now), now)
	if len(t.failures) > 100_000 {
		t.prune(now)
	}
}

// Succeed forgets the pair's failures.
func (t *Throttle) Succeed(username, ip string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.failures, throttleKey(username, ip))
}

// recent returns k's failures still inside the window (caller holds mu).
func (t *Throttle) recent(k string, now time.Time) []time.Time {
	fs := t.failures[k]
	i := 0
	for i < len(fs) && now.Sub(fs[i]) >= t.Window {
		i++
	}
	return fs[i:]
}

func (t *Throttle) prune(now time.Time) {
	for k := range t.failures {
		if len(t.recent(k, now)) == 0 {
			delete(t.failures, k)
		}
	}
}
