//go:build unix

// Package cputime tells benchmarks how much CPU the process has used. On a
// shared, loaded machine wall time per operation measures the other
// processes too; CPU time per operation is what the operation costs.
package cputime

import (
	"syscall"
	"time"
)

// Used is the user and system CPU time the process has used so far.
func Used() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
