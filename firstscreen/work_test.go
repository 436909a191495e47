package firstscreen

import (
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/preloadgen/preloadgen/style"
)

// The tests here count the work the estimate does on a long page: what lies past the
// first screen is only known to be there, never laid out in detail.

// TestLayoutStopsAtTheFold: the text of blocks that start past the fold is not wrapped
// (nor split into words, nor measured),
// also when the page's content stands in a flex row beside a sidebar (the Python docs'
// theme), in an inline block or in a box out of the flow; the row's next item is still
// laid out from the row's top, and what follows the row starts below the fold; what
// follows a box out of the flow starts at its top.
func TestLayoutStopsAtTheFold(t *testing.T) {
	para := `<p>A sentence of plain words that wraps in the column, and some more words after it.</p>`
	paras := strings.Repeat(para, 500)
	tests := []struct {
		name, css, body string
		// #next and #end start in the first screen
		nextInView, endInView bool
	}{
		{"plain flow", ``, `<main>` + paras + `</main><p id="next">After.</p>`, false, false},
		{"a flex row with a sidebar", `.doc{display:flex} .side{width:230px}`,
			`<div class="doc"><div class="body">` + paras + `</div><div class="side"><p id="next">Navigation</p></div></div>`, true, false},
		{"an inline block", `.doc{display:inline-block}`,
			`<div class="doc">` + paras + `</div><p id="next">After the block.</p>`, false, false},
		{"out of the flow", `.doc{position:absolute}`,
			`<div class="doc">` + paras + `</div><p id="next">Under the box, in the flow.</p>`, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site := memSite{
				"/index.html": []byte(`<!doctype html><html><head><link rel="stylesheet" href="/s.css"></head><body>` + tt.body + `<footer><p id="end">The end.</p></footer></body></html>`),
				"/s.css":      []byte(tt.css),
			}
			a := newTestEstimator(t, site, "/index.html")
			pos := a.positions()
			all := len(newTestEstimator(t, site, "/index.html").textBlocks()) // the page's blocks, for the counts
			for _, sc := range []style.Screen{style.Laptop(), style.Phone()} {
				tops := a.layoutTops(pos, sc)
				// The layout made the blocks of what it laid out only (and of the flex
				// item it measured whole).
				var blocks []*textBlock
				for b := range a.blocks().made() {
					blocks = append(blocks, b)
				}
				if flexItem := tt.name == "a flex row with a sidebar"; len(blocks) > 80 && !flexItem {
					t.Errorf("phone=%v: %d of %d blocks made, want those the layout reached only", sc.Mobile, len(blocks), all)
				}
				wrapped := 0
				for _, b := range blocks {
					if b.lay != nil && b.lay.laid[sc.Index()].w.lines > 0 {
						wrapped++
					}
				}
				// A screen shows a few dozen lines: the blocks wrapped are those.
				if wrapped == 0 || wrapped > 40 {
					t.Errorf("phone=%v: %d of %d blocks wrapped, want those of the first screen only", sc.Mobile, wrapped, all)
				}
				// and only their words were made (wordList); their widths on one line
				// were worked out (measure) for those only too, except where a flex
				// item's whole content is measured for its width (flexSizes).
				made, measured := 0, 0
				for _, b := range blocks {
					if b.words != nil {
						made++
					}
					if b.measured {
						measured++
					}
				}
				if made > 80 {
					t.Errorf("phone=%v: the words of %d of %d blocks made, want those wrapped only", sc.Mobile, made, all)
				}
				if flexItem := tt.name == "a flex row with a sidebar"; measured > 80 && !flexItem {
					t.Errorf("phone=%v: %d of %d blocks measured, want those in the first screen only", sc.Mobile, measured, all)
				}
				for _, x := range []struct {
					id     string
					inView bool
				}{{"next", tt.nextInView}, {"end", tt.endInView}} {
					if top := tops.at(byID(a.doc.Root, x.id)); (top < sc.Fold) != x.inView {
						t.Errorf("phone=%v: #%s starts at %v, want in the first screen: %v", sc.Mobile, x.id, top, x.inView)
					}
				}
			}
		})
	}
}

// TestCascadeNumbersEveryElement: the cascade numbers the page's elements as a plain walk
// does (positions), [hidden] subtrees, inline SVGs and text before each included, and
// <script>, <template> and the like left out; the walks that carry the numbers find each
// element's style by its number.
func TestCascadeNumbersEveryElement(t *testing.T) {
	site := memSite{
		"/index.html": []byte(`<!doctype html><html><head><title>t</title><style>.x{font-weight:700}</style></head><body>
			<p>one <b>two</b></p><div hidden><p>hidden <i>text</i></p></div>
			<template><p>template</p></template><script>var x</script>
			<svg width=10 height=10><g><text>svg</text></g></svg>
			<ul><li class=x>a</li><li>b<ul><li>c</li></ul></li></ul><noscript><p>n</p></noscript><p>end</p></body></html>`),
	}
	a := newTestEstimator(t, site, "/index.html")
	nb := a.newNumbering(nil)
	nb.under(a.doc.Root)
	if a.pos.len() != nb.pos.len() || len(a.svgs) != len(nb.svgs) {
		t.Fatalf("the cascade numbered %d elements and %d SVGs, a walk %d and %d", a.pos.len(), len(a.svgs), nb.pos.len(), len(nb.svgs))
	}
	numbered := 0
	for n := range a.doc.Root.Descendants() {
		p, ok := nb.pos.get(n)
		if !ok {
			continue
		}
		numbered++
		if ap, _ := a.pos.get(n); ap != p || a.fonts.ends[p.index] != p.end {
			t.Errorf("<%s>: numbered %+v (end %d), want %+v", n.Data, ap, a.fonts.ends[p.index], p)
		}
		if cf, ok := a.fonts.lookup(n); ok && a.fonts.at(p.index) != cf {
			t.Errorf("<%s>: style by number %p, by element %p", n.Data, a.fonts.at(p.index), cf)
		}
	}
	if numbered != nb.pos.len() {
		t.Errorf("%d elements of the page numbered, want %d", numbered, nb.pos.len())
	}
	for c, i := range a.inFlow(byTag(a.doc.Root, "ul"), a.numOf(byTag(a.doc.Root, "ul")), style.Laptop()) {
		if i != a.numOf(c) {
			t.Errorf("<%s> in the flow: number %d, want %d", c.Data, i, a.numOf(c))
		}
	}
}

func byTag(n *html.Node, tag string) *html.Node {
	for c := range n.Descendants() {
		if c.Type == html.ElementNode && c.Data == tag {
			return c
		}
	}
	return nil
}

// TestTopsPastTheFold: what starts past the fold is given the top where the fold was
// passed, all at once, children after children, at every level; inside an inline SVG
// there, only what is under a box not laid out, or in a navigation bar or sidebar, gets
// one (the others are left at 0).
func TestTopsPastTheFold(t *testing.T) {
	site := memSite{"/index.html": []byte(`<!doctype html><html><head><style>
		.tall{height:2000px} .gone{display:none} @media (max-width:700px){.wide{display:none}}
	</style></head><body><main><div class="tall" id="tall"></div>
	<div id="a"><p id="p">Text.</p><span><svg id="s1"><g id="g1"><rect id="r1"/></g></svg></span></div>
	<nav id="nav"><svg><g id="g2"/></svg></nav>
	<div class="gone" id="gone"><svg><g id="g3"/></svg></div>
	<aside><div><svg><g id="g4"/></svg></div></aside>
	<div class="wide"><svg><g id="g5"/></svg><svg id="s6"><svg><g id="g6"/></svg></svg></div>
	</main><p id="last">End.</p></body></html>`)}
	a := newTestEstimator(t, site, "/index.html")
	pos := a.positions()
	for _, sc := range style.Screens() {
		tops := a.layoutTops(pos, sc)
		fold := tops.at(byID(a.doc.Root, "a"))
		if fold < sc.Fold {
			t.Fatalf("%s: #a starts at %v, above the fold", sc.Name, fold)
		}
		for id, want := range map[string]float64{
			"p": fold, "s1": fold, "g1": 0, "r1": 0, "nav": fold, "g2": fold, "gone": fold, "g3": fold,
			"g4": fold, "s6": fold, "last": fold,
			// under .wide, laid out on a laptop's screen only
			"g5": map[bool]float64{false: 0, true: fold}[sc.Mobile],
			"g6": map[bool]float64{false: 0, true: fold}[sc.Mobile],
		} {
			if got := tops.at(byID(a.doc.Root, id)); got != want {
				t.Errorf("%s: #%s starts at %v, want %v", sc.Name, id, got, want)
			}
		}
	}
}
