package graph

import (
	"strings"
	"testing"
)

// TestEstimateReturnsAGuess: the estimate answers with a Guess (kind, element, image or
// background, unsure, runner-up, phone) and leaves the page's resources as they were;
// applyGuess alone marks what the LCP needs.
func TestEstimateReturnsAGuess(t *testing.T) {
	const css = `.band{min-height:60vh;background-image:url(/band.jpg)}`
	for _, tt := range []struct {
		name, body string
		kind       LCPKind
		element    string // describe(Node)
		unsure     bool
		runnerUp   string // describe of the runner-up's element, "" for none
		lcpURL     string // the resource applyGuess marks as the LCP's
	}{
		{"a hero image", `<img class="hero" src="/hero.jpg" width="1600" height="900" alt=""><p>Text.</p>`,
			LCPImage, "img.hero", false, "", "/hero.jpg"},
		{"a band and an <img>", `<div class="band">Site</div><img id="h" src="/hero.jpg" width="1300" height="700" alt=""><p>Text.</p>`,
			LCPBackground, "div.band", true, "img#h", "/band.jpg"},
		{"text", `<h1>A title for the page</h1><p>Text.</p>`, LCPText, "h1", false, "", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a := newTestAnalyzer(t, memSite{
				"/index.html": []byte(`<!doctype html><html><head><link rel="stylesheet" href="/s.css"></head><body>` + tt.body + `</body></html>`),
				"/s.css":      []byte(css),
				"/hero.jpg":   []byte(strings.Repeat("h", 160000)),
				"/band.jpg":   []byte(strings.Repeat("b", 60000)),
			}, "/index.html")
			before := map[string]bool{}
			for u, r := range a.byURL {
				before[u] = r.Needed || r.LCP
			}
			g, ok := a.estimate()
			if !ok {
				t.Fatal("no guess")
			}
			if g.Kind != tt.kind || describe(g.Node) != tt.element || (g.Unsure != "") != tt.unsure {
				t.Errorf("guess = %s %s unsure %q; want %s %s unsure=%v", g.Kind, describe(g.Node), g.Unsure, tt.kind, tt.element, tt.unsure)
			}
			var runnerUp string
			if g.RunnerUp != nil {
				runnerUp = describe(g.RunnerUp.node())
			}
			if runnerUp != tt.runnerUp {
				t.Errorf("runner-up = %q, want %q", runnerUp, tt.runnerUp)
			}
			if a.page.LCP != nil {
				t.Errorf("the estimate set the page's LCP: %+v", a.page.LCP)
			}
			for u, r := range a.byURL {
				if (r.Needed || r.LCP) != before[u] {
					t.Errorf("the estimate changed %s: needed %v, LCP %v", u, r.Needed, r.LCP)
				}
			}
			a.applyGuess(g)
			if a.page.LCP == nil || a.page.LCP.Kind != tt.kind {
				t.Fatalf("applied: LCP = %+v", a.page.LCP)
			}
			if tt.lcpURL != "" {
				if r := a.byURL[tt.lcpURL]; r == nil || !r.LCP || !r.Needed {
					t.Errorf("applied: %s = %+v, want the LCP's, needed", tt.lcpURL, r)
				}
			}
		})
	}
}
