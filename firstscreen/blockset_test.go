package firstscreen

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/preloadgen/preloadgen/parse"
	"github.com/preloadgen/preloadgen/style"
)

// checkBlockSet fails t when a block that blockSet makes, as it is asked for, differs
// from the one the walk over the whole page (textBlocks) makes for the same element, or
// when the flags it finds (emptyKids) differ from that walk's: asked in document order,
// in reverse order (each element's context found from its ancestors'), and with the
// subtrees walked first (the blocks made before are reused, not made again).
func checkBlockSet(t *testing.T, site memSite, page string) {
	t.Helper()
	checkBlocksOf(t, page, func() *estimator { return newTestEstimator(t, site, page) })
}

// checkBlocksOf is checkBlockSet of the page whose estimators (cascaded) newEstimator makes.
func checkBlocksOf(t *testing.T, page string, newEstimator func() *estimator) {
	t.Helper()
	ref := newEstimator()
	if ref.fonts == nil {
		return
	}
	want := map[*html.Node]*textBlock{}
	for _, b := range ref.textBlocks() {
		want[b.n] = b
	}
	for _, order := range []string{"blocks first", "blocks in reverse order first", "flags first"} {
		a := newEstimator()
		a.positions()
		// The reference's elements, by their place in document order.
		refs := numberedElems(ref)
		elems := numberedElems(a)
		if len(refs) != len(elems) {
			t.Fatalf("%s: %d elements, %d in the reference", page, len(elems), len(refs))
		}
		s := a.blocks()
		blocks := func(rev bool) {
			for k := range elems {
				if rev {
					k = len(elems) - 1 - k
				}
				e := elems[k]
				got, w := s.of(e.n, e.i), want[refs[k].n]
				if err := sameBlock(got, w); err != nil {
					t.Fatalf("%s (%s): element %d <%s>: %v", page, order, e.i, e.n.Data, err)
				}
			}
		}
		flags := func(rev bool) {
			for k := range elems {
				if rev {
					k = len(elems) - 1 - k
				}
				e := elems[k]
				if got, w := s.emptyKids(e.n, e.i), ref.walkedAs(refs[k].i, emptyKids); got != w {
					t.Fatalf("%s (%s): element %d <%s>: emptyKids %v, the whole walk's %v", page, order, e.i, e.n.Data, got, w)
				}
			}
		}
		switch order {
		case "blocks first":
			blocks(false)
			flags(true)
		case "blocks in reverse order first":
			blocks(true)
			flags(false)
		case "flags first":
			flags(false)
			blocks(false)
		}
		// Every block made, in document order, is the whole walk's, at its place.
		var got []*textBlock
		for b := range s.made() {
			got = append(got, b)
		}
		all := ref.textBlocks()
		if len(got) != len(all) {
			t.Fatalf("%s (%s): %d blocks made, %d in the whole walk", page, order, len(got), len(all))
		}
		for k := range got {
			if got[k].num != all[k].num {
				t.Fatalf("%s (%s): block %d is element %d's, the whole walk's %d's", page, order, k, got[k].num, all[k].num)
			}
		}
	}
}

// TestBlockSetRealSites: the blocks made as they are asked for are the whole walk's on
// the pages of real documentation sites (BenchmarkCascadeRealSite's sample; a site not
// installed is skipped).
func TestBlockSetRealSites(t *testing.T) {
	if testing.Short() {
		t.Skip("reads hundreds of pages")
	}
	for _, root := range []string{"/usr/share/doc/python3-doc/html", "/usr/share/doc/python-scipy-doc/html", "/usr/share/doc/rust-doc/html"} {
		t.Run(root, func(t *testing.T) {
			pages := realSitePages(t, root)
			cache := style.NewCache()
			for k, pg := range pages {
				if k%20 != 0 {
					continue // 25 pages of the sample
				}
				checkBlocksOf(t, pg.path, func() *estimator {
					a := newEstimator(&Page{Doc: pg.doc, Rules: cache.RuleSet(pg.sheets), Site: memSite{}, Resolve: resolveIn(pg.path)})
					a.matchStyles()
					return a
				})
			}
		})
	}
}

// sameBlock says how block b differs from block w, the whole walk's (nil for none).
func sameBlock(b, w *textBlock) error {
	if b == nil || w == nil {
		if b != w {
			return fmt.Errorf("block %v, the whole walk's %v", b != nil, w != nil)
		}
		return nil
	}
	type fields struct {
		num                     int
		size, pSize             float64
		lh                      [2]float64
		text, pre, pendingSpace bool
		pl                      preLines
	}
	f := func(b *textBlock) fields {
		x := fields{b.num, b.size, b.pSize, b.lh, b.text, b.pre, b.pendingSpace, preLines{}}
		if b.pl != nil {
			x.pl = *b.pl
		}
		return x
	}
	if f(b) != f(w) {
		return fmt.Errorf("block %+v, the whole walk's %+v", f(b), f(w))
	}
	type run struct {
		s                 string
		size, pSize       float64
		bold, mono, space bool
	}
	runs := func(b *textBlock) []run {
		var out []run
		for r := b.runs; r != nil; r = r.next {
			out = append(out, run{r.s, r.size, r.pSize, r.bold, r.mono, r.space})
		}
		return out
	}
	if !slices.Equal(runs(b), runs(w)) {
		return fmt.Errorf("runs %+v, the whole walk's %+v", runs(b), runs(w))
	}
	return nil
}

// visuallyHiddenWalk is visuallyHidden as a walk over n's ancestors each time it is
// asked, the reference hiddenUp's memo is held to.
func visuallyHiddenWalk(a *estimator, n *html.Node) bool {
	for p := n; p != nil && p.Type == html.ElementNode; p = p.Parent {
		if _, ok := parse.AttrOK(p, "hidden"); ok {
			return true
		}
		st := strings.ToLower(strings.Join(strings.Fields(parse.Attr(p, "style")), ""))
		if strings.Contains(st, "display:none") || strings.Contains(st, "visibility:hidden") {
			return true
		}
	}
	if cf, ok := a.fonts.lookup(n); ok && (cf.hidden || cf.invisible) {
		return true
	}
	for p := n; p != nil && p.Type == html.ElementNode; p = p.Parent {
		if cf, ok := a.fonts.lookup(p); ok && cf.hideStyled {
			continue
		}
		if a.namedHidden(p) {
			return true
		}
	}
	return false
}

// checkHidden fails t when visuallyHidden, its answers kept (hiddenUp), says otherwise
// than visuallyHiddenWalk of any element of page, asked in document order and in
// reverse.
func checkHidden(t *testing.T, site memSite, page string) {
	t.Helper()
	for _, rev := range []bool{false, true} {
		a := newTestEstimator(t, site, page)
		a.positions()
		a.blocks()
		var elems []*html.Node
		var walk func(n *html.Node)
		walk = func(n *html.Node) {
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.ElementNode {
					elems = append(elems, c)
					walk(c)
				}
			}
		}
		walk(a.doc.Root)
		if rev {
			slices.Reverse(elems)
		}
		for _, n := range elems {
			if got, want := a.visuallyHidden(n), visuallyHiddenWalk(a, n); got != want {
				t.Fatalf("%s: <%s %v>: hidden %v, by a walk over its ancestors %v", page, n.Data, n.Attr, got, want)
			}
		}
	}
}
