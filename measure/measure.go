// Package measure loads pages of two versions of a site (A, the original, and B, the
// optimised copy) in real headless Chromium over an emulated network, alternating A and B,
// and reports what the hints changed: paint and load times, requests, bytes, double
// downloads and unused preloads.
//
// The default network model is real TCP through a link emulator (package measure/link):
// each direction is paced at the link rate and delayed by half the round trip, with small
// buffers, so the server's HTTP/2 scheduling decides the order of bytes as it would on a
// real access link. CDP network emulation is a labelled fallback: it sets a per-request
// latency floor, splits bandwidth evenly whatever the priorities, and does not apply to
// fetches started by a 103 Early Hint.
//
// Files: measure.go (options, the run loop), server.go / nginx.go (the servers),
// browser.go / visit.go (Chromium), metrics.go (counting), report.go (summaries, tables).
package measure

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/preloadgen/preloadgen"
	"github.com/preloadgen/preloadgen/measure/link"
)

// Profile is a named link.
type Profile struct {
	RTT      time.Duration
	Down, Up int64 // bits per second
}

// Profiles are the named links: slow (1.6 Mbit/s, like a slow 4G) and fast (20 Mbit/s),
// both with an 80 ms round trip.
var Profiles = map[string]Profile{
	"slow": {RTT: 80 * time.Millisecond, Down: 1_600_000, Up: 768_000},
	"fast": {RTT: 80 * time.Millisecond, Down: 20_000_000, Up: 5_000_000},
}

// Options configure a measurement. Zero values mean the defaults.
type Options struct {
	A, B string // site directories; B may equal A (a control run)

	// Pages are site paths of HTML files (/index.html, /blog/post/index.html); nil means
	// every page both sites have, up to MaxPages (default 30).
	Pages    []string
	MaxPages int
	Runs     int // visits per page and side; default 5

	Profile  string // label for reports
	RTT      time.Duration
	Down, Up int64 // bits per second; 0: unlimited

	Model  string // "tcp" (default): the link emulator; "cdp": Network.emulateNetworkConditions
	Server string // "go" (default) or "nginx"
	// Hints says how B's hints reach the browser: "html" (default) only the tags in B's
	// pages; "early" also B's header hints, as a 103 Early Hint and Link headers from the
	// Go server or as Link headers from nginx (which cannot send a 103); "none" serves A on
	// both sides, a control run that shows the noise floor.
	Hints string
	// HeaderHints maps B's request paths (/, /index.html, /blog/) to Link header values.
	HeaderHints map[string][]string
	// Nginx names emitted nginx includes for B; when empty, HeaderHints are rendered.
	Nginx NginxIncludes
	Think time.Duration // server think time before each page (Go server only)

	RepeatView bool // also a warm visit in the same browser context

	Chrome     string // path; default /usr/bin/chromium or the first on PATH
	NginxPath  string
	Settle     time.Duration // after load, before reading timings; default 500ms
	UnusedWait time.Duration // after load, before collecting preload warnings; default 3.5s
	// Progress, when set, is called after each visit.
	Progress func(done, total int)
}

func (o *Options) defaults() error {
	if o.Runs <= 0 {
		o.Runs = 5
	}
	if o.MaxPages <= 0 {
		o.MaxPages = 30
	}
	if o.Model == "" {
		o.Model = "tcp"
	}
	if o.Server == "" {
		o.Server = "go"
	}
	if o.Hints == "" {
		o.Hints = "html"
	}
	if o.Settle <= 0 {
		o.Settle = 500 * time.Millisecond
	}
	if o.UnusedWait <= 0 {
		o.UnusedWait = 3500 * time.Millisecond
	}
	switch o.Model {
	case "tcp", "cdp":
	default:
		return fmt.Errorf("unknown network model %q (want tcp or cdp)", o.Model)
	}
	switch o.Server {
	case "go", "nginx":
	default:
		return fmt.Errorf("unknown server %q (want go or nginx)", o.Server)
	}
	switch o.Hints {
	case "html", "early":
	case "none":
		o.B = o.A
	default:
		return fmt.Errorf("unknown hint mode %q (want none, html or early)", o.Hints)
	}
	if o.A == "" || o.B == "" {
		return errors.New("two site directories are needed")
	}
	return nil
}

// ModelLabel describes the network model of o in words, for every report.
func (o *Options) ModelLabel() string {
	rate := func(b int64) string {
		switch {
		case b <= 0:
			return "unlimited"
		case b%1_000_000 == 0 || b >= 10_000_000:
			return fmt.Sprintf("%g Mbit/s", float64(b)/1e6)
		case b >= 1_000_000:
			return fmt.Sprintf("%.1f Mbit/s", float64(b)/1e6)
		}
		return fmt.Sprintf("%g kbit/s", float64(b)/1e3)
	}
	what := "real TCP through the link emulator"
	if o.Model == "cdp" {
		what = "CDP Network.emulateNetworkConditions (fallback: per-request latency floor, bandwidth split evenly, 103-hinted fetches not throttled)"
	}
	return fmt.Sprintf("%s, RTT %v, %s down, %s up", what, o.RTT, rate(o.Down), rate(o.Up))
}

// requestPath is the URL path a browser asks for to get a page: directory indexes as the
// directory, which is how sites link them (and Go's file server redirects the other form).
func requestPath(page string) string {
	if strings.HasSuffix(page, "/index.html") {
		return strings.TrimSuffix(page, "index.html")
	}
	return page
}

// side is one of the two sites being served.
type side struct {
	name  string // "A" or "B"
	dir   string
	addr  string
	links map[string][]string // Link values the server sends per request path (B, early)
	early bool                // the server sends them as a 103
	close func() error
	// log, for the Go server, takes the logged requests whose client address matches.
	log func(match func(remote string) bool) []Request
}

// Run measures. It returns a report even when some visits failed (see PageReport.Errors).
func Run(ctx context.Context, o Options) (*Report, error) {
	if err := o.defaults(); err != nil {
		return nil, err
	}
	chrome, err := FindChrome(o.Chrome)
	if err != nil {
		return nil, err
	}
	pages, err := pickPages(o)
	if err != nil {
		return nil, err
	}
	cert, err := SelfSigned()
	if err != nil {
		return nil, err
	}
	sides, err := startSides(ctx, o, cert)
	if err != nil {
		return nil, err
	}
	defer func() {
		for _, s := range sides {
			s.close()
		}
	}()
	b, err := startBrowser(ctx, chrome, cert.SPKI)
	if err != nil {
		return nil, err
	}
	defer b.close()

	rep := newReport(o, chrome)
	total := len(pages) * o.Runs * 2
	done := 0
	var th *throttle
	if o.Model == "cdp" {
		th = &throttle{latency: o.RTT, down: o.Down, up: o.Up}
	}

	// One visit's tail may run on while the next visit loads (see visit.go).
	type inflight struct {
		p      *pending
		proxy  *link.Proxy
		page   *PageReport
		side   *side
		origin string
	}
	var prev *inflight
	settle := func(f *inflight) {
		if f == nil {
			return
		}
		res, err := f.p.wait(ctx)
		if f.proxy != nil {
			defer f.proxy.Close()
		}
		if err != nil {
			f.page.Errors = append(f.page.Errors, fmt.Sprintf("%s: %v", f.side.name, err))
		} else {
			// The server's log, split by the visit's proxy connections, catches fetches
			// DevTools cannot see (a 103 fetch the page did not reuse). A warm visit
			// legitimately repeats requests, so only cold-only visits are checked.
			if f.side.log != nil && f.proxy != nil {
				reqs := f.side.log(f.proxy.Dialed)
				if res.Warm == nil {
					addServerDoubles(&res.Cold, f.origin, reqs)
				}
			}
			f.page.add(f.side.name, res)
		}
		done++
		if o.Progress != nil {
			o.Progress(done, total)
		}
	}
	for _, pg := range pages {
		pr := rep.page(pg)
		for run := 0; run < o.Runs; run++ {
			order := []*side{sides[0], sides[1]}
			if run%2 == 1 {
				order[0], order[1] = order[1], order[0]
			}
			for _, s := range order {
				if err := ctx.Err(); err != nil {
					settle(prev)
					return rep, err
				}
				target := s.addr
				var px *link.Proxy
				if o.Model == "tcp" {
					px, err = link.Listen(s.addr, link.New(link.Config{RTT: o.RTT, Down: o.Down, Up: o.Up}))
					if err != nil {
						settle(prev)
						return rep, err
					}
					target = px.Addr()
				}
				origin := "https://" + target
				url := origin + requestPath(pg)
				p, err := b.visit(ctx, visitOptions{URL: url, Settle: o.Settle, UnusedWait: o.UnusedWait, Throttle: th, Repeat: o.RepeatView})
				settle(prev)
				prev = nil
				if err != nil {
					if px != nil {
						px.Close()
					}
					if ctx.Err() != nil {
						return rep, ctx.Err()
					}
					pr.Errors = append(pr.Errors, fmt.Sprintf("%s: %v", s.name, err))
					done++
					continue
				}
				prev = &inflight{p: p, proxy: px, page: pr, side: s, origin: origin}
			}
		}
	}
	settle(prev)
	rep.finish()
	return rep, nil
}

// linkURL returns the URL of a Link value (<...>; ...), or "" when it is not site-absolute.
func linkURL(v string) string {
	v = strings.TrimSpace(v)
	if !strings.HasPrefix(v, "<") {
		return ""
	}
	end := strings.IndexByte(v, '>')
	if end < 0 {
		return ""
	}
	u := v[1:end]
	if !strings.HasPrefix(u, "/") || strings.HasPrefix(u, "//") {
		return ""
	}
	return u
}

// pickPages returns the pages to load: o.Pages, or every HTML page both sites have.
func pickPages(o Options) ([]string, error) {
	if len(o.Pages) > 0 {
		var out []string
		for _, p := range o.Pages {
			if !strings.HasPrefix(p, "/") {
				p = "/" + p
			}
			if strings.HasSuffix(p, "/") {
				p += "index.html"
			}
			for _, d := range []string{o.A, o.B} {
				if _, err := os.Stat(filepath.Join(d, filepath.FromSlash(p))); err != nil {
					return nil, fmt.Errorf("page %s: %w", p, err)
				}
			}
			out = append(out, p)
		}
		return out, nil
	}
	pa, _, err := preloadgen.Pages(os.DirFS(o.A), nil)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", o.A, err)
	}
	bfs := os.DirFS(o.B)
	var out []string
	for _, p := range pa {
		if _, err := fs.Stat(bfs, strings.TrimPrefix(p, "/")); err == nil {
			out = append(out, p)
		}
		if len(out) == o.MaxPages {
			break
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s and %s have no HTML page in common", o.A, o.B)
	}
	return out, nil
}

func startSides(ctx context.Context, o Options, cert *Cert) ([]*side, error) {
	var sides []*side
	fail := func(err error) ([]*side, error) {
		for _, s := range sides {
			s.close()
		}
		return nil, err
	}
	for _, name := range []string{"A", "B"} {
		s := &side{name: name, dir: o.A}
		var inc NginxIncludes
		if name == "B" {
			s.dir = o.B
			if o.Hints == "early" {
				s.links = o.HeaderHints
				s.early = o.Server == "go"
				inc = o.Nginx
			}
		}
		switch o.Server {
		case "go":
			srv, err := startGoServer(goServerOptions{Dir: s.dir, Hints: s.links, Early: s.early, Think: o.Think, Cert: cert})
			if err != nil {
				return fail(err)
			}
			s.addr, s.close, s.log = srv.addr(), srv.close, srv.takeLogOf
		case "nginx":
			bin, err := findNginx(o.NginxPath)
			if err != nil {
				return fail(err)
			}
			n, err := startNginx(ctx, bin, s.dir, cert, s.links, inc)
			if err != nil {
				return fail(err)
			}
			s.addr, s.close = n.addr(), n.close
		}
		sides = append(sides, s)
	}
	return sides, nil
}
