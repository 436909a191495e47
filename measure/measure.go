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
// Files: options.go (options and their choices), measure.go (the run loop), siteb.go (the
// optimised side and its header hints), server.go / nginx.go (the servers), browser.go /
// visit.go (Chromium), metrics.go (counting), report.go (summaries, tables), trace.go (what
// a visit records for pictures, with Record).
package measure

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/preloadgen/preloadgen"
	"github.com/preloadgen/preloadgen/measure/link"
)

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

// Run measures. Options that cannot work return an error wrapping ErrBadOptions before
// anything starts. Once visits begin, Run returns a report even when some of them failed
// (see PageReport.Errors), and with the error that stopped it, if any.
func Run(ctx context.Context, o Options) (*Report, error) {
	o, err := o.check()
	if err != nil {
		return nil, err
	}
	chrome, err := FindChrome(o.Chrome)
	if err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp("", "preloadgen-measure-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	b, err := prepareB(ctx, o, tmp)
	if err != nil {
		return nil, err
	}
	o.B, o.HeaderHints = b.dir, b.links
	pages, err := pickPages(o)
	if err != nil {
		return nil, err
	}
	cert, err := SelfSigned()
	if err != nil {
		return nil, err
	}
	sides, err := startSides(ctx, o, b, cert)
	if err != nil {
		return nil, err
	}
	defer func() {
		for _, s := range sides {
			s.close()
		}
	}()
	br, err := startBrowser(ctx, chrome, cert.SPKI)
	if err != nil {
		return nil, err
	}
	defer br.close()

	rep := newReport(o, chrome)
	total := len(pages) * o.Runs * 2
	done := 0
	var th *throttle
	if o.Model == ModelCDP {
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
				if o.Model == ModelTCP {
					px, err = link.Listen(s.addr, link.New(link.Config{RTT: o.RTT, Down: o.Down, Up: o.Up}))
					if err != nil {
						settle(prev)
						return rep, err
					}
					target = px.Addr()
				}
				origin := "https://" + target
				url := origin + requestPath(pg)
				p, err := br.visit(ctx, visitOptions{URL: url, Settle: o.Settle, UnusedWait: o.UnusedWait, Throttle: th, Repeat: o.RepeatView, Record: o.Record})
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

// startSides starts a server for A and one for B, which sends b's hints with HintsEarly.
func startSides(ctx context.Context, o Options, b siteB, cert *Cert) ([]*side, error) {
	var sides []*side
	fail := func(err error) ([]*side, error) {
		for _, s := range sides {
			s.close()
		}
		return nil, err
	}
	for _, name := range []string{"A", "B"} {
		s := &side{name: name, dir: o.A}
		var sinc nginxIncludes
		if name == "B" {
			s.dir = o.B
			if o.Hints == HintsEarly {
				s.links = o.HeaderHints
				s.early = o.Server == ServerGo
				sinc = b.nginx
			}
		}
		switch o.Server {
		case ServerGo:
			srv, err := startGoServer(goServerOptions{Dir: s.dir, Hints: s.links, Early: s.early, Think: o.Think, Cert: cert, CacheControl: o.CacheControl})
			if err != nil {
				return fail(err)
			}
			s.addr, s.close, s.log = srv.addr(), srv.close, srv.takeLogOf
		case ServerCaddy:
			bin, err := findCaddy(o.CaddyPath)
			if err != nil {
				return fail(err)
			}
			co := caddyOptions{Bin: bin, Root: s.dir, Cert: cert, Think: o.Think, CacheControl: o.CacheControl}
			if s.links != nil {
				co.Snippet = b.caddy
			}
			c, err := startCaddy(ctx, co)
			if err != nil {
				return fail(err)
			}
			s.addr, s.close = c.addr(), c.close
		case ServerNginx:
			bin, err := findNginx(o.NginxPath)
			if err != nil {
				return fail(err)
			}
			n, err := startNginx(ctx, bin, s.dir, cert, s.links, sinc, o.CacheControl)
			if err != nil {
				return fail(err)
			}
			s.addr, s.close = n.addr(), n.close
		}
		sides = append(sides, s)
	}
	return sides, nil
}
