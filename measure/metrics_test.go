package measure

import (
	"reflect"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
)

func rwbs(id, url string) event {
	return event{ev: &network.EventRequestWillBeSent{RequestID: network.RequestID(id), Request: &network.Request{URL: url}}}
}
func resp(id string, r network.Response) event {
	return event{ev: &network.EventResponseReceived{RequestID: network.RequestID(id), Response: &r}}
}
func fin(id string, n float64) event {
	return event{ev: &network.EventLoadingFinished{RequestID: network.RequestID(id), EncodedDataLength: n}}
}
func logText(s string) event {
	return event{ev: &log.EventEntryAdded{Entry: &log.Entry{Text: s}}}
}

func TestInterpretCountsOnlyNetworkFetches(t *testing.T) {
	const o = "https://127.0.0.1:1"
	ev := []event{
		rwbs("1", o+"/"), resp("1", network.Response{}), fin("1", 1000),
		// A font fetched twice from the network: a double download.
		rwbs("2", o+"/f.woff2"), resp("2", network.Response{}), fin("2", 20000),
		rwbs("3", o+"/f.woff2"), resp("3", network.Response{}), fin("3", 20000),
		// A disk-cache hit and a memory-cache hit are not fetches.
		rwbs("4", o+"/a.css"), resp("4", network.Response{}), fin("4", 500),
		rwbs("5", o+"/a.css"), resp("5", network.Response{FromDiskCache: true}), fin("5", 0),
		rwbs("6", o+"/a.css"), {ev: &network.EventRequestServedFromCache{RequestID: "6"}}, fin("6", 0),
		// Served from a 103 preload: counted once, through hinted103.
		rwbs("7", o+"/e.css"), {ev: &network.EventRequestServedFromCache{RequestID: "7"}},
		resp("7", network.Response{FromEarlyHints: true, FromDiskCache: true, Headers: network.Headers{"content-length": "300"}}), fin("7", 0),
		// A data: URL is not a fetch.
		rwbs("8", "data:image/png;base64,AAAA"), fin("8", 0),
		logText("The resource " + o + "/unused.js was preloaded using link preload but not used within a few seconds from the window's load event. Please make sure it has an appropriate `as` value and it is preloaded intentionally."),
		logText("A preload for '" + o + "/f.woff2' is found, but is not used because the request credentials mode does not match. Consider taking a look at crossorigin attribute."),
		logText("Some unrelated warning"),
	}
	m := interpret(ev)
	if m.Requests != 5 { // /, f x2, a.css, e.css (the 103 fetch, seen through its use)
		t.Errorf("Requests = %d, want 5", m.Requests)
	}
	if m.Bytes != 1000+40000+500+300 {
		t.Errorf("Bytes = %d", m.Bytes)
	}
	if want := []string{o + "/f.woff2"}; !reflect.DeepEqual(m.Double, want) {
		t.Errorf("Double = %v, want %v", m.Double, want)
	}
	if want := []string{o + "/unused.js"}; !reflect.DeepEqual(m.Unused, want) {
		t.Errorf("Unused = %v, want %v", m.Unused, want)
	}
	if len(m.PreloadWarnings) != 1 || warningURLs(m.PreloadWarnings[0])[0] != o+"/f.woff2" {
		t.Errorf("PreloadWarnings = %q", m.PreloadWarnings)
	}
	if want := []string{o + "/e.css"}; !reflect.DeepEqual(m.EarlyHints, want) {
		t.Errorf("EarlyHints = %v, want %v", m.EarlyHints, want)
	}
}

func TestServerLogAddsUnseenDoubles(t *testing.T) {
	const o = "https://127.0.0.1:1"
	// The 103 fetched /e.css (invisible to DevTools); the page fetched it again.
	m := Metrics{Double: []string{o + "/f.woff2"}}
	addServerDoubles(&m, o, []Request{{Path: "/"}, {Path: "/e.css"}, {Path: "/f.woff2"}, {Path: "/f.woff2"}, {Path: "/e.css"}})
	if want := []string{o + "/e.css", o + "/f.woff2"}; !reflect.DeepEqual(m.Double, want) {
		t.Errorf("Double = %v, want %v", m.Double, want)
	}
}

func TestReportMediansAndRatios(t *testing.T) {
	r := &Report{}
	p := r.page("/index.html")
	for _, v := range []float64{100, 300, 200} {
		p.add("A", visitResult{Cold: Metrics{LCP: v, FCP: v, Load: 2 * v, DCL: v}})
		p.add("B", visitResult{Cold: Metrics{LCP: v / 2, FCP: v, Load: v, DCL: v, Double: []string{"x"}}})
	}
	r.finish()
	if p.A.LCP != 200 || p.B.LCP != 100 || p.Ratio.LCP != 0.5 || p.Ratio.Load != 0.5 || p.Ratio.FCP != 1 {
		t.Errorf("A %+v B %+v ratio %+v", p.A, p.B, p.Ratio)
	}
	if r.Totals.DoubleB != 3 || r.Overall.LCP != 0.5 {
		t.Errorf("totals %+v overall %+v", r.Totals, r.Overall)
	}
}

func TestNginxQuoteRefusesInjection(t *testing.T) {
	for _, bad := range []string{"/a$document_root", "/a\nadd_header X y;", "/a\r\n", "\x00"} {
		if _, err := nginxQuote(bad); err == nil {
			t.Errorf("nginxQuote(%q) accepted", bad)
		}
	}
	if q, err := nginxQuote(`</a.css>; rel=preload; type="text/css" \x`); err != nil || q != `"</a.css>; rel=preload; type=\"text/css\" \\x"` {
		t.Errorf("quote = %s, %v", q, err)
	}
	m, err := nginxLinkMap(map[string][]string{"/": {"</a.css>; rel=preload; as=style"}, "/index.html": {"</a.css>; rel=preload; as=style"}})
	if err != nil {
		t.Fatal(err)
	}
	if want := `"/index.html" "</a.css>; rel=preload; as=style";`; !strings.Contains(m, want) || strings.Contains(m, `"/" "`) {
		t.Errorf("map:\n%s\nwant the $uri key %s only", m, want)
	}
}

func TestInterpretReportsFailedRequests(t *testing.T) {
	const o = "https://127.0.0.1:1"
	m := interpret([]event{
		rwbs("1", o+"/"), resp("1", network.Response{Status: 404}), fin("1", 19),
		rwbs("2", o+"/a.css"), {ev: &network.EventLoadingFailed{RequestID: "2", ErrorText: "net::ERR_CONNECTION_RESET"}},
		rwbs("3", o+"/b.css"), {ev: &network.EventLoadingFailed{RequestID: "3", ErrorText: "net::ERR_ABORTED", Canceled: true}},
		rwbs("4", o+"/ok.css"), resp("4", network.Response{Status: 200}), fin("4", 10),
		// An analytics beacon to an API the static server lacks.
		{ev: &network.EventRequestWillBeSent{RequestID: "5", Type: network.ResourceTypePing, Request: &network.Request{URL: o + "/api/events"}}},
		resp("5", network.Response{Status: 404}), fin("5", 10),
	})
	want := []string{o + "/ (HTTP 404)", o + "/a.css (net::ERR_CONNECTION_RESET)"}
	if !reflect.DeepEqual(m.Failed, want) {
		t.Errorf("Failed = %q, want %q (neither a canceled request nor a beacon is a failure)", m.Failed, want)
	}
}
