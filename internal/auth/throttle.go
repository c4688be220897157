package auth

import (
	"slices"
	"strings"
	"sync"
	"time"
)

// Throttle limits password guessing, in memory (each server process counts
// on its own), at three levels, all checked before any password is hashed:
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
//     hour, and the owner is never kept out longer than UserMaxDelay;
//   - per address, across usernames (the same backoff with the Addr…
//     fields): one address trying a new username with every request is
//     slowed down after AddrFreeFailures, so a flood from one address costs
//     refusals, not password hashes. An office behind one NAT address waits
//     at most AddrMaxDelay after the flood stops.
//
// An attempt counts as a failure from the moment it is reserved (Attempt)
// until its outcome is known, so that concurrent attempts cannot all pass
// the check while the password hashes run. Only a wrong password stays
// counted: an attempt that could not be checked (the database was down,
// the server busy) is forgotten, so an outage locks nobody out.
type Throttle struct {
	MaxFailures int
	Window      time.Duration

	UserFreeFailures int
	UserWindow       time.Duration
	UserDelay        time.Duration
	UserMaxDelay     time.Duration

	AddrFreeFailures int
	AddrWindow       time.Duration
	AddrDelay        time.Duration
	AddrMaxDelay     time.Duration

	Now func() time.Time

	mu    sync.Mutex
	pairs map[string][]time.Time // username and address → failures
	users map[string][]time.Time // username → failures from any address
	addrs map[string][]time.Time // address → failures for any username
}

// NewThrottle allows 5 failures per 15 minutes from one address for one
// username; 20 per day for one username from all addresses before delaying
// it; and 20 per hour from one address for all usernames before delaying
// it (each delay 1 s, doubling, at most 15 minutes).
func NewThrottle() *Throttle {
	return &Throttle{MaxFailures: 5, Window: 15 * time.Minute,
		UserFreeFailures: 20, UserWindow: 24 * time.Hour, UserDelay: time.Second, UserMaxDelay: 15 * time.Minute,
		AddrFreeFailures: 20, AddrWindow: time.Hour, AddrDelay: time.Second, AddrMaxDelay: 15 * time.Minute,
		Now: time.Now}
}

// Outcome is what became of a reserved attempt.
type Outcome int

const (
	// Failed is a wrong password (or unknown username): it stays counted.
	Failed Outcome = iota
	// Succeeded forgets the attempt and the pair's earlier failures.
	Succeeded
	// Unchecked is an attempt whose password was never checked (a store
	// error, a full hashing pool): it is forgotten, as if never made.
	Unchecked
)

func nameKey(username string) string { return strings.ToLower(strings.TrimSpace(username)) }

func throttleKey(username, ip string) string { return nameKey(username) + "\x00" + ip }

// Attempt reserves a login attempt of username from ip: when allowed it is
// counted as a failure at once, under the lock, and done must be called
// with the outcome. When refused it returns how long to wait, records
// nothing, and done is nil.
func (t *Throttle) Attempt(username, ip string) (done func(Outcome), wait time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.Now()
	pk, uk := throttleKey(username, ip), nameKey(username)
	if w := t.wait(pk, uk, ip, now); w > 0 {
		return nil, w
	}
	if t.pairs == nil {
		t.pairs, t.users, t.addrs = map[string][]time.Time{}, map[string][]time.Time{}, map[string][]time.Time{}
	}
	t.pairs[pk] = append(recent(t.pairs[pk], now, t.Window), now)
	t.users[uk] = append(recent(t.users[uk], now, t.UserWindow), now)
	t.addrs[ip] = append(recent(t.addrs[ip], now, t.AddrWindow), now)
	if len(t.pairs)+len(t.users)+len(t.addrs) > 100_000 {
		t.prune(now)
	}
	return func(o Outcome) {
		if o != Failed {
			t.forget(pk, uk, ip, now, o == Succeeded)
		}
	}, 0
}

// Wait reports how long username must wait before trying from ip again;
// zero means it may try now.
func (t *Throttle) Wait(username, ip string) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.wait(throttleKey(username, ip), nameKey(username), ip, t.Now())
}

// wait is the longest of the three waits (caller holds mu).
func (t *Throttle) wait(pk, uk, ip string, now time.Time) time.Duration {
	return max(t.pairWait(pk, now),
		backoff(recent(t.users[uk], now, t.UserWindow), t.UserFreeFailures, t.UserDelay, t.UserMaxDelay, now),
		backoff(recent(t.addrs[ip], now, t.AddrWindow), t.AddrFreeFailures, t.AddrDelay, t.AddrMaxDelay, now))
}

// pairWait is the wait of one username and address (caller holds mu).
func (t *Throttle) pairWait(k string, now time.Time) time.Duration {
	fs := recent(t.pairs[k], now, t.Window)
	if len(fs) < t.MaxFailures {
		return 0
	}
	return fs[len(fs)-t.MaxFailures].Add(t.Window).Sub(now)
}

// backoff is the delay after the failures fs when free of them go
// unhindered: delay after the last one, doubled with each further failure,
// at most maxDelay.
func backoff(fs []time.Time, free int, delay, maxDelay time.Duration, now time.Time) time.Duration {
	over := len(fs) - free
	if over < 0 || delay <= 0 {
		return 0
	}
	d := maxDelay
	if over < 30 && delay<<over < maxDelay {
		d = delay << over
	}
	return max(fs[len(fs)-1].Add(d).Sub(now), 0)
}

// forget removes the failure reserved at at from the user's and the
// address's lists, and from the pair's; on success it clears the pair's
// earlier failures too (a success says nothing about other addresses'
// guesses, nor about the other usernames tried from this address).
func (t *Throttle) forget(pk, uk, ip string, at time.Time, success bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if success {
		delete(t.pairs, pk)
	} else {
		removeAt(t.pairs, pk, at)
	}
	removeAt(t.users, uk, at)
	removeAt(t.addrs, ip, at)
}

// removeAt deletes one failure at at from m[k], and the key when empty.
func removeAt(m map[string][]time.Time, k string, at time.Time) {
	fs := m[k]
	if i := slices.IndexFunc(fs, at.Equal); i >= 0 {
		m[k] = slices.Delete(fs, i, i+1)
	}
	if len(m[k]) == 0 {
		delete(m, k)
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
	for _, m := range []struct {
		m      map[string][]time.Time
		window time.Duration
	}{{t.pairs, t.Window}, {t.users, t.UserWindow}, {t.addrs, t.AddrWindow}} {
		for k, fs := range m.m {
			if len(recent(fs, now, m.window)) == 0 {
				delete(m.m, k)
			}
		}
	}
}
