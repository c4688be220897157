//go:build !unix

package check

import "time"

// processCPU is not measured where the OS offers no rusage.
func processCPU() time.Duration { return 0 }
