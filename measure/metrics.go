// Turning one visit's recorded DevTools events into numbers. Kept apart from the browser
// code so the counting rules (what is a real network fetch, what is a double download)
// live in one place and can be read as a whole.

package measure

import (
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
)

// Metrics are one visit's results. Times are milliseconds since navigation start.
type Metrics struct {
	FCP    float64 `json:"fcp_ms"`
	LCP    float64 `json:"lcp_ms"`
	LCPURL string  `json:"lcp_url,omitempty"`
	DCL    float64 `json:"dcl_ms"`
	Load   float64 `json:"load_ms"`
	// Requests counts real network fetches (not memory, disk or preload-cache hits).
	Requests int `json:"requests"`
	// Bytes is what those fetches transferred (headers and body, as encoded).
	Bytes int64 `json:"bytes"`
	// Double lists the URLs fetched from the network more than once.
	Double []string `json:"double_downloads,omitempty"`
	// Unused lists the URLs of Chromium's "preloaded ... but not used" warnings.
	Unused []string `json:"unused_preloads,omitempty"`
	// PreloadWarnings holds Chromium's other console warnings about preloads, such as a
	// credentials-mode mismatch (a font preload without crossorigin).
	PreloadWarnings []string `json:"preload_warnings,omitempty"`
	// Failed lists the URLs answered with an HTTP error or that failed to load: a run
	// with failures did not load the page it claims to time. Beacons (navigator.sendBeacon,
	// sent after the load to an API a static server does not have) do not count.
	Failed []string `json:"failed_requests,omitempty"`
	// EarlyHints lists the URLs whose response came from a 103 Early Hints preload.
	EarlyHints []string `json:"early_hints_used,omitempty"`
	// Trace, with Options.Record, is the visit's requests and filmstrip (trace.go); not
	// in the JSON report.
	Trace *Trace `json:"-"`
}

type fetch struct {
	url      string
	cached   bool
	early    bool
	finished bool
	beacon   bool // navigator.sendBeacon: sent after the page has loaded, answered by an API
	bytes    float64
}

var (
	unusedRE   = regexp.MustCompile(`The resource (\S+) was preloaded using link preload but not used`)
	preloadRE  = regexp.MustCompile(`(?i)preload`)
	quotedURLs = regexp.MustCompile(`'(https?://[^']+)'`)
)

// interpret counts the fetches and warnings of events. A fetch started by a 103 Early Hint
// happens before the page exists, out of sight of the page's DevTools session; when the
// page uses it, the page's request shows a response "from early hints", which is counted
// here as that one network fetch (sized by its Content-Length). A 103 fetch the page did
// not use is invisible here: the Go server's log catches it (see addServerDoubles).
func interpret(events []event) Metrics {
	var m Metrics
	byID := map[network.RequestID]*fetch{}
	var order []*fetch
	netCount := map[string]int{}
	earlyBytes := map[string]int64{}
	addNet := func(f *fetch) {
		// A response from a 103 fetch is also flagged as a cache hit; it is the one
		// network fetch of that URL.
		if f == nil || (f.cached && !f.early) || !f.finished || !strings.HasPrefix(f.url, "http") {
			return
		}
		m.Requests++
		if f.early {
			m.Bytes += earlyBytes[f.url]
		} else {
			m.Bytes += int64(f.bytes)
		}
		netCount[f.url]++
	}
	warned := map[string]bool{}
	early := map[string]bool{}
	noteWarning := func(text string) {
		if warned[text] || !preloadRE.MatchString(text) {
			return
		}
		warned[text] = true
		if mm := unusedRE.FindStringSubmatch(text); mm != nil {
			m.Unused = append(m.Unused, mm[1])
			return
		}
		m.PreloadWarnings = append(m.PreloadWarnings, text)
	}
	for _, e := range events {
		switch ev := e.ev.(type) {
		case *network.EventRequestWillBeSent:
			if f := byID[ev.RequestID]; f != nil && ev.RedirectResponse != nil {
				// The previous hop of a redirect ended with its response.
				f.finished = true
				f.cached = f.cached || ev.RedirectResponse.FromDiskCache || ev.RedirectResponse.FromPrefetchCache
				f.bytes = ev.RedirectResponse.EncodedDataLength
				addNet(f)
			}
			f := &fetch{url: ev.Request.URL, beacon: ev.Type == network.ResourceTypePing}
			byID[ev.RequestID] = f
			order = append(order, f)
		case *network.EventRequestServedFromCache:
			if f := byID[ev.RequestID]; f != nil {
				f.cached = true
			}
		case *network.EventResponseReceived:
			if f := byID[ev.RequestID]; f != nil && ev.Response != nil {
				r := ev.Response
				if r.FromDiskCache || r.FromPrefetchCache || r.FromServiceWorker {
					f.cached = true
				}
				if r.Status >= 400 && !f.beacon {
					m.Failed = append(m.Failed, fmt.Sprintf("%s (HTTP %d)", f.url, r.Status))
				}
				if r.FromEarlyHints {
					f.early = true
					early[f.url] = true
					if cl, ok := r.Headers["content-length"].(string); ok {
						if n, err := strconv.ParseInt(cl, 10, 64); err == nil {
							earlyBytes[f.url] = n
						}
					}
				}
			}
		case *network.EventLoadingFailed:
			if f := byID[ev.RequestID]; f != nil && !ev.Canceled && !f.beacon && strings.HasPrefix(f.url, "http") {
				m.Failed = append(m.Failed, f.url+" ("+ev.ErrorText+")")
			}
		case *network.EventLoadingFinished:
			if f := byID[ev.RequestID]; f != nil && !f.finished {
				f.finished = true
				f.bytes = ev.EncodedDataLength
				addNet(f)
			}
		case *log.EventEntryAdded:
			if ev.Entry != nil {
				noteWarning(ev.Entry.Text)
			}
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeWarning || ev.Type == runtime.ConsoleAPICalledTypeError {
				var parts []string
				for _, a := range ev.Args {
					if a != nil && a.Value != nil {
						parts = append(parts, strings.Trim(string(a.Value), `"`))
					}
				}
				noteWarning(strings.Join(parts, " "))
			}
		}
	}
	for u, n := range netCount {
		if n > 1 {
			m.Double = append(m.Double, u)
		}
	}
	for u := range early {
		m.EarlyHints = append(m.EarlyHints, u)
	}
	sort.Strings(m.Double)
	sort.Strings(m.EarlyHints)
	sort.Strings(m.Unused)
	return m
}

// warningURLs returns the URLs quoted in a preload warning, e.g. a credentials-mode one.
func warningURLs(text string) []string {
	var out []string
	for _, mm := range quotedURLs.FindAllStringSubmatch(text, -1) {
		out = append(out, mm[1])
	}
	return out
}

// sitePath reduces an absolute URL to its path, for reports.
func sitePath(u string) string {
	p, err := url.Parse(u)
	if err != nil || p.Path == "" {
		return u
	}
	return p.Path
}

// addServerDoubles adds to m.Double the paths the server saw requested more than once
// during the visit (origin + path), such as a 103 fetch the page did not reuse.
func addServerDoubles(m *Metrics, origin string, log []Request) {
	n := map[string]int{}
	for _, r := range log {
		n[r.Path]++
	}
	have := map[string]bool{}
	for _, u := range m.Double {
		have[u] = true
	}
	for p, c := range n {
		if u := origin + p; c > 1 && !have[u] {
			m.Double = append(m.Double, u)
		}
	}
	sort.Strings(m.Double)
}
