package graph

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/preloadgen/preloadgen/parse"
)

// TestRankGroupsWithoutCSS: the ranking's groups (docs/design.md §2), on a graph built
// directly, with no stylesheet to cascade and no estimate: the resources, what the LCP
// needs and the guess are given, so the row tests the ranking alone. The blocking CSS
// chain comes first, then what the LCP needs (its image, or the font its text waits
// for), other used fonts, entry modules and blocking scripts; within a group what the
// LCP needs first, then the shallower, then the first found.
func TestRankGroupsWithoutCSS(t *testing.T) {
	type res struct {
		url     string
		kind    Kind
		depth   int
		lcp     bool
		display string // font-display of a font
	}
	for _, tt := range []struct {
		name string
		lcp  *LCP
		res  []res
		want []string // hinted URLs, in rank order
	}{
		{"an image LCP: CSS, image, fonts, modules, scripts",
			&LCP{Kind: LCPImage, URL: "/hero.jpg"},
			[]res{{"/s.js", KindScript, 2, false, ""}, {"/m.js", KindModule, 2, false, ""}, {"/f.woff2", KindFont, 2, false, "swap"},
				{"/hero.jpg", KindImage, 1, true, ""}, {"/b.css", KindStyle, 2, false, ""}},
			[]string{"/b.css", "/hero.jpg", "/f.woff2", "/m.js", "/s.js"}},
		{"a text LCP: its block font with the LCP, its swap font first among fonts",
			&LCP{Kind: LCPText},
			[]res{{"/other.woff2", KindFont, 2, false, "swap"}, {"/lcp-swap.woff2", KindFont, 3, true, "swap"},
				{"/lcp-block.woff2", KindFont, 3, true, "block"}, {"/c.css", KindStyle, 3, false, ""}, {"/b.css", KindStyle, 2, false, ""}},
			[]string{"/b.css", "/c.css", "/lcp-block.woff2", "/lcp-swap.woff2", "/other.woff2"}},
		{"within a group: shallower, then first found",
			&LCP{Kind: LCPText},
			[]res{{"/m3.js", KindModule, 3, false, ""}, {"/m2b.js", KindModule, 2, false, ""}, {"/m2a.js", KindModule, 2, false, ""}},
			[]string{"/m2b.js", "/m2a.js", "/m3.js"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			site := memSite{}
			for _, r := range tt.res {
				site[r.url] = []byte(strings.Repeat("x", 1000))
			}
			doc, err := parse.ParseHTML([]byte(`<!doctype html><html><head><title>t</title></head><body><p>Text.</p></body></html>`))
			if err != nil {
				t.Fatal(err)
			}
			a := newAnalyzer(context.Background(), site, "/index.html", doc, Options{}.withDefaults())
			for _, r := range tt.res {
				x := a.add(r.url, r.kind, r.depth, EdgeStylesheet, "/index.html", true, "given")
				x.LCP, x.FontDisplay = r.lcp, r.display
				if r.kind == KindFont {
					x.Type, x.CrossOrigin = "font/woff2", "anonymous"
				}
			}
			a.page.LCP = tt.lcp
			a.rank()
			var got []string
			for _, h := range a.page.Hints {
				got = append(got, h.URL)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("hints %v, want %v", got, tt.want)
			}
		})
	}
}
