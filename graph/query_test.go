package graph

import (
	"context"
	"strings"
	"testing"
)

// TestHintKeepsQuery: a hint names the URL the page requests, query included
// (furo.css?digest=..., fontawesome-webfont.woff2?v=4.7.0, a CDN's image?w=800): without
// it the preload is another URL, unused, and the file is fetched twice.
func TestHintKeepsQuery(t *testing.T) {
	site := memSite{
		"/a.css":   []byte(`@import "b.css?v=2"; @font-face{font-family:F;font-display:block;src:url(f.woff2?v=4.7.0#iefix) format("woff2")} .t{font-family:F}`),
		"/b.css":   []byte(``),
		"/f.woff2": []byte(strings.Repeat("f", 2000)),
		"/h.jpg":   []byte(strings.Repeat("j", 90000)),
	}
	head := `<!doctype html><html><head><link rel="stylesheet" href="../a.css?digest=78b0"></head><body>`
	pages := map[string]string{
		"image": head + `<img src="/h.jpg?w=1600" srcset="/h.jpg?w=800 800w, /h.jpg?w=1600&amp;q=75 1600w" sizes="100vw" width="1600" height="900" alt=""><h1 class="t">Title</h1></body></html>`,
		"text":  head + `<h1 class="t">A title long enough to be the page's largest text</h1></body></html>`,
	}
	want := map[string]map[string][3]string{ // page: URL: href, query, Link URL
		"image": {
			"/a.css": {"/a.css?digest=78b0", "digest=78b0", "/a.css?digest=78b0"},
			"/b.css": {"/b.css?v=2", "v=2", "/b.css?v=2"},
			"/h.jpg": {"/h.jpg?w=1600", "w=1600", "/h.jpg?w=1600"},
		},
		"text": {"/f.woff2": {"../f.woff2?v=4.7.0", "v=4.7.0", "/f.woff2?v=4.7.0"}},
	}
	for name, src := range pages {
		p, err := Analyze(context.Background(), site, "/d/index.html", []byte(src), Options{})
		if err != nil {
			t.Fatal(err)
		}
		for url, w := range want[name] {
			h := findHint(p, url)
			if h == nil {
				t.Errorf("%s: no hint for %s: %+v", name, url, p.Hints)
				continue
			}
			if got := [3]string{h.Href, h.Query, LinkHref(*h, "")}; got != w {
				t.Errorf("%s: %s: href, query, Link URL %q, want %q", name, url, got, w)
			}
		}
		if h := findHint(p, "/h.jpg"); h != nil && h.HeaderSrcset != "/h.jpg?w=800 800w, /h.jpg?w=1600&q=75 1600w" {
			t.Errorf("header srcset %q", h.HeaderSrcset)
		}
	}
}
