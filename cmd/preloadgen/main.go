// Command preloadgen adds client-driven preload hints to a built static site. See doc.go.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"runtime/pprof"
	"runtime/trace"
	"syscall"
)

func main() {
	// A build's live heap is small (pages are analysed one by one, their reports kept) but
	// it allocates a few hundred KB per page, so the default pacing (collect when the heap
	// has doubled from a few MB) runs hundreds of collections on a large site. Collect when
	// the heap has grown fivefold instead, under a soft limit of 256 MB. The limit must sit
	// above what one large page holds while it is analysed: a 10 MB rustdoc source view
	// holds about 200 MB, and under the former 160 MB limit the collector ran without pause
	// (rustdoc's 32,101 pages: 96.7 s of CPU against 80.6 s at 256 MB, peak RSS 331 against
	// 350 MB; a generated 10,000-page build peaks at about 250 MB instead of 170 MB).
	// GOGC and GOMEMLIMIT override either.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(256 << 20)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	stopProfile := startRecording("PRELOADGEN_CPUPROFILE", pprof.StartCPUProfile, pprof.StopCPUProfile)
	stopTrace := startRecording("PRELOADGEN_TRACE", trace.Start, trace.Stop)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stopTrace()
	stopProfile()
	stop()
	os.Exit(code)
}

// startRecording starts a recording of the whole run into the file named by environment
// variable env when it is set, with start, and returns what stops it (stop, then the
// file closed): PRELOADGEN_CPUPROFILE=cpu.out preloadgen build ... writes a CPU profile
// (go tool pprof), PRELOADGEN_TRACE=trace.out an execution trace, where the run's
// goroutines wait and a core idles (go tool trace).
func startRecording(env string, start func(io.Writer) error, stop func()) func() {
	path := os.Getenv(env)
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err == nil {
		err = start(f)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "preloadgen: %s: %v\n", env, err)
		if f != nil {
			f.Close()
		}
		return func() {}
	}
	return func() {
		stop()
		f.Close()
	}
}
