package graph

import (
	"context"
	"strings"
	"testing"
)

func TestMatchGlob(t *testing.T) {
	for _, tc := range []struct {
		pattern, name string
		want          bool
	}{
		{"/", "/", true},
		{"/blog/**", "/blog/a/index.html", true},
		{"/blog/**", "/blog/", true},
		{"/blog/**", "/blog", true},
		{"/blog/**", "/news/a/index.html", false},
		{"/blog/*/", "/blog/a/", true},
		{"/blog/*/", "/blog/a/b/", false},
		{"/**/index.html", "/index.html", true},
		{"/**/index.html", "/a/b/index.html", true},
		{"/**/*.html", "/a/b.htm", false},
		{"/docs/**/intro", "/docs/v1/guide/intro", true},
		{"/docs/[", "/docs/[", false}, // malformed
	} {
		if got := MatchGlob(tc.pattern, tc.name); got != tc.want {
			t.Errorf("MatchGlob(%q, %q) = %v, want %v", tc.pattern, tc.name, got, tc.want)
		}
	}
}

func TestLCPSelector(t *testing.T) {
	sels := map[string]string{"/": "h1", "/blog/**": "article img.hero", "/blog/special/**": "h2", "/about": "p.lead"}
	for _, tc := range []struct{ page, want string }{
		{"/index.html", "h1"},
		{"/blog/a/index.html", "article img.hero"},
		{"/blog/special/x/index.html", "h2"}, // the longest glob wins
		{"/about/index.html", "p.lead"},
		{"/about.html", "p.lead"},
		{"/contact/index.html", ""},
	} {
		if got := LCPSelector(sels, tc.page); got != tc.want {
			t.Errorf("LCPSelector(%s) = %q, want %q", tc.page, got, tc.want)
		}
	}
}

// TestMarkedLCP: each page has an obvious guess (a large image first on the page) and a
// correction naming another element; the correction must win, with its kind.
func TestMarkedLCP(t *testing.T) {
	const css = `.banner{background-image:url(/bg.jpg);min-height:60vh}`
	const hero = `<img src="/hero.jpg" width="1200" height="800">`
	long := strings.Repeat("<p>"+strings.Repeat("filler text ", 40)+"</p>\n", 80) // > 24 KB: read in two parts
	for _, tc := range []struct {
		name      string
		page      string
		html      string
		selectors map[string]string
		kind      LCPKind
		url       string
		element   string
		marked    string
	}{
		{name: "attribute on text", page: "/index.html",
			html: hero + `<h2 data-preloadgen-lcp>Big words</h2>`,
			kind: "text", element: "h2", marked: "marked data-preloadgen-lcp"},
		{name: "attribute on a lazy image", page: "/index.html",
			html: hero + `<img data-preloadgen-lcp loading="lazy" src="/other.jpg" width="50" height="50">`,
			kind: "image", url: "/other.jpg", element: "img"},
		{name: "attribute on a background", page: "/index.html",
			html: hero + `<div class="banner" data-preloadgen-lcp>x</div>`,
			kind: "background", url: "/bg.jpg", element: "div.banner"},
		{name: "attribute on a picture", page: "/index.html",
			html: hero + `<picture data-preloadgen-lcp><img src="/other.jpg"></picture>`,
			kind: "image", url: "/other.jpg", element: "picture"},
		{name: "attribute far down a long page", page: "/index.html",
			html: hero + long + `<h3 data-preloadgen-lcp>Down here</h3>`,
			kind: "text", element: "h3"},
		{name: "selector on an image", page: "/blog/a/index.html",
			html:      hero + `<article><img class="hero" src="/other.jpg"></article>`,
			selectors: map[string]string{"/blog/**": "article img.hero", "/": "h1"},
			kind:      "image", url: "/other.jpg", element: "img.hero", marked: `selected by "article img.hero"`},
		{name: "selector for the root page", page: "/index.html",
			html:      hero + `<h1>Title</h1>`,
			selectors: map[string]string{"/blog/**": "article img.hero", "/": "h1"},
			kind:      "text", element: "h1"},
		{name: "selector far down a long page", page: "/index.html",
			html:      hero + long + `<h4 class="x">Down here</h4>`,
			selectors: map[string]string{"/": "h4.x"},
			kind:      "text", element: "h4.x"},
		{name: "the attribute wins over the selector", page: "/index.html",
			html:      hero + `<h1>Title</h1><p data-preloadgen-lcp>Lead</p>`,
			selectors: map[string]string{"/": "h1"},
			kind:      "text", element: "p"},
		{name: "a selector matching nothing leaves the guess", page: "/index.html",
			html:      hero + `<h1>Title</h1>`,
			selectors: map[string]string{"/": "h5"},
			kind:      "image", url: "/hero.jpg", element: "img"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			site := memSite{"/a.css": []byte(css), "/hero.jpg": []byte("x"), "/other.jpg": []byte("x"), "/bg.jpg": []byte("x")}
			src := `<!doctype html><html><head><link rel="stylesheet" href="/a.css"></head><body>` + tc.html + `</body></html>`
			p, err := Analyze(context.Background(), site, tc.page, []byte(src), Options{Policy: Policy{LCPSelectors: tc.selectors}})
			if err != nil {
				t.Fatal(err)
			}
			l := p.LCP
			if l == nil {
				t.Fatalf("no LCP")
			}
			if l.Kind != tc.kind || l.URL != tc.url || l.Element != tc.element {
				t.Errorf("LCP %s %q %s, want %s %q %s", l.Kind, l.URL, l.Element, tc.kind, tc.url, tc.element)
			}
			if tc.marked != "" && l.Marked != tc.marked {
				t.Errorf("marked %q, want %q", l.Marked, tc.marked)
			}
			if l.Path == "" || !strings.HasPrefix(l.Path, "html>body>") {
				t.Errorf("path %q", l.Path)
			}
		})
	}
}
