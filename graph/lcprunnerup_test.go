package graph

import (
	"strings"
	"testing"
)

// TestUnsureBackgroundYieldsToAnEarlyImage: an unsure background guess is preloaded only
// when what contradicts it is not an image the browser finds in the HTML; when it is one
// (a Vite page's header band and its hero <img>), neither is preloaded, and the
// background's resource says why.
func TestUnsureBackgroundYieldsToAnEarlyImage(t *testing.T) {
	const css = `.band{min-height:60vh;background-image:url(/band.jpg)} .second{min-height:60vh;background-image:url(/second.jpg)}`
	for _, tt := range []struct {
		name, body string
		unsure     bool
		bandHint   string // "" none, "plain" without fetchpriority, "high"
	}{
		{"alone: sure, raised", `<div class="band">Site</div><p>Text.</p>`, false, "high"},
		{"an <img> of the HTML as large: left to the browser",
			`<div class="band">Site</div><img class="hero" src="/hero.jpg" width="1300" height="700" alt=""><p>Text.</p>`, true, ""},
		{"an <img> of unknown size: left to the browser",
			`<div class="band">Site</div><img src="/hero.jpg" alt=""><p>Text.</p>`, true, ""},
		{"another background: preloaded, not raised",
			`<div class="band">Site</div><div class="second">More</div><p>Text.</p>`, true, "plain"},
		{"a lazy <img> does not count", `<div class="band">Site</div><img src="/hero.jpg" width="1300" height="700" loading="lazy" alt=""><p>Text.</p>`, false, "high"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := analyzeFiles(t, map[string]string{
				"/index.html": `<!doctype html><html><head><link rel="stylesheet" href="/s.css"></head><body>` + tt.body + `</body></html>`,
				"/s.css":      css,
				"/band.jpg":   strings.Repeat("b", 60000),
				"/second.jpg": strings.Repeat("s", 60000),
				"/hero.jpg":   strings.Repeat("h", 160000),
			}, Options{})
			if p.LCP == nil || p.LCP.Kind != LCPBackground || p.LCP.URL != "/band.jpg" {
				t.Fatalf("LCP = %+v, want the band", p.LCP)
			}
			if (p.LCP.Unsure != "") != tt.unsure {
				t.Errorf("unsure = %q, want unsure=%v", p.LCP.Unsure, tt.unsure)
			}
			h := findHint(p, "/band.jpg")
			got := ""
			switch {
			case h != nil && h.FetchPriority == "high":
				got = "high"
			case h != nil:
				got = "plain"
			}
			if got != tt.bandHint {
				t.Errorf("band hint = %+v, want %q", h, tt.bandHint)
			}
			if r := findResource(p, "/band.jpg"); tt.bandHint == "" && (r == nil || !strings.Contains(r.Why, "an image of the HTML that the browser finds first, may be the LCP")) {
				t.Errorf("band resource = %+v, want the reason it is not hinted", r)
			}
			if h := findHint(p, "/hero.jpg"); h != nil {
				t.Errorf("hero hinted: %+v", h)
			}
		})
	}
}
