// Navigations: what speculation rules do for the next page. A reader loads a first page,
// rests the pointer on a link in its first screen to another page of the site, presses it,
// and the next page loads. Both sides are built from the same site with the same hints;
// only B has speculation rules. The next page's paint times are read from its own
// timeline (for a prerendered page, from its activation), its bytes and every speculative
// request from the server's log, which sees what the browser fetched whether DevTools
// reports it or not (a prefetch happens outside the page).
//
// Waste is the bytes of speculative requests (Sec-Purpose: prefetch, or prefetch;prerender)
// for pages the reader did not open: documents other than the next page, and the
// subresources they referred.

package measure

import (
	"cmp"
	"context"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"github.com/preloadgen/preloadgen"
	"github.com/preloadgen/preloadgen/measure/link"
	"github.com/preloadgen/preloadgen/speculate"
)

// NavOptions configure a navigation measurement. Zero values mean the defaults.
type NavOptions struct {
	// Site is the built site; both sides are built from it into temporary directories,
	// A without speculation rules and B with Speculation's.
	Site     string
	Analysis preloadgen.Options
	// Speculation is B's rules; the zero Mode means prefetch. The rules go inline.
	Speculation speculate.Options
	// Pages are the first pages (site paths); nil means every page with a link to another
	// page in its first screen, up to MaxPages (default 10).
	Pages    []string
	MaxPages int
	Runs     int // navigations per first page and side; default 5

	Profile  string
	RTT      time.Duration
	Down, Up int64

	// Hover is how long the reader rests on the link before pressing it; default 500ms.
	// Moderate eagerness starts after 200 ms of hover, conservative on pointer down.
	Hover time.Duration
	// Warm: the reader has seen both pages before (one visit each, in the same browser
	// context), then comes back to the first page and follows the link.
	Warm bool
	// CacheControl is sent with every response on both sides; default DefaultCacheControl.
	CacheControl string

	Chrome   string
	Settle   time.Duration // after the load, before reading timings; default 500ms
	Progress func(done, total int)
}

// NavReport is a navigation measurement's outcome.
type NavReport struct {
	Model        string  `json:"model"`
	Profile      string  `json:"profile,omitempty"`
	Chrome       string  `json:"chrome"`
	Site         string  `json:"site"`
	Rules        string  `json:"rules"` // B's: "prefetch, moderate"
	HoverMs      float64 `json:"hover_ms"`
	Warm         bool    `json:"warm"`
	CacheControl string  `json:"cache_control"`
	Runs         int     `json:"runs"`

	Pairs []*NavPair `json:"pairs"`
	// Medians over pairs of B/A (rules / no rules).
	NextLCP  float64 `json:"next_lcp_ratio"`
	NextFCP  float64 `json:"next_fcp_ratio"`
	FirstLCP float64 `json:"first_lcp_ratio"`
	FirstFCP float64 `json:"first_fcp_ratio"`
	// WasteBytes is the median over B's navigations of the speculative bytes for pages
	// not opened.
	WasteBytes float64 `json:"waste_bytes"`
	// ClientSide counts the pairs whose link a client-side router followed in place:
	// left out of the time medians.
	ClientSide int `json:"client_side_pairs"`
	Errors     int `json:"failed_navigations"`
}

// NavPair is one first page, the link followed, and both sides' navigations.
type NavPair struct {
	From   string      `json:"from"`
	To     string      `json:"to"` // the link's URL path
	A      NavSummary  `json:"a"`
	B      NavSummary  `json:"b"`
	RunsA  []NavMetric `json:"runs_a"`
	RunsB  []NavMetric `json:"runs_b"`
	Errors []string    `json:"errors,omitempty"`
}

// NavMetric is one navigation.
type NavMetric struct {
	FirstFCP, FirstLCP float64 // ms, the first page's own
	NextFCP, NextLCP   float64 // ms from the press (from activation when prerendered)
	NextBytes          int64   // bytes the server sent after the press, without speculation
	SpecBytes          int64   // bytes of speculative requests (for any page)
	WasteBytes         int64   // of those, for pages not opened
	Prefetched         bool    // the next page's document came from a prefetch
	Prerendered        bool    // the next page was prerendered
	// ClientSide: the press did not load a document (a client-side router changed the
	// URL in place): the times are the first page's, and every speculative byte is waste.
	ClientSide bool
}

// NavSummary holds the medians of one side's navigations.
type NavSummary struct {
	FirstFCP, FirstLCP float64
	NextFCP, NextLCP   float64
	NextBytes          float64
	SpecBytes          float64
	WasteBytes         float64
	Prefetched         int // navigations whose document came from a prefetch
	Prerendered        int
	ClientSide         int // navigations a client-side router made in place
	Runs               int
}

// RunNavigation measures navigations with and without speculation rules.
func RunNavigation(ctx context.Context, o NavOptions) (*NavReport, error) {
	base, err := Options{A: o.Site, Profile: o.Profile, RTT: o.RTT, Down: o.Down, Up: o.Up, CacheControl: cmp.Or(o.CacheControl, DefaultCacheControl)}.check()
	if err != nil {
		return nil, err
	}
	if o.Runs <= 0 {
		o.Runs = 5
	}
	if o.MaxPages <= 0 {
		o.MaxPages = 10
	}
	if o.Hover <= 0 {
		o.Hover = 500 * time.Millisecond
	}
	if o.Settle <= 0 {
		o.Settle = 500 * time.Millisecond
	}
	if o.Speculation.Mode == speculate.Off {
		o.Speculation.Mode = speculate.Prefetch
	}
	o.Speculation.Via = speculate.ViaInline
	chrome, err := FindChrome(o.Chrome)
	if err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp("", "preloadgen-navigate-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	dirs := [2]string{filepath.Join(tmp, "a"), filepath.Join(tmp, "b")}
	for i, d := range dirs {
		bo := preloadgen.BuildOptions{Options: o.Analysis, Out: d}
		bo.Source.Dir = o.Site
		if i == 1 {
			bo.Speculation = o.Speculation
		}
		res, err := preloadgen.Build(ctx, bo)
		if err != nil {
			return nil, fmt.Errorf("building %s: %w", d, err)
		}
		if len(res.Failed) > 0 {
			return nil, fmt.Errorf("building %s: %v", d, res.Failed[0])
		}
	}
	pages, _, err := preloadgen.Pages(os.DirFS(dirs[0]), nil)
	if err != nil {
		return nil, err
	}
	first := o.Pages
	if len(first) == 0 {
		for _, p := range pages {
			switch strings.ToLower(p) {
			case "/404.html", "/404/index.html":
				continue // a reader does not start there
			}
			first = append(first, p)
		}
	}
	cert, err := SelfSigned()
	if err != nil {
		return nil, err
	}
	var srv [2]*navServer
	for i, d := range dirs {
		if srv[i], err = startNavServer(d, base.CacheControl, cert); err != nil {
			return nil, err
		}
		defer srv[i].close()
	}
	br, err := startBrowser(ctx, chrome, cert.SPKI)
	if err != nil {
		return nil, err
	}
	defer br.close()
	rules := o.Speculation.Mode.String()
	if o.Speculation.Eagerness != "" {
		rules += ", " + string(o.Speculation.Eagerness)
	} else if o.Speculation.Mode == speculate.Prerender {
		rules += ", conservative (prefetch on hover)"
	} else {
		rules += ", moderate"
	}
	rep := &NavReport{Model: base.ModelLabel(), Profile: base.Profile, Chrome: chrome, Site: o.Site, Rules: rules,
		HoverMs: ms(o.Hover.Seconds()), Warm: o.Warm, CacheControl: base.CacheControl, Runs: o.Runs}
	targets := pageURLs(pages, o.Analysis.Source.BasePath)
	done, total := 0, min(len(first), o.MaxPages)*o.Runs*2
	for _, pg := range first {
		if len(rep.Pairs) == o.MaxPages {
			break
		}
		pair := &NavPair{From: pg}
		for run := 0; run < o.Runs; run++ {
			order := []int{0, 1}
			if run%2 == 1 {
				order = []int{1, 0}
			}
			for _, side := range order {
				if err := ctx.Err(); err != nil {
					return rep, err
				}
				m, to, err := navigate(ctx, br, srv[side], base, o, strings.TrimSuffix(o.Analysis.Source.BasePath, "/")+requestPath(pg), targets)
				done++
				if o.Progress != nil {
					o.Progress(done, total)
				}
				switch {
				case err == errNoLink:
					run = o.Runs // no link to follow on this page: not a pair
				case err != nil:
					pair.Errors = append(pair.Errors, fmt.Sprintf("%s: %v", "AB"[side:side+1], err))
				case pair.To != "" && to != pair.To:
					pair.Errors = append(pair.Errors, fmt.Sprintf("%s: followed %s, not %s", "AB"[side:side+1], to, pair.To))
				default:
					pair.To = to
					if side == 0 {
						pair.RunsA = append(pair.RunsA, m)
					} else {
						pair.RunsB = append(pair.RunsB, m)
					}
				}
				if run == o.Runs {
					break
				}
			}
		}
		if pair.To != "" {
			rep.Pairs = append(rep.Pairs, pair)
		}
	}
	rep.finish()
	return rep, nil
}

var errNoLink = fmt.Errorf("no link to another page in the first screen")

// pageURLs lists the URL paths that name the pages: /a/ and /a/index.html for
// /a/index.html, /b.html and /b for /b.html.
func pageURLs(pages []string, basePath string) []string {
	bp := strings.TrimSuffix(basePath, "/")
	var out []string
	for _, p := range pages {
		out = append(out, bp+p)
		if d, ok := strings.CutSuffix(p, "index.html"); ok {
			out = append(out, bp+d)
		} else if s, ok := strings.CutSuffix(p, ".html"); ok {
			out = append(out, bp+s)
		}
	}
	return out
}

// pickLinkJS finds the first link in the first screen to another page of the site (the
// paths given), as a reader would: visible, same origin, no query, not the page itself;
// one in the page's main content (main, article, role=main) before one in its header or
// navigation.
const pickLinkJS = `((pages) => {
  const ok = new Set(pages);
  const main = Array.from(document.querySelectorAll('main a[href], article a[href], [role=main] a[href]'));
  for (const a of main.concat(Array.from(document.querySelectorAll('a[href]')))) {
    const u = new URL(a.href, location.href);
    if (u.origin !== location.origin || u.search || u.pathname === location.pathname || !ok.has(u.pathname)) continue;
    if (a.hasAttribute('download') || /\bnofollow\b/i.test(a.rel || '')) continue;
    const r = a.getBoundingClientRect();
    if (r.width < 4 || r.height < 4 || r.top < 0 || r.left < 0 || r.bottom > innerHeight || r.right > innerWidth) continue;
    const x = r.left + Math.min(r.width / 2, 20), y = r.top + r.height / 2;
    const hit = document.elementFromPoint(x, y);
    if (!hit || !a.contains(hit)) continue;
    return {path: u.pathname, x, y};
  }
  return null;
})(%s)`

type pickedLink struct {
	Path string  `json:"path"`
	X    float64 `json:"x"`
	Y    float64 `json:"y"`
}

// navTimingsJS reads the page's paint times from its activation (0 unless prerendered),
// and how its document came.
const navTimingsJS = `(async () => {
  const nav = performance.getEntriesByType('navigation')[0] || {};
  const act = nav.activationStart || 0;
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  const lcp = await new Promise(resolve => {
    let last = null;
    try {
      const po = new PerformanceObserver(l => { const e = l.getEntries(); if (e.length) last = e[e.length - 1]; });
      po.observe({type: 'largest-contentful-paint', buffered: true});
      setTimeout(() => { const e = po.takeRecords(); if (e.length) last = e[e.length - 1]; po.disconnect(); resolve(last); }, 50);
    } catch (err) { resolve(null); }
  });
  return {
    fcp: fcp ? Math.max(0, fcp.startTime - act) : 0,
    lcp: lcp ? Math.max(0, lcp.startTime - act) : 0,
    path: location.pathname,
    ready: document.readyState,
    delivery: nav.deliveryType || '',
    prerendered: act > 0,
    origin: performance.timeOrigin,
  };
})()`

type navTimings struct {
	FCP         float64 `json:"fcp"`
	LCP         float64 `json:"lcp"`
	Path        string  `json:"path"`
	Ready       string  `json:"ready"`
	Delivery    string  `json:"delivery"`
	Prerendered bool    `json:"prerendered"`
	Origin      float64 `json:"origin"` // performance.timeOrigin: a new one for each document
}

// navigate loads from (a URL path) through a fresh emulated link, follows its first
// first-screen link to another page, and measures the next page.
func navigate(ctx context.Context, br *browser, s *navServer, o Options, no NavOptions, from string, pages []string) (NavMetric, string, error) {
	var m NavMetric
	px, err := link.Listen(s.addr(), link.New(link.Config{RTT: o.RTT, Down: o.Down, Up: o.Up}))
	if err != nil {
		return m, "", err
	}
	defer px.Close()
	origin := "https://" + px.Addr()
	t, err := br.openTab(nil)
	if err != nil {
		return m, "", err
	}
	defer t.cancel()
	if _, _, err := t.load(ctx, origin+from, no.Settle); err != nil {
		return m, "", err
	}
	list, _ := json.Marshal(pages)
	pick, err := chromedp.Run(t.ctx, chromedp.Evaluate[*pickedLink](fmt.Sprintf(pickLinkJS, list)))
	if err != nil {
		return m, "", fmt.Errorf("finding a link on %s: %w", from, err)
	}
	if pick == nil {
		return m, "", errNoLink
	}
	if no.Warm {
		// The reader has seen the next page before; then comes back to the first one.
		if _, _, err := t.load(ctx, origin+pick.Path, no.Settle); err != nil {
			return m, "", err
		}
		if _, _, err := t.load(ctx, origin+from, no.Settle); err != nil {
			return m, "", err
		}
	}
	ft, err := chromedp.Run(t.ctx, chromedp.Evaluate[navTimings](navTimingsJS, chromedp.EvalAwaitPromise))
	if err != nil {
		return m, "", err
	}
	m.FirstFCP, m.FirstLCP = ft.FCP, ft.LCP
	s.takeLog(px.Dialed) // the first page's own requests
	mouse := func(typ input.DispatchMouseEventType, clicks int64) error {
		return chromedp.Do(t.ctx, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			p := input.DispatchMouseEventParams{Type: typ, X: pick.X, Y: pick.Y}
			if typ != input.DispatchMouseEventTypeMouseMoved {
				p.Button, p.ClickCount = input.MouseButtonLeft, clicks
			}
			_, err := chromedp.Call(ctx, input.DispatchMouseEvent, p)
			return err
		}))
	}
	if err := mouse(input.DispatchMouseEventTypeMouseMoved, 0); err != nil {
		return m, "", err
	}
	if err := chromedp.Do(t.ctx, chromedp.Sleep(no.Hover)); err != nil {
		return m, "", err
	}
	before := s.takeLog(px.Dialed) // what the hover fetched
	t.rec.take()
	if err := mouse(input.DispatchMouseEventTypeMousePressed, 1); err != nil {
		return m, "", err
	}
	if err := mouse(input.DispatchMouseEventTypeMouseReleased, 1); err != nil {
		return m, "", err
	}
	// Wait for the next page, then for the network to be quiet.
	deadline := time.Now().Add(30 * time.Second)
	var nt navTimings
	for {
		if time.Now().After(deadline) {
			return m, "", fmt.Errorf("%s: the press on %s did not lead there", from, pick.Path)
		}
		if err := chromedp.Do(t.ctx, chromedp.Sleep(50*time.Millisecond)); err != nil {
			return m, "", err
		}
		p, err := chromedp.Run(t.ctx, chromedp.Evaluate[navTimings](`({path: location.pathname, ready: document.readyState})`))
		if err == nil && p.Path == pick.Path && p.Ready == "complete" {
			break
		}
	}
	for end := time.Now().Add(maxSettle); !t.rec.quietFor(no.Settle) && time.Now().Before(end); {
		if err := chromedp.Do(t.ctx, chromedp.Sleep(50*time.Millisecond)); err != nil {
			return m, "", err
		}
	}
	if nt, err = chromedp.Run(t.ctx, chromedp.Evaluate[navTimings](navTimingsJS, chromedp.EvalAwaitPromise)); err != nil {
		return m, "", err
	}
	m.NextFCP, m.NextLCP = nt.FCP, nt.LCP
	m.Prefetched = nt.Delivery == "navigational-prefetch"
	m.Prerendered = nt.Prerendered
	m.ClientSide = nt.Origin == ft.Origin
	after := s.takeLog(px.Dialed)
	for _, r := range append(before, after...) {
		if r.Purpose == "" {
			continue
		}
		m.SpecBytes += r.Bytes
		doc := r.Path
		if r.Dest != "document" {
			doc = r.Referer
		}
		if doc != pick.Path || m.ClientSide {
			m.WasteBytes += r.Bytes
		}
	}
	for _, r := range after {
		if r.Purpose == "" {
			m.NextBytes += r.Bytes
		}
	}
	return m, pick.Path, nil
}

// navServer serves one side over HTTP/2 with TLS, with the same Cache-Control on every
// response, and logs each request's path, purpose and body bytes.
type navServer struct {
	srv *http.Server
	ln  net.Listener
	mu  sync.Mutex
	log []navRequest
}

type navRequest struct {
	Path    string
	Remote  string
	Purpose string // the Sec-Purpose header
	Dest    string // Sec-Fetch-Dest
	Referer string // the referring page's path
	Bytes   int64
}

func startNavServer(dir, cacheControl string, cert *Cert) (*navServer, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &navServer{ln: ln}
	files := http.FileServer(http.Dir(dir))
	s.srv = &http.Server{ReadHeaderTimeout: 30 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", cacheControl)
		cw := &countingWriter{ResponseWriter: w}
		files.ServeHTTP(cw, r)
		ref := ""
		if u, err := url.Parse(r.Referer()); err == nil {
			ref = u.Path
		}
		s.mu.Lock()
		s.log = append(s.log, navRequest{Path: r.URL.Path, Remote: r.RemoteAddr, Purpose: r.Header.Get("Sec-Purpose"),
			Dest: r.Header.Get("Sec-Fetch-Dest"), Referer: ref, Bytes: cw.n})
		s.mu.Unlock()
	})}
	cfg := &tls.Config{Certificates: []tls.Certificate{cert.TLS}, NextProtos: []string{"h2", "http/1.1"}}
	s.srv.TLSConfig = cfg
	go s.srv.Serve(tls.NewListener(smallSendBuffers{ln}, cfg))
	return s, nil
}

func (s *navServer) addr() string { return s.ln.Addr().String() }

func (s *navServer) close() error { return s.srv.Close() }

// takeLog removes and returns the logged requests whose client matches.
func (s *navServer) takeLog(match func(remote string) bool) []navRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return takeMatching(&s.log, func(r navRequest) bool { return match(r.Remote) })
}

type countingWriter struct {
	http.ResponseWriter
	n int64
}

func (c *countingWriter) Write(b []byte) (int, error) {
	n, err := c.ResponseWriter.Write(b)
	c.n += int64(n)
	return n, err
}

// finish computes the summaries and the medians over pairs.
func (r *NavReport) finish() {
	var nl, nf, fl, ff, waste []float64
	for _, p := range r.Pairs {
		p.A, p.B = navSummarize(p.RunsA), navSummarize(p.RunsB)
		r.Errors += len(p.Errors)
		if p.A.Runs == 0 || p.B.Runs == 0 {
			continue
		}
		for _, m := range p.RunsB {
			waste = append(waste, float64(m.WasteBytes))
		}
		if p.A.ClientSide+p.B.ClientSide > 0 {
			r.ClientSide++
			continue // no next document: its times are the first page's
		}
		nl = append(nl, ratio(p.B.NextLCP, p.A.NextLCP))
		nf = append(nf, ratio(p.B.NextFCP, p.A.NextFCP))
		fl = append(fl, ratio(p.B.FirstLCP, p.A.FirstLCP))
		ff = append(ff, ratio(p.B.FirstFCP, p.A.FirstFCP))
	}
	r.NextLCP, r.NextFCP, r.FirstLCP, r.FirstFCP, r.WasteBytes = median(nl), median(nf), median(fl), median(ff), median(waste)
}

func navSummarize(runs []NavMetric) NavSummary {
	s := NavSummary{Runs: len(runs)}
	if len(runs) == 0 {
		return s
	}
	col := func(f func(NavMetric) float64) float64 {
		var xs []float64
		for _, m := range runs {
			xs = append(xs, f(m))
		}
		return median(xs)
	}
	s.FirstFCP = col(func(m NavMetric) float64 { return m.FirstFCP })
	s.FirstLCP = col(func(m NavMetric) float64 { return m.FirstLCP })
	s.NextFCP = col(func(m NavMetric) float64 { return m.NextFCP })
	s.NextLCP = col(func(m NavMetric) float64 { return m.NextLCP })
	s.NextBytes = col(func(m NavMetric) float64 { return float64(m.NextBytes) })
	s.SpecBytes = col(func(m NavMetric) float64 { return float64(m.SpecBytes) })
	s.WasteBytes = col(func(m NavMetric) float64 { return float64(m.WasteBytes) })
	for _, m := range runs {
		if m.Prefetched {
			s.Prefetched++
		}
		if m.Prerendered {
			s.Prerendered++
		}
		if m.ClientSide {
			s.ClientSide++
		}
	}
	return s
}

// WriteText writes the navigation report as a table of medians.
func (r *NavReport) WriteText(w interface{ Write([]byte) (int, error) }) {
	temp := "cold (a fresh browser context per navigation; the next page shares the first one's cached files)"
	if r.Warm {
		temp = "warm (both pages seen before in the same browser context)"
	}
	fmt.Fprintf(w, "network: %s\nnavigation: load the first page, hover a first-screen link to another page for %.0f ms, press it; %s\nA: no speculation rules; B: %s (inline); same hints on both sides\ncaching: every response on both sides carries Cache-Control: %s\n%d navigations per page and side\n\n",
		r.Model, r.HoverMs, temp, r.Rules, r.CacheControl, r.Runs)
	fmt.Fprintf(w, "%-28s %-28s %8s %8s %6s %8s %8s %6s %7s %7s %7s %7s %9s %9s\n", "first page", "next page", "nLCP A", "nLCP B", "B/A", "nFCP A", "nFCP B", "B/A", "1LCP A", "1LCP B", "KB A", "KB B", "spec KB B", "waste KB")
	for _, p := range r.Pairs {
		fmt.Fprintf(w, "%-28s %-28s %8.0f %8.0f %6s %8.0f %8.0f %6s %7.0f %7.0f %7.1f %7.1f %9.1f %9.1f",
			p.From, p.To, p.A.NextLCP, p.B.NextLCP, fmtRatio(ratio(p.B.NextLCP, p.A.NextLCP)), p.A.NextFCP, p.B.NextFCP, fmtRatio(ratio(p.B.NextFCP, p.A.NextFCP)),
			p.A.FirstLCP, p.B.FirstLCP, p.A.NextBytes/1024, p.B.NextBytes/1024, p.B.SpecBytes/1024, p.B.WasteBytes/1024)
		if p.B.Prefetched+p.B.Prerendered > 0 {
			fmt.Fprintf(w, "  (B: %d/%d prefetched, %d prerendered)", p.B.Prefetched, p.B.Runs, p.B.Prerendered)
		}
		if n := p.A.ClientSide + p.B.ClientSide; n > 0 {
			fmt.Fprintf(w, "  (%d/%d client-side: no document loaded, times are the first page's)", n, p.A.Runs+p.B.Runs)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "\nmedian B/A over pages: next page LCP %s, FCP %s; first page LCP %s, FCP %s\nwasted speculative bytes per navigation (median, B): %.0f\n",
		fmtRatio(r.NextLCP), fmtRatio(r.NextFCP), fmtRatio(r.FirstLCP), fmtRatio(r.FirstFCP), r.WasteBytes)
	if r.ClientSide > 0 {
		fmt.Fprintf(w, "%d of %d pages: a client-side router followed the link without loading a document; left out of the medians, their speculative bytes counted as waste\n", r.ClientSide, len(r.Pairs))
	}
	for _, p := range r.Pairs {
		for _, e := range p.Errors {
			fmt.Fprintf(w, "error: %s: %s\n", p.From, e)
		}
	}
}
