package graph

import (
	"bytes"
	"image"
	"image/png"
	"strings"
	"testing"
)

// TestUnsureBandHint: a background band guessed over text is unsure, and its preload
// carries no fetchpriority=high.
func TestUnsureBandHint(t *testing.T) {
	var band bytes.Buffer
	if err := png.Encode(&band, image.NewGray(image.Rect(0, 0, 600, 56))); err != nil {
		t.Fatal(err)
	}
	band.WriteString(strings.Repeat("b", 1000)) // about 0.24 bits a pixel
	p := analyzeFiles(t, map[string]string{
		"/index.html": `<!doctype html><html><head><link rel="stylesheet" href="/s.css"></head><body><header>Site</header><p>A short lede for the page.</p></body></html>`,
		"/s.css":      `header{height:56px;background-image:url(/b.png)}`,
		"/b.png":      band.String(),
	}, Options{})
	if p.LCP == nil || p.LCP.Kind != LCPBackground || p.LCP.Unsure == "" {
		t.Fatalf("LCP = %+v, want the band, unsure", p.LCP)
	}
	if h := findHint(p, "/b.png"); h == nil || h.FetchPriority == "high" {
		t.Errorf("hint for the band = %+v, want one without fetchpriority=high", h)
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
