package jixiao

import (
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"
	"testing"
)

func TestIsUnavailable(t *testing.T) {
	for _, err := range []error{
		&net.OpError{Op: "dial", Err: syscall.ECONNREFUSED},
		fmt.Errorf("save: %w", errors.New("database or disk is full (13)")),
		errors.New(`failed to connect to host=127.0.0.1 user=postgres database=test: dial error`),
		errors.New("ERROR: could not extend file: No space left on device (SQLSTATE 53100)"),
		errors.New("FATAL: terminating connection due to administrator command (SQLSTATE 57P01)"),
		fmt.Errorf("read session: %w", io.ErrUnexpectedEOF), // found by the stress suite: a connection cut mid-answer
	} {
		if !IsUnavailable(err) {
			t.Errorf("%v: not unavailable", err)
		}
	}
	for _, err := range []error{nil, ErrNotFound, ErrInvalid, errors.New("UNIQUE constraint failed"),
		&InputError{File: "a.xlsx", Msg: io.ErrUnexpectedEOF.Error()}, fmt.Errorf("%w: %w", ErrInvalid, io.ErrUnexpectedEOF)} {
		if IsUnavailable(err) {
			t.Errorf("%v: unavailable", err)
		}
	}
}
