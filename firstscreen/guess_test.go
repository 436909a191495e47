package firstscreen

import (
	"strings"
	"testing"

	"github.com/preloadgen/preloadgen/parse"
)

// TestEstimateReturnsAGuess: the estimate answers with a Guess: its kind, its element,
// the image or background it paints, whether it is unsure, and the runner-up that makes
// it so.
func TestEstimateReturnsAGuess(t *testing.T) {
	const css = `.band{min-height:60vh;background-image:url(/band.jpg)}`
	for _, tt := range []struct {
		name, body string
		kind       Kind
		element    string // parse.Describe(Node)
		unsure     bool
		runnerUp   string // the runner-up's element, "" for none
		url        string // the image's or background's file
	}{
		{"a hero image", `<img class="hero" src="/hero.jpg" width="1600" height="900" alt=""><p>Text.</p>`,
			KindImage, "img.hero", false, "", "/hero.jpg"},
		{"a band and an <img>", `<div class="band">Site</div><img id="h" src="/hero.jpg" width="1300" height="700" alt=""><p>Text.</p>`,
			KindBackground, "div.band", true, "img#h", "/band.jpg"},
		{"text", `<h1>A title for the page</h1><p>Text.</p>`, KindText, "h1", false, "", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res := estimateFiles(t, map[string]string{
				"/index.html": `<!doctype html><html><head><link rel="stylesheet" href="/s.css"></head><body>` + tt.body + `</body></html>`,
				"/s.css":      css,
				"/hero.jpg":   strings.Repeat("h", 160000),
				"/band.jpg":   strings.Repeat("b", 60000),
			})
			g := res.Guess
			if g.Kind != tt.kind || parse.Describe(g.Node) != tt.element || (g.Unsure != "") != tt.unsure {
				t.Errorf("guess = %v %s unsure %q; want %v %s unsure=%v", g.Kind, parse.Describe(g.Node), g.Unsure, tt.kind, tt.element, tt.unsure)
			}
			var runnerUp string
			if g.RunnerUp != nil {
				runnerUp = parse.Describe(g.RunnerUp.Node)
			}
			if runnerUp != tt.runnerUp {
				t.Errorf("runner-up = %q, want %q", runnerUp, tt.runnerUp)
			}
			var url string
			switch {
			case g.Image != nil:
				url = g.Image.URL
			case g.Background != nil:
				url = g.Background.URL
			}
			if url != tt.url {
				t.Errorf("file = %q, want %q", url, tt.url)
			}
			if tt.kind == KindBackground && (len(res.Backgrounds) != 1 || res.Backgrounds[0].URL != tt.url) {
				t.Errorf("backgrounds found = %v, want %s once", res.Backgrounds, tt.url)
			}
		})
	}
}
