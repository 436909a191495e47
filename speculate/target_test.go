package speculate

import "testing"

// The site of these tests, served under /docs: a home page, pages in both URL styles,
// the 404 page, and a page the user excludes.
func testSite() *site {
	return &site{base: "/docs", pages: map[string]bool{
		"/index.html": true, "/a/index.html": true, "/b.html": true, "/c/d/index.html": true,
		"/404.html": true, "/search/index.html": true, "/caf\u00e9/index.html": true, "/x(1)/index.html": true,
	}, exclude: []string{"/search/**"}}
}

func TestTarget(t *testing.T) {
	for _, tc := range []struct {
		from, base, href string
		want             string // "" for none
	}{
		{"/index.html", "", "a/", "/docs/a/"},
		{"/index.html", "", "/docs/a/", "/docs/a/"},
		{"/index.html", "", "/docs/a/index.html", "/docs/a/index.html"},
		{"/index.html", "", "/docs/a", "/docs/a"},
		{"/index.html", "", "b", "/docs/b"},
		{"/index.html", "", "b.html#top", "/docs/b.html"},
		{"/c/d/index.html", "", "../../a/", "/docs/a/"},
		{"/c/d/index.html", "", "./", "/docs/c/d/"},
		{"/a/index.html", "", "..", "/docs/"},
		{"/index.html", "", "caf%C3%A9/", "/docs/caf%C3%A9/"},
		{"/index.html", "", "x(1)/", "/docs/x(1)/"},
		{"/index.html", "", " \t/docs/a/\n", "/docs/a/"},
		{"/index.html", "", "HTTPS://other.example/docs/a/", "/docs/a/"}, // the path only: never the other origin
		{"/index.html", "", "/other/a/", ""},                             // outside the base path
		{"/index.html", "", "/docsa/", ""},
		{"/index.html", "", "/docs/../a/", ""},
		{"/index.html", "", "/docs/%2e%2e/a/", ""},
		{"/index.html", "", "/docs/%2E./docs/a/", "/docs/a/"},
		{"/index.html", "", "/docs/a/%2e/", "/docs/a/"},
		{"/index.html", "", "/../../docs/a/", ""},
		{"/index.html", "", "/docs/a%2f/", ""},
		{"/index.html", "", "/docs/a//", ""},
		{"/index.html", "", "javascript:location='/docs/a/'", ""},
		{"/index.html", "", "java\nscript:alert(1)", ""},
		{"/index.html", "", "mailto:a@b", ""},
		{"/index.html", "", "data:text/html,x", ""},
		{"/index.html", "", "http:a/", ""},
		{"/index.html", "", "/docs/a/?q=1", ""},
		{"/index.html", "", "?q=1", ""},
		{"/index.html", "", "#top", ""},
		{"/index.html", "", "", ""},
		{"/index.html", "", "/docs/404.html", ""},
		{"/index.html", "", "/docs/search/", ""},
		{"/index.html", "", "/docs/missing/", ""},
		{"/index.html", "", "/docs/feed.xml", ""},
		{"/index.html", "", "/docs/file.pdf", ""},
		{"/index.html", "", "/docs/a/index.html\x00", "/docs/a/index.html"}, // trailing controls are trimmed
		{"/index.html", "", "/docs/a%00/", ""},
		{"/index.html", "/docs/c/", "d/", "/docs/c/d/"},
		{"/index.html", "https://other.example/", "a/", ""},
		{"/index.html", "//other.example/", "a/", ""},
	} {
		got, _, ok := testSite().target(tc.from, tc.base, tc.href)
		if !ok {
			got = ""
		}
		if got != tc.want {
			t.Errorf("target(%q, base %q, %q) = %q, want %q", tc.from, tc.base, tc.href, got, tc.want)
		}
	}
}

func TestTargetQueryAllowed(t *testing.T) {
	s := testSite()
	s.query = true
	if got, _, ok := s.target("/index.html", "", "/docs/a/?q=1#x"); !ok || got != "/docs/a/" {
		t.Errorf("with queries allowed: %q %v", got, ok)
	}
}

func TestEscapePattern(t *testing.T) {
	for in, want := range map[string]string{
		"/a/":         "/a/",
		"/x(1)/":      `/x\(1\)/`,
		"/a:b/*+?{}/": `/a\:b/\*\+\?\{\}/`,
		`/a\b`:        `/a\\b`,
	} {
		if got := escapePattern(in); got != want {
			t.Errorf("escapePattern(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzTarget(f *testing.F) {
	for _, h := range []string{"a/", "/docs/../a/", "//x/docs/a/", "%2e%2e/", "\\\\x\\docs\\a", "java\tscript:x"} {
		f.Add(h, "")
	}
	s := testSite()
	f.Fuzz(func(t *testing.T, href, base string) {
		u, page, ok := s.target("/c/d/index.html", base, href)
		if !ok {
			return
		}
		// What comes out is a path under the base naming a page that may be speculated.
		if !s.pages[page] || s.excluded(page, "") {
			t.Fatalf("%q: page %q is not a page that may be speculated", href, page)
		}
		if u != "/docs" && len(u) < 6 || u[:6] != "/docs/" {
			t.Fatalf("%q: %q is outside the base path", href, u)
		}
		if r, ok := removeDots(u); !ok || r != u {
			t.Fatalf("%q: %q keeps dot segments", href, u)
		}
	})
}
