package firstscreen

import (
	"math"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/preloadgen/preloadgen/style"
)

// TestWrap: a block's words are wrapped greedily in its column: the longest line is what
// paints, a word wider than the column fills lines of its own, and the characters of
// wide scripts break anywhere.
func TestWrap(t *testing.T) {
	w := func(em float64, space bool) word { return word{em: float32(em), size: 10, pSize: 10, space: space} }
	tests := []struct {
		name   string
		words  []word
		column float64
		lines  int
		width  float64
	}{
		{"one line", []word{w(3, false), w(3, true)}, 100, 1, 30 + 2.78 + 30},
		{"the next word does not fit", []word{w(4, false), w(4, true), w(4, true)}, 100, 2, 40 + 2.78 + 40},
		{"a word wider than the column", []word{w(25, false)}, 100, 3, 100},
		{"exactly the column", []word{w(10, false)}, 100, 1, 100},
		{"nothing", nil, 100, 1, 0},
	}
	for _, tt := range tests {
		got := wrap(tt.words, tt.column, false)
		if got.lines != tt.lines || math.Abs(got.width-tt.width) > 1e-9 {
			t.Errorf("%s: %+v, want %d lines %v wide", tt.name, got, tt.lines, tt.width)
		}
	}
	var b textBlock
	b.addWords("漢字かな", 16, 16, false, false)
	if n := len(b.wordList()); n != 4 {
		t.Errorf("CJK: %d words, want 4", n)
	}
	var c textBlock
	c.addWords("Hello ", 16, 16, false, false)
	c.addWords("world", 16, 16, true, false)
	words := c.wordList()
	if len(words) != 2 || !words[1].space {
		t.Fatalf("words = %+v, want two, the second after a space", words)
	}
	if want := (glyphEm('w') + glyphEm('o') + glyphEm('r') + glyphEm('l') + glyphEm('d')) * boldWidth; math.Abs(float64(words[1].em)-want) > 1e-5 {
		t.Errorf("bold word = %v em, want %v", words[1].em, want)
	}
}

// TestMeasureWithWords: a block's widths are the same whether it is measured alone, before
// its words are made, or by the pass that makes them (then measuring again adds nothing).
func TestMeasureWithWords(t *testing.T) {
	fill := func(b *textBlock) {
		b.addWords("Hello ", 16, 14, false, false)
		b.addWords("wide 漢字 world", 20.3, 17.1, true, false)
		b.addWords(" code()", 13, 12, false, true)
	}
	var alone, first, after textBlock
	fill(&alone)
	fill(&first)
	fill(&after)
	alone.measure()
	if alone.width == 0 || alone.pWidth == 0 {
		t.Fatalf("measured width %v, %v; want both > 0", alone.width, alone.pWidth)
	}
	first.measure()
	wf := first.wordList()
	wa := after.wordList()
	after.measure()
	if after.width != alone.width || after.pWidth != alone.pWidth || first.width != alone.width || first.pWidth != alone.pWidth {
		t.Errorf("widths: alone %v/%v, measured first %v/%v, with the words %v/%v", alone.width, alone.pWidth, first.width, first.pWidth, after.width, after.pWidth)
	}
	if len(wf) != len(wa) || len(wa) == 0 {
		t.Fatalf("words: %d measured first, %d with the measure", len(wf), len(wa))
	}
	for i := range wf {
		if wf[i] != wa[i] {
			t.Errorf("word %d: %+v measured first, %+v with the measure", i, wf[i], wa[i])
		}
	}
}

// TestColumns: an element's column is its container's, less its margins and paddings,
// and at most its width and max-width (which include the paddings under box-sizing:
// border-box); percentages are of the container, negative margins widen; in a flex row
// a sidebar of a set width leaves the rest to the item that grows, items sized by their
// content shrink together when they do not fit, and out-of-flow boxes take no room. An
// element not shown on a screen is not laid out there.
func TestColumns(t *testing.T) {
	lw := style.Laptop().Width
	tests := []struct {
		name, css, body string
		laptop, phone   float64 // the column of #t, px
	}{
		{"the body's margins", ``, `<p id="t">x</p>`, lw - 16, 412 - 16},
		{"a centred column, border-box", `body{margin:0} .w{max-width:600px;margin:0 auto;padding:0 20px;box-sizing:border-box}`,
			`<div class="w"><p id="t">x</p></div>`, 560, 372},
		{"a centred column, content-box", `body{margin:0} .w{max-width:600px;margin:0 auto;padding:0 20px}`,
			`<div class="w"><p id="t">x</p></div>`, 600, 372},
		{"calc and percentages", `body{margin:0} main{width:calc(100% - 2em)} p{max-width:50%}`,
			`<main><p id="t">x</p></main>`, (lw - 32) / 2, (412 - 32) / 2},
		{"negative margins widen", `body{margin:0} .c{padding:0 16px} .row{margin:0 -16px}`,
			`<div class="c"><div class="row"><p id="t">x</p></div></div>`, lw, 412},
		{"a sidebar and the content", `body{margin:0} .r{display:flex} aside{width:300px} main{flex:1}`,
			`<div class="r"><aside>Menu</aside><main id="t">x</main></div>`, lw - 300, 112},
		{"a sidebar hidden on phones", `body{margin:0} .r{display:flex} aside{width:300px} main{flex:1} @media (max-width:996px){aside{display:none}}`,
			`<div class="r"><aside>Menu</aside><main id="t">x</main></div>`, lw - 300, 412},
		{"a drawer out of the flow", `body{margin:0} .r{display:flex} .d{width:300px;position:fixed} main{flex:1}`,
			`<div class="r"><div class="d">Menu</div><main id="t">x</main></div>`, lw, 412},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site := memSite{
				"/index.html": []byte(`<!doctype html><html><head><link rel="stylesheet" href="/s.css"></head><body>` + tt.body + `</body></html>`),
				"/s.css":      []byte(tt.css),
			}
			a := newTestEstimator(t, site, "/index.html")
			target := byID(a.doc.Root, "t")
			for _, x := range []struct {
				sc   style.Screen
				want float64
			}{{style.Laptop(), tt.laptop}, {style.Phone(), tt.phone}} {
				if got, _ := a.columns(x.sc, a.blocks()).of(target); math.Abs(got-x.want) > 0.01 {
					t.Errorf("phone=%v: column %v, want %v", x.sc.Mobile, got, x.want)
				}
			}
		})
	}
}

// TestLayoutBox: blocks stack with their own line heights and margins, adjacent margins
// collapse, paddings add, a min-height holds what follows below it, and a scaled image of
// height: auto takes the proportions of its file.
func TestLayoutBox(t *testing.T) {
	line := strings.Repeat("word ", 4)
	tests := []struct {
		name, css, body string
		want            float64 // the top of #t on the laptop, px
	}{
		{"line height and margins", `body{margin:0} p{margin:0 0 20px;line-height:2;font-size:16px}`,
			`<p>` + line + `</p><p id="t">x</p>`, 32 + 20},
		{"margins collapse", `body{margin:0} h2{margin:0 0 30px;line-height:1;font-size:20px} p{margin:20px 0 0}`,
			`<h2>` + line + `</h2><p id="t">x</p>`, 20 + 30},
		{"paddings add", `body{margin:0} header{padding:40px 0 10px} p{margin:0;line-height:20px}`,
			`<header><p>` + line + `</p></header><p id="t">x</p>`, 40 + 20 + 10},
		{"a min-height holds", `body{margin:0} .hero{min-height:50vh} p{margin:0}`,
			`<div class="hero"><p>` + line + `</p></div><p id="t">x</p>`, style.Laptop().Height * 0.5},
		{"a percentage of a definite height", `html,body{height:100%;margin:0} .page{min-height:100%} p{margin:0}`,
			`<div class="page"><p>` + line + `</p></div><p id="t">x</p>`, style.Laptop().Fold},
		{"a preformatted block's own lines at its line height", `body{margin:0} pre{margin:0;line-height:20px} p{margin:0}`,
			"<pre>one\ntwo\nthree</pre><p id=\"t\">x</p>", 60},
		{"an image keeps its file's proportions", `body{margin:0} img{max-width:100%;height:auto} p{margin:0}`,
			`<img src="/i.webp" width="2000" height="1000"><p id="t">x</p>`, style.Laptop().Width * 9 / 16},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site := memSite{
				"/index.html": []byte(`<!doctype html><html><head><link rel="stylesheet" href="/s.css"></head><body>` + tt.body + `</body></html>`),
				"/s.css":      []byte(tt.css),
				"/i.webp":     []byte(vp8(1600, 900)),
			}
			a := newTestEstimator(t, site, "/index.html")
			tops := a.layoutTops(a.positions(), style.Laptop())
			if got := tops.at(byID(a.doc.Root, "t")); math.Abs(got-tt.want) > 0.5 {
				t.Errorf("top %v, want %v", got, tt.want)
			}
		})
	}
}

// TestMonospace: text in a monospaced face is 0.6 em a character, and an element that
// switches to the bare generic monospace is drawn at 13/16 of its inherited size, as
// browsers do.
func TestMonospace(t *testing.T) {
	var b textBlock
	b.addWords("abc", 16, 16, false, true)
	if words := b.wordList(); len(words) != 1 || math.Abs(float64(words[0].em)-1.8) > 1e-5 {
		t.Errorf("monospaced abc = %+v, want 1.8 em", words)
	}
	for _, tt := range []struct {
		families []string
		want     bool
	}{{[]string{"SFMono-Regular", "Menlo", "monospace"}, true}, {[]string{"Consolas"}, true}, {[]string{"Inter", "sans-serif"}, false}} {
		if got := monospaced(tt.families); got != tt.want {
			t.Errorf("monospaced(%q) = %v", tt.families, got)
		}
	}
	site := memSite{"/index.html": []byte(`<!doctype html><html><body><p>Run <code id="t">make</code> now, <code id="u" style="font-family:Menlo">x</code>.</p></body></html>`)}
	a := newTestEstimator(t, site, "/index.html")
	if got := a.fonts.get(byID(a.doc.Root, "t")).size; got != 13 {
		t.Errorf("<code> in the default monospace = %vpx, want 13", got)
	}
}

// byID returns the element of id under n.
func byID(n *html.Node, id string) *html.Node {
	for d := range n.Descendants() {
		if d.Type == html.ElementNode {
			for _, at := range d.Attr {
				if at.Key == "id" && at.Val == id {
					return d
				}
			}
		}
	}
	return nil
}

// TestWidthMatchesMemo: the memoised media answers are style.WidthMatches's, asked in
// any order, on any screen, and at a width of a screen other than the two.
func TestWidthMatchesMemo(t *testing.T) {
	a := &estimator{}
	media := []string{"(max-width: 700px)", "", "(min-width: 701px)", "print", "(max-width: 700px)", "(hover: hover)", "screen and (min-width:1200px)", "(max-width: 1500px)", "(min-width: 701px)"}
	wide := style.Laptop()
	wide.Width = 1800
	for round := range 2 {
		for _, sc := range []style.Screen{style.Laptop(), style.Phone(), wide, style.Laptop()} {
			for _, m := range media {
				match, known := style.WidthMatches(m, sc.Width)
				if got := a.widthMatches(m, sc); got != (match && known) {
					t.Errorf("round %d, %q at %v px: %v, want %v", round, m, sc.Width, got, match && known)
				}
			}
		}
	}
}
