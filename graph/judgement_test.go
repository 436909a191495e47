package graph

import (
	"context"
	"strings"
	"testing"
)

// analyzeFiles analyses the page /index.html of a site given as path -> content.
func analyzeFiles(t *testing.T, files map[string]string, opts Options) *Page {
	t.Helper()
	site := memSite{}
	for p, b := range files {
		site[p] = []byte(b)
	}
	p, err := Analyze(context.Background(), site, "/index.html", site["/index.html"], opts)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func findHint(p *Page, url string) *Hint {
	for i := range p.Hints {
		if p.Hints[i].URL == url {
			return &p.Hints[i]
		}
	}
	return nil
}

func findResource(p *Page, url string) *Resource {
	for _, r := range p.Resources {
		if r.URL == url {
			return r
		}
	}
	return nil
}

const heroCSS = `@font-face{font-family:Inter;font-display:swap;src:url(/f/inter.woff2) format("woff2")}
body{font-family:Inter,sans-serif} .hero{background:url(/img/bg.jpg);min-height:80vh}`

// TestStylesheetRelAndAsync: a stylesheet is a stylesheet whatever other rel tokens it
// has (VitePress: rel="preload stylesheet"); an alternate one is not applied; loadCSS and
// the print-media switch apply their sheet (fonts and backgrounds are found) without
// making it render-blocking.
func TestStylesheetRelAndAsync(t *testing.T) {
	tests := []struct {
		name, link string
		applied    bool // the sheet's font and CSS background are found
		blocking   bool // the sheet is in the render-blocking CSS group
	}{
		{"plain", `<link rel="stylesheet" href="/assets/style.css">`, true, true},
		{"vitepress", `<link rel="preload stylesheet" href="/assets/style.css" as="style">`, true, true},
		{"upper case", `<link rel="STYLESHEET" href="/assets/style.css">`, true, true},
		{"alternate", `<link rel="alternate stylesheet" href="/assets/style.css" title="x">`, false, false},
		{"print", `<link rel="stylesheet" href="/assets/style.css" media="print">`, false, false},
		{"loadCSS", `<link rel="preload" href="/assets/style.css" as="style" onload="this.onload=null;this.rel='stylesheet'"><noscript><link rel="stylesheet" href="/assets/style.css"></noscript>`, true, false},
		{"media print onload", `<link rel="stylesheet" href="/assets/style.css" media="print" onload="this.media='all'">`, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := analyzeFiles(t, map[string]string{
				"/index.html":       `<!doctype html><html><head>` + tt.link + `</head><body><div class="hero"><h1>Title</h1></div><p>Text.</p></body></html>`,
				"/assets/style.css": heroCSS,
				"/f/inter.woff2":    "x",
				"/img/bg.jpg":       strings.Repeat("j", 40000),
			}, Options{})
			font := findResource(p, "/f/inter.woff2")
			if got := font != nil && font.Needed; got != tt.applied {
				t.Errorf("font found and used = %v, want %v (%+v)", got, tt.applied, font)
			}
			bgLCP := p.LCP != nil && p.LCP.Kind == "background" && p.LCP.URL == "/img/bg.jpg"
			if bgLCP != tt.applied {
				t.Errorf("background LCP = %v, want %v (%+v)", bgLCP, tt.applied, p.LCP)
			}
			h := findHint(p, "/assets/style.css")
			if got := h != nil && h.Priority == groupCSS && h.Header; got != tt.blocking {
				t.Errorf("render-blocking CSS hint = %v, want %v (%+v)", got, tt.blocking, h)
			}
			if r := findResource(p, "/assets/style.css"); r == nil && tt.blocking || r != nil && r.Needed != tt.blocking {
				t.Errorf("stylesheet resource = %+v, want needed=%v", r, tt.blocking)
			}
		})
	}
}

// TestImportCrossOrigin: an @import is fetched no-cors whatever the crossorigin of the
// <link> that loads its parent, so its preload carries no crossorigin; a font preload is
// always crossorigin (fonts are fetched in CORS mode), a CSS background never.
func TestImportCrossOrigin(t *testing.T) {
	for _, link := range []string{
		`<link rel="stylesheet" href="/a.css" crossorigin>`,
		`<link rel="stylesheet" href="/a.css" crossorigin="use-credentials">`,
		`<link rel="stylesheet" href="/a.css">`,
	} {
		p := analyzeFiles(t, map[string]string{
			"/index.html":    `<!doctype html><html><head>` + link + `</head><body><div class="hero"><h1>Title</h1></div></body></html>`,
			"/a.css":         `@import "b.css";`,
			"/b.css":         heroCSS,
			"/f/inter.woff2": "x",
			"/img/bg.jpg":    strings.Repeat("j", 40000),
		}, Options{})
		want := map[string]string{"/b.css": "", "/f/inter.woff2": "anonymous", "/img/bg.jpg": ""}
		for u, co := range want {
			h := findHint(p, u)
			if h == nil {
				t.Errorf("%s: no hint for %s (hints %+v)", link, u, p.Hints)
				continue
			}
			if h.CrossOrigin != co {
				t.Errorf("%s: hint for %s has crossorigin=%q, want %q", link, u, h.CrossOrigin, co)
			}
		}
	}
}
