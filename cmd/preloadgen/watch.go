package main

// watch: the thin CLI over watch.Run. One line per build on stdout (what changed, pages
// analysed and rewritten, time taken); warnings and errors on stderr. SIGINT/SIGTERM end
// it through ctx, with exit status 0.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/preloadgen/preloadgen"
	"github.com/preloadgen/preloadgen/watch"
)

func runWatch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, c := newFlagSet("watch", stderr)
	out := fs.String("out", "", "write the optimised site to `DIR` instead of rewriting in place")
	cf := addConfigFlags(fs)
	sf := addSpeculationFlags(fs)
	debounce := fs.Duration("debounce", 0, "quiet time after the last change before a rebuild (default 20ms where the system reports finished writes, as Linux does, else 100ms)")
	rest, fc, err := c.parse(args, 1, 1)
	if err != nil {
		return err
	}
	if *debounce < 0 {
		return usageError{"-debounce must not be negative"}
	}
	configDir, formats, err := cf.resolve(fs, fc)
	if err != nil {
		return err
	}
	spec, err := sf.resolve(fs, fc)
	if err != nil {
		return err
	}
	var mu sync.Mutex // OnRebuild and OnError run on different goroutines
	opts := watch.Options{
		Build:    preloadgen.BuildOptions{Options: c.options(rest[0]), Out: *out, ConfigDir: configDir, Emit: formats, Private: c.private(rest[0]), Speculation: spec},
		Debounce: *debounce,
		OnRebuild: func(r watch.Report) {
			mu.Lock()
			defer mu.Unlock()
			printRebuild(stdout, stderr, r, c)
		},
		OnError: func(err error) {
			mu.Lock()
			defer mu.Unlock()
			fmt.Fprintf(stderr, "warning: %v\n", err)
		},
	}
	if !c.quiet {
		fmt.Fprintf(stdout, "watching %s (Ctrl-C to stop)\n", rest[0])
	}
	err = watch.Run(ctx, opts)
	if errors.Is(err, preloadgen.ErrBadOptions) {
		return usageError{err.Error()}
	}
	return err
}

func printRebuild(stdout, stderr io.Writer, r watch.Report, c *common) {
	if res := r.Result; res != nil {
		var diags []preloadgen.Diagnostic
		if !c.quiet && (c.verbose || r.Initial) {
			diags = res.Diagnostics
		}
		printDiagnostics(stderr, &preloadgen.Result{Diagnostics: diags, Failed: res.Failed}, c.verbose)
	}
	if c.quiet && r.Err == nil {
		return
	}
	fmt.Fprintf(stdout, "%s %s\n", time.Now().Format("15:04:05"), r)
}
