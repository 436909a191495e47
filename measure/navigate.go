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
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/preloadgen/preloadgen"
	"github.com/preloadgen/preloadgen/internal/cdptab"
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
	// Press is how long the button is held down before it is released (the click, which
	// starts the navigation); 0 releases it at once. Conservative eagerness starts at the
	// pointer down, so a reader's press (about 100 ms) is its head start.
	Press time.Duration
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
	PressMs      float64 `json:"press_ms"`
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
	// Speculation lists Chromium's final word on each speculation the first page started
	// (Preload.prerenderStatusUpdated / prefetchStatusUpdated): "prerender /b/: Ready".
	Speculation []string `json:",omitempty"`
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
	br, err := cdptab.Start(ctx, chrome, "--ignore-certificate-errors-spki-list="+cert.SPKI, "--window-size=1280,800")
	if err != nil {
		return nil, err
	}
	defer br.Close()
	rules := o.Speculation.Mode.String()
	if o.Speculation.Eagerness != "" {
		rules += ", " + string(o.Speculation.Eagerness)
	} else if o.Speculation.Mode == speculate.Prerender {
		rules += ", conservative (prefetch on hover)"
	} else {
		rules += ", moderate"
	}
	rep := &NavReport{Model: base.ModelLabel(), Profile: base.Profile, Chrome: chrome, Site: o.Site, Rules: rules,
		HoverMs: ms(o.Hover.Seconds()), PressMs: ms(o.Press.Seconds()), Warm: o.Warm, CacheControl: base.CacheControl, Runs: o.Runs}
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
		if pair.To != "" || len(pair.Errors) > 0 {
			rep.Pairs = append(rep.Pairs, pair) // one that only failed is counted in Errors
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
  // A page that needed nothing from the network may not have painted yet: wait up to 5 s.
  const fcp = performance.getEntriesByName('first-contentful-paint')[0] || await new Promise(resolve => {
    const po = new PerformanceObserver(l => { for (const e of l.getEntries()) if (e.name === 'first-contentful-paint') { po.disconnect(); resolve(e); } });
    po.observe({type: 'paint', buffered: true});
    setTimeout(() => { po.disconnect(); resolve(null); }, 5000);
  });
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
// first-screen link to another page, and measures the next page. The tab is driven
// through its tab target (internal/cdptab): Chromium refuses to prerender for a page
// whose DevTools session was attached to the page target itself.
func navigate(ctx context.Context, br *cdptab.Browser, s *navServer, o Options, no NavOptions, from string, pages []string) (NavMetric, string, error) {
	var m NavMetric
	px, err := link.Listen(s.addr(), link.New(link.Config{RTT: o.RTT, Down: o.Down, Up: o.Up}))
	if err != nil {
		return m, "", err
	}
	defer px.Close()
	origin := "https://" + px.Addr()
	nq := &netQuiet{}
	t, err := br.NewTab(ctx, nq.listen)
	if err != nil {
		return m, "", err
	}
	defer t.Close()
	page := t.Page()
	if err := navLoad(ctx, t, page, nq, origin+from, no.Settle); err != nil {
		return m, "", err
	}
	list, _ := json.Marshal(pages)
	var pick *pickedLink
	if err := t.Evaluate(ctx, page, fmt.Sprintf(pickLinkJS, list), &pick); err != nil {
		return m, "", fmt.Errorf("finding a link on %s: %w", from, err)
	}
	if pick == nil {
		return m, "", errNoLink
	}
	if no.Warm {
		// The reader has seen the next page before; then comes back to the first one.
		if err := navLoad(ctx, t, page, nq, origin+pick.Path, no.Settle); err != nil {
			return m, "", err
		}
		if err := navLoad(ctx, t, page, nq, origin+from, no.Settle); err != nil {
			return m, "", err
		}
	}
	var ft navTimings
	if err := t.Evaluate(ctx, page, navTimingsJS, &ft); err != nil {
		return m, "", err
	}
	m.FirstFCP, m.FirstLCP = ft.FCP, ft.LCP
	// The first page's own requests go; what speculation fetched while it loaded (eager
	// and immediate rules start before any hover) stays, for the waste.
	var early []navRequest
	for _, r := range s.takeLog(px.Dialed) {
		if r.Purpose != "" {
			early = append(early, r)
		}
	}
	mouse := func(typ string) error {
		p := map[string]any{"type": typ, "x": pick.X, "y": pick.Y}
		if typ != "mouseMoved" {
			p["button"], p["clickCount"] = "left", 1
		}
		return t.Call(ctx, page, "Input.dispatchMouseEvent", p, nil)
	}
	if err := mouse("mouseMoved"); err != nil {
		return m, "", err
	}
	if err := sleepCtx(ctx, no.Hover); err != nil {
		return m, "", err
	}
	before := s.takeLog(px.Dialed) // what the hover fetched
	if err := mouse("mousePressed"); err != nil {
		return m, "", err
	}
	if err := sleepCtx(ctx, no.Press); err != nil {
		return m, "", err
	}
	if err := mouse("mouseReleased"); err != nil {
		return m, "", err
	}
	// Wait for the next page (a prerendered page is another target, which takes the tab
	// over on activation), then for the network to be quiet.
	next, err := waitNext(ctx, t, pick.Path)
	if err != nil {
		return m, "", fmt.Errorf("%s: the press on %s: %w", from, pick.Path, err)
	}
	for end := time.Now().Add(maxSettle); !nq.quietFor(no.Settle) && time.Now().Before(end); {
		if err := sleepCtx(ctx, 50*time.Millisecond); err != nil {
			return m, "", err
		}
	}
	var nt navTimings
	if err := t.Evaluate(ctx, next, navTimingsJS, &nt); err != nil {
		return m, "", err
	}
	m.NextFCP, m.NextLCP = nt.FCP, nt.LCP
	m.Prefetched = nt.Delivery == "navigational-prefetch"
	m.Prerendered = nt.Prerendered
	m.ClientSide = nt.Origin == ft.Origin
	m.Speculation = nq.statuses()
	after := s.takeLog(px.Dialed)
	for _, r := range append(append(early, before...), after...) {
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

// sleepCtx sleeps for d, or until ctx ends (then it returns ctx.Err()).
func sleepCtx(ctx context.Context, d time.Duration) error {
	return link.RealClock{}.SleepUntil(ctx, time.Now().Add(d))
}

// navLoad navigates the tab's page to url and waits for its load event, then for the
// network to be quiet for settle (or maxSettle).
func navLoad(ctx context.Context, t *cdptab.Tab, page string, nq *netQuiet, url string, settle time.Duration) error {
	var before float64
	t.Evaluate(ctx, page, `performance.timeOrigin`, &before)
	var nav struct {
		Error string `json:"errorText"`
	}
	if err := t.Call(ctx, page, "Page.navigate", map[string]any{"url": url}, &nav); err != nil {
		return fmt.Errorf("loading %s: %w", url, err)
	}
	if nav.Error != "" {
		return fmt.Errorf("loading %s: %s", url, nav.Error)
	}
	for deadline := time.Now().Add(60 * time.Second); ; {
		var st struct {
			Origin float64 `json:"origin"`
			Ready  string  `json:"ready"`
		}
		if err := t.Evaluate(ctx, page, `({origin: performance.timeOrigin, ready: document.readyState})`, &st); err == nil && st.Origin != before && st.Ready == "complete" {
			break
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("loading %s: no load event in 60 s", url)
		}
		if err := sleepCtx(ctx, 50*time.Millisecond); err != nil {
			return err
		}
	}
	for end := time.Now().Add(maxSettle); !nq.quietFor(settle) && time.Now().Before(end); {
		if err := sleepCtx(ctx, 50*time.Millisecond); err != nil {
			return err
		}
	}
	return nil
}

// waitNext waits until one of the tab's pages shows path, loaded and no longer
// prerendering, and returns its session.
func waitNext(ctx context.Context, t *cdptab.Tab, path string) (string, error) {
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); {
		for _, p := range t.Pages() {
			var st struct {
				Path         string `json:"path"`
				Ready        string `json:"ready"`
				Prerendering bool   `json:"prerendering"`
			}
			ectx, cancel := context.WithTimeout(ctx, 2*time.Second)
			err := t.Evaluate(ectx, p.Session, `({path: location.pathname, ready: document.readyState, prerendering: !!document.prerendering})`, &st)
			cancel()
			if err == nil && st.Path == path && st.Ready == "complete" && !st.Prerendering {
				return p.Session, nil
			}
		}
		if err := sleepCtx(ctx, 50*time.Millisecond); err != nil {
			return "", err
		}
	}
	return "", errors.New("it did not lead there")
}

// netQuiet follows the requests in flight on every page of a tab (a prerendered one
// included), and the speculations Chromium reports.
type netQuiet struct {
	mu       sync.Mutex
	inflight map[string]string // request ID -> the session it started on
	lastNet  time.Time
	spec     []string          // speculations in the order first reported
	last     map[string]string // and the last status of each
}

func (q *netQuiet) listen(session, method string, params json.RawMessage) {
	var e struct {
		RequestID       string `json:"requestId"`
		Status          string `json:"status"`
		PrerenderStatus string `json:"prerenderStatus"`
		PrefetchStatus  string `json:"prefetchStatus"`
		Key             struct {
			URL    string `json:"url"`
			Action string `json:"action"`
		} `json:"key"`
	}
	switch method {
	case "Network.requestWillBeSent", "Network.loadingFinished", "Network.loadingFailed":
	case "Preload.prerenderStatusUpdated", "Preload.prefetchStatusUpdated":
	case "Target.detachedFromTarget":
		// A session that ends (the page a prerender replaced) ends its requests.
		q.mu.Lock()
		for id, s := range q.inflight {
			if s == session {
				delete(q.inflight, id)
			}
		}
		q.mu.Unlock()
		return
	default:
		return
	}
	if json.Unmarshal(params, &e) != nil {
		return
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	switch method {
	case "Network.requestWillBeSent":
		if q.inflight == nil {
			q.inflight = map[string]string{}
		}
		q.inflight[e.RequestID], q.lastNet = session, time.Now()
	case "Network.loadingFinished", "Network.loadingFailed":
		// By request ID alone: a worker's script starts on its page's session and
		// finishes on the worker's.
		delete(q.inflight, e.RequestID)
		q.lastNet = time.Now()
	default:
		// The last word on each speculation: "prerender /b/: Success",
		// "prefetch /b/: Failure PrefetchNotUsedProbeFailed".
		if e.Status == "Pending" || e.Status == "Running" {
			return
		}
		path := e.Key.URL
		if u, err := url.Parse(e.Key.URL); err == nil {
			path = u.Path
		}
		key := strings.ToLower(e.Key.Action) + " " + path
		if q.last == nil {
			q.last = map[string]string{}
		}
		if _, ok := q.last[key]; !ok {
			q.spec = append(q.spec, key)
		}
		q.last[key] = strings.TrimSpace(e.Status + " " + e.PrerenderStatus + e.PrefetchStatus)
	}
}

// quietFor reports whether no request has been in flight, started or ended for d.
func (q *netQuiet) quietFor(d time.Duration) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.inflight) == 0 && time.Since(q.lastNet) >= d
}

// statuses returns the speculation outcomes reported since the last call.
func (q *netQuiet) statuses() []string {
	q.mu.Lock()
	defer q.mu.Unlock()
	var out []string
	for _, k := range q.spec {
		out = append(out, k+": "+q.last[k])
	}
	q.spec, q.last = nil, nil
	return out
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
		if !serveIndex(cw, r, dir) {
			files.ServeHTTP(cw, r)
		}
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

// serveIndex serves a request for .../index.html as the file, as nginx and Caddy do:
// Go's file server redirects it to .../, so a link to index.html (Sphinx writes them)
// would never lead to the path it names. It reports whether it answered.
func serveIndex(w http.ResponseWriter, r *http.Request, dir string) bool {
	if !strings.HasSuffix(r.URL.Path, "/index.html") {
		return false
	}
	f, err := http.Dir(dir).Open(r.URL.Path)
	if err != nil {
		return false
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		return false
	}
	http.ServeContent(w, r, st.Name(), st.ModTime(), f)
	return true
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
	fmt.Fprintf(w, "network: %s\nnavigation: load the first page, hover a first-screen link to another page for %.0f ms, press it (held %.0f ms); %s\nA: no speculation rules; B: %s (inline); same hints on both sides\ncaching: every response on both sides carries Cache-Control: %s\n%d navigations per page and side\n\n",
		r.Model, r.HoverMs, r.PressMs, temp, r.Rules, r.CacheControl, r.Runs)
	fmt.Fprintf(w, "%-28s %-28s %8s %8s %6s %8s %8s %6s %7s %7s %7s %7s %9s %9s\n", "first page", "next page", "nLCP A", "nLCP B", "B/A", "nFCP A", "nFCP B", "B/A", "1LCP A", "1LCP B", "KB A", "KB B", "spec KB B", "waste KB")
	for _, p := range r.Pairs {
		if p.A.Runs+p.B.Runs == 0 {
			continue // only failures: listed below
		}
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
		if o := speculationOutcomes(p.RunsB); o != "" && p.B.Prerendered < p.B.Runs && strings.Contains(r.Rules, "prerender") {
			fmt.Fprintf(w, "B %s: %s\n", p.From, o)
		}
	}
	for _, p := range r.Pairs {
		for _, e := range p.Errors {
			fmt.Fprintf(w, "error: %s: %s\n", p.From, e)
		}
	}
}

// speculationOutcomes counts Chromium's last word on each speculation over runs:
// "prerender /b/: Failure LowEndDevice (2), prefetch /b/: Success PrefetchResponseUsed (3)".
func speculationOutcomes(runs []NavMetric) string {
	n := map[string]int{}
	var order []string
	for _, m := range runs {
		for _, s := range m.Speculation {
			if n[s] == 0 {
				order = append(order, s)
			}
			n[s]++
		}
	}
	var out []string
	for _, s := range order {
		out = append(out, fmt.Sprintf("%s (%d)", s, n[s]))
	}
	return strings.Join(out, ", ")
}
