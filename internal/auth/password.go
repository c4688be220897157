// Package auth is accounts and sessions: argon2id password hashes, server-
// side sessions with random tokens (only their SHA-256 is stored), idle and
// absolute timeouts, login throttling per username and address, and the
// cookie, bearer-token and CSRF plumbing the API and pages share.
package auth

import (
	"crypto/rand"
	"crypto/subtle"
	_ "embed"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync"

	"golang.org/x/crypto/argon2"

	"jixiao"
)

// Params are argon2id's cost parameters. The defaults follow OWASP's
// smallest recommended setting (19 MiB, two passes, one lane): a login costs
// about 30 ms on one core of the 2-core servers this runs on, so a burst of
// logins does not starve the API. bcrypt is not used because it silently
// stops at 72 bytes, i.e. 24 Chinese characters.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32
	Threads uint8
	SaltLen int
	KeyLen  uint32
}

// DefaultParams is what new hashes use.
var DefaultParams = Params{Memory: 19 * 1024, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}

// MinPasswordRunes is the shortest password accepted, counted in
// characters, so that a Chinese passphrase of twelve characters qualifies.
const MinPasswordRunes = 12

// MaxPasswordBytes bounds a password: longer ones are refused before any
// hashing.
const MaxPasswordBytes = 1024

// PasswordRule is the rule as the forms and the CLI state it.
var PasswordRule = fmt.Sprintf("至少 %d 个字符（可用中文），不能是常见密码，也不能只由一个字符重复组成", MinPasswordRunes)

// ErrWeakPassword is the kind of CheckPassword's errors.
var ErrWeakPassword = errors.New("密码不符合要求：" + PasswordRule)

// WeakPasswordError refuses a password and says which part of the rule it
// breaks. It matches ErrWeakPassword and jixiao.ErrInvalid with errors.Is.
type WeakPasswordError struct{ Why string }

func (e *WeakPasswordError) Error() string { return ErrWeakPassword.Error() + "（" + e.Why + "）" }

// Is makes errors.Is true for ErrWeakPassword and jixiao.ErrInvalid.
func (e *WeakPasswordError) Is(target error) bool {
	return target == ErrWeakPassword || target == jixiao.ErrInvalid
}

//go:embed common-passwords.txt
var commonPasswordList string

// commonPasswords are the shipped list, lower case, one a line.
var commonPasswords = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, l := range strings.Split(commonPasswordList, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			m[strings.ToLower(l)] = true
		}
	}
	return m
})

// CheckPassword refuses, with a *WeakPasswordError, a password that breaks
// PasswordRule or is longer than MaxPasswordBytes.
func CheckPassword(pw string) error {
	t := strings.TrimSpace(pw)
	runes := []rune(t)
	switch {
	case len(runes) < MinPasswordRunes:
		return &WeakPasswordError{fmt.Sprintf("现在只有 %d 个字符", len(runes))}
	case len(pw) > MaxPasswordBytes:
		return &WeakPasswordError{fmt.Sprintf("不能超过 %d 字节", MaxPasswordBytes)}
	case commonPasswords()[strings.ToLower(t)]:
		return &WeakPasswordError{"这是常见密码"}
	case strings.Count(t, string(runes[0])) == len(runes):
		return &WeakPasswordError{"只由一个字符重复组成"}
	}
	return nil
}

// HashPassword returns a PHC string: $argon2id$v=19$m=19456,t=2,p=1$salt$hash.
func HashPassword(pw string) (string, error) {
	return hashWith(pw, DefaultParams)
}

func hashWith(pw string, p Params) (string, error) {
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// errBadHash says a stored hash is not a PHC argon2id string.
var errBadHash = errors.New("stored password hash is not an argon2id PHC string")

// VerifyPassword reports whether pw matches the PHC string, comparing in
// constant time. The parameters come from the string, so old hashes keep
// working after DefaultParams change.
func VerifyPassword(phc, pw string) (bool, error) {
	p, salt, key, err := parsePHC(phc)
	if err != nil {
		return false, err
	}
	got := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, uint32(len(key)))
	return subtle.ConstantTimeCompare(got, key) == 1, nil
}

func parsePHC(phc string) (Params, []byte, []byte, error) {
	var p Params
	parts := strings.Split(phc, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return p, nil, nil, errBadHash
	}
	var v int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return p, nil, nil, errBadHash
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return p, nil, nil, errBadHash
	}
	if p.Memory == 0 || p.Memory > 1<<22 || p.Time == 0 || p.Time > 16 || p.Threads == 0 {
		return p, nil, nil, errBadHash
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	key, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(salt) < 8 || len(key) < 16 {
		return p, nil, nil, errBadHash
	}
	return p, salt, key, nil
}

// dummyHash is verified against when a username is unknown, so that a
// login takes as long whether or not the account exists.
var dummyHash, _ = HashPassword("jixiao-no-such-account")
