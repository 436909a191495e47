package graph

import (
	"strings"
	"testing"
)

// TestHeaderBand: a background band of a box of known height competes with the text:
// painting more, it is the guess, unsure (no fetchpriority=high); a band of a flat image
// (under 0.05 bits a pixel) or of no known height does not compete.
func TestHeaderBand(t *testing.T) {
	band := vp8(600, 56) + strings.Repeat("b", 1000) // 600x56, about 0.24 bits a pixel
	tests := []struct {
		name, css string
		file      string
		want      LCPKind
	}{
		{"a textured band", `header{height:56px;background-image:url(/b.webp)}`, band, LCPBackground},
		{"a flat band", `header{height:56px;background-image:url(/b.webp)}`, vp8(600, 56), LCPText},
		{"no known height", `header{background-image:url(/b.webp)}`, band, LCPText},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := analyzeFiles(t, map[string]string{
				"/index.html": `<!doctype html><html><head><link rel="stylesheet" href="/s.css"></head><body><header>Site</header><p>A short lede for the page.</p></body></html>`,
				"/s.css":      tt.css,
				"/b.webp":     tt.file,
			}, Options{})
			if p.LCP == nil || p.LCP.Kind != tt.want {
				t.Fatalf("LCP = %+v, want %s", p.LCP, tt.want)
			}
			if tt.want != LCPBackground {
				return
			}
			if p.LCP.Unsure == "" {
				t.Errorf("a band taken over text is a sure guess: %+v", p.LCP)
			}
			if h := findHint(p, "/b.webp"); h == nil || h.FetchPriority == "high" {
				t.Errorf("hint for the band = %+v, want one without fetchpriority=high", h)
			}
		})
	}
}

// TestYieldOnlyToALargeSureImage: fonts and modules yield (fetchpriority=low, out of
// the 103) to an LCP image only when the guess is sure and the image larger than the
// yield budget.
func TestYieldOnlyToALargeSureImage(t *testing.T) {
	for _, tt := range []struct {
		name  string
		bytes int
		lazy  string
		yield bool
	}{
		{"a large sure hero", 60000, "", true},
		{"a hero under the yield budget", 9000, "", false},
		{"an unsure (lazy) hero", 60000, ` loading="lazy"`, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := analyzeFiles(t, map[string]string{
				"/index.html": `<!doctype html><html><head><script type="module" src="/m.js"></script></head><body><img src="/h.jpg" width="1600" height="900" class="hero"` + tt.lazy + ` alt=""><p>Text.</p></body></html>`,
				"/m.js":       `import "./n.js";`,
				"/n.js":       strings.Repeat("x", 2000),
				"/h.jpg":      strings.Repeat("j", tt.bytes),
			}, Options{})
			if p.LCP == nil || p.LCP.URL != "/h.jpg" {
				t.Fatalf("LCP = %+v, want /h.jpg", p.LCP)
			}
			h := findHint(p, "/n.js")
			if h == nil {
				t.Fatalf("no hint for the module: %+v", p.Hints)
			}
			if got := strings.Contains(h.Reason, "yields to the LCP image"); got != tt.yield || tt.yield == h.Header {
				t.Errorf("module hint %+v: yields %v, want %v (and in the headers only when it does not)", h, got, tt.yield)
			}
		})
	}
}

// TestSidebarFoldedOnPhones: text in a box named as a sidebar or a drawer is left out of
// the phone's first screen, as phones fold such boxes away.
func TestSidebarFoldedOnPhones(t *testing.T) {
	long := strings.Repeat("A long entry of the table of contents. ", 12)
	p := analyzeFiles(t, map[string]string{
		"/index.html": `<!doctype html><html><body><div class="sidebar-drawer"><p>` + long + `</p></div><main><h1>Title</h1><p>The page's own first paragraph, of a few words.</p></main></body></html>`,
	}, Options{})
	if p.LCP == nil || !strings.HasPrefix(p.LCP.Text, "A long entry") {
		t.Fatalf("LCP = %+v, want the drawer's text on a laptop", p.LCP)
	}
	if p.LCP.Phone == nil || strings.HasPrefix(p.LCP.Phone.Text, "A long entry") {
		t.Errorf("phone = %+v, want the main content's", p.LCP.Phone)
	}
}
