package firstscreen

import (
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/preloadgen/preloadgen/parse"
	"github.com/preloadgen/preloadgen/style"
)

// Finding the LCP candidate without a browser is a heuristic, shaped after what Chromium
// reports on typical pages: the first large, non-lazy image in the first screen (an <img>,
// a <picture>, a video poster or the CSS background of a hero-like block), else the
// largest block of text or small image, by the area it paints inside the first screen.
// Where an element starts is estimated by stacking the page's text and images in document
// order (layoutTops).

// firstScreenChars is how much text may come before an <img> of unknown size for it to be
// counted as in the first screen (lcpDoubt).
const firstScreenChars = 600

// position is where an element is in the page: its number in document order (from 1),
// the number of the last element under it (its own when none: the elements under it
// are numbered index+1 to end), and the characters of text before it.
type position struct {
	index, end int
	textBefore int
}

// svgPos is an inline SVG with its position's numbers.
type svgPos struct {
	n          *html.Node
	index, end int
}

// positions returns the numbers of the page's elements, in document order, outside
// <script>, <style>, <template>, <noscript>, <head> and <title>: the cascade numbers
// them as it walks the page (numbering), else they are numbered here. The inline SVGs
// among them are kept in a.svgs.
func (a *estimator) positions() *numTable {
	if a.pos == nil {
		nb := a.newNumbering(nil)
		nb.under(a.doc.Root)
		a.pos, a.svgs = nb.pos, nb.svgs
	}
	return a.pos
}

// numbering numbers the elements of a page in document order as a walk enters and
// leaves them (positions).
type numbering struct {
	pos   *numTable
	ends  []int // position.end by position.index, for walks that carry the numbers
	svgs  []svgPos
	index int // the last number given
	chars int // the characters of text so far
	marks *marks
}

// marks is what the numbering finds of the elements carrying Attr, for markedGuess: the
// first it numbers, with its number, and the elements it leaves out (skipped) that carry
// it or have elements under them, in document order, each with the number of the last
// element numbered before it.
type marks struct {
	first   *html.Node
	firstAt int
	skipped []skippedAt
}

type skippedAt struct {
	n     *html.Node
	after int
}

// newNumbering starts the numbering of the page's elements, in the memory of sc (nil:
// new memory).
func (a *estimator) newNumbering(sc *pageScratch) *numbering {
	a.marks = marks{}
	if sc == nil {
		return &numbering{pos: newNumTable(a.doc.Elements), ends: make([]int, 1, a.doc.Elements+1), marks: &a.marks}
	}
	sc.pos.reset(a.doc.Elements)
	if cap(sc.ends) < a.doc.Elements+1 {
		sc.ends = make([]int, 1, a.doc.Elements+1)
	}
	sc.ends = sc.ends[:1]
	sc.ends[0] = 0
	return &numbering{pos: &sc.pos, ends: sc.ends, marks: &a.marks}
}

// skipped reports whether element c is left out of the numbering, with all under it.
func skipped(c *html.Node) bool {
	switch c.DataAtom {
	case atom.Script, atom.Style, atom.Template, atom.Noscript, atom.Head, atom.Title:
		return true
	}
	return false
}

// text counts a text node's characters.
func (nb *numbering) text(s string) { nb.chars += len(strings.TrimSpace(s)) }

// enter numbers element c (not skipped) as the walk enters it; leave, given what enter
// returned, records where its subtree ends once the walk has left it.
func (nb *numbering) enter(c *html.Node) (position, int) {
	nb.index++
	if nb.marks.first == nil {
		if _, ok := parse.AttrOK(c, Attr); ok {
			nb.marks.first, nb.marks.firstAt = c, nb.index
		}
	}
	nb.ends = append(nb.ends, 0)
	p := position{index: nb.index, textBefore: nb.chars}
	nb.pos.add(c, p)
	svg := -1
	if c.DataAtom == atom.Svg {
		svg = len(nb.svgs)
		nb.svgs = append(nb.svgs, svgPos{n: c, index: nb.index})
	}
	return p, svg
}

func (nb *numbering) leave(c *html.Node, p position, svg int) position {
	p.end = nb.index
	nb.pos.setEnd(p.index, p.end)
	nb.ends[p.index] = p.end
	if svg >= 0 {
		nb.svgs[svg].end = nb.index
	}
	return p
}

// skip notes element c, left out of the numbering with what is under it, where the
// walk meets it (marks).
func (nb *numbering) skip(c *html.Node) {
	if _, ok := parse.AttrOK(c, Attr); ok || hasElementChild(c) {
		nb.marks.skipped = append(nb.marks.skipped, skippedAt{c, nb.index})
	}
}

// under numbers what is under n, doing nothing else.
func (nb *numbering) under(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			nb.text(c.Data)
		case html.ElementNode:
			if skipped(c) {
				nb.skip(c)
				continue
			}
			p, svg := nb.enter(c)
			nb.under(c)
			nb.leave(c, p, svg)
		}
	}
}

// svgsIn returns the inline SVGs numbered from p.index to p.end, in document order.
func (a *estimator) svgsIn(p position) []svgPos {
	lo, _ := slices.BinarySearchFunc(a.svgs, p.index, func(s svgPos, i int) int { return s.index - i })
	hi, _ := slices.BinarySearchFunc(a.svgs, p.end+1, func(s svgPos, i int) int { return s.index - i })
	return a.svgs[lo:hi]
}

func heroish(n *html.Node) bool {
	for ; n != nil && n.Type == html.ElementNode; n = n.Parent {
		s := strings.ToLower(parse.Attr(n, "class") + " " + parse.Attr(n, "id"))
		for _, w := range []string{"hero", "banner", "cover", "masthead", "jumbotron", "splash", "featured"} {
			if strings.Contains(s, w) {
				return true
			}
		}
		if n.DataAtom == atom.Body {
			return false
		}
	}
	return false
}

func largeImage(ref *parse.Ref) bool {
	if ref.Width > 0 && ref.Width < 150 || ref.Height > 0 && ref.Height < 100 {
		return false
	}
	if ref.Width >= 300 || ref.Height >= 250 {
		return true
	}
	for _, c := range parse.ParseSrcset(ref.Srcset) {
		if c.Width >= 600 {
			return true
		}
	}
	return strings.Contains(ref.Sizes, "vw") || ref.Picture != nil || heroish(ref.Node)
}

// estimate guesses the page's LCP element: the one its author marked, else the first
// large image or background in the first screen, else the text that paints the most.
func (a *estimator) estimate() (Guess, bool) {
	if g, ok := a.markedGuess(); ok {
		return g, true
	}
	pos := a.positions()
	tops := a.laptopTops // laid out before the tail was styled (layoutNeedsTail)
	if tops == nil {
		tops = a.layoutTops(pos, style.Laptop())
	}
	if a.needsTail {
		return Guess{}, false // the page is read whole (Result.NeedsTail)
	}
	type cand struct {
		pos   position
		ref   *parse.Ref
		bg    *Background
		kind  string
		n     *html.Node
		media string // where it is shown ("" everywhere), see shownMedia
		mixed bool   // where it is shown cannot be told
	}
	var best *cand
	var all []lcpCand // every candidate in the first screen, for lcpDoubt
	fromFile := map[*parse.Ref]bool{}
	consider := func(c cand) {
		if !inFirstScreen(tops.at(c.n)) {
			return
		}
		all = append(all, lcpCand{pos: c.pos, ref: c.ref, bg: c.bg, media: c.media})
		if best == nil || c.pos.index < best.pos.index {
			best = &c
		}
	}
	for i := range a.doc.Refs {
		ref := &a.doc.Refs[i]
		if ref.Kind != parse.RefImage && ref.Kind != parse.RefVideoPoster {
			continue
		}
		// Without a size in the markup, the file's own size stands in (fileSized); a guess
		// that is large only by that size stays unsure.
		sizedByFile := false
		if sized, ok := a.fileSized(ref); ok {
			if !largeImage(ref) && largeImage(&sized) {
				fromFile[&sized] = true
			}
			ref, sizedByFile = &sized, true
		}
		// A lazy image is painted like any other once loaded: it stays a candidate when it
		// is clearly a hero (lazyHero), not merely large.
		if ref.Loading == "lazy" && !lazyHero(ref) || !largeImage(ref) && ref.Kind == parse.RefImage {
			continue
		}
		// A placeholder or flat image is not contentful; told by its file when its size
		// came from its header (a size in the markup may belong to a file not yet there).
		if sizedByFile && a.lowEntropy(ref) {
			continue
		}
		p, ok := pos.get(ref.Node)
		if !ok {
			continue
		}
		// An image that no screen lays out paints nothing.
		media, never, known := a.shownMedia(ref.Node)
		if never {
			continue
		}
		consider(cand{pos: p, ref: ref, n: ref.Node, kind: "image", media: media, mixed: !known})
	}
	// The background that wins the cascade for each element.
	win := map[*html.Node]*Background{}
	for i := range a.bgs {
		b := &a.bgs[i]
		if w := win[b.Node]; w == nil || !style.SpecLess(b.spec, b.order, w.spec, w.order) {
			win[b.Node] = b
		}
	}
	for n, b := range win {
		if !b.large && !heroish(n) {
			continue
		}
		if n.DataAtom == atom.Body || n.DataAtom == atom.Html {
			continue
		}
		p, ok := pos.get(n)
		if !ok {
			continue
		}
		media, never, known := a.bgMedia(b)
		if never {
			continue
		}
		consider(cand{pos: p, bg: b, n: n, kind: "background", media: media, mixed: !known})
	}
	if best != nil {
		doubt, runnerUp := a.lcpDoubt(pos, lcpCand{pos: best.pos, ref: best.ref, bg: best.bg, media: best.media}, all)
		if doubt == "" && fromFile[best.ref] {
			doubt = "its size is known only from the image file (no width and height in the markup)"
		}
		if doubt == "" && best.mixed {
			doubt = "rules under more than one @media decide where it is shown"
		}
		g := Guess{Node: best.n, Media: best.media, Unsure: doubt, RunnerUp: runnerUp.candidate(), Lazy: best.ref != nil && best.ref.Loading == "lazy"}
		switch best.kind {
		case "image":
			g.Kind, g.Image = KindImage, best.ref
			// A phone's first screen may show another element larger (phoneCheck): a
			// sure guess's hint is then raised for wider screens only (an unsure one is
			// not raised anywhere).
			if best.media == "" {
				if c, ok := a.phoneCheck(pos, best.ref.Node); ok {
					if doubt == "" {
						g.Media, g.MediaWhy = phoneMedia, phoneWhy(c)
					}
					if c.lead > 1 {
						g.Phone = c.candidate()
					}
				}
			}
		case "background":
			g.Kind, g.Background = KindBackground, best.bg
		}
		return g, true
	}
	return a.textGuess(pos, tops, win)
}

// inFirstScreen reports whether an element estimated to start top px down the page
// (layoutTops) is in the first screen.
func inFirstScreen(top float64) bool {
	return top < style.Laptop().Fold
}

// textGuess guesses the block of text that paints the most (blockSet) near the top.
// Areas are estimated in whole lines of a typical column: between blocks of as many
// lines, the one with more text is taken, as it is the likelier to wrap to one more line
// in the page's real column.
func (a *estimator) textGuess(pos *numTable, tops *topTable, bgs map[*html.Node]*Background) (Guess, bool) {
	sc := style.Laptop()
	best, bestScore := a.bestText(pos, tops, sc)
	// An image too small to be taken for a hero still wins over text that paints less,
	// and so does a background of a box of a known height (a header's band).
	img, imgArea := a.smallImage(pos, tops)
	bg, bgArea := a.smallBackground(pos, tops, bgs, sc)
	if img != nil && imgArea > bestScore && imgArea >= bgArea {
		return Guess{Kind: KindImage, Node: img.Node, Image: img, Unsure: "an image too small for a hero, taken over text by an estimate of the area each paints"}, true
	}
	// A phone's first screen, in its column and at its font sizes, may show another
	// block largest: Guess.Phone names it. Its fonts are the page's first-screen text on
	// phones, usually the same faces; the hints stay those of the laptop's guess.
	ph := style.Phone()
	phTops := a.layoutTops(pos, ph)
	pb, pbArea := a.bestText(pos, phTops, ph)
	if bg != nil && bgArea > bestScore {
		g := Guess{Kind: KindBackground, Node: bg.Node, Background: bg, Unsure: "a background of a box too low for a hero, taken over text by an estimate of the area each paints"}
		if pbg, pbgArea := a.smallBackground(pos, phTops, bgs, ph); pb != nil && (pbg != bg || pbgArea <= pbArea) {
			g.Phone = &Candidate{Node: pb.n}
		}
		return g, true
	}
	if best == nil {
		return Guess{}, false
	}
	g := Guess{Kind: KindText, Node: best.n}
	if pb != nil && pb != best {
		g.Phone = &Candidate{Node: pb.n}
	}
	return g, true
}

// bestText returns the block of text that paints the most in sc's first screen, with
// that area: between blocks of as many lines, the one with more text. A phone's leaves
// out navigation and sidebars (folded): they are folded away behind a menu button.
func (a *estimator) bestText(pos *numTable, tops *topTable, sc style.Screen) (*textBlock, float64) {
	var best *textBlock
	var bestScore, bestWidth float64
	// The blocks not made paint nothing there: the layout made those it gave a top
	// above the fold.
	for b := range a.blocks().made() {
		top, ok := tops.ofBlock(b)
		if !ok {
			continue
		}
		// A block that paints nothing in the first screen is never taken, hidden or not;
		// nor is one that paints less than the best so far, and only a block that
		// would take the lead is asked whether it is hidden.
		s := b.visibleArea(top, sc)
		if s <= 0 || s < bestScore {
			continue
		}
		w, _ := b.dims(sc)
		if !(s > bestScore || s == bestScore && w > bestWidth) {
			continue
		}
		if a.visuallyHidden(b.n) || sc.Mobile && folded(b.n) {
			continue
		}
		best, bestScore, bestWidth = b, s, w
	}
	return best, bestScore
}

// smallBackground returns the background image of a box of a known height (height or
// min-height in px: a header's band, a banner) that paints the most inside sc's first
// screen, with that area: the box's width (its column and paddings) by its height inside
// the screen. Backgrounds of the root and the body, of boxes not laid out on sc, and of
// images whose file is too flat to be contentful (minBitsPerPixel, told by the file's
// own size when it can be read) are left out.
func (a *estimator) smallBackground(pos *numTable, tops *topTable, bgs map[*html.Node]*Background, sc style.Screen) (*Background, float64) {
	if a.fonts == nil {
		return nil, 0
	}
	si := sc.Index()
	var cols *columnWidths
	var best *Background
	var bestArea float64
	for i := range a.bgs {
		b, n := &a.bgs[i], a.bgs[i].Node
		if bgs[n] != b {
			continue // not the background that wins the cascade for its box
		}
		if n.DataAtom == atom.Body || n.DataAtom == atom.Html || b.URL == "" {
			continue
		}
		if _, ok := pos.get(n); !ok || a.visuallyHidden(n) {
			continue
		}
		if media, never, known := a.bgMedia(b); never || media != "" || !known {
			continue
		}
		bx := a.fonts.boxOf(n)
		h := max(bx.height[si].PX, bx.minHeight[si].PX)
		if h <= 0 {
			continue
		}
		if cols == nil {
			cols = a.columns(sc, a.blocks())
		}
		w := columnOf(cols, n, sc) + bx.pad[si]
		area := w * min(h, sc.Fold-tops.at(n))
		if area <= bestArea {
			continue
		}
		is, ok := a.site.(ImageSizer)
		if !ok {
			continue
		}
		fw, fh, ok := is.ImageSize(b.URL)
		bytes, _ := a.site.Stat(b.URL)
		if !ok || fw <= 0 || fh <= 0 || float64(bytes)*8 < minBitsPerPixel*float64(fw)*float64(fh) {
			continue
		}
		best, bestArea = b, area
	}
	return best, bestArea
}

// smallImage returns the image of the page's content (not of its navigation, header or
// footer) that paints the most inside the first screen by its size in the markup or its
// file, with that area; nil when there is none. Lazy images are left out (their author
// did not expect them in the first screen, and CSS often shows them smaller than their
// markup says), and so are images of low entropy: Chromium does not count an image of
// fewer than 0.05 bits per displayed pixel (a placeholder, a flat colour) as contentful.
func (a *estimator) smallImage(pos *numTable, tops *topTable) (*parse.Ref, float64) {
	var best *parse.Ref
	var bestArea float64
	for ref, r := range a.sizedImages(false) {
		if ref.Picture != nil || ref.Loading == "lazy" || r.Width <= 0 || r.Height <= 0 {
			continue
		}
		if _, ok := pos.get(ref.Node); !ok || inChrome(ref.Node) || a.visuallyHidden(ref.Node) {
			continue
		}
		if p, ok := a.resolve(r.URL); !ok || p == "" || a.lowEntropy(&r) {
			continue
		}
		if _, never, _ := a.shownMedia(ref.Node); never {
			continue
		}
		w, h := float64(r.Width), float64(r.Height)
		if w > style.Laptop().Width {
			h *= style.Laptop().Width / w
			w = style.Laptop().Width
		}
		h = min(h, style.Laptop().Fold-tops.at(ref.Node))
		if h <= 0 {
			continue
		}
		if area := w * h; area > bestArea {
			best, bestArea = ref, area
		}
	}
	return best, bestArea
}

// minBitsPerPixel is the entropy below which Chromium does not count an image as
// contentful for LCP.
const minBitsPerPixel = 0.05

// lowEntropy reports whether the image's file has fewer than minBitsPerPixel bits per
// pixel of its size (ref's width and height, as displayed); false when either is unknown.
func (a *estimator) lowEntropy(ref *parse.Ref) bool {
	if ref.Width <= 0 || ref.Height <= 0 {
		return false
	}
	p, ok := a.resolve(ref.URL)
	if !ok || p == "" {
		return false
	}
	size, ok := a.site.Stat(p)
	return ok && float64(size)*8 < minBitsPerPixel*float64(ref.Width)*float64(ref.Height)
}

// inChrome reports whether n is part of the page's navigation, header or footer, where
// logos and icons are.
func inChrome(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		switch p.DataAtom {
		case atom.Nav, atom.Header, atom.Footer, atom.Aside:
			return true
		}
	}
	return false
}

// hiddenClasses are the usual names of the "visually hidden" utility class (text for
// screen readers only, clipped to nothing), used when the cascade cannot tell.
var hiddenClasses = []string{"visually-hidden", "visuallyhidden", "sr-only", "screen-reader-text",
	"screen-reader-only", "hidden-visually", "u-hidden-visually", "element-invisible", "hide-text"}

// classNamesHidden reports whether class attribute class names its element visually
// hidden text (hiddenClasses) or a skip link ("skip-link", "skip-to-content",
// "skipToContent_x": a link to the main content that the page keeps outside the
// viewport, or clipped, until it has the keyboard focus, so it paints nothing in the
// first screen).
func classNamesHidden(class string) bool {
	for _, c := range strings.Fields(strings.ToLower(class)) {
		if slices.Contains(hiddenClasses, c) {
			return true
		}
		for _, p := range []string{"skip-", "skip_", "skipto", "skiplink", "skipnav"} {
			if strings.HasPrefix(c, p) {
				return true
			}
		}
	}
	return false
}

// namedHidden is classNamesHidden of n's class attribute, asked once per class attribute of the page that may
// name hidden text (mayNameHidden).
func (a *estimator) namedHidden(n *html.Node) bool {
	return a.classHidden(parse.Attr(n, "class"))
}

// classHidden is namedHidden of an element of class attribute class.
func (a *estimator) classHidden(class string) bool {
	if class == "" {
		return false
	}
	// The last answers, by a hash of the class's length and ends: a source view's
	// 265,000 <span>s have a dozen classes (classSeen).
	slot := &a.classSeen[(len(class)+7*int(class[0])+13*int(class[len(class)-1]))%len(a.classSeen)]
	if slot.set && slot.class == class {
		return slot.hidden
	}
	h := a.classNamedHidden(class)
	*slot = classSeen{class: class, hidden: h, set: true}
	return h
}

// classNamedHidden is classHidden without its last answers.
func (a *estimator) classNamedHidden(class string) bool {
	if !mayNameHidden(class) {
		return false
	}
	h, ok := a.hiddenNames[class]
	if !ok {
		h = classNamesHidden(class)
		if a.hiddenNames == nil {
			a.hiddenNames = map[string]bool{}
		}
		a.hiddenNames[class] = h
	}
	return h
}

// layoutNeedsTail lays a page read in two parts out on a laptop's screen once its first
// part is styled, before its tail is (cascadeTail): the layout reads nothing of the
// tail's styles (their backgrounds, the characters of their text), and when it finds
// that the page needs its tail (Result.NeedsTail), styling the tail is work thrown
// away. detach takes the tail off the DOM, as every walk but the cascade's wants it; it
// is attached again for cascadeTail. The tops are kept for the estimate (laptopTops).
// A page whose guess is marked is not laid out (markedGuess): it is left to the
// estimate.
func (a *estimator) layoutNeedsTail(detach func()) bool {
	if a.noProbe || a.page.Selector != "" || a.markedElement() != nil {
		return false
	}
	detach()
	defer a.doc.AttachTail() // undone by the cascade's detach
	if a.view {
		defer a.doc.AttachView()() // undone first: the tail is attached again
	}
	a.laptopTops = a.layoutTops(a.positions(), style.Laptop())
	return a.needsTail
}

// classSeen is a class attribute and its classHidden.
type classSeen struct {
	class  string
	hidden bool
	set    bool
}

// mayNameHidden reports whether a class attribute may name hidden text (classNamesHidden):
// every name classNamesHidden takes holds "hid", "sr-only", "screen-reader", "skip" or
// "invisible", in any case. A class with other than ASCII characters may (a letter such
// as the Kelvin sign lowers to an ASCII one).
func mayNameHidden(class string) bool {
	for i := 0; i < len(class); i++ {
		if class[i] >= utf8.RuneSelf {
			return true
		}
		rest := class[i:]
		switch class[i] | 0x20 { // the letter in lower case
		case 'h':
			if asciiPrefixFold(rest, "hid") {
				return true
			}
		case 's':
			if asciiPrefixFold(rest, "skip") || asciiPrefixFold(rest, "sr-only") || asciiPrefixFold(rest, "screen-reader") {
				return true
			}
		case 'i':
			if asciiPrefixFold(rest, "invisible") {
				return true
			}
		}
	}
	return false
}

// asciiPrefixFold reports whether ASCII s begins with prefix (lower case) in any case.
func asciiPrefixFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != prefix[i] {
			return false
		}
	}
	return true
}

// visuallyHidden reports whether element n paints nothing, so that it can never be the
// LCP element: under a hidden attribute, display:none, visibility:hidden or a clip that
// cuts the box to nothing, by the computed style. Where no rule of the page's styles
// decides (the sheet was not found, or the page was not cascaded), the usual class names
// of visually hidden text decide.
func (a *estimator) visuallyHidden(n *html.Node) bool {
	if cf, ok := a.fonts.lookup(n); ok && (cf.hidden || cf.invisible) {
		return true
	}
	return a.hiddenUp(n)
}

// hiddenUp reports whether element n or an element it is under hides itself
// (hiddenHere), kept by number in the elements' walkFlags (hiddenKnown, hiddenAbove):
// the blocks that take the lead one after another in a screen are asked about the
// same ancestors.
func (a *estimator) hiddenUp(n *html.Node) bool {
	if n == nil || n.Type != html.ElementNode {
		return false
	}
	p, ok := a.pos.get(n)
	if !ok || p.index <= 0 || p.index >= len(a.walked) {
		return a.hiddenHere(n) || a.hiddenUp(n.Parent)
	}
	f := &a.walked[p.index]
	if *f&hiddenKnown == 0 {
		*f |= hiddenKnown
		if a.hiddenHere(n) || a.hiddenUp(n.Parent) {
			*f |= hiddenAbove
		}
	}
	return *f&hiddenAbove != 0
}

// hiddenHere reports whether element p hides itself and what is under it: a hidden
// attribute, display:none or visibility:hidden in its style attribute, or, where its
// computed style does not decide (hideStyled), class names of hidden text.
func (a *estimator) hiddenHere(p *html.Node) bool {
	if _, ok := parse.AttrOK(p, "hidden"); ok {
		return true
	}
	st := strings.ToLower(strings.Join(strings.Fields(parse.Attr(p, "style")), ""))
	if strings.Contains(st, "display:none") || strings.Contains(st, "visibility:hidden") {
		return true
	}
	if cf, ok := a.fonts.lookup(p); ok && cf.hideStyled {
		return false // the cascade decided for this element
	}
	return a.namedHidden(p)
}
