// Driving headless Chromium over the DevTools protocol. One browser process per
// measurement; every visit gets a fresh browser context (its own HTTP cache, cookies and
// socket pool), so each cold visit is really cold. Events are recorded by a listener that
// only appends under a lock; all interpretation happens in metrics.go once a visit ends.

package measure

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/preloadgen/preloadgen/internal/chromeflags"
)

// ErrNoChrome is returned when no Chromium binary can be found.
var ErrNoChrome = errors.New("no Chromium found: install chromium (apt-get install chromium) or pass -chrome PATH")

// FindChrome returns path if set (checking it exists), else the first Chromium on the
// usual paths.
func FindChrome(path string) (string, error) {
	if path != "" {
		if _, err := os.Stat(path); err != nil {
			return "", fmt.Errorf("chrome %s: %w", path, err)
		}
		return path, nil
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium", nil
	}
	for _, n := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"} {
		if p, err := exec.LookPath(n); err == nil {
			return p, nil
		}
	}
	return "", ErrNoChrome
}

// browser is a running headless Chromium.
type browser struct {
	ctx     context.Context // the browser's chromedp context
	cancel  func()
	dataDir string
}

// startBrowser launches Chromium trusting the certificate with the given SPKI hash.
func startBrowser(ctx context.Context, chromePath, spki string) (*browser, error) {
	dir, err := os.MkdirTemp("", "preloadgen-chrome-")
	if err != nil {
		return nil, err
	}
	opts := append(chromeflags.Options(chromePath, dir),
		chromedp.Flag("ignore-certificate-errors-spki-list", spki),
		chromedp.WindowSize(1280, 800),
	)
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	bctx, bcancel := chromedp.NewContext(actx)
	// Start the browser now, so a launch failure is reported before any serving starts.
	if err := chromedp.Do(bctx); err != nil {
		bcancel()
		acancel()
		os.RemoveAll(dir)
		return nil, fmt.Errorf("starting %s: %w", chromePath, err)
	}
	return &browser{ctx: bctx, cancel: func() { bcancel(); acancel() }, dataDir: dir}, nil
}

func (b *browser) close() {
	b.cancel()
	os.RemoveAll(b.dataDir)
}

// event is one recorded protocol event with the wall time it arrived.
type event struct {
	at time.Time
	ev any
}

// recorder collects a tab's events and tracks the requests in flight.
type recorder struct {
	mu       sync.Mutex
	events   []event
	inflight map[network.RequestID]bool
	lastNet  time.Time // last time a request started or ended
}

func (r *recorder) listen(ev any) {
	switch e := ev.(type) {
	case *network.EventRequestWillBeSent, *network.EventRequestServedFromCache,
		*network.EventResponseReceived, *network.EventLoadingFinished, *network.EventLoadingFailed,
		*log.EventEntryAdded, *runtime.EventConsoleAPICalled:
		now := time.Now()
		r.mu.Lock()
		r.events = append(r.events, event{at: now, ev: ev})
		if r.inflight == nil {
			r.inflight = map[network.RequestID]bool{}
		}
		switch e := e.(type) {
		case *network.EventRequestWillBeSent:
			r.inflight[e.RequestID], r.lastNet = true, now
		case *network.EventLoadingFinished:
			delete(r.inflight, e.RequestID)
			r.lastNet = now
		case *network.EventLoadingFailed:
			delete(r.inflight, e.RequestID)
			r.lastNet = now
		}
		r.mu.Unlock()
	}
}

// quietFor reports whether no request has been in flight, started or ended for d.
func (r *recorder) quietFor(d time.Duration) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.inflight) == 0 && time.Since(r.lastNet) >= d
}

// take returns the events so far and starts a new list.
func (r *recorder) take() []event {
	r.mu.Lock()
	defer r.mu.Unlock()
	e := r.events
	r.events = nil
	return e
}

// throttle is CDP network emulation (the -model cdp fallback); nil means none.
type throttle struct {
	latency  time.Duration
	down, up int64 // bits per second
}

// tab is one visit's browser context and page.
type tab struct {
	ctx    context.Context
	cancel func()
	rec    *recorder
}

// openTab makes a fresh browser context with one page, with its events recorded; extra
// adds options to the tab's context (a trace's listener, trace.go).
func (b *browser) openTab(th *throttle, extra ...chromedp.ContextOption) (*tab, error) {
	rec := &recorder{}
	ctx, cancel := chromedp.NewContext(b.ctx, append([]chromedp.ContextOption{chromedp.WithNewBrowserContext(), chromedp.WithListener(rec.listen)}, extra...)...)
	t := &tab{ctx: ctx, cancel: cancel, rec: rec}
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		if _, err := chromedp.Call(ctx, log.Enable, struct{}{}); err != nil {
			return err
		}
		if th != nil {
			_, err := chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
				MatchedNetworkConditions: []*network.Conditions{{
					Latency:            float64(th.latency) / float64(time.Millisecond),
					DownloadThroughput: float64(th.down) / 8,
					UploadThroughput:   float64(th.up) / 8,
				}},
			})
			if err != nil {
				return fmt.Errorf("network emulation: %w", err)
			}
		}
		return nil
	}))
	if err != nil {
		cancel()
		return nil, err
	}
	return t, nil
}

// timings is what the page reports about itself, in ms since navigation start.
type timings struct {
	FCP    float64 `json:"fcp"`
	LCP    float64 `json:"lcp"`
	LCPURL string  `json:"lcpURL"`
	DCL    float64 `json:"dcl"`
	Load   float64 `json:"load"`
}

const timingsJS = `(async () => {
  const nav = performance.getEntriesByType('navigation')[0] || {};
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  const lcp = await new Promise(resolve => {
    let last = null;
    try {
      const po = new PerformanceObserver(l => { const e = l.getEntries(); if (e.length) last = e[e.length - 1]; });
      po.observe({type: 'largest-contentful-paint', buffered: true});
      setTimeout(() => {
        const e = po.takeRecords(); if (e.length) last = e[e.length - 1];
        po.disconnect(); resolve(last);
      }, 50);
    } catch (err) { resolve(null); }
  });
  return {
    fcp: fcp ? fcp.startTime : 0,
    lcp: lcp ? lcp.startTime : 0,
    lcpURL: lcp && lcp.url ? lcp.url : '',
    dcl: nav.domContentLoadedEventStart || 0,
    load: nav.loadEventStart || 0,
  };
})()`

// maxSettle bounds the wait for the network to go quiet after the load event.
const maxSettle = 15 * time.Second

// load navigates the tab to url, waits for the load event and then until the network has
// been quiet for settle, and reads the page's timings. Waiting for quiet, not a fixed time,
// matters: a preloaded image does not hold up the load event, so on a slow link the LCP
// image may paint well after it.
func (t *tab) load(ctx context.Context, url string, settle time.Duration) (timings, time.Time, error) {
	lctx, cancel := context.WithCancel(t.ctx)
	defer cancel()
	stop := context.AfterFunc(ctx, cancel)
	defer stop()
	if err := chromedp.Do(lctx, chromedp.Navigate(url)); err != nil {
		return timings{}, time.Time{}, fmt.Errorf("loading %s: %w", url, err)
	}
	loaded := time.Now()
	for deadline := loaded.Add(maxSettle); !t.rec.quietFor(settle) && time.Now().Before(deadline); {
		if err := chromedp.Do(lctx, chromedp.Sleep(50*time.Millisecond)); err != nil {
			return timings{}, loaded, err
		}
	}
	tm, err := chromedp.Run(lctx, chromedp.Evaluate[timings](timingsJS, chromedp.EvalAwaitPromise))
	if err != nil {
		return timings{}, loaded, fmt.Errorf("reading timings of %s: %w", url, err)
	}
	return tm, loaded, nil
}
