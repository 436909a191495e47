package graph

import (
	"strings"
	"testing"
)

// TestPictureMediaSources: an LCP <picture> whose sources differ by media gets one preload
// per source, with media that are mutually exclusive in the order the browser tries them.
func TestPictureMediaSources(t *testing.T) {
	type want struct{ url, media, typ, srcset string }
	tests := []struct {
		name, picture string
		want          []want
	}{
		{"one media source",
			`<source media="(min-width: 800px)" srcset="/img/wide-1200.jpg 1200w, /img/wide-1600.jpg 1600w" sizes="100vw"><img src="/img/narrow.jpg" srcset="/img/narrow.jpg 800w" sizes="100vw" width="800" height="600" alt="">`,
			[]want{{"/img/wide-1200.jpg", "(min-width: 800px)", "", "/img/wide-1200.jpg 1200w, /img/wide-1600.jpg 1600w"},
				{"/img/narrow.jpg", "not all and (min-width: 800px)", "", "/img/narrow.jpg 800w"}}},
		{"two media sources",
			`<source media="(min-width: 1200px)" srcset="/img/wide-1600.jpg"><source media="screen and (min-width: 800px)" srcset="/img/wide-1200.jpg"><img src="/img/narrow.jpg" width="800" height="600" alt="">`,
			[]want{{"/img/wide-1600.jpg", "(min-width: 1200px)", "", ""},
				{"/img/wide-1200.jpg", "(min-width: 800px) and (not (min-width: 1200px))", "", ""},
				{"/img/narrow.jpg", "(not (min-width: 1200px)) and (not (min-width: 800px))", "", ""}}},
		{"media and types",
			`<source media="(min-width: 800px)" type="image/avif" srcset="/img/wide.avif"><source media="(min-width: 800px)" srcset="/img/wide-1200.jpg"><img src="/img/narrow.jpg" width="800" height="600" alt="">`,
			[]want{{"/img/wide.avif", "(min-width: 800px)", "image/avif", ""},
				{"/img/narrow.jpg", "not all and (min-width: 800px)", "", ""}}},
		{"media then typed fallback",
			`<source media="(orientation: portrait)" srcset="/img/narrow.jpg"><source type="image/avif" srcset="/img/wide.avif"><img src="/img/wide-1200.jpg" width="1200" height="600" alt="">`,
			[]want{{"/img/narrow.jpg", "(orientation: portrait)", "", ""},
				{"/img/wide.avif", "not all and (orientation: portrait)", "image/avif", ""}}},
		{"media list: not hinted",
			`<source media="(min-width: 800px), print" srcset="/img/wide-1200.jpg"><img src="/img/narrow.jpg" width="800" height="600" alt="">`,
			nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{
				"/index.html": `<!doctype html><html><head></head><body><picture>` + tt.picture + `</picture><p>Caption.</p></body></html>`,
			}
			for _, f := range []string{"wide-1200.jpg", "wide-1600.jpg", "narrow.jpg", "wide.avif"} {
				files["/img/"+f] = strings.Repeat("j", 50000)
			}
			p := analyzeFiles(t, files, Options{})
			if p.LCP == nil || p.LCP.Kind != "image" {
				t.Fatalf("LCP = %+v", p.LCP)
			}
			var got []want
			for _, h := range p.Hints {
				if h.As == "image" && h.HTML {
					got = append(got, want{h.URL, h.Media, h.Type, h.ImageSrcset})
					if h.FetchPriority != "high" {
						t.Errorf("%s: fetchpriority=%q", h.URL, h.FetchPriority)
					}
				}
			}
			if len(got) != len(tt.want) {
				t.Fatalf("image hints:\n got %+v\nwant %+v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("hint %d = %+v, want %+v", i, got[i], tt.want[i])
				}
			}
		})
	}
}
