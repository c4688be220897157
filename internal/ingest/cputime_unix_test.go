//go:build unix

package ingest

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time (user + system) the process has used so far, so
// that benchmarks on a shared, loaded machine can report throughput per
// CPU second besides the wall-clock figure.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
