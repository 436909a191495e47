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
// engine to them. Each entry lists the HTML hints in order as "url rel/as[ attrs]" and the
// header hints that are not also HTML hints.
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
	blogCSS := []string{"/css/base.css preload/style", "/css/fonts.css preload/style"}
	blogText := append(append([]string{}, blogCSS...),
		"/fonts/inter-latin-400-normal.woff2 preload/font", "/fonts/inter-latin-700-normal.woff2 preload/font")
	imagePage := append(append([]string{}, blogCSS...),
		"/images/hero-slow-networks-1600.jpg preload/image high",
		"/fonts/inter-latin-400-normal.woff2 preload/font low", "/fonts/inter-latin-700-normal.woff2 preload/font low")
	appModules := []string{"/assets/vendor-DkQ3x7Lm.js modulepreload", "/assets/runtime-C9pWf2Ra.js modulepreload", "/assets/utils-B4nZs8Tq.js modulepreload"}
	appFonts := []string{"/assets/inter-latin-400-normal-C38fXH4l.woff2 preload/font", "/assets/inter-latin-600-normal-LgqL8muc.woff2 preload/font"}

	sites := map[string]map[string]wantPage{
		"blog": {
			"/index.html":                     {lcp: "image:/images/hero-slow-networks-1600.jpg", html: imagePage, header: []string{"/css/main.css preload/style"}},
			"/posts/slow-networks/index.html": {lcp: "image:/images/hero-slow-networks-1600.jpg", html: imagePage, header: []string{"/css/main.css preload/style"}},
			"/posts/typography/index.html": {lcp: "text:h1.post-title.post-title--display", html: append(append([]string{}, blogCSS...),
				"/fonts/lora-latin-700-normal.woff2 preload/font", "/fonts/inter-latin-400-normal.woff2 preload/font", "/fonts/inter-latin-700-normal.woff2 preload/font"),
				header: []string{"/css/main.css preload/style"}},
			"/posts/russian-notes/index.html": {lcp: "text:", html: append(append([]string{}, blogCSS...),
				"/fonts/inter-cyrillic-400-normal.woff2 preload/font", "/fonts/inter-latin-400-normal.woff2 preload/font", "/fonts/inter-cyrillic-700-normal.woff2 preload/font"),
				header: []string{"/css/main.css preload/style"}},
			"/posts/index.html": {lcp: "text:", html: blogText, header: []string{"/css/main.css preload/style"}},
			"/about/index.html": {lcp: "text:", html: blogText, header: []string{"/css/main.css preload/style"}},
			"/404.html":         {lcp: "text:", html: blogText, header: []string{"/css/main.css preload/style"}},
		},
		"app": {
			"/index.html": {lcp: "text:p.app-lede", html: append(append([]string{}, appFonts...), appModules...),
				header: []string{"/assets/index-D4hR7c1E.css preload/style", "/assets/index-BfX2k9aQ.js modulepreload", "/assets/analytics-CJ8rN3yW.js modulepreload"}},
			"/settings/index.html": {lcp: "text:p.app-lede", html: append(append([]string{}, appFonts...),
				"/assets/vendor-DkQ3x7Lm.js modulepreload", "/assets/forms-C2wYp6Jn.js modulepreload", "/assets/runtime-C9pWf2Ra.js modulepreload", "/assets/utils-B4nZs8Tq.js modulepreload"),
				header: []string{"/assets/index-D4hR7c1E.css preload/style", "/assets/index-BfX2k9aQ.js modulepreload", "/assets/settings-DfT9kQ4c.js modulepreload"}},
		},
		"gallery": {
			"/index.html":         {lcp: "image:/img/hero-1200.jpg", html: []string{"/img/hero-1200.jpg preload/image high"}, header: []string{"/css/gallery.css preload/style"}},
			"/landing/index.html": {lcp: "background:/img/banner-1600.jpg", html: []string{"/img/banner-1600.jpg preload/image high"}, header: []string{"/css/gallery.css preload/style", "/css/landing.css preload/style"}},
			"/photo/index.html":   {lcp: "image:/img/photo-800.avif", html: []string{"/img/photo-800.avif preload/image high"}, header: []string{"/css/gallery.css preload/style"}},
		},
	}
	for site, pages := range sites {
		t.Run(site, func(t *testing.T) {
			res, err := preloadgen.Analyze(context.Background(), preloadgen.Options{Dir: filepath.Join("fixtures", site)})
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
					if h.HTML {
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
					lcp = pg.LCP.Kind + ":" + pg.LCP.URL
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
