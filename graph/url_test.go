package graph

import (
	"maps"
	"net/url"
	"strings"
	"testing"
)

var resolveTests = []struct {
	page, baseHref, basePath, raw string
	want, external                string
	ok                            bool
	query                         string // recorded for want
}{
	{"/index.html", "", "", "css/site.css", "/css/site.css", "", true, ""},
	{"/docs/a/page.html", "", "", "../_static/x.css?digest=abc", "/docs/_static/x.css", "", true, "digest=abc"},
	{"/docs/a/page.html", "", "", "./img/h.jpg#top", "/docs/a/img/h.jpg", "", true, ""},
	{"/docs/a/page.html", "", "", "/fonts/f.woff2?v=4.7.0#iefix", "/fonts/f.woff2", "", true, "v=4.7.0"},
	{"/docs/a/page.html", "", "", "../../../../x.js", "/x.js", "", true, ""},
	{"/docs/a/page.html", "", "", "  ./ ", "/docs/a", "", true, ""},
	{"/docs/a/page.html", "", "", ".", "/docs/a", "", true, ""},
	{"/docs/a/page.html", "", "", "..", "/docs", "", true, ""},
	{"/docs/a/page.html", "", "", "sub/", "/docs/a/sub", "", true, ""},
	{"/a/page.html", "", "", "x.css?", "/a/x.css", "", true, ""},
	{"/a/page.html", "", "", "?q=1", "/a/page.html", "", true, "q=1"},
	{"/a/page.html", "", "", "#frag", "", "", false, ""},
	{"/a/page.html", "", "", "", "", "", false, ""},
	{"/a/page.html", "", "", "data:image/png;base64,xx", "", "", false, ""},
	{"/a/page.html", "", "", "JavaScript:void(0)", "", "", false, ""},
	{"/a/page.html", "", "", "https://cdn.example/x.js", "", "https://cdn.example", true, ""},
	{"/a/page.html", "", "", "//cdn.example/x.js", "", "https://cdn.example", true, ""},
	{"/a/page.html", "", "", "a//../b.css", "/a/a/b.css", "", true, ""}, // an empty segment: RFC 3986, not path.Clean
	{"/a/page.html", "", "", "x%20y.css", "/a/x y.css", "", true, ""},
	{"/a/page.html", "", "", "ü.css", "/a/ü.css", "", true, ""},
	{"/a/page.html", "", "", "c:x.css", "", "", false, ""},
	{"/a/page.html", "", "", "f(1)!$&'*+,;=@.css", "/a/f(1)!$&'*+,;=@.css", "", true, ""},
	// A base path: references outside it are not the site's.
	{"/index.html", "", "/docs", "css/a.css", "/css/a.css", "", true, ""},
	{"/index.html", "", "/docs", "/docs/css/a.css", "/css/a.css", "", true, ""},
	{"/index.html", "", "/docs", "/other/a.css", "", "", false, ""},
	{"/index.html", "", "/docs", "/docsx/a.css", "", "", false, ""},
	{"/index.html", "", "/docs", "./", "/", "", true, ""},
	{"/index.html", "", "/docs", "..", "", "", false, ""},
	// <base href>.
	{"/a/page.html", "/x/", "", "y.css", "/x/y.css", "", true, ""},
	{"/a/page.html", "../b/", "", "y.css", "/b/y.css", "", true, ""},
	{"/a/page.html", "https://other.example/", "", "y.css", "", "https://other.example", true, ""},
	{"/a b/page.html", "", "", "y.css", "/a b/y.css", "", true, ""},
}

func TestResolve(t *testing.T) {
	for _, tt := range resolveTests {
		r := newResolver(tt.page, tt.baseHref, tt.basePath)
		p, ext, ok := r.resolve(tt.raw)
		if p != tt.want || ext != tt.external || ok != tt.ok || r.query[p] != tt.query {
			t.Errorf("%s (base %q, base path %q): resolve(%q) = %q, %q, %v, query %q; want %q, %q, %v, query %q",
				tt.page, tt.baseHref, tt.basePath, tt.raw, p, ext, ok, r.query[p], tt.want, tt.external, tt.ok, tt.query)
		}
	}
}

// resolveWithURL is what resolve and resolveFrom did before resolvePlain: everything
// through net/url.
func resolveWithURL(r *resolver, from, raw string) (string, string, bool) {
	base := r.base
	if from != "" {
		base = &url.URL{Scheme: "https", Host: siteHost, Path: r.basePath + from}
	}
	return r.resolveURL(base, strings.TrimSpace(raw))
}

// checkResolveAsURL fails when resolving raw takes another answer, or records another
// query, than net/url does.
func checkResolveAsURL(t *testing.T, page, baseHref, basePath, from, raw string) {
	t.Helper()
	fast, slow := newResolver(page, baseHref, basePath), newResolver(page, baseHref, basePath)
	var p, ext string
	var ok bool
	if from == "" {
		p, ext, ok = fast.resolve(raw)
	} else {
		p, ext, ok = fast.resolveFrom(from, raw)
	}
	wp, wext, wok := resolveWithURL(slow, from, raw)
	if p != wp || ext != wext || ok != wok || !maps.Equal(fast.query, slow.query) {
		t.Errorf("page %q base %q base path %q from %q: %q resolves to %q, %q, %v, queries %v; net/url gives %q, %q, %v, queries %v",
			page, baseHref, basePath, from, raw, p, ext, ok, fast.query, wp, wext, wok, slow.query)
	}
}

func TestResolveAsURL(t *testing.T) {
	for _, tt := range resolveTests {
		checkResolveAsURL(t, tt.page, tt.baseHref, tt.basePath, "", tt.raw)
		checkResolveAsURL(t, tt.page, tt.baseHref, tt.basePath, "/css/deep/site.css", tt.raw)
	}
}

// FuzzResolveAsURL holds the resolution without net/url to net/url's.
func FuzzResolveAsURL(f *testing.F) {
	for _, tt := range resolveTests {
		f.Add(tt.page, tt.baseHref, tt.basePath, "", tt.raw)
		f.Add(tt.page, tt.baseHref, tt.basePath, "/_static/css/theme.css", tt.raw)
	}
	f.Fuzz(func(t *testing.T, page, baseHref, basePath, from, raw string) {
		// Site paths, as the walk and the resolver give them.
		if !strings.HasPrefix(page, "/") || (from != "" && !strings.HasPrefix(from, "/")) {
			return
		}
		if basePath != "" && (!strings.HasPrefix(basePath, "/") || strings.HasSuffix(basePath, "/")) {
			return
		}
		checkResolveAsURL(t, page, baseHref, basePath, from, raw)
	})
}
