package firstscreen

import (
	"math"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/preloadgen/preloadgen/style"
)

// maxContents is the max-content width (maxContent) of every numbered element of the
// page of a, by its number, on sc, measured with fresh memos; and its display there.
func maxContents(a *estimator, own *blockSet, sc style.Screen) ([]float64, []string) {
	cw := &columnWidths{a: a, sc: sc, own: own, cols: map[*html.Node]column{},
		flex: map[*html.Node]map[*html.Node]float64{}, content: map[*html.Node]float64{}}
	out := make([]float64, len(a.fonts.ends))
	disp := make([]string, len(a.fonts.ends))
	for _, e := range numberedElems(a) {
		out[e.i] = cw.maxContent(e.n, e.i)
		disp[e.i] = a.displayAt(e.n, e.i, sc)
	}
	return out, disp
}

// checkWalkFlags fails t when the blocks made as they are asked for (blockSet) are not
// those of the walk over the whole page (checkBlockSet), or an element's hidden state,
// kept, not the one a walk over its ancestors finds (checkHidden); or when an element of page
// measures another max-content width, on either screen, with the subtrees that the
// blocks' walk found to measure nothing skipped (walkFlags emptyKids, found as
// maxContent asks) than with every element under them measured; or when its display
// there differs with what the walk found (noStyleAttr) and without.
func checkWalkFlags(t *testing.T, site memSite, page string) {
	t.Helper()
	if a := newTestEstimator(t, site, page); a.fonts == nil {
		return
	}
	checkBlockSet(t, site, page)
	checkHidden(t, site, page)
	for _, sc := range style.Screens() {
		a := newTestEstimator(t, site, page)
		got, gotDisp := maxContents(a, a.blocks(), sc)
		// Every element's flags known, and none found: every subtree is measured, and
		// every display read with the element's style attribute looked for.
		b := newTestEstimator(t, site, page)
		own := b.blocks()
		for i := range b.walked {
			b.walked[i] = kidsKnown
		}
		want, wantDisp := maxContents(b, own, sc)
		for i := range gotDisp {
			if gotDisp[i] != wantDisp[i] {
				t.Fatalf("%s, %s screen: element %d displayed %q after the walk, %q", page, sc.Name, i, gotDisp[i], wantDisp[i])
			}
		}
		for i := range got {
			if got[i] != want[i] && !(math.IsNaN(got[i]) && math.IsNaN(want[i])) {
				t.Fatalf("%s, %s screen: element %d measures %v with empty subtrees skipped, %v measured", page, sc.Name, i, got[i], want[i])
			}
		}
	}
}

// TestWalkFlags: what textBlocks' walk found changes no element's max-content width
// (skipping what measures nothing) nor its display (not looking for a style attribute),
// on pages of text and inline markup, replaced elements, margins and paddings on inline
// elements, hidden and unnumbered elements, style attributes and flex rows; and on the
// corpus's pages.
func TestWalkFlags(t *testing.T) {
	for _, tt := range []struct{ name, css, body string }{
		{"code", `.row{display:flex} pre{padding:4px}`,
			`<div class=row><pre class=n><span>1</span><span>2</span></pre><pre><code><span class=k>fn</span> <span>main</span>() {}</code></pre></div>`},
		{"inline insets", `.row{display:flex} b{padding:0 3px} i{margin-left:-2px}`,
			`<div class=row><div><span><b>bold</b></span></div><div><span><i>x</i></span>y</div></div>`},
		{"phone only inset", `.row{display:flex} @media (max-width:700px){em{padding:0 9px}}`,
			`<div class=row><p><span><em>a</em></span></p><p>b</p></div>`},
		{"replaced", `.row{display:flex}`,
			`<div class=row><div><span><img src=a.png width=120></span></div><div><span><svg width=30></svg></span><video width=50></video><canvas width=20></canvas><iframe width=70></iframe></div></div>`},
		{"hidden and skipped", `.row{display:flex} .h{display:none} .sr{position:absolute}`,
			`<div class=row><div><span hidden><img src=a.png width=90></span><span class=h><b>x</b></span><script>1</script><template><p>t</p></template><noscript><p>n</p></noscript><br></div><div><span class=sr>s</span><math><mi>x</mi></math></div></div>`},
		{"nested rows", `.row,.in{display:flex} .in span{display:block;width:40px}`,
			`<div class=row><div class=in><span>one</span><span>two</span></div><div><div class=in><em></em><em></em></div></div></div>`},
		{"style attributes", `.row{display:flex} p{display:inline}`,
			`<div class=row style="display:block"><p style="display: flex">a<span style="display:none">b</span></p><p>c</p><p style="color:red">d</p></div>`},
		{"few blocks for the elements", `.row{display:flex}`,
			`<div class=row><pre>` + strings.Repeat(`<span>x</span> `, 200) + `</pre><p>one</p></div>`},
		{"blocks in inline", `.row{display:flex} a{display:block}`,
			`<div class=row><nav><span><a>Home</a><a>About us</a></span></nav><main><span><span></span></span><p>text</p></main></div>`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			site := memSite{"/index.html": []byte(`<!doctype html><html><head><style>` + tt.css + `</style></head><body>` + tt.body + `</body></html>`),
				"/a.png": []byte("x")}
			checkWalkFlags(t, site, "/index.html")
		})
	}
	for _, c := range corpusSites(t) {
		for _, p := range c.pages {
			checkWalkFlags(t, c.site, p)
		}
	}
}

// FuzzWalkFlags: on any page under any rules, what textBlocks' walk found changes no
// element's max-content width nor its display (TestWalkFlags).
func FuzzWalkFlags(f *testing.F) {
	f.Add(`.row{display:flex} pre{padding:4px}`, `<div class=row><pre><code><span>fn</span> x</code></pre><p>a</p></div>`)
	f.Add(`.row{display:flex} b{padding:0 3px}`, `<div class=row><div><span><b>bold</b></span></div><div>y<img width=9></div></div>`)
	f.Add(`div{display:flex;margin:0 -1px} span{display:none}`, `<div><span><i>a</i></span><div hidden><br></div><script></script><br></div>`)
	f.Fuzz(func(t *testing.T, css, body string) {
		site := memSite{"/index.html": []byte(`<!doctype html><html><head><style>` + css + `</style></head><body>` + body + `</body></html>`)}
		checkWalkFlags(t, site, "/index.html")
	})
}
