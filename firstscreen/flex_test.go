package firstscreen

import (
	"math"
	"strconv"
	"testing"

	"github.com/preloadgen/preloadgen/style"
)

// TestFlexSizes: the items of a flex row are sized as CSS Flexbox §9.7 resolves flexible
// lengths: an item that grows (flex-grow, flex: auto) grows into the free space from its
// width as much as from a basis of 0, by its grow factor (one sized by its content is
// held at it: flexSizes tells why); flex: none and
// flex-shrink: 0 items keep their size; items shrink by their shrink factor times their
// base size (paddings do not shrink); an item held at its max-width leaves the rest to the
// others; factors summing to less than 1 take that part of the room only; and a row that
// wraps sizes each of its lines on its own.
func TestFlexSizes(t *testing.T) {
	lw := style.Laptop().Width
	pw := style.Phone().Width
	// content is an item's content: an image w px wide, its max-content width.
	content := func(w int) string { return `<img src="/i.png" width="` + strconv.Itoa(w) + `" height="10">` }
	tests := []struct {
		name, css, body string
		laptop, phone   []float64 // the content box of #a, #b, ... px
	}{
		{"a sidebar and flex: 1", `aside{width:300px} main{flex:1}`,
			`<aside id="a"></aside><main id="b"></main>`,
			[]float64{300, lw - 300}, []float64{300, pw - 300}},
		{"flex-grow from a width", `aside{width:300px} main{flex-grow:1;width:100px}`,
			`<aside id="a"></aside><main id="b"></main>`,
			[]float64{300, lw - 300}, []float64{300, pw - 300}},
		{"flex: auto shares the room left by the widths", `.a{flex:auto;width:100px} .b{flex:auto;width:300px}`,
			`<div id="a" class="a"></div><div id="b" class="b"></div>`,
			[]float64{100 + (lw-400)/2, 300 + (lw-400)/2}, []float64{100 + (pw-400)/2, 300 + (pw-400)/2}},
		{"an item sized by its content is held at it", `aside{width:300px} main{flex-grow:1}`,
			`<aside id="a"></aside><main id="b">` + content(100) + `</main>`,
			[]float64{300, 100}, []float64{300, 100}},
		{"flex: 1 1 auto from the width", `.a{flex:1 1 auto;width:200px} .b{width:100px}`,
			`<div id="a" class="a"></div><div id="b" class="b"></div>`,
			[]float64{lw - 100, 100}, []float64{pw - 100, 100}},
		{"flex: none neither grows nor shrinks", `.a{flex:none;width:1000px} .b{width:600px}`,
			`<div id="a" class="a"></div><div id="b" class="b"></div>`,
			[]float64{1000, lw - 1000}, []float64{1000, style.RootSize}},
		{"flex: 0 0 auto does not grow", `.a{flex:0 0 auto} .b{width:100px}`,
			`<div id="a" class="a">` + content(100) + `</div><div id="b" class="b"></div>`,
			[]float64{100, 100}, []float64{100, 100}},
		{"flex-shrink: 0 keeps its width", `nav{flex-shrink:0;width:200px} main{min-width:0}`,
			`<nav id="a"></nav><main id="b">` + content(3000) + `</main>`,
			[]float64{200, lw - 200}, []float64{200, pw - 200}},
		{"grow factors weigh", `.a{flex:1} .b{flex:2}`,
			`<div id="a" class="a"></div><div id="b" class="b"></div>`,
			[]float64{lw / 3, 2 * lw / 3}, []float64{pw / 3, 2 * pw / 3}},
		{"shrink factors weigh with the base size", `.a{width:1000px} .b{width:500px;flex-shrink:4}`,
			`<div id="a" class="a"></div><div id="b" class="b"></div>`,
			[]float64{1000 - (1500-lw)/3, 500 - (1500-lw)*2/3}, []float64{pw, style.RootSize}},
		{"paddings do not shrink", `.a{width:800px;padding:0 100px} .b{width:800px}`,
			`<div id="a" class="a"></div><div id="b" class="b"></div>`,
			[]float64{800 - (1800-lw)/2, 800 - (1800-lw)/2}, []float64{800 - (1800-pw)/2, 800 - (1800-pw)/2}},
		{"a max-width leaves the rest to the others", `.a{flex:1;max-width:200px} .b{flex:1}`,
			`<div id="a" class="a"></div><div id="b" class="b"></div>`,
			[]float64{200, lw - 200}, []float64{200, pw - 200}},
		{"grow factors under 1 take their part of the room", `.a{flex-grow:.5;width:100px}`,
			`<div id="a" class="a"></div>`,
			[]float64{100 + (lw-100)/2}, []float64{100 + (pw-100)/2}},
		{"each wrapped line grows on its own", `.r{flex-wrap:wrap} .a{width:800px;flex-grow:1} .b{width:300px}`,
			`<div id="a" class="a"></div><div id="b" class="a"></div><div id="c" class="b"></div>`,
			[]float64{lw, lw - 300, 300}, []float64{pw, pw, 300}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site := memSite{
				"/index.html": []byte(`<!doctype html><html><head><link rel="stylesheet" href="/s.css"></head><body><div class="r">` + tt.body + `</div></body></html>`),
				"/s.css":      []byte(`body{margin:0} .r{display:flex} ` + tt.css),
				"/i.png":      []byte("x"),
			}
			a := newTestEstimator(t, site, "/index.html")
			for _, x := range []struct {
				sc   style.Screen
				want []float64
			}{{style.Laptop(), tt.laptop}, {style.Phone(), tt.phone}} {
				cw := a.columns(x.sc, a.blocks())
				for k, want := range x.want {
					id := string(rune('a' + k))
					if got, _ := cw.of(byID(a.doc.Root, id)); math.Abs(got-want) > 0.01 {
						t.Errorf("%s screen: #%s %v px wide, want %v", x.sc.Name, id, got, want)
					}
				}
			}
		})
	}
}

// TestResolveFlexibleLengths: one line of flex items, sized by CSS Flexbox §9.7: the
// line grows when the items' hypothetical sizes leave room, by the grow factors, from
// any base size; else it shrinks by the shrink factors times the base sizes (insets do
// not shrink); items of factor 0 keep their size, an item held at its max-width or at
// nothing is frozen there and the others sized again, and factors summing under 1 take
// that part of the free space.
func TestResolveFlexibleLengths(t *testing.T) {
	inf := math.Inf(1)
	type it struct{ base, max, inset, grow, shrink float64 }
	tests := []struct {
		name  string
		w     float64
		items []it
		want  []float64 // the targets (content boxes)
	}{
		{"grow from an auto basis", 1000, []it{{300, inf, 0, 0, 1}, {100, inf, 0, 1, 1}}, []float64{300, 700}},
		{"grow factors weigh", 900, []it{{0, inf, 0, 1, 1}, {0, inf, 0, 2, 1}}, []float64{300, 600}},
		{"grow from bases and insets", 1000, []it{{100, inf, 50, 1, 1}, {300, inf, 0, 1, 1}}, []float64{100 + 275, 300 + 275}},
		{"flex: none does not grow", 1000, []it{{100, inf, 0, 0, 0}, {100, inf, 0, 0, 1}}, []float64{100, 100}},
		{"a max-width freezes, the rest goes on", 1000, []it{{0, 200, 0, 1, 1}, {0, inf, 0, 1, 1}}, []float64{200, 800}},
		{"factors under 1", 1000, []it{{200, inf, 0, 0.25, 1}}, []float64{200 + 200}},
		{"shrink by base size", 1000, []it{{1000, inf, 0, 0, 1}, {500, inf, 0, 0, 1}}, []float64{1000 - 1000.0/3, 500 - 500.0/3}},
		{"shrink factors weigh", 1000, []it{{1000, inf, 0, 0, 1}, {500, inf, 0, 0, 4}}, []float64{1000 - 500.0/3, 500 - 1000.0/3}},
		{"flex-shrink: 0 keeps its size", 1000, []it{{200, inf, 0, 1, 0}, {3000, inf, 60, 1, 1}}, []float64{200, 740}},
		{"insets do not shrink", 1000, []it{{800, inf, 200, 0, 1}, {800, inf, 0, 0, 1}}, []float64{400, 400}},
		{"an item shrunk to nothing is frozen", 100, []it{{1000, inf, 0, 0, 1}, {100, inf, 0, 0, 9}}, []float64{100, 0}},
	}
	for _, tt := range tests {
		line := make([]flexItem, len(tt.items))
		for k, x := range tt.items {
			line[k] = flexItem{base: x.base, max: x.max, inset: x.inset, grow: x.grow, shrink: x.shrink}
		}
		resolveFlexibleLengths(line, tt.w)
		for k, want := range tt.want {
			if got := line[k].target; math.Abs(got-want) > 1e-9 {
				t.Errorf("%s: item %d %v px wide, want %v", tt.name, k, got, want)
			}
		}
	}
}

// FuzzResolveFlexibleLengths: any line of items is sized within bounds: every target
// finite, from nothing to the item's max-width; a line that grows fills at most the
// row, and one that shrinks, every item flexible, takes no less than the row.
func FuzzResolveFlexibleLengths(f *testing.F) {
	f.Add(1000.0, 300.0, 0.0, 0.0, 1.0, 100.0, 200.0, 10.0, 1.0, 1.0)
	f.Add(100.0, 1000.0, -1.0, 0.0, 1.0, 100.0, 0.0, 0.0, 0.0, 9.0)
	f.Add(900.0, 0.0, 150.0, 5.0, 0.5, 0.0, -1.0, 0.0, 0.25, 0.0)
	f.Fuzz(func(t *testing.T, w, b1, m1, i1, g1, b2, m2, i2, g2, s2 float64) {
		ok := func(xs ...float64) bool {
			for _, x := range xs {
				if math.IsNaN(x) || math.IsInf(x, 0) || x < 0 || x > 1e6 {
					return false
				}
			}
			return true
		}
		if !ok(w, b1, i1, g1, b2, i2, g2, s2) {
			return
		}
		maxOf := func(m float64) float64 {
			if !ok(m) {
				return math.Inf(1) // none
			}
			return m
		}
		line := []flexItem{
			{base: b1, max: maxOf(m1), inset: i1, grow: g1, shrink: 1},
			{base: b2, max: maxOf(m2), inset: i2, grow: g2, shrink: s2},
		}
		used := 0.0
		for k := range line {
			used += line[k].hypothetical() + line[k].inset
		}
		resolveFlexibleLengths(line, w)
		sum := 0.0
		for k, it := range line {
			if math.IsNaN(it.target) || it.target < 0 || it.target > it.max+1e-9*it.max {
				t.Fatalf("item %d: target %v, max %v (%+v)", k, it.target, it.max, line)
			}
			sum += it.target + it.inset
		}
		eps := 1e-9 * (w + used + 1)
		if used < w && sum > w+eps {
			t.Fatalf("a growing line takes %v of a row of %v (%+v)", sum, w, line)
		}
		if used >= w && s2 > 0 && sum < w-eps {
			t.Fatalf("a shrinking line takes %v of a row of %v (%+v)", sum, w, line)
		}
	})
}
