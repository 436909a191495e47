package graph

import (
	"fmt"
	"strings"
	"testing"
)

// TestCascadeBound: a page whose elements x rules exceed the cascade's bound gets one
// note naming it, and its image guess is unsure (no fetchpriority=high); under the
// bound, the same page is analysed in full and its guess stays sure.
func TestCascadeBound(t *testing.T) {
	var css strings.Builder
	css.WriteString(`@font-face{font-family:Inter;src:url(/f/inter.woff2) format("woff2")}` + "\n")
	// Attribute-only selectors: the index can narrow none of them.
	for i := range 200 {
		fmt.Fprintf(&css, "[data-k%d] { font-weight: %d }\n", i, 100+i%9*100)
	}
	css.WriteString(".late { font-family: Inter }\n")
	var body strings.Builder
	body.WriteString(`<img src="/hero.jpg" width="1200" height="800" alt="">`)
	// Each <p> differs from its siblings, so none shares another's style (style.Siblings).
	for i := range 2000 {
		fmt.Fprintf(&body, `<p class=n%d>some words</p>`, i)
	}
	body.WriteString(`<p class="late">Inter text</p>`)
	page := `<!doctype html><html><head><link rel="stylesheet" href="/s.css"></head><body>` + body.String() + `</body></html>`
	files := map[string]string{"/index.html": page, "/s.css": css.String(), "/hero.jpg": strings.Repeat("x", 90_000), "/f/inter.woff2": "x"}
	for _, tt := range []struct {
		name  string
		bound int
		cut   bool
	}{
		{"under the bound", 0, false},
		{"over the bound", 50_000, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := analyzeFiles(t, files, Options{maxStyleWork: tt.bound})
			notes := 0
			for _, n := range p.Notes {
				if strings.Contains(n.Message, "style cascade stopped") {
					notes++
					if n.File != "/index.html" {
						t.Errorf("note names %q, want the page", n.File)
					}
				}
			}
			if want := map[bool]int{false: 0, true: 1}[tt.cut]; notes != want {
				t.Errorf("%d cascade notes, want %d: %v", notes, want, p.Notes)
			}
			if p.LCP == nil || p.LCP.Kind != LCPImage {
				t.Fatalf("LCP = %+v, want the image", p.LCP)
			}
			if (p.LCP.Unsure != "") != tt.cut {
				t.Errorf("unsure = %q, want unsure=%v", p.LCP.Unsure, tt.cut)
			}
			h := findHint(p, "/hero.jpg")
			if tt.cut && h != nil && h.FetchPriority == "high" {
				t.Errorf("cut cascade: hero hinted with fetchpriority=high")
			}
			// The font of the text past the cut is not known to be used.
			if f := findResource(p, "/f/inter.woff2"); f == nil || f.Needed == tt.cut {
				t.Errorf("Inter: %+v, want needed=%v", f, !tt.cut)
			}
		})
	}
}
