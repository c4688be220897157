//go:build !unix

package cputime

import "time"

// Used is 0 where the process's CPU time is not read (Windows): benchmarks
// then report 0 CPU per operation beside their wall time.
func Used() time.Duration { return 0 }
