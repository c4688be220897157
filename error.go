package jixiao

import (
	"errors"
	"fmt"
)

// Error kinds. Stores and use cases wrap them with %w; the web layer maps
// them to HTTP statuses in one table.
var (
	ErrNotFound  = errors.New("not found")
	ErrDuplicate = errors.New("already imported")
	ErrConflict  = errors.New("conflict")
	ErrInvalid   = errors.New("invalid")
	ErrForbidden = errors.New("forbidden")
)

// DuplicateError says a file with the same SHA-256 is already stored, and
// which document it became. It matches ErrDuplicate with errors.Is.
type DuplicateError struct {
	SHA256     string
	DocumentID int64
}

func (e *DuplicateError) Error() string {
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
