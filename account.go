package jixiao

import (
	"context"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxUsernameRunes bounds a username, in characters.
const MaxUsernameRunes = 64

// UsernameKey is what makes two usernames the same account: they are
// compared without case and without surrounding space ("admin" and
// "ADMIN" are one account). Stores keep it unique.
func UsernameKey(name string) string { return strings.ToLower(strings.TrimSpace(name)) }

// reservedUsernames are names no account may take, nor anything that looks
// like them: the audit log's actor for the system's own changes (系统), and
// names a reader would take for the system or its operator.
var reservedUsernames = []string{"系统", "系统管理员", "超级管理员", "匿名", "访客", "system", "root",
	"superuser", "administrator", "jixiao", "anonymous", "admin"}

// CheckUsername refuses a username that is empty, longer than
// MaxUsernameRunes, holds control or invisible characters, is reserved, or
// looks like a reserved name ("аdmin" with a Cyrillic а, "adm1n", "ａｄｍｉｎ").
// Only "admin" itself, in any case, is allowed of the reserved names: it is
// the administrator account the README creates.
func CheckUsername(name string) error {
	name = strings.TrimSpace(name)
	switch {
	case name == "":
		return Errorf(ErrInvalid, "用户名不能为空")
	case utf8.RuneCountInString(name) > MaxUsernameRunes:
		return Errorf(ErrInvalid, "用户名最多 %d 个字符", MaxUsernameRunes)
	case strings.IndexFunc(name, invisible) >= 0:
		return Errorf(ErrInvalid, "用户名不能含控制字符或不可见字符")
	}
	sk := usernameSkeleton(name)
	for _, r := range reservedUsernames {
		if sk == usernameSkeleton(r) && !(r == "admin" && UsernameKey(name) == "admin") {
			return Errorf(ErrInvalid, "用户名 %q 是保留名称或与保留名称 %q 过于相似，请换一个", name, r)
		}
	}
	return nil
}

// invisible reports a character that must not appear in a name: controls,
// format characters (zero-width space and joiners, bidi overrides) and
// unassigned ones. Ordinary spaces are allowed inside.
func invisible(r rune) bool {
	return r != ' ' && (unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || !unicode.IsPrint(r) && !unicode.IsSpace(r))
}

// confusables maps characters that look like Latin letters or digits to
// the letter they pass for, so that look-alikes of a reserved name share
// its skeleton. Small on purpose: the reserved names are few and Latin.
var confusables = strings.NewReplacer(
	"0", "o", "1", "l", "i", "l", "|", "l", "!", "l", "3", "e", "4", "a", "5", "s", "7", "t", "@", "a", "$", "s",
	"rn", "m", "vv", "w",
	"а", "a", "е", "e", "о", "o", "р", "p", "с", "c", "х", "x", "у", "y", "і", "l", "ј", "j", "ԁ", "d", "м", "m", "п", "n", "т", "t", "ѕ", "s",
	"α", "a", "ε", "e", "ο", "o", "ι", "l", "ν", "v", "μ", "m", "τ", "t", "ρ", "p",
)

// usernameSkeleton is the name folded to what it looks like: half-width,
// lower case, without separators, look-alike characters replaced.
func usernameSkeleton(name string) string {
	s := strings.ToLower(FoldWidth(strings.TrimSpace(name)))
	s = strings.Map(func(r rune) rune {
		if slices.Contains([]rune(" -_.·•'`"), r) || unicode.Is(unicode.Mn, r) {
			return -1
		}
		return r
	}, s)
	return confusables.Replace(s)
}

// AccountStore is what administering accounts needs of a store (the
// workflow store of both engines has it). Each change is logged in the
// audit log as done by by (Actor of the administrator), in the same
// transaction.
type AccountStore interface {
	// ListUsers returns every account, disabled ones included.
	ListUsers(ctx context.Context) ([]User, error)
	// CountUsers counts the accounts of each role, disabled ones included.
	CountUsers(ctx context.Context) (map[Role]int, error)
	// SetUserDisabled disables the account (its sessions end at once) or
	// re-enables it; ErrNotFound when there is no such account.
	SetUserDisabled(ctx context.Context, id int64, disabled bool, by AuditEntry) error
	// ResetPassword sets a new password hash on an administrator's behalf
	// and ends the account's sessions; ErrNotFound as above.
	ResetPassword(ctx context.Context, id int64, passwordHash string, by AuditEntry) error
	// AccountHistory lists the account actions, newest first, at most limit.
	AccountHistory(ctx context.Context, limit int) ([]AuditEntry, error)
}
