package main

// measure: the thin CLI over measure.Run. The flags become one measure.Options; the report
// goes to stdout as a table, or as JSON with -json; a progress line goes to stderr when it
// is a terminal.

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/preloadgen/preloadgen/measure"
	"github.com/preloadgen/preloadgen/report"
)

// parseRate reads a rate in bits per second: 1600000, 1.6M, 768k, 20Mbit.
func parseRate(s string) (int64, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	t = strings.TrimSuffix(strings.TrimSuffix(t, "/s"), "bit")
	mul := 1.0
	switch {
	case strings.HasSuffix(t, "g"):
		mul, t = 1e9, strings.TrimSuffix(t, "g")
	case strings.HasSuffix(t, "m"):
		mul, t = 1e6, strings.TrimSuffix(t, "m")
	case strings.HasSuffix(t, "k"):
		mul, t = 1e3, strings.TrimSuffix(t, "k")
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || f < 0 {
		return 0, fmt.Errorf("bad rate %q (want e.g. 1.6M, 768k)", s)
	}
	return int64(f * mul), nil
}

func runMeasure(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, c := newFlagSet("measure", stderr)
	runs := fs.Int("runs", 5, "visits per page and side (A and B alternate)")
	pages := fs.String("pages", "", "comma-separated pages to load (site paths, e.g. /index.html,/blog/); default all, up to -max-pages")
	maxPages := fs.Int("max-pages", 30, "cap on the pages loaded when -pages is not given")
	profile := fs.String("profile", "slow", "network profile: "+profiles())
	rtt := fs.Duration("rtt", 0, "round-trip time (overrides the profile)")
	down := fs.String("down", "", "downlink rate, e.g. 1.6M (overrides the profile; 0: unlimited)")
	up := fs.String("up", "", "uplink rate, e.g. 768k (overrides the profile; 0: unlimited)")
	think := fs.Duration("think", 0, "server think time before each page (Go server, Caddy)")
	model := fs.String("model", string(measure.ModelTCP), "network model: "+choices(measure.Models()))
	server := fs.String("server", string(measure.ServerGo), "server: "+choices(measure.Servers()))
	hints := fs.String("hints", string(measure.HintsHTML), "how B's hints reach the browser: "+choices(measure.HintModes()))
	repeat := fs.Bool("repeat-view", false, "also measure a warm second visit in the same browser context")
	cacheControl := fs.String("cache-control", "", "Cache-Control header every response on both sides carries (default with -repeat-view: "+measure.DefaultCacheControl+")")
	chrome := fs.String("chrome", "", "Chromium binary (default /usr/bin/chromium or the first on PATH)")
	nginx := fs.String("nginx", "", "nginx binary (default /usr/sbin/nginx or on PATH)")
	caddy := fs.String("caddy", "", "Caddy binary (default $PRELOADGEN_CADDY, ~/.cache/preloadgen-tools/bin/caddy or on PATH)")
	manifest := fs.String("manifest", "", "with A_DIR B_DIR: B's header hints from this JSON manifest (default: analyse A)")
	settle := fs.Duration("settle", 500*time.Millisecond, "wait after the load event before reading paint timings")
	reportDir := fs.String("report", "", "also write an HTML report to this directory: the summary, and per page A and B side by side (request waterfall, filmstrip, LCP element); records each load with a DevTools screencast")
	navigate := fs.Bool("navigate", false, "measure navigations: load a page, hover a first-screen link to another page, press it; A without speculation rules, B with -speculation's (default prefetch)")
	hover := fs.Duration("hover", 500*time.Millisecond, "with -navigate: how long the reader rests on the link before pressing it")
	press := fs.Duration("press", 0, "with -navigate: how long the button is held before the click (conservative eagerness starts at the press)")
	sf := addSpeculationFlags(fs)
	rest, fc, err := c.parse(args, 1, 2)
	if err != nil {
		return err
	}
	if *navigate {
		return runNavigate(ctx, c, fs, fc, sf, rest, navFlags{runs: *runs, maxPages: *maxPages, pages: *pages, profile: *profile, rtt: *rtt,
			down: *down, up: *up, hover: *hover, press: *press, warm: *repeat, cacheControl: *cacheControl, chrome: *chrome, settle: *settle}, stdout, stderr)
	}
	if *runs < 1 {
		return usageError{"-runs must be at least 1"}
	}
	if !c.earlyThinkSet {
		// B's 103 set is chosen for the server measured, unless told otherwise.
		c.earlyThink = *think
	}
	o := measure.Options{
		A: rest[0], Analysis: c.options(rest[0]), MaxPages: *maxPages, Runs: *runs,
		Profile: *profile, RTT: *rtt, Think: *think, RepeatView: *repeat, CacheControl: *cacheControl,
		Model: measure.Model(*model), Server: measure.Server(*server), Hints: measure.HintMode(*hints),
		Manifest: *manifest, Chrome: *chrome, NginxPath: *nginx, CaddyPath: *caddy, Settle: *settle,
		Record: *reportDir != "",
	}
	if len(rest) == 2 {
		o.B = rest[1]
	}
	if err := parseRates(*down, *up, &o.Down, &o.Up); err != nil {
		return err
	}
	o.Pages = splitList(*pages)
	if isTerminal(stderr) && !c.quiet && !c.json {
		o.Progress = progress(stderr, "visits")
	}
	rep, err := measure.Run(ctx, o)
	if errors.Is(err, measure.ErrBadOptions) {
		return usageError{err.Error()}
	}
	if err != nil && rep == nil {
		return err
	}
	if *reportDir != "" && len(rep.Pages) > 0 {
		if e := report.WriteMeasure(report.MeasureOptions{Dir: *reportDir}, rep); e != nil {
			return e
		}
		if !c.quiet {
			fmt.Fprintf(stderr, "report: %s\n", filepath.Join(*reportDir, report.IndexFile))
		}
	}
	if c.json {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if e := enc.Encode(rep); e != nil {
			return e
		}
	} else {
		rep.WriteText(stdout)
	}
	if err != nil {
		return err
	}
	if rep.Totals.Errors > 0 {
		return exitError(1)
	}
	return nil
}

// choices lists an option's values and what each means, for its flag's help: "tcp (link
// emulator, real TCP) or cdp (DevTools emulation, fallback)".
func choices[T interface {
	~string
	Describe() string
}](values []T) string {
	items := make([]string, len(values))
	for i, v := range values {
		items[i] = fmt.Sprintf("%s (%s)", v, v.Describe())
	}
	return orList(items)
}

// profiles lists the named links for -profile's help.
func profiles() string {
	var items []string
	for _, n := range measure.ProfileNames() {
		items = append(items, fmt.Sprintf("%s (%s)", n, measure.Profiles[n]))
	}
	return orList(items)
}

// orList joins items as "a, b or c".
func orList(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}

// navFlags are the measure flags -navigate reads.
type navFlags struct {
	runs, maxPages            int
	pages, profile, down, up  string
	rtt, hover, press, settle time.Duration
	warm                      bool
	cacheControl, chrome      string
}

// runNavigate is measure -navigate: the next page with and without speculation rules.
func runNavigate(ctx context.Context, c *common, fs *flag.FlagSet, fc *fileConfig, sf speculationFlags, rest []string, f navFlags, stdout, stderr io.Writer) error {
	if len(rest) != 1 {
		return usageError{"-navigate takes one SITE_DIR (both sides are built from it)"}
	}
	if f.runs < 1 {
		return usageError{"-runs must be at least 1"}
	}
	spec, err := sf.resolve(fs, fc)
	if err != nil {
		return err
	}
	o := measure.NavOptions{Site: rest[0], Analysis: c.options(rest[0]), Speculation: spec, MaxPages: f.maxPages, Runs: f.runs,
		Profile: f.profile, RTT: f.rtt, Hover: f.hover, Press: f.press, Warm: f.warm, CacheControl: f.cacheControl, Chrome: f.chrome, Settle: f.settle}
	if err := parseRates(f.down, f.up, &o.Down, &o.Up); err != nil {
		return err
	}
	for _, pg := range splitList(f.pages) {
		if strings.HasSuffix(pg, "/") {
			pg += "index.html"
		}
		o.Pages = append(o.Pages, pg)
	}
	if isTerminal(stderr) && !c.quiet && !c.json {
		o.Progress = progress(stderr, "navigations")
	}
	rep, err := measure.RunNavigation(ctx, o)
	if errors.Is(err, measure.ErrBadOptions) {
		return usageError{err.Error()}
	}
	if rep == nil {
		return err
	}
	if c.json {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if e := enc.Encode(rep); e != nil {
			return e
		}
	} else {
		rep.WriteText(stdout)
	}
	if err != nil {
		return err
	}
	if rep.Errors > 0 {
		return exitError(1)
	}
	return nil
}

// progress writes "measuring: done/total what" over itself on a terminal, and clears the
// line when the last one is done.
func progress(w io.Writer, what string) func(done, total int) {
	return func(done, total int) {
		fmt.Fprintf(w, "\rmeasuring: %d/%d %s", done, total, what)
		if done == total {
			fmt.Fprint(w, "\r\033[K")
		}
	}
}

// parseRates sets *dDown and *dUp from the -down and -up flags, each left as it is when its
// flag is empty. The library's zero rate is the profile's; a negative one is unlimited.
func parseRates(down, up string, dDown, dUp *int64) error {
	for _, r := range []struct {
		s   string
		dst *int64
	}{{down, dDown}, {up, dUp}} {
		if r.s != "" {
			v, err := parseRate(r.s)
			if err != nil {
				return usageError{err.Error()}
			}
			*r.dst = cmp.Or(v, -1)
		}
	}
	return nil
}
