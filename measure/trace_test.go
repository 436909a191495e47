package measure

import (
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
)

// A trace's clock starts at the navigation (performance.timeOrigin), whatever DevTools'
// monotonic clock reads; flags come from the responses, the page's preloads and its Link
// header.
func TestBuildTrace(t *testing.T) {
	const mono0, wall0 = 1000.0, 1_700_000_000.0 // the document request: 5 ms after timeOrigin
	origin := (wall0 - 0.005) * 1000
	ev := func(e any) event { return event{ev: e} }
	req := func(id, u string, typ network.ResourceType, at float64) event {
		return ev(&network.EventRequestWillBeSent{RequestID: network.RequestID(id), Request: &network.Request{URL: u, InitialPriority: network.ResourcePriorityHigh},
			Type: typ, Timestamp: cdp.MonotonicTime(mono0 + at), WallTime: cdp.TimeSinceEpoch(wall0 + at)})
	}
	resp := func(id string, r *network.Response) event {
		return ev(&network.EventResponseReceived{RequestID: network.RequestID(id), Response: r})
	}
	done := func(id string, at, n float64) event {
		return ev(&network.EventLoadingFinished{RequestID: network.RequestID(id), Timestamp: cdp.MonotonicTime(mono0 + at), EncodedDataLength: n})
	}
	events := []event{
		req("1", "https://h/", network.ResourceTypeDocument, 0),
		resp("1", &network.Response{URL: "https://h/", Status: 200, Headers: network.Headers{"link": "</a.css>; rel=preload; as=style, </x.js>; rel=modulepreload\n</c.woff2>; rel=preconnect"},
			Timing: &network.ResourceTiming{RequestTime: mono0, ReceiveHeadersEnd: 90}}),
		req("2", "https://h/a.css", network.ResourceTypeStylesheet, 0.1),
		resp("2", &network.Response{URL: "https://h/a.css", Status: 200, FromEarlyHints: true, FromPrefetchCache: true}),
		done("2", 0.105, 0),
		req("3", "https://h/hero.jpg", network.ResourceTypeImage, 0.12),
		resp("3", &network.Response{URL: "https://h/hero.jpg", Status: 200, Timing: &network.ResourceTiming{RequestTime: mono0 + 0.12, ReceiveHeadersEnd: 80}}),
		done("3", 0.4, 50000),
		req("4", "https://h/beacon", network.ResourceTypePing, 0.5),
		done("1", 0.15, 3000),
	}
	frames := []*page.EventScreencastFrame{
		{Data: []byte{1}, Metadata: &page.ScreencastFrameMetadata{MonotonicTimestamp: cdp.MonotonicTime(mono0 - 0.05)}}, // before the navigation
		{Data: []byte{2}, Metadata: &page.ScreencastFrameMetadata{MonotonicTimestamp: cdp.MonotonicTime(mono0 + 0.3)}},
	}
	tr := buildTrace(events, pageFacts{Origin: origin, LCPElement: "img#hero", LCPURL: "https://h/hero.jpg", Preloads: []string{"https://h/hero.jpg"}}, frames)
	if len(tr.Fetches) != 3 {
		t.Fatalf("fetches %+v, want the document, the CSS and the image (no beacon)", tr.Fetches)
	}
	near := func(got, want float64) bool { return got > want-0.01 && got < want+0.01 }
	doc, css, img := tr.Fetches[0], tr.Fetches[1], tr.Fetches[2]
	if !near(doc.Start, 5) || !near(doc.FirstByte, 95) || !near(doc.End, 155) || doc.Bytes != 3000 || doc.Type != "Document" {
		t.Errorf("document %+v: want asked at 5 ms, first byte 95, done 155, 3000 bytes", doc)
	}
	if !css.Early || !css.Preloaded || css.Cached {
		t.Errorf("css %+v: want from the 103, preloaded by the Link header, not a cache hit", css)
	}
	if !img.Preloaded || img.Early || !near(img.FirstByte, 205) || !near(img.End, 405) {
		t.Errorf("image %+v: want preloaded by the page, first byte 205, done 405", img)
	}
	if len(tr.Frames) != 1 || !near(tr.Frames[0].At, 305) {
		t.Errorf("frames %+v: want one, at 305 ms", tr.Frames)
	}
	if tr.LCPElement != "img#hero" || tr.LCPDetail != "/hero.jpg" {
		t.Errorf("LCP element %q %q", tr.LCPElement, tr.LCPDetail)
	}
}

func TestThinFrames(t *testing.T) {
	var fs []Frame
	for i := range 40 {
		fs = append(fs, Frame{At: float64(i)})
	}
	got := thinFrames(fs, 16)
	if len(got) != 16 || got[0].At != 0 || got[15].At != 39 {
		t.Errorf("thinFrames: %d frames from %v to %v; want 16, the first and the last kept", len(got), got[0].At, got[len(got)-1].At)
	}
}

// Without Record a visit's hooks do nothing and its Metrics carry no Trace.
func TestNoRecordNoTrace(t *testing.T) {
	r := newTraceRecorder(false)
	if r != nil || r.options() != nil || r.start(nil) != nil || r.trace([]event{{}}) != nil {
		t.Fatal("a recorder that is off must do nothing")
	}
	r.afterLoad(nil)
}
