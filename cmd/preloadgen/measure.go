package main

// The measure subcommand: flags and the choice of B (a build into a temp dir, or a second
// directory); the work is measure.Run.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/preloadgen/preloadgen"
	"github.com/preloadgen/preloadgen/emit"
	"github.com/preloadgen/preloadgen/measure"
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
	profile := fs.String("profile", "slow", "network profile: slow (80ms, 1.6 Mbit/s down, 768 kbit/s up) or fast (80ms, 20/5 Mbit/s)")
	rtt := fs.Duration("rtt", 0, "round-trip time (overrides the profile)")
	down := fs.String("down", "", "downlink rate, e.g. 1.6M (overrides the profile)")
	up := fs.String("up", "", "uplink rate, e.g. 768k (overrides the profile)")
	think := fs.Duration("think", 0, "server think time before each page (Go server)")
	model := fs.String("model", "tcp", "network model: tcp (link emulator, real TCP) or cdp (DevTools emulation, fallback)")
	server := fs.String("server", "go", "server: go or nginx")
	hints := fs.String("hints", "html", "how B's hints reach the browser: html (page tags only), early (also Link headers; a 103 from the Go server), none (A against itself: the noise floor)")
	repeat := fs.Bool("repeat-view", false, "also measure a warm second visit in the same browser context")
	chrome := fs.String("chrome", "", "Chromium binary (default /usr/bin/chromium or the first on PATH)")
	nginx := fs.String("nginx", "", "nginx binary (default /usr/sbin/nginx or on PATH)")
	manifest := fs.String("manifest", "", "with A_DIR B_DIR: B's header hints from this JSON manifest (default: analyse A)")
	settle := fs.Duration("settle", 500*time.Millisecond, "wait after the load event before reading paint timings")
	rest, _, err := c.parse(args, 1, 2)
	if err != nil {
		return err
	}
	p, ok := measure.Profiles[*profile]
	if !ok {
		return usageError{fmt.Sprintf("unknown profile %q (want slow or fast)", *profile)}
	}
	if *rtt > 0 {
		p.RTT = *rtt
	}
	for _, r := range []struct {
		s   string
		dst *int64
	}{{*down, &p.Down}, {*up, &p.Up}} {
		if r.s != "" {
			v, err := parseRate(r.s)
			if err != nil {
				return usageError{err.Error()}
			}
			*r.dst = v
		}
	}
	if *runs < 1 {
		return usageError{"-runs must be at least 1"}
	}
	o := measure.Options{
		A: rest[0], MaxPages: *maxPages, Runs: *runs, Profile: *profile, RTT: p.RTT, Down: p.Down, Up: p.Up,
		Model: *model, Server: *server, Hints: *hints, Think: *think, RepeatView: *repeat,
		Chrome: *chrome, NginxPath: *nginx, Settle: *settle,
	}
	if *rtt > 0 || *down != "" || *up != "" {
		o.Profile = "custom"
	}
	if *pages != "" {
		for _, pg := range strings.Split(*pages, ",") {
			if pg = strings.TrimSpace(pg); pg != "" {
				o.Pages = append(o.Pages, pg)
			}
		}
	}
	if _, err := measure.FindChrome(*chrome); err != nil {
		return err
	}

	tmp, err := os.MkdirTemp("", "preloadgen-measure-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	cfgDir := filepath.Join(tmp, "config")
	switch {
	case *hints == "none":
		o.B = rest[0]
	case len(rest) == 1:
		// Build the optimised copy.
		bo := preloadgen.BuildOptions{Options: c.options(rest[0]), Out: filepath.Join(tmp, "site"), ConfigDir: cfgDir, Emit: []string{"nginx", "json"}}
		res, err := preloadgen.Build(ctx, bo)
		if err != nil {
			if errors.Is(err, preloadgen.ErrBadOptions) {
				return usageError{err.Error()}
			}
			return err
		}
		if res.Analysis == nil {
			return errors.New("build returned no analysis")
		}
		o.B = bo.Out
		o.HeaderHints, _ = emit.RequestHints(res.Analysis.Pages, c.basePath)
		if res.ConfigFailure() == nil {
			o.Nginx = nginxIncludes(cfgDir)
		}
	default:
		o.B = rest[1]
		if *manifest != "" {
			o.HeaderHints, err = readManifest(*manifest)
			if err != nil {
				return err
			}
		} else if *hints == "early" {
			// B is taken to be an optimised copy of A: the hints are A's analysis.
			res, err := preloadgen.Analyze(ctx, c.options(rest[0]))
			if err != nil {
				return err
			}
			o.HeaderHints, _ = emit.RequestHints(res.Pages, c.basePath)
			if *server == "nginx" {
				if _, err := emit.WriteConfigs(ctx, emit.ConfigOptions{Dir: cfgDir, SiteDir: o.B, Formats: []string{"nginx"}, BasePath: c.basePath, Pages: res.Pages}); err == nil {
					o.Nginx = nginxIncludes(cfgDir)
				}
			}
		}
	}
	if isTerminal(stderr) && !c.quiet && !c.json {
		o.Progress = func(done, total int) {
			fmt.Fprintf(stderr, "\rmeasuring: %d/%d visits", done, total)
			if done == total {
				fmt.Fprint(stderr, "\r\033[K")
			}
		}
	}
	rep, err := measure.Run(ctx, o)
	if err != nil && rep == nil {
		if strings.Contains(err.Error(), "unknown") {
			return usageError{err.Error()}
		}
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
	if rep.Totals.Errors > 0 {
		return exitError(1)
	}
	return nil
}

// nginxIncludes returns the emitted nginx include files in dir, when both exist.
func nginxIncludes(dir string) measure.NginxIncludes {
	h, s := filepath.Join(dir, "nginx-http.conf"), filepath.Join(dir, "nginx-server.conf")
	for _, f := range []string{h, s} {
		if _, err := os.Stat(f); err != nil {
			return measure.NginxIncludes{}
		}
	}
	return measure.NginxIncludes{HTTP: h, Server: s}
}

// readManifest reads a JSON manifest ({"/index.html": ["<...>; rel=preload", ...]}) into a
// request-path table: /dir/index.html also answers /dir/.
func readManifest(file string) (map[string][]string, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var m map[string][]string
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	out := map[string][]string{}
	for page, links := range m {
		out[page] = links
		if strings.HasSuffix(page, "/index.html") {
			out[strings.TrimSuffix(page, "index.html")] = links
		}
	}
	return out, nil
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
