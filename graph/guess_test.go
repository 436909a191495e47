package graph

import (
	"context"
	"strings"
	"testing"

	"github.com/preloadgen/preloadgen/parse"
)

// TestApplyGuess: the page's resources carry no LCP until applyEstimate, the one place
// that applies the estimate: it marks what the guess needs (its image, its background,
// or nothing for text without web fonts).
func TestApplyGuess(t *testing.T) {
	const css = `.band{min-height:60vh;background-image:url(/band.jpg)}`
	for _, tt := range []struct {
		name, body string
		kind       LCPKind
		lcpURL     string // the resource applyEstimate marks as the LCP's
	}{
		{"a hero image", `<img class="hero" src="/hero.jpg" width="1600" height="900" alt=""><p>Text.</p>`, LCPImage, "/hero.jpg"},
		{"a band and an <img>", `<div class="band">Site</div><img id="h" src="/hero.jpg" width="1300" height="700" alt=""><p>Text.</p>`, LCPBackground, "/band.jpg"},
		{"text", `<h1>A title for the page</h1><p>Text.</p>`, LCPText, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a := newTestAnalyzer(t, memSite{
				"/index.html": []byte(`<!doctype html><html><head><link rel="stylesheet" href="/s.css"></head><body>` + tt.body + `</body></html>`),
				"/s.css":      []byte(css),
				"/hero.jpg":   []byte(strings.Repeat("h", 160000)),
				"/band.jpg":   []byte(strings.Repeat("b", 60000)),
			}, "/index.html")
			for u, r := range a.byURL {
				if r.LCP {
					t.Errorf("before applyEstimate: %s is the LCP's", u)
				}
			}
			if a.page.LCP != nil {
				t.Errorf("before applyEstimate: LCP = %+v", a.page.LCP)
			}
			a.applyEstimate()
			if a.page.LCP == nil || a.page.LCP.Kind != tt.kind {
				t.Fatalf("applied: LCP = %+v", a.page.LCP)
			}
			for u, r := range a.byURL {
				if want := u == tt.lcpURL; r.LCP != want || want && !r.Needed {
					t.Errorf("applied: %s LCP %v needed %v, want LCP %v", u, r.LCP, r.Needed, want)
				}
			}
		})
	}
}

// newTestAnalyzer reads page from site and makes its first-screen estimate, as
// analyzeDoc does.
func newTestAnalyzer(t *testing.T, site memSite, page string) *analyzer {
	t.Helper()
	doc, err := parse.ParseHTMLFull(site[page])
	if err != nil {
		t.Fatal(err)
	}
	a := newAnalyzer(context.Background(), site, page, doc, Options{}.withDefaults())
	a.walkRefs()
	a.estimate()
	return a
}
