package jixiao

import (
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"
)

// IsUnavailable reports whether err says the store could not be reached
// or could not write (the database is down or restarting, the disk is
// full), rather than that the request was wrong: the answer is then 503,
// "the service is temporarily unavailable and nothing was stored", and the
// same request may be sent again later. It knows the engines' errors by
// what they say, so that the model imports no driver.
func IsUnavailable(err error) bool {
	if err == nil || errors.Is(err, ErrInvalid) { // a file that ended early is the file's fault
		return false
	}
	var op *net.OpError
	if errors.As(err, &op) || errors.Is(err, driver.ErrBadConn) || errors.Is(err, syscall.ENOSPC) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, io.ErrUnexpectedEOF) { // a connection cut in the middle of an answer
		return true
	}
	msg := err.Error()
	for _, s := range unavailableMessages {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// unavailableMessages are what SQLite, PostgreSQL and pgx say when the
// database is full or gone.
var unavailableMessages = []string{
	"database or disk is full", "disk I/O error", // SQLite: SQLITE_FULL, SQLITE_IOERR
	"No space left on device", "SQLSTATE 53100", // PostgreSQL: disk_full
	"SQLSTATE 57P01", "SQLSTATE 57P02", "SQLSTATE 57P03", // admin_shutdown, crash_shutdown, cannot_connect_now
	"SQLSTATE 08", // connection exceptions
	"failed to connect to", "conn closed",
}
