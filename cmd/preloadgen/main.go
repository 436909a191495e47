// Command preloadgen adds client-driven preload hints to a built static site. See doc.go.
package main

import (
	"context"
	"fmt"
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
	stopProfile := startProfile(os.Getenv("PRELOADGEN_CPUPROFILE"))
	stopTrace := startTrace(os.Getenv("PRELOADGEN_TRACE"))
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stopTrace()
	stopProfile()
	stop()
	os.Exit(code)
}

// startTrace writes an execution trace of the whole run to path when it is set (where
// the run's goroutines wait and a core idles: PRELOADGEN_TRACE=trace.out preloadgen build
// ..., then go tool trace trace.out).
func startTrace(path string) func() {
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err == nil {
		err = trace.Start(f)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "preloadgen: PRELOADGEN_TRACE: %v\n", err)
		return func() {}
	}
	return func() {
		trace.Stop()
		f.Close()
	}
}

// startProfile writes a CPU profile of the whole run to path when it is set (for
// performance reports: PRELOADGEN_CPUPROFILE=cpu.out preloadgen build ...).
func startProfile(path string) func() {
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err == nil {
		err = pprof.StartCPUProfile(f)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "preloadgen: PRELOADGEN_CPUPROFILE: %v\n", err)
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}
