// Command preloadgen adds client-driven preload hints to a built static site. See doc.go.
package main

import (
	"context"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
)

func main() {
	// A build's live heap is small (pages are analysed one by one, their reports kept),
	// but the default GC pacing lets the heap double before collecting. A soft limit keeps
	// a 10,000-page build near 160 MB; GOMEMLIMIT overrides it.
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(160 << 20)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
