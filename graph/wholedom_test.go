package graph

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/preloadgen/preloadgen/style"
)

// TestWholeDOMExpected: once a run's pages have needed their whole DOM (a selector reads
// an attribute their tails do not keep), the next long pages are read whole at once; a page
// that turns out not to need it is analysed again from its parts. Either way each page's
// analysis is the one it gets alone.
func TestWholeDOMExpected(t *testing.T) {
	long := strings.Repeat(`<p title="t">A paragraph of the page's long body, read in two parts when it can be.</p>`, 600)
	page := func(sheet string) string {
		return `<!doctype html><html><head><link rel="stylesheet" href="` + sheet + `"></head><body><h1>Title</h1>` + long + `</body></html>`
	}
	site := memSite{
		"/sib.css":  []byte(`@font-face{font-family:A;src:url(/a.woff2)} p[title] + p{font-family:A} h1{font-size:40px}`),
		"/path.css": []byte(`@font-face{font-family:A;src:url(/a.woff2)} body p{font-family:A} h1{font-size:40px}`),
		"/a.woff2":  []byte("x"),
	}
	var order []string
	for i := range 6 {
		p := "/sib" + string(rune('a'+i)) + ".html"
		site[p] = []byte(page("/sib.css"))
		order = append(order, p)
	}
	for i := range 2 {
		p := "/path" + string(rune('a'+i)) + ".html"
		site[p] = []byte(page("/path.css"))
		order = append(order, p)
	}
	cache := style.NewCache()
	for i, p := range order {
		expected := cache.ExpectsWholeDOM()
		if want := i >= 4 && i < 7; expected != want {
			t.Errorf("%s: whole DOM expected %v, want %v", p, expected, want)
		}
		if got, alone := analyzeJSON(t, site, p, Options{Styles: cache}), analyzeJSON(t, site, p, Options{}); got != alone {
			t.Errorf("%s: analysis differs from the page's alone:\n%s\n%s", p, got, alone)
		}
	}
}

// TestListingNotGuessedWhole: once a run's pages have needed their whole DOM, a long page
// that holds a long <pre> (a source listing, whose tail is likely a view) is still read in
// two parts first, while other long pages are read whole at once; either way each page's
// analysis is the one it gets alone and the one its whole DOM gives.
func TestListingNotGuessedWhole(t *testing.T) {
	code := strings.Repeat(`<span class="kw">pub fn</span> <span class="ident">f</span>(<span class="ident">x</span>: <span class="ident">u8</span>) {}`+"\n", 3000)
	nums := strings.Repeat(`<span id="1">1</span>`+"\n", 3000)
	listing := `<!doctype html><html><head><link rel="stylesheet" href="/s.css"></head><body><nav>Files</nav><main>` +
		`<div class="example-wrap"><pre class="src-line-numbers">` + nums + `</pre><pre class="rust"><code>` + code +
		`</code></pre></div></main></body></html>`
	prose := `<!doctype html><html><head><link rel="stylesheet" href="/s.css"></head><body><h1>Title</h1>` +
		strings.Repeat(`<p>A paragraph of the page's long body, read in two parts when it can be.</p>`, 4000) + `</body></html>`
	site := memSite{
		"/s.css":        []byte(`@font-face{font-family:M;src:url(/m.woff2)} .example-wrap{display:flex} pre{font-family:M;font-size:14px} .kw{font-weight:bold} h1{font-size:40px}`),
		"/m.woff2":      []byte("x"),
		"/listing.html": []byte(listing),
		"/prose.html":   []byte(prose),
		"/short.html":   []byte(listing[:len(listing)/8] + `</code></pre></div></main></body></html>`),
	}
	if len(listing) < listingBytes || len(prose) < listingBytes {
		t.Fatalf("pages of %d and %d bytes: not long enough", len(listing), len(prose))
	}
	cache := style.NewCache()
	for range 4 {
		cache.NeededWholeDOM(true)
	}
	if !cache.ExpectsWholeDOM() {
		t.Fatal("the run's pages needed their whole DOM, but it is not expected")
	}
	opts := Options{Styles: cache}
	for p, want := range map[string]bool{"/listing.html": false, "/prose.html": true, "/short.html": true} {
		if got := guessWhole(site[p], opts); got != want {
			t.Errorf("%s: guessed whole %v, want %v", p, got, want)
		}
	}
	got, alone, whole := analyzeJSON(t, site, "/listing.html", opts), analyzeJSON(t, site, "/listing.html", Options{}),
		analyzeJSON(t, site, "/listing.html", Options{FullDOM: true})
	if got != alone || got != whole {
		t.Errorf("the listing's analysis differs:\nin the run: %s\nalone: %s\nwhole: %s", got, alone, whole)
	}
	if !strings.Contains(got, `"url":"/m.woff2","kind":"font","depth":2,"needed":true`) {
		t.Errorf("the listing's font is not used: %s", got)
	}
}

// TestSplitWithStructuralSelectors: selectors that look at siblings, places among them
// and content do not make a long page be read whole: its tail is matched as part of the
// page, and each page's analysis is the one its whole DOM gives.
func TestSplitWithStructuralSelectors(t *testing.T) {
	long := strings.Repeat(`<p>A paragraph of the page's long body, read in two parts when it can be.</p>`, 600)
	site := memSite{
		"/s.css": []byte(`@font-face{font-family:A;src:url(/a.woff2)} @font-face{font-family:B;src:url(/b.woff2)}
@font-face{font-family:C;src:url(/c.woff2)}
h1{font-size:40px} .end + p{font-family:A} main > p:last-child{font-family:B} .note:empty{font-family:C}`),
		"/a.woff2": []byte("x"), "/b.woff2": []byte("x"), "/c.woff2": []byte("x"),
	}
	var order []string
	for i := range 6 {
		p := "/p" + string(rune('a'+i)) + ".html"
		site[p] = []byte(`<!doctype html><html><head><link rel="stylesheet" href="/s.css"></head><body><main><h1>Title</h1>` +
			long + `<div class="end"></div><p>After the end.</p><div class="note">n</div><p>The last.</p></main></body></html>`)
		order = append(order, p)
	}
	cache := style.NewCache()
	for _, p := range order {
		got, whole := analyzeJSON(t, site, p, Options{Styles: cache}), analyzeJSON(t, site, p, Options{FullDOM: true})
		if got != whole {
			t.Errorf("%s: analysis differs from the whole DOM's:\n%s\n%s", p, got, whole)
		}
		for _, f := range []string{"/a.woff2", "/b.woff2"} {
			if !strings.Contains(got, `"url":"`+f+`","kind":"font","depth":2,"needed":true`) {
				t.Errorf("%s: %s not used: %s", p, f, got)
			}
		}
		if cache.ExpectsWholeDOM() {
			t.Errorf("%s: pages read in parts were taken to need their whole DOM", p)
		}
	}
}

// TestTailScriptAfterLCP: a parser-blocking script at the end of a long page's body, in
// the tail of a page read in two parts, comes after the LCP element as it does in the
// whole DOM: the first paint does not wait for it.
func TestTailScriptAfterLCP(t *testing.T) {
	long := strings.Repeat(`<p>A paragraph of the page's long body, read in two parts when it can be.</p>`, 600)
	site := memSite{
		"/s.css":   []byte(`h1{font-size:40px}`),
		"/late.js": []byte("x"),
		"/p.html": []byte(`<!doctype html><html><head><link rel="stylesheet" href="/s.css"></head><body><h1>Title</h1>` +
			long + `<script src="/late.js"></script></body></html>`),
	}
	for _, opts := range []Options{{}, {FullDOM: true}} {
		pg, err := Analyze(context.Background(), site, "/p.html", site["/p.html"], opts)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range pg.Resources {
			if r.URL == "/late.js" && r.Needed {
				t.Errorf("FullDOM %v: the script after the LCP element is needed: %s", opts.FullDOM, r.Why)
			}
		}
	}
}

// TestHasLCPAttr: the marker is found wherever bytes.Contains finds it (at the start, at
// the end, after near misses and dashes of its own), and nowhere else.
func TestHasLCPAttr(t *testing.T) {
	for _, src := range []string{
		"", "-", "data-", LCPAttr, LCPAttr[:len(LCPAttr)-1], LCPAttr[1:],
		"<h1 " + LCPAttr + ">x</h1>",
		"x-" + LCPAttr, "----" + LCPAttr, "data-preload data-preloadgen-lc " + LCPAttr + "-x",
		"data data-preloadgen-lcq data-preloadgen_lcp", "---data---preloadgen---lcp---",
		strings.Repeat("d-", 100) + LCPAttr,
	} {
		if got, want := hasLCPAttr([]byte(src)), strings.Contains(src, LCPAttr); got != want {
			t.Errorf("hasLCPAttr(%q) = %v, want %v", src, got, want)
		}
	}
}

func FuzzHasLCPAttr(f *testing.F) {
	f.Add([]byte("<p " + LCPAttr + ">"))
	f.Add([]byte("data-preloadgen-lc-p"))
	f.Fuzz(func(t *testing.T, src []byte) {
		if got, want := hasLCPAttr(src), strings.Contains(string(src), LCPAttr); got != want {
			t.Errorf("hasLCPAttr(%q) = %v, want %v", src, got, want)
		}
	})
}

// analyzeJSON is the analysis of the site's page p with opts, as JSON.
func analyzeJSON(t *testing.T, site memSite, p string, opts Options) string {
	t.Helper()
	pg, err := Analyze(context.Background(), site, p, site[p], opts)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(pg)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
