// What a visit records for pictures (Options.Record, measure -report): each request's
// timings, from the DevTools Network events the recorder keeps anyway, and a filmstrip.
// Nothing here runs on a plain measurement: the hooks in visit.go are methods of a nil
// *traceRecorder then, and do nothing.
//
// The filmstrip is DevTools' Page.startScreencast, started before the navigation and
// stopped once the page has settled. Chromium sends a frame only when the page's pixels
// change, encoded small (JPEG, 360 px wide), and waits for our acknowledgement before the
// next, so a load gives a frame per visual change at the cost of one small encode each.
// The other ways were worse for timing: Page.captureScreenshot at intervals forces a
// frame of its own on every call, whether anything changed or not, and tracing's
// screenshot category adds the whole tracing machinery to the load and a large trace to
// parse.
//
// Times are milliseconds since navigation start, the origin of the page's own paint
// timings (FCP, LCP): the document request's wall time and monotonic timestamp map
// DevTools' monotonic clock onto performance.timeOrigin.

package measure

import (
	"context"
	"net/url"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// Trace is what one recorded visit looked like: its requests, its filmstrip and the LCP
// element the page reported.
type Trace struct {
	Fetches []Fetch
	Frames  []Frame
	// LCPElement names the element of the page's last largest-contentful-paint entry:
	// "div.hero > img#banner", with its image URL or the start of its text in LCPDetail.
	LCPElement string
	LCPDetail  string
}

// Fetch is one request of a visit. Times are milliseconds since navigation start.
type Fetch struct {
	URL  string
	Type string // Chromium's resource type: Document, Stylesheet, Script, Font, Image, Fetch, ...
	// Start is when the page asked for it; FirstByte when the response's headers were in
	// (0 when unknown); End when it finished or failed (0 when it never did).
	Start, FirstByte, End float64
	Bytes                 int64  // encoded bytes received
	Status                int    // HTTP status; 0 when none arrived
	Priority              string // Chromium's priority when the request was sent
	// Early: the response came from a 103 Early Hints fetch, which began before the page
	// existed; Start is still when the page asked for it.
	Early bool
	// Preloaded: a <link rel=preload|modulepreload> in the page or a Link header on its
	// response names it.
	Preloaded bool
	Cached    bool // from the memory or disk cache, not the network
	Failed    bool
}

// Frame is one screenshot of the filmstrip.
type Frame struct {
	At   float64 // ms since navigation start
	JPEG []byte
}

// maxFrames bounds the frames kept per visit: a run keeps every visit's trace until the
// report picks the median one.
const maxFrames = 16

// traceRecorder records one visit's filmstrip and, after the load, what the page says
// about its LCP element and preloads. A nil *traceRecorder records nothing.
type traceRecorder struct {
	mu     sync.Mutex
	ctx    context.Context // the tab's, for acknowledging frames
	frames []*page.EventScreencastFrame
	facts  pageFacts
}

// newTraceRecorder returns a recorder when on, else nil.
func newTraceRecorder(on bool) *traceRecorder {
	if !on {
		return nil
	}
	return &traceRecorder{}
}

// options are the tab's extra options: a listener for the screencast's frames.
func (r *traceRecorder) options() []chromedp.ContextOption {
	if r == nil {
		return nil
	}
	return []chromedp.ContextOption{chromedp.WithListener(r.listen)}
}

func (r *traceRecorder) listen(ev any) {
	f, ok := ev.(*page.EventScreencastFrame)
	if !ok {
		return
	}
	r.mu.Lock()
	r.frames = append(r.frames, f)
	ctx := r.ctx
	r.mu.Unlock()
	if ctx != nil {
		// A listener must not wait for the browser: the ack goes from its own goroutine.
		go chromedp.Call(ctx, page.ScreencastFrameAck, page.ScreencastFrameAckParams{SessionID: f.SessionID})
	}
}

// start starts the screencast in t, before the navigation.
func (r *traceRecorder) start(t *tab) error {
	if r == nil {
		return nil
	}
	r.mu.Lock()
	r.ctx = t.ctx
	r.mu.Unlock()
	q := int64(60)
	_, err := chromedp.Call(t.ctx, page.StartScreencast, page.StartScreencastParams{
		Format: page.StartScreencastFormatJpeg, Quality: &q, MaxWidth: 360, MaxHeight: 360,
	})
	return err
}

// pageFacts is what the page says about itself once loaded.
type pageFacts struct {
	Origin     float64  `json:"origin"` // performance.timeOrigin, ms since the epoch
	LCPElement string   `json:"lcpElement"`
	LCPURL     string   `json:"lcpURL"`
	LCPText    string   `json:"lcpText"`
	Preloads   []string `json:"preloads"`
}

const factsJS = `(async () => {
  const lcp = await new Promise(resolve => {
    let last = null;
    try {
      const po = new PerformanceObserver(l => { const e = l.getEntries(); if (e.length) last = e[e.length - 1]; });
      po.observe({type: 'largest-contentful-paint', buffered: true});
      setTimeout(() => { const e = po.takeRecords(); if (e.length) last = e[e.length - 1]; po.disconnect(); resolve(last); }, 50);
    } catch (err) { resolve(null); }
  });
  const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + [...e.classList].slice(0, 3).map(c => '.' + c).join('');
  let el = '', text = '';
  if (lcp && lcp.element) {
    const e = lcp.element;
    el = name(e);
    if (e.parentElement && e.parentElement !== document.body && e.parentElement !== document.documentElement) el = name(e.parentElement) + ' > ' + el;
    if (!lcp.url) text = (e.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 80);
  }
  const preloads = [];
  for (const l of document.querySelectorAll('link[rel]')) {
    if (!/(^|\s)(preload|modulepreload)(\s|$)/i.test(l.rel)) continue;
    if (l.href) preloads.push(l.href);
    // A responsive image preload fetches one of its candidates.
    for (const c of (l.getAttribute('imagesrcset') || '').split(',')) {
      const u = c.trim().split(/\s+/)[0];
      if (u) try { preloads.push(new URL(u, document.baseURI).href); } catch (e) {}
    }
  }
  return {origin: performance.timeOrigin, lcpElement: el, lcpURL: lcp && lcp.url ? lcp.url : '', lcpText: text, preloads};
})()`

// afterLoad reads the page's facts and stops the screencast, so that the visit's tail,
// which runs on while the next visit loads, encodes no more frames.
func (r *traceRecorder) afterLoad(t *tab) {
	if r == nil {
		return
	}
	f, err := chromedp.Run(t.ctx, chromedp.Evaluate[pageFacts](factsJS, chromedp.EvalAwaitPromise))
	chromedp.Call(t.ctx, page.StopScreencast, struct{}{})
	r.mu.Lock()
	defer r.mu.Unlock()
	if err == nil {
		r.facts = f
	}
	r.ctx = nil
}

// trace builds the visit's Trace from its recorded events.
func (r *traceRecorder) trace(events []event) *Trace {
	if r == nil {
		return nil
	}
	r.mu.Lock()
	frames, facts := r.frames, r.facts
	r.mu.Unlock()
	return buildTrace(events, facts, frames)
}

func buildTrace(events []event, facts pageFacts, frames []*page.EventScreencastFrame) *Trace {
	tr := &Trace{LCPElement: facts.LCPElement, LCPDetail: facts.LCPText}
	if facts.LCPURL != "" {
		tr.LCPDetail = sitePath(facts.LCPURL)
	}
	// The clock: zero is the navigation's start, from the document request's two clocks.
	var zero float64 // monotonic seconds at navigation start
	found := false
	preloaded := map[string]bool{}
	for _, u := range facts.Preloads {
		preloaded[u] = true
	}
	byID := map[network.RequestID]int{}
	at := func(mono float64) float64 {
		if mono <= 0 {
			return 0
		}
		return (mono - zero) * 1000
	}
	for _, e := range events {
		switch ev := e.ev.(type) {
		case *network.EventRequestWillBeSent:
			if !found && ev.Type == network.ResourceTypeDocument {
				found = true
				zero = float64(ev.Timestamp)
				if facts.Origin > 0 && ev.WallTime > 0 {
					// The wall time of the request minus timeOrigin is how long after the
					// navigation's start it was sent.
					zero -= float64(ev.WallTime) - facts.Origin/1000
				}
			}
			if i, ok := byID[ev.RequestID]; ok && ev.RedirectResponse != nil {
				// A redirect's earlier hop ends here; the next hop is a fetch of its own.
				f := &tr.Fetches[i]
				f.End, f.Status = at(float64(ev.Timestamp)), int(ev.RedirectResponse.Status)
			}
			if ev.Request == nil {
				continue
			}
			byID[ev.RequestID] = len(tr.Fetches)
			tr.Fetches = append(tr.Fetches, Fetch{URL: ev.Request.URL, Type: string(ev.Type), Start: at(float64(ev.Timestamp)),
				Priority: string(ev.Request.InitialPriority)})
		case *network.EventRequestServedFromCache:
			if i, ok := byID[ev.RequestID]; ok {
				tr.Fetches[i].Cached = true
			}
		case *network.EventResponseReceived:
			i, ok := byID[ev.RequestID]
			if !ok || ev.Response == nil {
				continue
			}
			f, resp := &tr.Fetches[i], ev.Response
			f.Status = int(resp.Status)
			f.Early = f.Early || resp.FromEarlyHints
			f.Cached = f.Cached || resp.FromDiskCache || resp.FromPrefetchCache && !resp.FromEarlyHints
			if resp.Timing != nil && resp.Timing.RequestTime > 0 {
				f.FirstByte = at(resp.Timing.RequestTime + resp.Timing.ReceiveHeadersEnd/1000)
			} else {
				f.FirstByte = at(float64(ev.Timestamp))
			}
			if f.Type == string(network.ResourceTypeDocument) {
				for _, u := range preloadLinks(resp.Headers, resp.URL) {
					preloaded[u] = true
				}
			}
		case *network.EventLoadingFinished:
			if i, ok := byID[ev.RequestID]; ok {
				f := &tr.Fetches[i]
				f.End, f.Bytes = at(float64(ev.Timestamp)), int64(ev.EncodedDataLength)
			}
		case *network.EventLoadingFailed:
			if i, ok := byID[ev.RequestID]; ok {
				f := &tr.Fetches[i]
				f.End, f.Failed = at(float64(ev.Timestamp)), true
			}
		}
	}
	for i := range tr.Fetches {
		f := &tr.Fetches[i]
		f.Preloaded = preloaded[f.URL]
		if f.Early {
			f.Cached = false // DevTools reports a 103 fetch's reuse as served from cache
		}
	}
	// Beacons and data: URLs are no part of the load's picture.
	tr.Fetches = slices.DeleteFunc(tr.Fetches, func(f Fetch) bool {
		return !strings.HasPrefix(f.URL, "http") || f.Type == string(network.ResourceTypePing)
	})
	for _, f := range frames {
		if f.Metadata == nil || len(f.Data) == 0 {
			continue
		}
		var t float64
		switch {
		case f.Metadata.MonotonicTimestamp > 0 && found:
			t = at(float64(f.Metadata.MonotonicTimestamp))
		case f.Metadata.Timestamp > 0 && facts.Origin > 0:
			t = float64(f.Metadata.Timestamp)*1000 - facts.Origin
		default:
			continue
		}
		if t < 0 {
			continue // the blank tab before the navigation
		}
		tr.Frames = append(tr.Frames, Frame{At: t, JPEG: f.Data})
	}
	sort.SliceStable(tr.Frames, func(i, j int) bool { return tr.Frames[i].At < tr.Frames[j].At })
	tr.Frames = thinFrames(tr.Frames, maxFrames)
	return tr
}

// thinFrames keeps at most n frames, evenly spread, always the first and the last (the
// page as it ended up).
func thinFrames(fs []Frame, n int) []Frame {
	if len(fs) <= n || n < 2 {
		return fs
	}
	out := make([]Frame, 0, n)
	for i := 0; i < n; i++ {
		out = append(out, fs[i*(len(fs)-1)/(n-1)])
	}
	return out
}

// preloadLinks returns the absolute URLs of the preload and modulepreload values of a
// response's Link headers.
func preloadLinks(h network.Headers, base string) []string {
	var out []string
	b, err := url.Parse(base)
	if err != nil {
		return nil
	}
	for k, v := range h {
		s, ok := v.(string)
		if !ok || !strings.EqualFold(k, "link") {
			continue
		}
		// Chromium joins repeated headers with newlines; values within one with commas.
		for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '\n' }) {
			u := linkTarget(part)
			if u == "" {
				continue
			}
			rel := strings.ToLower(part[strings.IndexByte(part, '>')+1:])
			if !strings.Contains(rel, "preload") { // preload or modulepreload
				continue
			}
			if ref, err := b.Parse(u); err == nil {
				out = append(out, ref.String())
			}
		}
	}
	return out
}

// linkTarget returns the URL between the angle brackets of one Link value, "" if none.
func linkTarget(v string) string {
	v = strings.TrimSpace(v)
	end := strings.IndexByte(v, '>')
	if !strings.HasPrefix(v, "<") || end < 0 {
		return ""
	}
	return v[1:end]
}
