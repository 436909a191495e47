package firstscreen

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/preloadgen/preloadgen/parse"
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
			`<h1>A short title here, and a few words more</h1>` + para, "A short title", "A paragraph"},
		{"a size for every screen",
			`h1 { font-size: 1rem }`,
			`<h1>A short title here</h1>` + para, "A paragraph", ""},
		{"vw sizes are the screen's: 6rem on the laptop, 49px on the phone",
			`h1 { font-size: clamp(1rem, 12vw, 6rem) }`,
			`<h1>A short title here</h1>` + para, "A short title", "A paragraph"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := estimateFiles(t, map[string]string{
				"/index.html": `<!doctype html><html><head><link rel="stylesheet" href="/s.css"></head><body>` + tt.body + `</body></html>`,
				"/s.css":      tt.css,
			}).Guess
			if g.Kind != KindText || !strings.HasPrefix(parse.Text(g.Node), tt.want) {
				t.Fatalf("guess = %v %s, want text %q", g.Kind, parse.Describe(g.Node), tt.want)
			}
			switch {
			case tt.phone == "" && g.Phone != nil:
				t.Errorf("phone = %s, want the same guess", parse.Describe(g.Phone.Node))
			case tt.phone != "" && (g.Phone == nil || g.Phone.Image != nil || !strings.HasPrefix(parse.Text(g.Phone.Node), tt.phone)):
				t.Errorf("phone = %+v, want text %q", g.Phone, tt.phone)
			}
		})
	}
}

// TestFontSizeVars: a font size given by var() is resolved through the custom properties
// the element inherits or sets, per screen, with var()'s fallback when unset.
func TestFontSizeVars(t *testing.T) {
	tests := []struct {
		name, css string
		want      float64 // the h1's size on the laptop, px
		phone     float64 // and on a phone
	}{
		{"set at the root", `:root { --h1: 3rem } h1 { font-size: var(--h1) }`, 48, 48},
		{"set by a rule on an ancestor", `:root { --h1: 2rem } .doc h1 { --h1: 3rem } h1 { font-size: var(--h1) }`, 48, 48},
		{"per screen", `:root { --h1: 3rem } @media (max-width: 996px) { :root { --h1: 2rem } } h1 { font-size: var(--h1) }`, 48, 32},
		{"through another property", `:root { --base: 20px; --h1: var(--base) } h1 { font-size: var(--h1) }`, 20, 20},
		{"the fallback when unset", `h1 { font-size: var(--nope, 40px) }`, 40, 40},
		{"unset without a fallback: the element's default", `h1 { font-size: var(--nope) }`, 32, 32},
		{"a loop: the element's default", `:root { --a: var(--b); --b: var(--a) } h1 { font-size: var(--a) }`, 32, 32},
		// Eight properties each reading the next eight times: 8^8 substitutions unbounded.
		{"a fan-out that would grow exponentially: the element's default", fanOut(8), 32, 32},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{
				"/index.html": `<!doctype html><html><head><link rel="stylesheet" href="/s.css"></head><body><div class="doc"><h1>Title</h1></div></body></html>`,
				"/s.css":      tt.css,
			}
			site := memSite{}
			for p, b := range files {
				site[p] = []byte(b)
			}
			a := newTestEstimator(t, site, "/index.html")
			var h1 *html.Node
			for n := range a.doc.Root.Descendants() {
				if n.Type == html.ElementNode && n.Data == "h1" {
					h1 = n
				}
			}
			cf, _ := a.fonts.lookup(h1)
			if cf.size != tt.want || cf.pSize != tt.phone {
				t.Errorf("h1 size = %v (phone %v), want %v (%v)", cf.size, cf.pSize, tt.want, tt.phone)
			}
		})
	}
}

// fanOut returns a sheet of n custom properties, each reading the next n times, and an h1
// sized by the first.
func fanOut(n int) string {
	var b strings.Builder
	b.WriteString(":root {")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, " --v%d:", i)
		for j := 0; j < n; j++ {
			if i == n-1 {
				b.WriteString(" 1px")
			} else {
				fmt.Fprintf(&b, " var(--v%d)", i+1)
			}
		}
		b.WriteString(";")
	}
	b.WriteString(" } h1 { font-size: var(--v0) }")
	return b.String()
}
