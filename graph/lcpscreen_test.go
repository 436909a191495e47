package graph

import (
	"strings"
	"testing"
)

// TestTextPerScreen: font sizes are computed for each screen (a size under a media query
// for other widths does not apply), and when a phone's first screen, in its narrower
// column and at its sizes, shows another block of text largest, lcp.phone names it.
func TestTextPerScreen(t *testing.T) {
	para := `<p>` + strings.Repeat("A paragraph of ordinary length for a page. ", 6) + `</p>`
	tests := []struct {
		name, css, body string
		want, phone     string // the guessed element's text (its start), and the phone's ("" the same)
	}{
		{"a phone-only size does not make the laptop's headline large",
			`h1 { font-size: 1rem } @media (max-width: 996px) { h1 { font-size: 4.5rem } }`,
			`<h1>A short title here</h1>` + para, "A paragraph", "A short title"},
		{"a laptop-only size does not make the phone's headline large",
			`h1 { font-size: 1rem } @media (min-width: 997px) { h1 { font-size: 4.5rem } }`,
			`<h1>A short title here</h1>` + para, "A short title", "A paragraph"},
		{"a size for every screen",
			`h1 { font-size: 1rem }`,
			`<h1>A short title here</h1>` + para, "A paragraph", ""},
		{"vw sizes are the screen's: 6rem on the laptop, 49px on the phone",
			`h1 { font-size: clamp(1rem, 12vw, 6rem) }`,
			`<h1>A short title here</h1>` + para, "A short title", "A paragraph"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := analyzeFiles(t, map[string]string{
				"/index.html": `<!doctype html><html><head><link rel="stylesheet" href="/s.css"></head><body>` + tt.body + `</body></html>`,
				"/s.css":      tt.css,
			}, Options{})
			if p.LCP == nil || p.LCP.Kind != LCPText || !strings.HasPrefix(p.LCP.Text, tt.want) {
				t.Fatalf("LCP = %+v, want text %q", p.LCP, tt.want)
			}
			switch {
			case tt.phone == "" && p.LCP.Phone != nil:
				t.Errorf("phone = %+v, want the same guess", p.LCP.Phone)
			case tt.phone != "" && (p.LCP.Phone == nil || !strings.HasPrefix(p.LCP.Phone.Text, tt.phone)):
				t.Errorf("phone = %+v, want text %q", p.LCP.Phone, tt.phone)
			}
		})
	}
}
