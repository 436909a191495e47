// The serve command: analyse a site and serve it the way the generated configs would, with
// each page's hints as Link headers and 103 Early Hints, over HTTP/2 with TLS (the only
// transport on which Chromium uses Early Hints) and over plain HTTP/1.1.

package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/preloadgen/preloadgen"
	"github.com/preloadgen/preloadgen/emit"
	"github.com/preloadgen/preloadgen/serve"
	"github.com/preloadgen/preloadgen/speculate"
)

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, c := newFlagSet("serve", stderr)
	addr := fs.String("addr", "127.0.0.1:8443", "HTTPS address (HTTP/2 and HTTP/1.1, self-signed certificate)")
	httpAddr := fs.String("http-addr", "127.0.0.1:8080", "plain HTTP/1.1 address; empty to disable")
	think := fs.Duration("think", 0, "delay before each page, after the 103 (simulates server work; assets are not delayed), e.g. 200ms")
	early := fs.Bool("early-hints", true, "send 103 Early Hints to navigations")
	rest, _, err := c.parse(args, 1, 1)
	if err != nil {
		return err
	}
	if *think < 0 {
		return usageError{"-think must not be negative"}
	}
	if !c.earlyThinkSet {
		// The 103 set is chosen for the think time served, unless told otherwise.
		c.earlyThink = *think
	}
	dir := rest[0]
	res, err := preloadgen.Analyze(ctx, c.options(dir))
	if err != nil {
		return err
	}
	if !c.quiet {
		printDiagnostics(stderr, res, c.verbose)
	}
	hints, warns := emit.RequestHints(res.Pages, c.basePath)
	if !c.quiet {
		for _, w := range warns {
			fmt.Fprintf(stderr, "warning: %s\n", w)
		}
	}
	so := serve.Options{Dir: dir, Hints: hints, Think: *think, EarlyHints: *early}
	// A rules file a build wrote for header delivery is served as the configs would.
	if st, err := os.Stat(filepath.Join(dir, speculate.FileName)); err == nil && st.Mode().IsRegular() {
		so.SpeculationRules = (&speculate.Options{BasePath: c.basePath}).FileURL()
	}
	h := serve.New(so)
	srv, err := serve.Start(ctx, h, serve.StartOptions{TLSAddr: *addr, HTTPAddr: *httpAddr})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "serving %s (%d pages with hints)\n", dir, countPages(hints))
	if so.SpeculationRules != "" {
		fmt.Fprintf(stdout, "  speculation rules: %s, named by a Speculation-Rules header on every page\n", so.SpeculationRules)
	}
	fmt.Fprintf(stdout, "  %s  (HTTP/2, self-signed certificate)\n", srv.TLSURL)
	if srv.HTTPURL != "" {
		fmt.Fprintf(stdout, "  %s  (HTTP/1.1)\n", srv.HTTPURL)
	}
	fmt.Fprintf(stdout, "Chromium flag to trust the certificate:\n  %s\n", serve.ChromiumFlag(srv.SPKI))
	if *think > 0 {
		fmt.Fprintf(stdout, "think time %s\n", think.Round(time.Millisecond))
	}
	// Serving ends when ctx does (SIGINT): that is the normal, successful end.
	return srv.Wait()
}

// countPages counts the pages in a request-path table (a page answers to /dir/ and
// /dir/index.html; count index files and other files once).
func countPages(hints map[string][]string) int {
	n := 0
	for p := range hints {
		if p == "" || p[len(p)-1] != '/' {
			n++
		}
	}
	return n
}
