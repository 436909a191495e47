//go:build !unix

package watch

import "time"

// processCPU is not measured here: the latency benchmarks report no cpu-ms.
func processCPU() time.Duration { return 0 }
