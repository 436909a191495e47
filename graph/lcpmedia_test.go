package graph

import (
	"strings"
	"testing"
)

// TestLCPShownByMedia: an LCP image or background that only some screens show (its
// display, or its background rule, is under @media) is hinted with that media, so no
// other screen fetches it, let alone at fetchpriority=high; when the media cannot be
// written as one query the guess is unsure (no fetchpriority=high); an image that no
// screen shows is not a candidate.
func TestLCPShownByMedia(t *testing.T) {
	const img = `<img class="hero" src="/hero.jpg" width="1600" height="900" alt="">`
	tests := []struct {
		name, css, body string
		url, media      string // the LCP's URL ("" text) and the media of its hint
		high            bool   // fetchpriority=high
	}{
		{"hidden on phones", `@media (max-width: 600px) { .hero { display: none } }`, img,
			"/hero.jpg", "not all and (max-width: 600px)", true},
		{"shown on wide screens only", `.hero { display: none } @media screen and (min-width: 800px) { .hero { display: block } }`, img,
			"/hero.jpg", "(min-width: 800px)", true},
		{"one image per screen: the laptop's", `.wide { display: none } @media (min-width: 800px) { .wide { display: block } .narrow { display: none } }`,
			`<img class="narrow" src="/narrow.jpg" width="800" height="900" alt=""><img class="wide" src="/hero.jpg" width="1600" height="900" alt="">`,
			"/hero.jpg", "(min-width: 800px)", true},
		{"shown everywhere", `@media (max-width: 600px) { .hero { display: block } }`, img,
			"/hero.jpg", "", true},
		{"hidden everywhere", `.hero { display: none }`, img + `<p>Some text of the page.</p>`,
			"", "", false},
		{"hidden by an ancestor on phones", `@media (max-width: 600px) { .top { display: none } }`, `<div class="top">` + img + `</div>`,
			"/hero.jpg", "not all and (max-width: 600px)", true},
		{"two media on the way: unsure", `@media (max-width: 600px) { .top { display: none } } @media (min-width: 1400px) { .hero { display: none } }`,
			`<div class="top">` + img + `</div>`,
			"/hero.jpg", "", false},
		{"a media list: unsure", `@media (max-width: 600px), (orientation: portrait) { .hero { display: none } }`, img,
			"/hero.jpg", "", false},
		{"background on wide screens", `@media (min-width: 800px) { .banner { background-image: url(/hero.jpg); min-height: 60vh } }`,
			`<section class="banner"><h1>Welcome</h1></section>`,
			"/hero.jpg", "(min-width: 800px)", true},
		{"picture with media sources, itself under media: unsure", `@media (max-width: 600px) { picture { display: none } }`,
			`<picture><source media="(min-width: 1200px)" srcset="/wide.jpg"><img src="/hero.jpg" width="1600" height="900" alt=""></picture>`,
			"/wide.jpg", "(min-width: 1200px)", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{
				"/index.html": `<!doctype html><html><head><link rel="stylesheet" href="/s.css"></head><body>` + tt.body + `</body></html>`,
				"/s.css":      tt.css,
			}
			for _, f := range []string{"/hero.jpg", "/narrow.jpg", "/wide.jpg"} {
				files[f] = strings.Repeat("j", 90000)
			}
			p := analyzeFiles(t, files, Options{})
			if p.LCP == nil {
				t.Fatal("no LCP guess")
			}
			if tt.url == "" {
				if p.LCP.Kind != "text" {
					t.Fatalf("LCP = %+v, want text", p.LCP)
				}
				return
			}
			if p.LCP.URL != tt.url {
				t.Fatalf("LCP = %+v, want %s", p.LCP, tt.url)
			}
			// An unsure guess of a depth-1 image may go without a hint at all.
			h := findHint(p, tt.url)
			if h == nil && tt.high {
				t.Fatalf("no hint for %s: %+v", tt.url, p.Hints)
			}
			if h != nil && strings.ReplaceAll(h.Media, " ", "") != strings.ReplaceAll(tt.media, " ", "") {
				t.Errorf("hint media = %q, want %q", h.Media, tt.media)
			}
			if h != nil && (h.FetchPriority == "high") != tt.high {
				t.Errorf("fetchpriority = %q, want high=%v (unsure: %q)", h.FetchPriority, tt.high, p.LCP.Unsure)
			}
			if (p.LCP.Unsure == "") != tt.high {
				t.Errorf("unsure = %q, want unsure=%v", p.LCP.Unsure, !tt.high)
			}
			// Never fetchpriority=high on an image that some screen does not show,
			// unless the hint's media leaves those screens out.
			for _, h := range p.Hints {
				if h.As == "image" && h.FetchPriority == "high" && h.Media == "" && p.LCP.Media != "" {
					t.Errorf("%s: fetchpriority=high without media, LCP shown only where %s", h.URL, p.LCP.Media)
				}
			}
		})
	}
}
