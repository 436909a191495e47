package cdptab

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/preloadgen/preloadgen/internal/testenv"
)

func chromium(t *testing.T) string {
	t.Helper()
	for _, p := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"} {
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	testenv.Missing(t, "no Chromium")
	return ""
}

// TestPrerenderActivates is why the package exists: a page with prerender rules, driven
// through its tab target, must prerender the link pressed and activate it (the next page's
// activationStart is after its time origin, and Chromium reports the prerender Ready and
// the activation Success). Driven through a page session, as chromedp drives every page,
// Chromium reports PrerenderingDisabledByDevTools instead.
func TestPrerenderActivates(t *testing.T) {
	chrome := chromium(t)
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<!doctype html><title>one</title><script type="speculationrules">{"prerender":[{"source":"document","where":{"href_matches":"/next"},"eagerness":"immediate"}]}</script><a id=a href="/next" style="display:block;width:200px;height:50px">next</a>`)
	})
	mux.HandleFunc("/next", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<!doctype html><title>two</title><p>the next page`)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	b, err := Start(ctx, chrome)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	var mu sync.Mutex
	var statuses []string
	tab, err := b.NewTab(ctx, func(_, method string, params json.RawMessage) {
		if method != "Preload.prerenderStatusUpdated" {
			return
		}
		var e struct {
			Status, PrerenderStatus string
		}
		json.Unmarshal(params, &e)
		mu.Lock()
		statuses = append(statuses, strings.TrimSuffix(e.Status+" "+e.PrerenderStatus, " "))
		mu.Unlock()
	})
	if err != nil {
		t.Fatal(err)
	}
	defer tab.Close()
	page := tab.Page()
	if err := tab.Call(ctx, page, "Page.navigate", map[string]any{"url": srv.URL + "/"}, nil); err != nil {
		t.Fatal(err)
	}
	// Wait for the prerender to be ready.
	ready := func() bool {
		mu.Lock()
		defer mu.Unlock()
		for _, s := range statuses {
			if s == "Ready" {
				return true
			}
		}
		return false
	}
	for !ready() {
		if ctx.Err() != nil {
			mu.Lock()
			t.Fatalf("no prerender ready; statuses %q", statuses)
		}
		time.Sleep(50 * time.Millisecond)
	}
	for len(tab.Pages()) != 2 {
		if ctx.Err() != nil {
			t.Fatalf("%d pages attached while prerendering, want the page and its prerender", len(tab.Pages()))
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := tab.Evaluate(ctx, page, `document.getElementById('a').click()`, nil); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Path       string  `json:"path"`
		Activation float64 `json:"act"`
		Prerender  bool    `json:"prerendering"`
	}
	for {
		for _, p := range tab.Pages() {
			if err := tab.Evaluate(ctx, p.Session, `({path: location.pathname, prerendering: document.prerendering, act: (performance.getEntriesByType('navigation')[0] || {}).activationStart || 0})`, &got); err == nil && got.Path == "/next" && !got.Prerender {
				break
			}
		}
		if got.Path == "/next" && !got.Prerender {
			break
		}
		if ctx.Err() != nil {
			t.Fatalf("never on /next: %+v", got)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if got.Activation <= 0 {
		mu.Lock()
		t.Errorf("the next page was not prerendered: activationStart %v; statuses %q", got.Activation, statuses)
		mu.Unlock()
	}
	// The prerender was ready long before the click, yet its paints are reported after
	// the activation, on the page's own timeline (from its time origin, the start of the
	// prerender): what a reader sees is startTime - activationStart.
	var paint struct {
		FCP, LCP, Act float64
	}
	next := ""
	for _, p := range tab.Pages() {
		next = p.Session
	}
	if err := tab.Evaluate(ctx, next, `new Promise(r => new PerformanceObserver((l, o) => { const e = l.getEntries(); o.disconnect();
		r({FCP: (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime || 0, LCP: e[e.length-1].startTime,
		   Act: performance.getEntriesByType('navigation')[0].activationStart}); }).observe({type: 'largest-contentful-paint', buffered: true}))`, &paint); err != nil {
		t.Fatal(err)
	}
	if paint.FCP < paint.Act || paint.LCP < paint.Act {
		t.Errorf("paints before the activation: FCP %.0f, LCP %.0f, activationStart %.0f", paint.FCP, paint.LCP, paint.Act)
	}
}

// TestPageSessionDisablesPrerender shows the cause: the same page, driven through a session
// attached to its page target from the browser session (as chromedp attaches), gets
// PrerenderingDisabledByDevTools. If a Chromium ever lifts that, this test says so.
func TestPageSessionDisablesPrerender(t *testing.T) {
	chrome := chromium(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<!doctype html><title>one</title><script type="speculationrules">{"prerender":[{"source":"list","urls":["/next"]}]}</script>`)
	}))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	b, err := Start(ctx, chrome)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	var bc struct {
		ID string `json:"browserContextId"`
	}
	var ct struct {
		ID string `json:"targetId"`
	}
	var at struct {
		Session string `json:"sessionId"`
	}
	if err := b.Call(ctx, "", "Target.createBrowserContext", nil, &bc); err != nil {
		t.Fatal(err)
	}
	if err := b.Call(ctx, "", "Target.createTarget", map[string]any{"url": "about:blank", "browserContextId": bc.ID, "newWindow": true}, &ct); err != nil {
		t.Fatal(err)
	}
	if err := b.Call(ctx, "", "Target.attachToTarget", map[string]any{"targetId": ct.ID, "flatten": true}, &at); err != nil {
		t.Fatal(err)
	}
	status := make(chan string, 10)
	b.Listen(at.Session, func(_, method string, params json.RawMessage) {
		var e struct{ Status, PrerenderStatus string }
		if method == "Preload.prerenderStatusUpdated" && json.Unmarshal(params, &e) == nil && (e.Status == "Failure" || e.Status == "Ready") {
			status <- e.Status + " " + e.PrerenderStatus
		}
	})
	for _, m := range []string{"Page.enable", "Preload.enable"} {
		if err := b.Call(ctx, at.Session, m, nil, nil); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Call(ctx, at.Session, "Page.setPrerenderingAllowed", map[string]any{"isAllowed": true}, nil); err != nil {
		t.Fatal(err)
	}
	if err := b.Call(ctx, at.Session, "Page.navigate", map[string]any{"url": srv.URL + "/"}, nil); err != nil {
		t.Fatal(err)
	}
	select {
	case s := <-status:
		if s != "Failure PrerenderingDisabledByDevTools" {
			t.Errorf("prerender status %q through a page session, want Failure PrerenderingDisabledByDevTools", s)
		}
	case <-ctx.Done():
		t.Fatal("no prerender status")
	}
}
