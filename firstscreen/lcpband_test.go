package firstscreen

import (
	"strings"
	"testing"

	"github.com/preloadgen/preloadgen/parse"
)

// TestHeaderBand: a background band of a box of known height competes with the text:
// painting more, it is the guess, unsure; a band of a flat image
// (under 0.05 bits a pixel) or of no known height does not compete.
func TestHeaderBand(t *testing.T) {
	band := vp8(600, 56) + strings.Repeat("b", 1000) // 600x56, about 0.24 bits a pixel
	tests := []struct {
		name, css string
		file      string
		want      Kind
	}{
		{"a textured band", `header{height:56px;background-image:url(/b.webp)}`, band, KindBackground},
		{"a flat band", `header{height:56px;background-image:url(/b.webp)}`, vp8(600, 56), KindText},
		{"no known height", `header{background-image:url(/b.webp)}`, band, KindText},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := estimateFiles(t, map[string]string{
				"/index.html": `<!doctype html><html><head><link rel="stylesheet" href="/s.css"></head><body><header>Site</header><p>A short lede for the page.</p></body></html>`,
				"/s.css":      tt.css,
				"/b.webp":     tt.file,
			}).Guess
			if g.Kind != tt.want {
				t.Fatalf("guess = %v %s, want %v", g.Kind, parse.Describe(g.Node), tt.want)
			}
			if tt.want != KindBackground {
				return
			}
			if g.Unsure == "" || g.Background.URL != "/b.webp" {
				t.Errorf("a band taken over text is a sure guess, or not the band's: %+v", g)
			}
		})
	}
}

// TestSidebarFoldedOnPhones: text in a box named as a sidebar or a drawer is left out of
// the phone's first screen, as phones fold such boxes away.
func TestSidebarFoldedOnPhones(t *testing.T) {
	long := strings.Repeat("A long entry of the table of contents. ", 12)
	g := estimateFiles(t, map[string]string{
		"/index.html": `<!doctype html><html><body><div class="sidebar-drawer"><p>` + long + `</p></div><main><h1>Title</h1><p>The page's own first paragraph, of a few words.</p></main></body></html>`,
	}).Guess
	if g.Kind != KindText || !strings.HasPrefix(parse.Text(g.Node), "A long entry") {
		t.Fatalf("guess = %v %s, want the drawer's text on a laptop", g.Kind, parse.Describe(g.Node))
	}
	if g.Phone == nil || strings.HasPrefix(parse.Text(g.Phone.Node), "A long entry") {
		t.Errorf("phone = %+v, want the main content's", g.Phone)
	}
}
