package preloadgen_test

import (
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/preloadgen/preloadgen"
)

// The fixtures' READMEs say which hints each page should get and why; this test holds the
// engine to them. Each entry lists the HTML hints in order as "url rel/as[ attrs]" (with
// " +header" when the headers carry it too) and the header hints that are not also HTML hints.
type wantPage struct {
	lcp    string // kind:url or kind:element
	html   []string
	header []string // header-only hints, in order
}

func hintLine(url, rel, as, fp string) string {
	s := url + " " + rel
	if as != "" {
		s += "/" + as
	}
	if fp != "" {
		s += " " + fp
	}
	return s
}

func TestFixtures(t *testing.T) {
	blogCSS := []string{"/css/base.css preload/style +header", "/css/fonts.css preload/style +header"}
	blogHeader := []string{"/css/main.css preload/style"}
	imagePage := append(append([]string{}, blogCSS...), "/images/hero-slow-networks-1600.jpg preload/image high")
	low := func(urls ...string) []string {
		var out []string
		for _, u := range urls {
			out = append(out, "/assets/"+u+" modulepreload low +header")
		}
		return out
	}

	sites := map[string]map[string]wantPage{
		"blog": {
			// Image pages: the CSS chain and the hero; the fonts (swap) do not fit the
			// yield budget and would share the link with the hero.
			"/index.html":                     {lcp: "image:/images/hero-slow-networks-1600.jpg", html: imagePage, header: blogHeader},
			"/posts/slow-networks/index.html": {lcp: "image:/images/hero-slow-networks-1600.jpg", html: imagePage, header: blogHeader},
			// The display headline waits for its font-display: block font: it has first claim.
			"/posts/typography/index.html": {lcp: "text:h1.post-title.post-title--display",
				html: append(append([]string{}, blogCSS...), "/fonts/lora-latin-700-normal.woff2 preload/font +header"), header: blogHeader},
			// A paragraph is the LCP on both screens (as Chromium reports): its small
			// cyrillic 400 subset goes first among the fonts and fits the yield budget;
			// the headline's cyrillic 700 would not fit with it, nor do the 23 KB latin
			// faces.
			"/posts/russian-notes/index.html": {lcp: "text:p",
				html: append(append([]string{}, blogCSS...), "/fonts/inter-cyrillic-400-normal.woff2 preload/font low +header"), header: blogHeader},
			"/posts/index.html": {lcp: "text:", html: blogCSS, header: blogHeader},
			"/about/index.html": {lcp: "text:", html: blogCSS, header: blogHeader},
			"/404.html":         {lcp: "text:", html: blogCSS, header: blogHeader},
		},
		// The header's background band is the laptop's LCP (an unsure guess: no
		// fetchpriority=high; at 1 KB it makes nothing yield).
		"app": {
			"/index.html": {lcp: "background:/assets/header-bg-Bq7tWz3K.webp", html: append([]string{"/assets/header-bg-Bq7tWz3K.webp preload/image +header"}, low("vendor-DkQ3x7Lm.js", "runtime-C9pWf2Ra.js", "utils-B4nZs8Tq.js")...),
				header: []string{"/assets/index-D4hR7c1E.css preload/style", "/assets/index-BfX2k9aQ.js modulepreload", "/assets/analytics-CJ8rN3yW.js modulepreload"}},
			"/settings/index.html": {lcp: "background:/assets/header-bg-Bq7tWz3K.webp", html: append(append([]string{"/assets/header-bg-Bq7tWz3K.webp preload/image +header"}, low("vendor-DkQ3x7Lm.js", "forms-C2wYp6Jn.js", "runtime-C9pWf2Ra.js")...), "/assets/utils-B4nZs8Tq.js modulepreload low"),
				header: []string{"/assets/index-D4hR7c1E.css preload/style", "/assets/index-BfX2k9aQ.js modulepreload", "/assets/settings-DfT9kQ4c.js modulepreload"}},
		},
		"gallery": {
			"/index.html": {lcp: "image:/img/hero-1200.jpg", html: []string{"/img/hero-1200.jpg preload/image high"}, header: []string{"/css/gallery.css preload/style"}},
			// The banner (78 KB) stays out of the headers: in a 103 it would share the
			// link with the HTML.
			"/landing/index.html": {lcp: "background:/img/banner-1600.jpg", html: []string{"/img/banner-1600.jpg preload/image high"}, header: []string{"/css/gallery.css preload/style", "/css/landing.css preload/style"}},
			// The LCP image is 3.5 KB: it arrives within the first round trip anyway.
			"/photo/index.html": {lcp: "image:/img/photo-800.avif", html: nil, header: []string{"/css/gallery.css preload/style"}},
		},
	}
	for site, pages := range sites {
		t.Run(site, func(t *testing.T) {
			res, err := preloadgen.Analyze(context.Background(), preloadgen.Options{Source: preloadgen.Source{Dir: filepath.Join("fixtures", site)}})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Failed) > 0 || len(res.Diagnostics) > 0 {
				t.Errorf("failures %v, diagnostics %v", res.Failed, res.Diagnostics)
			}
			seen := map[string]bool{}
			for _, pg := range res.Pages {
				want, ok := pages[pg.Path]
				if !ok {
					t.Errorf("page %s has no expectation", pg.Path)
					continue
				}
				seen[pg.Path] = true
				var html, header []string
				for _, h := range pg.Hints {
					line := hintLine(h.URL, h.Rel, h.As, h.FetchPriority)
					if h.HTML && h.Header {
						html = append(html, line+" +header")
					} else if h.HTML {
						html = append(html, line)
					} else if h.Header {
						header = append(header, line)
					}
					if h.As == "font" && (h.CrossOrigin != "anonymous" || h.Type != "font/woff2") {
						t.Errorf("%s: font hint without crossorigin or woff2 type: %+v", pg.Path, h)
					}
				}
				if !reflect.DeepEqual(html, want.html) {
					t.Errorf("%s: html hints\n got %q\nwant %q", pg.Path, html, want.html)
				}
				if !reflect.DeepEqual(header, want.header) {
					t.Errorf("%s: header-only hints\n got %q\nwant %q", pg.Path, header, want.header)
				}
				lcp := ""
				if pg.LCP != nil {
					lcp = string(pg.LCP.Kind) + ":" + pg.LCP.URL
					if pg.LCP.Kind == "text" {
						lcp = "text:" + pg.LCP.Element
					}
				}
				if !strings.HasPrefix(lcp, want.lcp) {
					t.Errorf("%s: LCP %q, want %q", pg.Path, lcp, want.lcp)
				}
			}
			for p := range pages {
				if !seen[p] {
					t.Errorf("page %s not analysed", p)
				}
			}
		})
	}
}
