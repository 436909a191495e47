package measure

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/preloadgen/preloadgen"
	"github.com/preloadgen/preloadgen/internal/testenv"
	"github.com/preloadgen/preloadgen/speculate"
)

func TestPageURLs(t *testing.T) {
	got := pageURLs([]string{"/index.html", "/a/index.html", "/b.html"}, "/docs/")
	want := []string{"/docs/index.html", "/docs/", "/docs/a/index.html", "/docs/a/", "/docs/b.html", "/docs/b"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestNavFinish(t *testing.T) {
	r := &NavReport{Pairs: []*NavPair{{
		From: "/index.html", To: "/a/",
		RunsA: []NavMetric{{FirstLCP: 100, NextLCP: 400, NextFCP: 300}, {FirstLCP: 110, NextLCP: 600, NextFCP: 500}},
		RunsB: []NavMetric{{FirstLCP: 100, NextLCP: 100, NextFCP: 100, WasteBytes: 10, Prefetched: true}, {FirstLCP: 110, NextLCP: 150, NextFCP: 100, WasteBytes: 30}},
	}, {
		// A client-side router: no next document, so no times; its prefetch is waste.
		From: "/spa.html", To: "/spa/b/",
		RunsA: []NavMetric{{FirstLCP: 100, NextLCP: 100, ClientSide: true}},
		RunsB: []NavMetric{{FirstLCP: 100, NextLCP: 100, WasteBytes: 20, ClientSide: true}},
	}}}
	r.finish()
	p := r.Pairs[0]
	if p.A.NextLCP != 500 || p.B.NextLCP != 125 || p.B.Prefetched != 1 || r.NextLCP != 0.25 || r.FirstLCP != 1 || r.WasteBytes != 20 || r.ClientSide != 1 {
		t.Errorf("summaries %+v %+v, report next %v first %v waste %v client-side %d", p.A, p.B, r.NextLCP, r.FirstLCP, r.WasteBytes, r.ClientSide)
	}
}

// TestNavigateLive follows a link on a small site behind the emulated link: the side with
// rules must get the next page from its prefetch, with nothing wasted (only the followed
// link was hovered) and its document out of what it fetches after the press. Times are
// not asserted (benchmarks and measure runs judge speed), only that they were read.
func TestNavigateLive(t *testing.T) {
	dir := navSite(t)
	rep, err := RunNavigation(context.Background(), NavOptions{
		Site: dir, Analysis: preloadgen.Options{}, Speculation: speculate.Options{Mode: speculate.Prefetch},
		Pages: []string{"/index.html"}, Runs: 1, Profile: "slow", Hover: 600 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Pairs) != 1 || rep.Pairs[0].To != "/next/" || len(rep.Pairs[0].Errors) > 0 {
		t.Fatalf("pairs: %+v", rep.Pairs)
	}
	p := rep.Pairs[0]
	if p.B.Prefetched != 1 || p.A.Prefetched != 0 || p.B.Prerendered != 0 || p.B.WasteBytes != 0 || p.B.SpecBytes < 40_000 {
		t.Errorf("A %+v\nB %+v", p.A, p.B)
	}
	if p.B.NextBytes >= p.A.NextBytes {
		t.Errorf("the prefetched side fetched %v bytes after the press, the other %v", p.B.NextBytes, p.A.NextBytes)
	}
	if p.B.NextFCP == 0 || p.A.NextFCP == 0 || p.A.FirstLCP == 0 {
		t.Errorf("next page FCP: A %v, B %v", p.A.NextFCP, p.B.NextFCP)
	}

	// Immediate rules fetch every linked page while the first one loads, before any
	// hover: the other page's document is waste.
	rep, err = RunNavigation(context.Background(), NavOptions{
		Site: dir, Analysis: preloadgen.Options{}, Speculation: speculate.Options{Mode: speculate.Prefetch, Eagerness: speculate.Immediate},
		Pages: []string{"/index.html"}, Runs: 1, Profile: "slow", Hover: 600 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Pairs) != 1 || len(rep.Pairs[0].RunsB) != 1 {
		t.Fatalf("pairs: %+v", rep.Pairs)
	}
	if b := rep.Pairs[0].RunsB[0]; b.WasteBytes == 0 || b.WasteBytes >= b.SpecBytes {
		t.Errorf("immediate prefetch: %d speculative bytes, %d of them waste; want the other page's as waste", b.SpecBytes, b.WasteBytes)
	}
}

// TestNavigatePrerenderLive: with prerender rules the next page must really be
// prerendered and activated by the press (its activationStart after its time origin, and
// Chromium's own status Ready or Success), with nothing fetched for it after the press. This is
// what the tab-target session makes possible (internal/cdptab); a page session gets
// PrerenderingDisabledByDevTools.
func TestNavigatePrerenderLive(t *testing.T) {
	dir := navSite(t)
	rep, err := RunNavigation(context.Background(), NavOptions{
		Site: dir, Analysis: preloadgen.Options{}, Speculation: speculate.Options{Mode: speculate.Prerender},
		Pages: []string{"/index.html"}, Runs: 1, Profile: "slow", Hover: 600 * time.Millisecond, Press: 100 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Pairs) != 1 || rep.Pairs[0].To != "/next/" || len(rep.Pairs[0].Errors) > 0 {
		t.Fatalf("pairs: %+v", rep.Pairs)
	}
	p := rep.Pairs[0]
	b := p.RunsB[0]
	if !b.Prerendered || p.A.Prerendered != 0 || b.WasteBytes != 0 {
		t.Errorf("A %+v\nB %+v", p.RunsA[0], b)
	}
	// The initiating page's session ends with the activation, often before Chromium
	// reports Success to it; Ready is the last word it may see.
	if !slices.Contains(b.Speculation, "prerender /next/: Success") && !slices.Contains(b.Speculation, "prerender /next/: Ready") {
		t.Errorf("Chromium's speculation statuses: %q, want prerender /next/: Ready or Success", b.Speculation)
	}
	if b.NextBytes != 0 {
		t.Errorf("the prerendered side fetched %d bytes after the press", b.NextBytes)
	}
	if p.A.NextFCP == 0 || p.A.NextLCP == 0 {
		t.Errorf("A's next page FCP %v LCP %v", p.A.NextFCP, p.A.NextLCP)
	}
	t.Logf("next page LCP: A %.0f ms, B %.0f ms (prerendered, from activation)", p.A.NextLCP, p.B.NextLCP)
}

// navSite writes a small site whose first page links to a 40 KB next page.
func navSite(t *testing.T) string {
	if _, err := FindChrome(""); err != nil {
		testenv.Missing(t, "no Chromium: %v", err)
	}
	dir := t.TempDir()
	big := make([]byte, 40_000)
	for i := range big {
		big[i] = 'x'
	}
	pages := map[string]string{
		"index.html":       `<!doctype html><html><head><title>home</title><link rel="stylesheet" href="/s.css"></head><body><main><p><a href="/next/">the next page</a></p><p><a href="/other/">another</a></p></main></body></html>`,
		"next/index.html":  `<!doctype html><html><head><title>next</title><link rel="stylesheet" href="/s.css"></head><body><main><h1>Next</h1><p>` + string(big) + `</p></main></body></html>`,
		"other/index.html": `<!doctype html><html><head><title>other</title></head><body><p>other</p></body></html>`,
		"s.css":            `p { word-break: break-all }`,
	}
	for name, s := range pages {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestServeIndex: a request for .../index.html gets the file, not Go's redirect to .../,
// so a link to index.html leads to the path it names (as with nginx and Caddy).
func TestServeIndex(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "a"), 0o755)
	os.WriteFile(filepath.Join(dir, "a", "index.html"), []byte("<p>a"), 0o644)
	for _, tc := range []struct {
		path   string
		served bool
	}{{"/a/index.html", true}, {"/index.html", false}, {"/a/", false}, {"/a/other.html", false}} {
		rec := httptest.NewRecorder()
		got := serveIndex(rec, httptest.NewRequest("GET", tc.path, nil), dir)
		if got != tc.served || got && (rec.Code != 200 || rec.Body.String() != "<p>a" || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html")) {
			t.Errorf("%s: served %v, %d %q %q", tc.path, got, rec.Code, rec.Body, rec.Header().Get("Content-Type"))
		}
	}
}
