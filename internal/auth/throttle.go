package auth

import (
	"slices"
	"strings"
	"sync"
	"time"
)

// Throttle limits password guessing, in memory (each server process counts
// on its own), at two levels:
//
//   - per username and client address: after MaxFailures failures within
//     Window, further attempts are refused until the oldest failure leaves
//     the window. Keying on both means one address cannot try many
//     passwords for one user, and one attacker cannot lock a user out from
//     everywhere;
//   - per username, across addresses: UserFreeFailures failures within
//     UserWindow go unhindered; after them each attempt waits UserDelay
//     after the last failure, doubled with every further failure up to
//     UserMaxDelay. Guessing from many addresses slows to four tries an
//     hour, and the owner is never kept out longer than UserMaxDelay.
//
// An attempt counts as a failure from the moment it is reserved (Attempt)
// until it is known to have succeeded, so that concurrent attempts cannot
// all pass the check while the password hashes run.
type Throttle struct {
	MaxFailures int
	Window      time.Duration

	UserFreeFailures int
	UserWindow       time.Duration
	UserDelay        time.Duration
	UserMaxDelay     time.Duration

	Now func() time.Time

	mu    sync.Mutex
	pairs map[string][]time.Time // username and address → failures
	users map[string][]time.Time // username → failures from any address
}

// NewThrottle allows 5 failures per 15 minutes from one address, and 20
// per day for one username from all addresses before delaying it (1 s,
// doubling, at most 15 minutes).
func NewThrottle() *Throttle {
	return &Throttle{MaxFailures: 5, Window: 15 * time.Minute,
		UserFreeFailures: 20, UserWindow: 24 * time.Hour, UserDelay: time.Second, UserMaxDelay: 15 * time.Minute,
		Now: time.Now}
}

func nameKey(username string) string { return strings.ToLower(strings.TrimSpace(username)) }

func throttleKey(username, ip string) string { return nameKey(username) + "\x00" + ip }

// Attempt reserves a login attempt of username from ip: when allowed it is
// counted as a failure at once, under the lock, and done must be called
// with the outcome (done(true) forgets it with the pair's failures). When
// refused it returns how long to wait, records nothing, and done is nil.
func (t *Throttle) Attempt(username, ip string) (done func(ok bool), wait time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.Now()
	pk, uk := throttleKey(username, ip), nameKey(username)
	if w := max(t.pairWait(pk, now), t.userWait(uk, now)); w > 0 {
		return nil, w
	}
	if t.pairs == nil {
		t.pairs, t.users = map[string][]time.Time{}, map[string][]time.Time{}
	}
	t.pairs[pk] = append(recent(t.pairs[pk], now, t.Window), now)
	t.users[uk] = append(recent(t.users[uk], now, t.UserWindow), now)
	if len(t.pairs)+len(t.users) > 100_000 {
		t.prune(now)
	}
	return func(ok bool) {
		if ok {
			t.succeed(pk, uk, now)
		}
	}, 0
}

// Wait reports how long username must wait before trying from ip again;
// zero means it may try now.
func (t *Throttle) Wait(username, ip string) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.Now()
	return max(t.pairWait(throttleKey(username, ip), now), t.userWait(nameKey(username), now))
}

// pairWait is the wait of one username and address (caller holds mu).
func (t *Throttle) pairWait(k string, now time.Time) time.Duration {
	fs := recent(t.pairs[k], now, t.Window)
	if len(fs) < t.MaxFailures {
		return 0
	}
	return fs[len(fs)-t.MaxFailures].Add(t.Window).Sub(now)
}

// userWait is the delay of one username across addresses (caller holds mu).
func (t *Throttle) userWait(k string, now time.Time) time.Duration {
	fs := recent(t.users[k], now, t.UserWindow)
	over := len(fs) - t.UserFreeFailures
	if over < 0 || t.UserDelay <= 0 {
		return 0
	}
	delay := t.UserMaxDelay
	if over < 30 && t.UserDelay<<over < t.UserMaxDelay {
		delay = t.UserDelay << over
	}
	return max(fs[len(fs)-1].Add(delay).Sub(now), 0)
}

// succeed forgets the pair's failures and the user's failure reserved at
// at (a success says nothing about other addresses' guesses).
func (t *Throttle) succeed(pk, uk string, at time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.pairs, pk)
	fs := t.users[uk]
	if i := slices.IndexFunc(fs, at.Equal); i >= 0 {
		t.users[uk] = slices.Delete(fs, i, i+1)
	}
	if len(t.users[uk]) == 0 {
		delete(t.users, uk)
	}
}

// recent returns the failures of fs still inside the window.
func recent(fs []time.Time, now time.Time, window time.Duration) []time.Time {
	i := 0
	for i < len(fs) && now.Sub(fs[i]) >= window {
		i++
	}
	return fs[i:]
}

func (t *Throttle) prune(now time.Time) {
	for k, fs := range t.pairs {
		if len(recent(fs, now, t.Window)) == 0 {
			delete(t.pairs, k)
		}
	}
	for k, fs := range t.users {
		if len(recent(fs, now, t.UserWindow)) == 0 {
			delete(t.users, k)
		}
	}
}
