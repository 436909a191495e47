package graph

import (
	"strings"
	"testing"
)

// TestPhoneCheck: an image guessed for a laptop's first screen is checked against a
// phone's (412x915 CSS px), where images shrink to the phone's width and text runs
// longer. When something else paints clearly more there, the image's hint keeps
// fetchpriority=high only for wider screens (phoneMedia) and lcp.phone names the phone's
// element; otherwise nothing changes.
func TestPhoneCheck(t *testing.T) {
	thumbs := func(attrs string) string {
		var b strings.Builder
		b.WriteString(`<h2>Recent</h2><div class="grid">`)
		for _, n := range []string{"1", "2", "3", "4"} {
			b.WriteString(`<div><img src="/t` + n + `.jpg" width="400" height="300" ` + attrs + ` alt=""></div>`)
		}
		b.WriteString(`</div>`)
		return b.String()
	}
	long := `<p>` + strings.Repeat("A long opening paragraph that runs on and on. ", 55) + `</p>`
	tests := []struct {
		name, body string
		thumbSize  int    // bytes of each thumbnail file
		phone      string // the phone's element: an image URL, "text", or "" when it agrees
	}{
		{"a wide hero over 4:3 thumbnails (lazy ones count)",
			`<img src="/hero.jpg" width="1920" height="1080" alt="">` + thumbs(`loading="lazy"`), 30000, "/t1.jpg"},
		{"a wide hero alone", `<img src="/hero.jpg" width="1920" height="1080" alt=""><p>A caption.</p>`, 30000, ""},
		{"a square hero over 4:3 thumbnails", `<img src="/hero.jpg" width="1200" height="1200" alt="">` + thumbs(`loading="lazy"`), 30000, ""},
		{"a hero over a long paragraph", `<img src="/hero.jpg" width="960" height="480" alt="">` + long, 30000, "text"},
		{"flat placeholders do not count", `<img src="/hero.jpg" width="1920" height="1080" alt="">` + thumbs(`loading="lazy"`), 200, ""},
		{"thumbnails below the phone's first screen", `<img src="/hero.jpg" width="1920" height="1080" alt="">` + long + thumbs(``), 30000, "text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{
				"/index.html": `<!doctype html><html><head><meta name="viewport" content="width=device-width"></head><body>` + tt.body + `</body></html>`,
				"/hero.jpg":   strings.Repeat("j", 90000),
			}
			for _, n := range []string{"1", "2", "3", "4"} {
				files["/t"+n+".jpg"] = strings.Repeat("t", tt.thumbSize)
			}
			p := analyzeFiles(t, files, Options{})
			if p.LCP == nil || p.LCP.URL != "/hero.jpg" {
				t.Fatalf("LCP = %+v, want /hero.jpg", p.LCP)
			}
			h := findHint(p, "/hero.jpg")
			if h == nil || h.FetchPriority != "high" {
				t.Fatalf("hint for the hero = %+v, want fetchpriority=high", h)
			}
			if tt.phone == "" {
				if p.LCP.Phone != nil || h.Media != "" {
					t.Errorf("phone = %+v, hint media %q; want neither", p.LCP.Phone, h.Media)
				}
				return
			}
			if phoneMedia := "(min-width: 768px)"; h.Media != phoneMedia {
				t.Errorf("hint media = %q, want %q", h.Media, phoneMedia)
			}
			ph := p.LCP.Phone
			switch {
			case ph == nil:
				t.Errorf("no phone guess, want %s", tt.phone)
			case tt.phone == "text" && ph.Kind != LCPText:
				t.Errorf("phone = %+v, want text", ph)
			case tt.phone != "text" && ph.URL != tt.phone:
				t.Errorf("phone = %+v, want %s", ph, tt.phone)
			}
			// No hint is added for the phone's element: it is left to the page.
			for _, x := range p.Hints {
				if x.As == "image" && x.URL != "/hero.jpg" {
					t.Errorf("unexpected hint %+v", x)
				}
			}
		})
	}
}

// TestSizesAuto: an LCP image with sizes=auto gets no preload (a preload cannot say auto:
// it would take 100vw and fetch a larger candidate, which the image then takes from the
// cache); one with a plain sizes does.
func TestSizesAuto(t *testing.T) {
	for _, tt := range []struct {
		sizes string
		hint  bool
	}{{"auto", false}, {"AUTO, 100vw", false}, {"(min-width: 800px) 50vw, 100vw", true}, {"", true}} {
		img := `<img src="/h-800.jpg" srcset="/h-800.jpg 800w, /h-1600.jpg 1600w" width="1600" height="1067" loading="lazy" alt=""`
		if tt.sizes != "" {
			img += ` sizes="` + tt.sizes + `"`
		}
		p := analyzeFiles(t, map[string]string{
			"/index.html": `<!doctype html><html><head></head><body><div class="hero">` + img + `></div><p>Text.</p></body></html>`,
			"/h-800.jpg":  strings.Repeat("j", 40000), "/h-1600.jpg": strings.Repeat("j", 90000),
		}, Options{})
		if p.LCP == nil || p.LCP.URL != "/h-800.jpg" {
			t.Fatalf("sizes %q: LCP = %+v", tt.sizes, p.LCP)
		}
		if h := findHint(p, "/h-800.jpg"); (h != nil) != tt.hint {
			t.Errorf("sizes %q: hint %+v, want a hint: %v", tt.sizes, h, tt.hint)
		}
	}
}
