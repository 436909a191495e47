package graph

import (
	"context"
	"strings"
	"testing"
)

// TestGeneratorConventionsHints documents how generators' conventions end up in hints:
// relative URLs and <base>, a deployment base path, crossorigin/integrity/nonce carried
// from the element to its hint, srcset with x or w descriptors, hashed names.
func TestGeneratorConventionsHints(t *testing.T) {
	type want struct {
		url, href, crossorigin, integrity, nonce, srcset, sizes string
	}
	big := strings.Repeat("j", 50000)
	tests := []struct {
		name     string
		pagePath string
		page     string
		files    map[string]string
		opts     Options
		want     []want // hints that must be present, with these attributes
	}{
		{"relative URLs under base", "/guide/intro/index.html",
			`<base href="/guide/"><link rel="stylesheet" href="assets/app.css">`,
			map[string]string{"/guide/assets/app.css": `@import "theme.css";`, "/guide/assets/theme.css": `p{}`}, Options{},
			[]want{{url: "/guide/assets/app.css", href: "./assets/app.css"}, {url: "/guide/assets/theme.css", href: "./assets/theme.css"}}},
		{"page-relative URLs", "/blog/post/index.html",
			`<link rel="stylesheet" href="../../css/main.css">`,
			map[string]string{"/css/main.css": `@import "fonts.css";`, "/css/fonts.css": `p{}`}, Options{},
			[]want{{url: "/css/fonts.css", href: "../../css/fonts.css"}}},
		{"base path", "/index.html",
			`<link rel="stylesheet" href="/docs/assets/style.B1x_9kQ2.css">`,
			map[string]string{"/assets/style.B1x_9kQ2.css": `@import "/docs/assets/vars.Zz9.css";`, "/assets/vars.Zz9.css": `p{}`}, Options{BasePath: "/docs"},
			[]want{{url: "/assets/vars.Zz9.css", href: "/docs/assets/vars.Zz9.css"}}},
		// The depth-1 stylesheet and module carry integrity, which a Link value cannot: they
		// get no header (rank.go), and the module's import carries crossorigin and nonce.
		{"crossorigin integrity nonce on stylesheet and module", "/index.html",
			`<link rel="stylesheet" href="/assets/index-D4hR7c1E.css" crossorigin integrity="sha384-css" nonce="r4nd"><script type="module" crossorigin src="/assets/index-BfX2k9aQ.js" integrity="sha384-js" nonce="r4nd"></script>`,
			map[string]string{"/assets/index-D4hR7c1E.css": `p{}`, "/assets/index-BfX2k9aQ.js": `import "./vendor-Dk.js";`, "/assets/vendor-Dk.js": `export const a=1`}, Options{},
			[]want{{url: "/assets/vendor-Dk.js", href: "/assets/vendor-Dk.js", crossorigin: "anonymous", nonce: "r4nd"}}},
		{"srcset with x descriptors", "/index.html",
			`<img src="/img/hero.jpg" srcset="/img/hero.jpg 1x, /img/hero@2x.jpg 2x" width="1200" height="600" decoding="async" alt="">`,
			map[string]string{"/img/hero.jpg": big, "/img/hero@2x.jpg": big}, Options{},
			[]want{{url: "/img/hero.jpg", href: "/img/hero.jpg", srcset: "/img/hero.jpg 1x, /img/hero@2x.jpg 2x"}}},
		{"srcset with w descriptors", "/index.html",
			`<img srcset="/img/hero-800.jpg 800w, /img/hero-1600.jpg 1600w" sizes="(max-width: 900px) 100vw, 900px" alt="">`,
			map[string]string{"/img/hero-800.jpg": big, "/img/hero-1600.jpg": big}, Options{},
			[]want{{url: "/img/hero-800.jpg", href: "/img/hero-800.jpg", srcset: "/img/hero-800.jpg 800w, /img/hero-1600.jpg 1600w", sizes: "(max-width: 900px) 100vw, 900px"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site := memSite{}
			for p, b := range tt.files {
				site[p] = []byte(b)
			}
			src := []byte(`<!doctype html><html><head>` + tt.page + `</head><body><p>Text.</p></body></html>`)
			if strings.Contains(tt.page, "<img") {
				src = []byte(`<!doctype html><html><head></head><body>` + tt.page + `<p>Text.</p></body></html>`)
			}
			p, err := Analyze(context.Background(), site, tt.pagePath, src, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				h := findHint(p, w.url)
				if h == nil {
					t.Errorf("no hint for %s; hints %+v", w.url, p.Hints)
					continue
				}
				got := want{h.URL, h.Href, h.CrossOrigin, h.Integrity, h.Nonce, h.ImageSrcset, h.ImageSizes}
				if got != w {
					t.Errorf("hint\n got %+v\nwant %+v", got, w)
				}
			}
		})
	}
}
