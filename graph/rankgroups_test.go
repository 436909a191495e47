package graph

import (
	"cmp"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/preloadgen/preloadgen/parse"
)

// TestRankGroupsWithoutCSS: the ranking's groups and budgets (docs/design.md §2), on a
// graph built directly, with no stylesheet to cascade and no estimate: the resources,
// what the LCP needs and the guess are given, so the row tests the ranking alone. The
// blocking CSS chain comes first, then what the LCP needs (its image, or the font its
// text waits for), other used fonts, entry modules and blocking scripts; within a group
// what the LCP needs first, then the shallower, then the first found. The font budget
// holds for the LCP's fonts too; the count and byte budgets do not cut what the LCP needs.
func TestRankGroupsWithoutCSS(t *testing.T) {
	type res struct {
		url     string
		kind    Kind
		depth   int
		lcp     bool
		display string // font-display of a font
		bytes   int    // 1000 when 0
	}
	for _, tt := range []struct {
		name string
		opts Options
		lcp  *LCP
		res  []res
		want []string // hinted URLs, in rank order, with where each goes (html, header)
	}{
		{"an image LCP: CSS, image, fonts, modules, scripts", Options{},
			&LCP{Kind: LCPImage, URL: "/hero.jpg"},
			[]res{{"/s.js", KindScript, 2, false, "", 0}, {"/m.js", KindModule, 2, false, "", 0}, {"/f.woff2", KindFont, 2, false, "swap", 0},
				{"/hero.jpg", KindImage, 1, true, "", 0}, {"/b.css", KindStyle, 2, false, "", 0}},
			[]string{"/b.css html header", "/hero.jpg header", "/f.woff2 html header", "/m.js html header", "/s.js html header"}},
		{"a text LCP: its block font with the LCP, its swap font first among fonts", Options{},
			&LCP{Kind: LCPText},
			[]res{{"/other.woff2", KindFont, 2, false, "swap", 0}, {"/lcp-swap.woff2", KindFont, 3, true, "swap", 0},
				{"/lcp-block.woff2", KindFont, 3, true, "block", 0}, {"/c.css", KindStyle, 3, false, "", 0}, {"/b.css", KindStyle, 2, false, "", 0}},
			[]string{"/b.css html header", "/c.css html header", "/lcp-block.woff2 html header", "/lcp-swap.woff2 html header", "/other.woff2 html header"}},
		{"within a group: shallower, then first found", Options{},
			&LCP{Kind: LCPText},
			[]res{{"/m3.js", KindModule, 3, false, "", 0}, {"/m2b.js", KindModule, 2, false, "", 0}, {"/m2a.js", KindModule, 2, false, "", 0}},
			[]string{"/m2b.js html header", "/m2a.js html header", "/m3.js html header"}},
		{"MaxFonts 1: the LCP's font takes it", Options{Policy: Policy{MaxFonts: 1}},
			&LCP{Kind: LCPText},
			[]res{{"/a.woff2", KindFont, 2, false, "swap", 0}, {"/lcp.woff2", KindFont, 3, true, "block", 0}},
			[]string{"/lcp.woff2 html header"}},
		{"MaxPreloads 1: the CSS chain, and the LCP image past it", Options{Policy: Policy{MaxPreloads: 1}},
			&LCP{Kind: LCPImage, URL: "/hero.jpg"},
			[]res{{"/m.js", KindModule, 2, false, "", 0}, {"/hero.jpg", KindImage, 2, true, "", 0}, {"/b.css", KindStyle, 2, false, "", 0}},
			[]string{"/b.css html header", "/hero.jpg html header"}},
		{"MaxBytes per hint set: the LCP image over it in the HTML, a font in the 103 the image is not in", Options{Policy: Policy{MaxBytes: 50000, YieldBytes: 1 << 20}},
			&LCP{Kind: LCPImage, URL: "/hero.jpg"},
			[]res{{"/f.woff2", KindFont, 2, false, "swap", 0}, {"/hero.jpg", KindImage, 2, true, "", 80000}},
			[]string{"/hero.jpg html", "/f.woff2 header"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			site := memSite{}
			for _, r := range tt.res {
				site[r.url] = []byte(strings.Repeat("x", cmp.Or(r.bytes, 1000)))
			}
			doc, err := parse.ParseHTML([]byte(`<!doctype html><html><head><title>t</title></head><body><p>Text.</p></body></html>`))
			if err != nil {
				t.Fatal(err)
			}
			a := newAnalyzer(context.Background(), site, "/index.html", doc, tt.opts.withDefaults())
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
				w := h.URL
				if h.HTML {
					w += " html"
				}
				if h.Header {
					w += " header"
				}
				got = append(got, w)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("hints %v, want %v", got, tt.want)
			}
		})
	}
}
