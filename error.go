package jixiao

import (
	"errors"
	"fmt"
	"time"
)

// Error kinds. Stores and use cases wrap them with %w; the web layer maps
// them to HTTP statuses in one table.
var (
	ErrNotFound  = errors.New("not found")
	ErrDuplicate = errors.New("already imported")
	ErrConflict  = errors.New("conflict")
	ErrInvalid   = errors.New("invalid")
	ErrForbidden = errors.New("forbidden")
	// ErrUnauthenticated is an action that needs a logged-in user, asked
	// by nobody (the API answers 401, the pages offer the login).
	ErrUnauthenticated = errors.New("unauthenticated")
)

// DuplicateError says a file with the same SHA-256 is already stored, and
// which document it became. It matches ErrDuplicate with errors.Is.
type DuplicateError struct {
	SHA256     string
	DocumentID int64
	// SameContent says the bytes differ but the table is the same
	// (Document.ContentHash): another encoding, wrapping or padding.
	SameContent bool
}

func (e *DuplicateError) Error() string {
	if e.SameContent {
		return fmt.Sprintf("the same table is already imported as document %d, from another file (sha256 %.12s…)", e.DocumentID, e.SHA256)
	}
	return fmt.Sprintf("already imported as document %d (sha256 %.12s…)", e.DocumentID, e.SHA256)
}

// Is makes errors.Is(err, ErrDuplicate) true.
func (e *DuplicateError) Is(target error) bool { return target == ErrDuplicate }

// InputError says a file cannot be read as a target table at all: it names
// the file and line and says what is wrong and what to do. Readers return it;
// the CLI exits with status 2 and the API answers 422.
type InputError struct {
	File string
	Page int // for a PDF, the page of Line; 0 otherwise
	Line int // 0 when the problem is the whole file
	Msg  string
}

func (e *InputError) Error() string {
	if e.Page > 0 {
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Page, e.Line, e.Msg)
	}
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// Is makes errors.Is(err, ErrInvalid) true.
func (e *InputError) Is(target error) bool { return target == ErrInvalid }

// ErrBusy is work refused because the server is at its bound for that kind
// of work (password hashes, imports): nothing was done or stored, and the
// same request may be sent again later.
var ErrBusy = errors.New("busy")

// BusyError refuses work at the server's bound; the API answers 503 with
// Retry-After. It matches ErrBusy with errors.Is.
type BusyError struct {
	What       string // what is busy, in Chinese: "登录验证", "导入"
	RetryAfter time.Duration
}

func (e *BusyError) Error() string {
	return fmt.Sprintf("服务器正忙（%s已满），请求未处理，请 %d 秒后重试", e.What, retrySeconds(e.RetryAfter))
}

// Is makes errors.Is(err, ErrBusy) true.
func (e *BusyError) Is(target error) bool { return target == ErrBusy }

// RetrySeconds is the Retry-After of the refusal, in whole seconds (≥ 1).
func (e *BusyError) RetrySeconds() int { return retrySeconds(e.RetryAfter) }

// retrySeconds rounds a wait up to whole seconds, at least one.
func retrySeconds(d time.Duration) int {
	s := int((d + time.Second - 1) / time.Second)
	return max(s, 1)
}

// Error is a domain error: a kind (ErrInvalid, ErrForbidden, ErrConflict,
// ErrNotFound …) that programs branch on with errors.Is, and a message in
// Simplified Chinese that a user reads as it is. Each door maps the kind to
// its answer (an HTTP status, an exit code) in one table and shows the
// message; no door parses the text.
type Error struct {
	Kind    error
	Message string
}

// Errorf returns an *Error of kind with a message formatted as fmt.Sprintf
// does. A %w verb is not supported: the message is for people.
func Errorf(kind error, format string, args ...any) error {
	return &Error{Kind: kind, Message: fmt.Sprintf(format, args...)}
}

func (e *Error) Error() string { return e.Message }

// Unwrap makes errors.Is(err, e.Kind) true.
func (e *Error) Unwrap() error { return e.Kind }

// userMessage is implemented by the errors whose text is written for users.
type userMessage interface {
	error
	userMessage() string
}

func (e *Error) userMessage() string           { return e.Message }
func (e *InputError) userMessage() string      { return e.Error() }
func (e *BusyError) userMessage() string       { return e.Error() }
func (e *TransitionError) userMessage() string { return e.Msg }
func (e *ConflictError) userMessage() string   { return e.Error() }

// ErrorMessage is the Chinese message of the first error in err's chain
// that was written for users (an *Error, *InputError, *BusyError, *DuplicateError,
// *TransitionError, *ConflictError, *ScopeError or *FieldError), or "" when
// there is none: the caller then shows its own generic message, since the
// rest is context for the log, in English.
func ErrorMessage(err error) string {
	var m userMessage
	if errors.As(err, &m) {
		return m.userMessage()
	}
	return ""
}
func (e *ScopeError) userMessage() string { return e.Error() }
func (e *FieldError) userMessage() string { return e.Error() }

func (e *DuplicateError) userMessage() string {
	if e.SameContent {
		return fmt.Sprintf("内容相同的表已经导入过（文件编号 %d），只是文件不同（另一种编码或排版）；无需再次导入", e.DocumentID)
	}
	return fmt.Sprintf("该文件已经导入过（文件编号 %d）", e.DocumentID)
}
