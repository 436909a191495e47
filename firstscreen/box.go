package firstscreen

import (
	"iter"
	"math"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/preloadgen/preloadgen/parse"
	"github.com/preloadgen/preloadgen/style"
)

// The layout estimate (layoutTops, docs/lcp.md) lays the first screen out with the boxes
// the page's own rules give its elements. The cascade resolves, for each screen (a rule
// under a media query for other widths does not apply there):
//   - the line height, inherited: a number scales each element's own font size, a length
//     is fixed where it is set;
//   - the vertical margins (which collapse between neighbours, as in CSS), paddings,
//     height and min-height;
//   - the horizontal box: width, max-width, flex basis, the left and right margins and
//     paddings, box-sizing; and flex-direction, flex-wrap and position.
//
// columns then gives every element the width of its content box, from the viewport down,
// when first asked for.

// glyphBox is the height of a line's text as Chromium reports it (ascent and descent),
// in em.
const glyphBox = 1.1

// vbox is what the cascade computes of an element's box, per screen.
type vbox struct {
	lh            [2]style.LineHeight // inherited
	top, bottom   [2]float64          // margins, px; not inherited
	pTop, pBottom [2]float64          // paddings, px; not inherited
	// The horizontal box, not inherited: width and max-width (unset when neither px nor
	// pct is set), and the left and right margins and paddings, px.
	width, maxWidth [2]style.Length
	basis           [2]style.Length // flex-basis; unset for auto and content (the width then counts)
	zeroBasis       [2]bool         // a flex basis of 0 (flex: 1): the item starts from nothing
	grow, shrink    [2]float64      // flex-grow and flex-shrink (shrink read by shrinkFactor)
	shrinkSet       [2]bool         // flex-shrink is set (else it is 1)
	inset           [2]float64      // margins and paddings
	pad             [2]float64      // of which paddings
	borderBox       bool            // box-sizing: border-box: width and max-width include the paddings
	flexColumn      [2]bool         // flex-direction: column
	flexWrap        bool            // flex-wrap: wrap (on the laptop's screen)
	outOfFlow       [2]bool         // position: absolute or fixed: takes no room
	// height and minHeight are the height and min-height: px, or a percentage of the
	// container's height where that is definite (html and body at 100% of the
	// viewport, a page wrapper at 100% of those).
	height, minHeight [2]style.Length
	heightAuto        bool // height: auto (on the laptop's screen): a scaled image keeps its file's proportions
}

// mainSize is the width the box asks for as a flex item on screen si: its flex basis,
// else its width; ok is false when it asks for none: it starts from nothing (a basis of
// 0) or from its content.
func (b *vbox) mainSize(si int) (style.Length, bool) {
	switch {
	case b.basis[si].Set():
		return b.basis[si], true
	case b.zeroBasis[si]:
		return style.Length{}, false
	case b.width[si].Set():
		return b.width[si], true
	}
	return style.Length{}, false
}

// shrinkFactor is the box's flex-shrink on screen si.
func (b *vbox) shrinkFactor(si int) float64 {
	if !b.shrinkSet[si] {
		return 1
	}
	return b.shrink[si]
}

// displayOn is the display of element n on screen sc: the one its rules give it where
// their media match sc's width, else (or where that cannot be told) the one the rules
// without media give it.
func (a *estimator) displayOn(n *html.Node, sc style.Screen) string {
	return a.displayAt(n, a.numOf(n), sc)
}

// numOf is element n's number (positions), 0 when it has none.
func (a *estimator) numOf(n *html.Node) int {
	if p, ok := a.pos.get(n); ok {
		return p.index
	}
	return 0
}

// displayAt is displayOn of element n numbered i (0 when it has no number): walks
// that carry the numbers read the styles by them, not by the element.
func (a *estimator) displayAt(n *html.Node, i int, sc style.Screen) string {
	if a.fonts == nil || !a.walkedAs(i, noStyleAttr) && parse.Attr(n, "style") != "" {
		return a.display(n)
	}
	// Without a style attribute, the display is the one the rules give (display).
	cf := a.fonts.at(i)
	if cf.displayMedia == "" {
		return cf.display
	}
	if !a.widthMatches(cf.displayMedia, sc) {
		return cf.baseDisplay
	}
	return cf.display
}

// widthMatches reports whether media m is known to match sc's width
// (style.WidthMatches), memoised per page: the elements of a page are laid out under a
// few distinct media, each element asked again by each walk.
func (a *estimator) widthMatches(m string, sc style.Screen) bool {
	k := mediaAt{m, sc.Width}
	si := sc.Index()
	if l := &a.lastMedia[si]; l.set && l.at == k {
		return l.match
	}
	match, ok := a.mediaMemo[k]
	if !ok {
		var known bool
		match, known = style.WidthMatches(m, sc.Width)
		match = match && known
		if a.mediaMemo == nil {
			a.mediaMemo = map[mediaAt]bool{}
		}
		a.mediaMemo[k] = match
	}
	a.lastMedia[si] = lastMedia{at: k, match: match, set: true}
	return match
}

// mediaAt is a media query list at a screen width, px.
type mediaAt struct {
	m     string
	width float64
}

// lastMedia is widthMatches' last answer on a screen.
type lastMedia struct {
	at         mediaAt
	match, set bool
}

// flexRow reports whether n lays its children out side by side (a flex row) on sc.
func (a *estimator) flexRow(n *html.Node, sc style.Screen) bool {
	return a.flexRowAt(n, a.numOf(n), sc)
}

// flexRowAt is flexRow of element n numbered i (displayAt).
func (a *estimator) flexRowAt(n *html.Node, i int, sc style.Screen) bool {
	if a.fonts == nil {
		return false
	}
	d := a.displayAt(n, i, sc)
	return (d == "flex" || d == "inline-flex") && !a.fonts.at(i).box.flexColumn[sc.Index()]
}

// uaMargin is the user agent stylesheet's vertical margin of element n, in em.
func uaMargin(n *html.Node) float64 {
	switch n.DataAtom {
	case atom.P, atom.Blockquote, atom.Figure, atom.Dl, atom.Pre, atom.Listing, atom.Xmp, atom.Fieldset, atom.Hr:
		return 1
	case atom.Ul, atom.Ol, atom.Menu, atom.Dir:
		if p := n.Parent; p != nil && (p.DataAtom == atom.Li || p.DataAtom == atom.Ul || p.DataAtom == atom.Ol) {
			return 0 // a nested list
		}
		return 1
	case atom.H1:
		return 0.67
	case atom.H2:
		return 0.83
	case atom.H3:
		return 1
	case atom.H4:
		return 1.33
	case atom.H5:
		return 1.67
	case atom.H6:
		return 2.33
	}
	return 0
}

// boxDecls collects the box declarations of the rules matching one element.
type boxDecls struct {
	lh, top, bottom, pTop, pBottom style.PerScreen
	width, maxWidth                style.PerScreen
	mLeft, mRight, pLeft, pRight   style.PerScreen
	flexDir, flexWrap, position    style.PerScreen
	height, minHeight, basis       style.PerScreen
	grow, shrink                   style.PerScreen
	boxSizing                      style.PerScreen
}

// take offers the box declarations of rule, of specificity sp and source order order.
func (bd *boxDecls) take(rule *parse.StyleRule, sp [3]int, order int) {
	wrap := ""
	if rule.FlexWrap {
		wrap = "wrap"
	}
	for _, x := range []struct {
		d *style.PerScreen
		v string
	}{
		{&bd.lh, rule.LineHeight}, {&bd.top, rule.MarginTop}, {&bd.bottom, rule.MarginBottom},
		{&bd.pTop, rule.PaddingTop}, {&bd.pBottom, rule.PaddingBottom},
		{&bd.width, rule.Width}, {&bd.maxWidth, rule.MaxWidth}, {&bd.basis, rule.FlexBasis},
		{&bd.grow, rule.FlexGrow}, {&bd.shrink, rule.FlexShrink},
		{&bd.mLeft, rule.MarginLeft}, {&bd.mRight, rule.MarginRight},
		{&bd.pLeft, rule.PaddingLeft}, {&bd.pRight, rule.PaddingRight},
		{&bd.flexDir, rule.FlexDirection}, {&bd.flexWrap, wrap}, {&bd.position, rule.Position},
		{&bd.height, rule.Height}, {&bd.minHeight, rule.MinHeight}, {&bd.boxSizing, rule.BoxSizing},
	} {
		x.d.Offer(x.v, rule.Media, sp, order)
	}
}

// uaInset is the user agent stylesheet's left and right margins and paddings of element
// n, px: lists and definitions are indented, quotations and figures inset on both sides.
func uaInset(n *html.Node) float64 {
	switch n.DataAtom {
	case atom.Ul, atom.Ol, atom.Menu, atom.Dir, atom.Dd:
		return 40
	case atom.Blockquote, atom.Figure:
		return 80
	case atom.Body:
		return 16
	}
	return 0
}

// computeBox resolves an element's box from its declarations, given its parent's line
// height and its own font sizes (size on a laptop's screen, pSize on a phone's).
func computeBox(n *html.Node, inh [2]style.LineHeight, d *boxDecls, size, pSize float64, vars [2]style.Vars) vbox {
	b := vbox{lh: inh}
	sizes := [2]float64{size, pSize}
	scs := style.Screens()
	ua := uaMargin(n)
	for i := range 2 {
		b.top[i], b.bottom[i] = ua*sizes[i], ua*sizes[i]
		if n.DataAtom == atom.Body {
			b.top[i], b.bottom[i] = 8, 8
		}
		b.inset[i] = uaInset(n)
		if d == nil {
			continue
		}
		b.inset[i], b.pad[i] = horizontalInset(n, d, i, sizes[i], scs[i], vars[i])
		if i == style.OnLaptop && d.boxSizing[i].Has {
			b.borderBox = d.boxSizing[i].V == "border-box"
		}
		for _, w := range []struct {
			d   *style.PerScreen
			out *style.Length
		}{{&d.width, &b.width[i]}, {&d.maxWidth, &b.maxWidth[i]}} {
			if w.d[i].Has {
				if v, ok := style.Subst(w.d[i].V, vars[i]); ok {
					*w.out = style.ResolveWidth(v, sizes[i], scs[i])
				}
			}
		}
		for _, h := range []struct {
			d   *style.PerScreen
			out *style.Length
		}{{&d.height, &b.height[i]}, {&d.minHeight, &b.minHeight[i]}} {
			if h.d[i].Has {
				if v, ok := style.Subst(h.d[i].V, vars[i]); ok {
					*h.out = style.ResolveWidth(v, sizes[i], scs[i])
				}
			}
		}
		if i == style.OnLaptop && d.height[i].Has {
			v, _ := style.Subst(d.height[i].V, vars[i])
			b.heightAuto = strings.EqualFold(strings.TrimSpace(v), "auto")
		}
		if d.basis[i].Has {
			if v, ok := style.Subst(d.basis[i].V, vars[i]); ok {
				b.basis[i] = style.ResolveWidth(v, sizes[i], scs[i])
				b.zeroBasis[i] = !b.basis[i].Set() && style.LengthLike(strings.TrimSpace(v))
			}
		}
		if d.grow[i].Has {
			if x, ok := flexFactor(d.grow[i].V, vars[i]); ok {
				b.grow[i] = x
			}
		}
		if d.shrink[i].Has {
			if x, ok := flexFactor(d.shrink[i].V, vars[i]); ok {
				b.shrink[i], b.shrinkSet[i] = x, true
			}
		}
		if d.flexDir[i].Has {
			b.flexColumn[i] = strings.HasPrefix(d.flexDir[i].V, "column")
		}
		if i == style.OnLaptop && d.flexWrap[i].Has {
			b.flexWrap = d.flexWrap[i].V == "wrap"
		}
		if d.position[i].Has {
			b.outOfFlow[i] = d.position[i].V == "absolute" || d.position[i].V == "fixed"
		}
		if d.lh[i].Has {
			if v, ok := style.Subst(d.lh[i].V, vars[i]); ok {
				if l, ok := style.ResolveLineHeight(v, inh[i], sizes[i], scs[i]); ok {
					b.lh[i] = l
				}
			}
		}
		for _, m := range []struct {
			d   *style.PerScreen
			out *float64
		}{{&d.top, &b.top[i]}, {&d.bottom, &b.bottom[i]}, {&d.pTop, &b.pTop[i]}, {&d.pBottom, &b.pBottom[i]}} {
			if !m.d[i].Has {
				continue
			}
			if v, ok := style.Subst(m.d[i].V, vars[i]); ok {
				if px, ok := style.ResolveLength(v, sizes[i], scs[i]); ok {
					*m.out = max(px, 0)
				}
			}
		}
	}
	return b
}

// flexFactor reads a flex-grow or flex-shrink value v: a number, at least 0.
func flexFactor(v string, vars style.Vars) (float64, bool) {
	v, ok := style.Subst(v, vars)
	if !ok {
		return 0, false
	}
	x, err := strconv.ParseFloat(style.Unimportant(v), 64)
	if err != nil || !(x >= 0) || math.IsInf(x, 0) {
		return 0, false
	}
	return x, true
}

// horizontalInset is element n's left and right margins and paddings on screen i, px,
// and of those its paddings:
// each side from its rules, else the user agent's. auto margins (centring) and
// percentages count as nothing; negative margins widen the box.
func horizontalInset(n *html.Node, d *boxDecls, i int, size float64, sc style.Screen, vars style.Vars) (inset, pad float64) {
	ua := uaInset(n)
	var uaM, uaP [2]float64 // left, right
	switch n.DataAtom {
	case atom.Ul, atom.Ol, atom.Menu, atom.Dir:
		uaP[0] = ua
	case atom.Dd:
		uaM[0] = ua
	case atom.Blockquote, atom.Figure, atom.Body:
		uaM = [2]float64{ua / 2, ua / 2}
	}
	for k, side := range []struct {
		d  *style.PerScreen
		ua float64
	}{{&d.mLeft, uaM[0]}, {&d.mRight, uaM[1]}, {&d.pLeft, uaP[0]}, {&d.pRight, uaP[1]}} {
		v := side.ua
		if side.d[i].Has {
			v = 0
			if s, ok := style.Subst(side.d[i].V, vars); ok {
				if px, ok := style.ResolveLength(s, size, sc); ok {
					v = px
					if k >= 2 {
						v = max(v, 0) // paddings are never negative; margins may be (they widen)
					}
				}
			}
		}
		inset += v
		if k >= 2 {
			pad += v
		}
	}
	return inset, pad
}

// columnWidths are the widths of the content boxes of a page's elements on one screen,
// px, each computed when first asked for (of) and kept: the estimate asks only for the
// elements it lays out, above the fold, and for their containers.
type columnWidths struct {
	a    *estimator
	sc   style.Screen
	own  *blockSet
	cols map[*html.Node]column                 // of's memo
	flex map[*html.Node]map[*html.Node]float64 // flexSizes of each flex row asked for
	// maxContent, which measures a flex item's whole content, reads own and keeps what
	// it measured by the elements' numbers (positions) in contentAt (NaN where not
	// measured; made when first needed). content is the memo of elements without a
	// number.
	contentAt []float64
	content   map[*html.Node]float64
}

// column is what columnWidths keeps of an element: the width of its content box, the
// display its children are laid out in, and whether it is laid out on the screen at all.
type column struct {
	w    float64
	disp string
	ok   bool
}

// columns returns the widths of the content boxes of the elements on screen sc, from
// the viewport's width down (columnWidths.of). The columns of a page are kept per screen.
func (a *estimator) columns(sc style.Screen, own *blockSet) *columnWidths {
	si := sc.Index()
	if c := a.cols[si]; c != nil {
		return c
	}
	// The layout asks for the columns of the elements of the first screen and their
	// containers: from a few dozen to a thousand (rustdoc's i64), of about half as many
	// containers. The maps start at the size of a short page's.
	c := &columnWidths{a: a, sc: sc, own: own, cols: make(map[*html.Node]column, 64),
		flex: make(map[*html.Node]map[*html.Node]float64, 32), content: map[*html.Node]float64{}}
	a.cols[si] = c
	return c
}

// blockOf is the block of element n's own text (n numbered i, 0 for none), nil when it
// has none.
func (cw *columnWidths) blockOf(n *html.Node, i int) *textBlock {
	return cw.own.of(n, i)
}

// of returns the width of n's content box, px: an element is as wide as its container,
// less its margins and paddings, and no wider than its width and max-width. The items of
// a flex row are sized by flexSizes. Inline elements are as wide as their container. ok
// is false for what is not laid out on the screen (under display: none) and what is not
// an element of the page.
func (cw *columnWidths) of(n *html.Node) (float64, bool) {
	c := cw.get(n)
	return c.w, c.ok
}

// get is of with the display n's children are laid out in.
func (cw *columnWidths) get(n *html.Node) column {
	a, sc := cw.a, cw.sc
	if n == a.doc.Root {
		return column{w: sc.Width, disp: "block", ok: a.fonts != nil}
	}
	if c, ok := cw.cols[n]; ok {
		return c
	}
	c := cw.measure(n)
	cw.cols[n] = c
	return c
}

// measure is get without its memo.
func (cw *columnWidths) measure(c *html.Node) column {
	a, sc := cw.a, cw.sc
	si := sc.Index()
	if c.Type != html.ElementNode || c.Parent == nil {
		return column{}
	}
	n := c.Parent
	parent := cw.get(n)
	if !parent.ok {
		return column{}
	}
	w, disp := parent.w, parent.disp
	d := a.displayOn(c, sc)
	if d == "none" {
		return column{}
	}
	cd := d
	if cd == "" && uaBlock(c.DataAtom) {
		cd = "block"
	}
	if !blockLevel(c, d, disp) {
		return column{w: w, disp: cd, ok: true}
	}
	flex, seen := cw.flex[n]
	if !seen {
		if a.flexRow(n, sc) {
			flex = a.flexSizes(n, w, cw)
		}
		cw.flex[n] = flex
	}
	bx := a.fonts.boxOf(c)
	// The content box: what the container leaves, less margins and paddings; or
	// the width asked for, less the paddings when it includes them.
	sized := func(l style.Length) float64 {
		if bx.borderBox {
			return l.Of(w) - bx.pad[si]
		}
		return l.Of(w)
	}
	width := w - bx.inset[si]
	if fw, ok := flex[c]; ok {
		width = fw - bx.inset[si]
	} else if bx.width[si].Set() {
		width = sized(bx.width[si])
	}
	if bx.maxWidth[si].Set() {
		width = min(width, sized(bx.maxWidth[si]))
	}
	width = max(width, style.RootSize)
	return column{w: width, disp: cd, ok: true}
}

// shownHeight is the height of image ref (of size r in the markup) shown col px wide,
// px: scaled down with its width when wider than col. A scaled image of height: auto
// keeps the proportions of its file (which may differ from its width and height
// attributes'), when the file's size can be read.
func (a *estimator) shownHeight(ref *parse.Ref, r parse.Ref, col float64) float64 {
	if r.Width <= 0 {
		return float64(r.Height)
	}
	w := min(float64(r.Width), col)
	ratio := float64(r.Height) / float64(r.Width)
	if w < float64(r.Width) && a.fonts != nil && a.fonts.boxOf(ref.Node).heightAuto {
		if is, ok := a.site.(ImageSizer); ok {
			if p, ok := a.resolve(r.URL); ok {
				if fw, fh, ok := is.ImageSize(p); ok && fw > 0 && fh > 0 {
					ratio = float64(fh) / float64(fw)
				}
			}
		}
	}
	return w * ratio
}

// flexSizes returns the width (margins included) of each item of flex row n, w px wide
// on screen sc, as the flex algorithm sizes it (CSS Flexbox §9.7,
// resolveFlexibleLengths): each item starts from its flex base size (its flex basis, its
// width, or else the width of its content on one line, maxContent), at most its
// max-width. When the items fit, those that grow (flex-grow) share the room left by
// their grow factors, except an item sized by its content, held at it; when they do
// not, the row wraps onto lines of their own (flex-wrap), each sized the same way, or
// the items shrink, each by its flex-shrink times its base size. An item held at its
// max-width leaves the rest of its share to the others. Min-widths are not known: an
// item may shrink to nothing (min-width: 0), where the browser keeps its min-content
// width.
func (a *estimator) flexSizes(n *html.Node, w float64, cw *columnWidths) map[*html.Node]float64 {
	sc := cw.sc
	si := sc.Index()
	if a.open[n] {
		a.needsTail = true // its items go on in the tail
		return nil         // and the estimate stops (Result.NeedsTail)
	}
	var items []flexItem
	for c, ci := range a.inFlow(n, a.numOf(n), sc) {
		bx := &a.fonts.at(ci).box
		it := flexItem{c: c, inset: bx.inset[si], grow: bx.grow[si], shrink: bx.shrinkFactor(si), max: math.Inf(1)}
		inner := func(l style.Length) float64 {
			if bx.borderBox {
				return max(l.Of(w)-bx.pad[si], 0)
			}
			return l.Of(w)
		}
		switch l, ok := bx.mainSize(si); {
		case ok:
			it.base = inner(l)
		case bx.zeroBasis[si]:
		default:
			// Sized by its content, the item is held at it: the browser grows it too
			// (flex-grow from an auto basis), but on rustdoc's pages (main {
			// flex-grow: 1 }, its content narrower than the row) the wider column
			// puts the first paragraph on one line, and the text's height, 1.1 em
			// for every face (glyphBox), then falls under the heading's where
			// Chromium measures Source Serif 4's at 1.375 em and takes the paragraph:
			// grown, 30 of 247 such pages' guesses agree with Chromium, held, 218.
			it.base, it.grow = cw.maxContent(c, ci), 0
		}
		if bx.maxWidth[si].Set() {
			it.max = inner(bx.maxWidth[si])
		}
		items = append(items, it)
	}
	for line := range flexLines(items, w, a.fonts.boxOf(n).flexWrap) {
		resolveFlexibleLengths(line, w)
	}
	out := make(map[*html.Node]float64, len(items))
	for _, it := range items {
		out[it.c] = it.target + it.inset
	}
	return out
}

// flexItem is an item of a flex row as flexSizes sizes it, px: its flex base size and
// max-width (+Inf for none), of its content box, its margins and paddings (inset), its
// flex factors, and the width of its content box it is given (target).
type flexItem struct {
	c                *html.Node
	base, max, inset float64
	grow, shrink     float64
	target           float64
	frozen           bool
	held             float64 // how far the bounds moved the target in the last pass
}

// hypothetical is the item's base size held at its max-width.
func (it *flexItem) hypothetical() float64 {
	return max(min(it.base, it.max), 0)
}

// flexLines yields the lines of items in a row w px wide: one line, or where the row
// wraps, as many items on each line as fit there (each line holds one at least).
func flexLines(items []flexItem, w float64, wrap bool) iter.Seq[[]flexItem] {
	return func(yield func([]flexItem) bool) {
		if !wrap {
			yield(items)
			return
		}
		start, used := 0, 0.0
		for k := range items {
			size := items[k].hypothetical() + items[k].inset
			if k > start && used+size > w {
				if !yield(items[start:k]) {
					return
				}
				start, used = k, 0
			}
			used += size
		}
		if start < len(items) {
			yield(items[start:])
		}
	}
}

// resolveFlexibleLengths sets the target of each item of one line of a flex row w px
// wide (CSS Flexbox §9.7): the line grows when its items' hypothetical sizes leave room,
// else it shrinks; items that do not flex that way keep their hypothetical size, the
// others share the free space by their grow factors, or shrink by their shrink factors
// times their base sizes, until none passes its max-width (or goes under nothing).
func resolveFlexibleLengths(line []flexItem, w float64) {
	used := 0.0
	for k := range line {
		used += line[k].hypothetical() + line[k].inset
	}
	growing := used < w
	factor := func(it *flexItem) float64 {
		if growing {
			return it.grow
		}
		return it.shrink
	}
	for k := range line {
		it := &line[k]
		it.target = it.hypothetical()
		it.frozen = factor(it) == 0 || growing && it.base > it.max
	}
	// The free space left with the flexible items at their base size.
	freeSpace := func() float64 {
		free := w
		for k := range line {
			it := &line[k]
			free -= it.inset
			if it.frozen {
				free -= it.target
			} else {
				free -= it.base
			}
		}
		return free
	}
	initial := freeSpace()
	for range len(line) + 1 {
		free, factors, scaled := freeSpace(), 0.0, 0.0
		open := false
		for k := range line {
			if it := &line[k]; !it.frozen {
				open = true
				factors += factor(it)
				scaled += it.shrink * it.base
			}
		}
		if !open {
			return
		}
		// Factors summing to less than 1 take that part of the free space only.
		if factors < 1 && math.Abs(initial*factors) < math.Abs(free) {
			free = initial * factors
		}
		violation := 0.0
		for k := range line {
			it := &line[k]
			if it.frozen {
				continue
			}
			switch {
			case growing:
				it.target = it.base + free*it.grow/factors
			case scaled > 0:
				it.target = it.base + free*it.shrink*it.base/scaled
			default:
				it.target = it.base
			}
			clamped := max(min(it.target, it.max), 0)
			it.held = clamped - it.target
			violation += it.held
			it.target = clamped
		}
		// Freeze every item when none was held; else those held at the bound the
		// items passed on the whole (their max-widths, or nothing), and size the rest
		// again.
		for k := range line {
			it := &line[k]
			if !it.frozen && (violation == 0 || violation < 0 && it.held < 0 || violation > 0 && it.held > 0) {
				it.frozen = true
			}
		}
	}
}

// inFlow yields the element children of n (numbered i, 0 for none) laid out in the
// flow on sc, shown there and not positioned out of it, each with its number (0 for
// none). The first child of the element numbered i is numbered i+1, and the next
// sibling of the element numbered j is numbered past the end of j's subtree.
func (a *estimator) inFlow(n *html.Node, i int, sc style.Screen) iter.Seq2[*html.Node, int] {
	return func(yield func(*html.Node, int) bool) {
		next := i + 1
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			ci := 0
			if i > 0 && !skipped(c) && a.fonts != nil && next < len(a.fonts.ends) {
				ci, next = next, a.fonts.ends[next]+1
			}
			if a.displayAt(c, ci, sc) == "none" || a.fonts.at(ci).box.outOfFlow[sc.Index()] {
				continue
			}
			if !yield(c, ci) {
				return
			}
		}
	}
}

// maxContent is the width of n's content laid out on one line, on cw's screen, px: its
// own text, else the widest of its blocks (the sum of them in a flex row), and the width
// attribute of an image or an inline SVG. n is numbered i (0 for none). What was
// measured is kept (nested flex rows would measure the same subtree again at each
// level).
func (cw *columnWidths) maxContent(n *html.Node, i int) float64 {
	if cw.a.open[n] {
		cw.a.needsTail = true // its content goes on in the tail
		return 0              // and the estimate stops (Result.NeedsTail)
	}
	if !hasElementChild(n) {
		// Measured at once: kept, the leaves (most of a page's elements) would only
		// grow the memo.
		return cw.measureContent(n, i)
	}
	if i > 0 && cw.a.fonts != nil && i < len(cw.a.fonts.ends) {
		if cw.contentAt == nil {
			cw.contentAt = make([]float64, len(cw.a.fonts.ends))
			for k := range cw.contentAt {
				cw.contentAt[k] = math.NaN()
			}
		}
		if x := cw.contentAt[i]; !math.IsNaN(x) {
			return x
		}
		x := cw.measureContent(n, i)
		cw.contentAt[i] = x
		return x
	}
	if x, ok := cw.content[n]; ok {
		return x
	}
	x := cw.measureContent(n, i)
	cw.content[n] = x
	return x
}

// replaced reports whether an element of atom a is measured by its width attribute
// (maxContent).
func replaced(a atom.Atom) bool {
	switch a {
	case atom.Img, atom.Svg, atom.Video, atom.Canvas, atom.Iframe:
		return true
	}
	return false
}

func hasElementChild(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			return true
		}
	}
	return false
}

// measureContent is maxContent without its memo.
func (cw *columnWidths) measureContent(n *html.Node, i int) float64 {
	a, sc := cw.a, cw.sc
	width := 0.0
	if b := cw.blockOf(n, i); b != nil {
		width, _ = b.dims(sc)
		if b.pre {
			width = b.preWidth(sc)
		}
	}
	if replaced(n.DataAtom) {
		if x, err := strconv.ParseFloat(strings.TrimSuffix(parse.Attr(n, "width"), "px"), 64); err == nil {
			return x
		}
		return 0
	}
	if cw.own.emptyKids(n, i) {
		return width // what is under n adds nothing: not walked again
	}
	row := a.flexRowAt(n, i, sc)
	sum := 0.0
	for c, ci := range a.inFlow(n, i, sc) {
		x := cw.maxContent(c, ci) + a.fonts.at(ci).box.inset[sc.Index()]
		if row {
			sum += x
		} else {
			width = max(width, x)
		}
	}
	return max(width, sum)
}
