//go:build unix

package watch

import (
	"syscall"
	"time"
)

// processCPU is the CPU time (user + system) the process has used so far: on a shared
// machine the latency benchmarks also report it, since wall times there include waiting.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
