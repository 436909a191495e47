package firstscreen

import (
	"iter"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/preloadgen/preloadgen/parse"
	"github.com/preloadgen/preloadgen/style"
)

// Chromium reports text by the block that lays it out: every text node's paint is
// credited to its nearest block-level ancestor (a block, list item, table cell, flex or
// grid item, inline-block...), and the size is the area of that text only, not of the
// text of blocks nested inside. So a <li> holding a nested list is credited with its own
// line, not the list's; a <div> or a <main> with bare text is a candidate as much as a
// <p>; an <a> laid out as a block (by its rules, or as a flex item) is one of its own.
// textBlocks collects those blocks with their text, as the cascade lays them out.

// uaBlock reports whether the user agent's stylesheet lays element a out as a block, a
// list item, a table part or an inline block: each is a block that text is credited to.
func uaBlock(a atom.Atom) bool {
	switch a {
	case atom.Html, atom.Body, atom.Address, atom.Article, atom.Aside, atom.Blockquote,
		atom.Center, atom.Dd, atom.Details, atom.Dialog, atom.Dir, atom.Div, atom.Dl, atom.Dt,
		atom.Fieldset, atom.Figcaption, atom.Figure, atom.Footer, atom.Form, atom.H1, atom.H2,
		atom.H3, atom.H4, atom.H5, atom.H6, atom.Header, atom.Hgroup, atom.Legend, atom.Li,
		atom.Listing, atom.Main, atom.Menu, atom.Nav, atom.Ol, atom.P, atom.Pre, atom.Plaintext,
		atom.Section, atom.Summary, atom.Table, atom.Caption, atom.Td, atom.Th, atom.Tr, atom.Tbody,
		atom.Thead, atom.Tfoot, atom.Ul, atom.Xmp, atom.Button, atom.Select, atom.Textarea,
		atom.Search:
		return true
	}
	return false
}

// preformatted reports whether element a's text keeps its line breaks and does not wrap.
func preformatted(a atom.Atom) bool {
	switch a {
	case atom.Pre, atom.Listing, atom.Xmp, atom.Plaintext, atom.Textarea:
		return true
	}
	return false
}

// textBlock is one block's own text.
type textBlock struct {
	n     *html.Node
	num   int     // n's number (positions), 0 when the page was not numbered
	width float64 // its text on one line, px (measure)
	size  float64 // the largest font size of its text, px
	// pWidth and pSize are width and size on a phone's screen (computedFont.pSize).
	pWidth, pSize float64
	pl            *preLines         // a preformatted block's lines, counted as its text comes (nil: none yet)
	runs, lastRun *textRun          // its text, to be measured and wrapped in a column (textwidth.go), first and last
	words         []word            // made of runs when first wrapped (wordList)
	lh            [2]float64        // its line height on each screen (style.OnLaptop, style.OnPhone), px; 0 for normal
	cols          *[2]*columnWidths // the page's columns of each screen (estimator.cols), once laid out there (nil: the screen's column)
	lay           *blockLayout      // made when the block is first laid out in a column
	text          bool              // it has text other than white space
	pre           bool              // preformatted: lines break at newlines only
	measured      bool              // width and pWidth are worked out (measure)
	pendingSpace  bool              // the text so far ends in a space
}

// blockLayout is what a text block keeps of its layouts: most blocks of a long page are
// never laid out (they start past the fold), and go without.
type blockLayout struct {
	col   [2]float64 // column's answer on each screen, from colOf's columns
	colOf [2]*columnWidths
	laid  [2]struct {
		column float64
		w      wrapped
	} // the last wrap on a laptop's screen and on a phone's
}

// display returns the display of element n as laid out ("" for the user agent's default),
// from its style attribute, else its rules.
func (a *estimator) display(n *html.Node) string {
	if st := parse.Attr(n, "style"); st != "" {
		for _, decl := range strings.Split(st, ";") {
			k, v, ok := strings.Cut(decl, ":")
			if ok && strings.EqualFold(strings.TrimSpace(k), "display") {
				if f := strings.Fields(strings.ToLower(v)); len(f) > 0 {
					return f[len(f)-1]
				}
			}
		}
	}
	if a.fonts != nil {
		return a.fonts.get(n).display
	}
	return ""
}

// blockLevel reports whether element n, of display d, is a block that text is credited
// to; parent is its parent's display. A flex or grid container's children are blocks
// whatever their display (blockified), except display: contents and none.
func blockLevel(n *html.Node, d, parent string) bool {
	switch d {
	case "contents", "none":
		return false
	}
	if blockifies(parent) {
		return true
	}
	switch d {
	case "":
		return uaBlock(n.DataAtom)
	case "inline", "ruby", "ruby-text", "ruby-base":
		return false
	}
	return true
}

// textBlocks returns the blocks of the page that have text of their own, in document
// order, walking the whole page. The estimate makes them as the layout reaches them
// instead (blockSet); this walk is the reference the blocks made that way are held to.
func (a *estimator) textBlocks() []*textBlock {
	w := a.newBlockWalk(nil)
	w.walk(a.doc.Root, nil, 1, -1, "", false)
	kept := w.out[:0]
	for _, b := range w.out {
		if b != nil && b.text {
			kept = append(kept, b)
		}
	}
	return kept
}

// blockWalk is a walk over a page's elements that makes their text blocks: the text of
// each element goes to the block of its nearest block-level ancestor (or its own),
// where the walk has a place for it (open). It also finds walkFlags.
type blockWalk struct {
	a    *estimator
	fu   *fontUse
	ends []int // the numbers' position.end: the walk carries them (nil: not numbered)
	// set takes the blocks the walk makes, and gives those it made before (nil: none).
	set *blockSet
	// shallow: the walk does not go under the block-level elements inside the first
	// block it opens (one block's text); skips counts those it left out, and it finds
	// the flags of the elements under which it left out none.
	shallow bool
	skips   int
	// out holds a place for each block-level element in document order; its block is
	// made when its first text comes (made): most block-level elements (lists, rows,
	// wrappers) hold only white space between their children, and have none.
	out []*textBlock
	// open are the block-level elements the walk is under, innermost last, each with
	// its block once made. Until its first text, a block would hold only white space
	// outside preformatted text, which changes nothing of its words.
	open []openBlock
	// The blocks are allocated a chunk at a time (a page has thousands of them), and
	// so are the blocks' runs of text, linked block by block.
	chunk []textBlock
	runs  []textRun
}

type openBlock struct {
	b    *textBlock
	n    *html.Node
	num  int
	pre  bool
	cf   *computedFont // its computed style, nil when not numbered
	slot int           // its place in out
	// done: the block was made before (blockSet) with all its text, which the walk
	// does not add again.
	done bool
}

func (a *estimator) newBlockWalk(set *blockSet) *blockWalk {
	w := &blockWalk{a: a, fu: a.fonts, set: set}
	if w.fu != nil {
		w.ends = w.fu.ends
		if a.walked == nil {
			a.walked = make([]walkFlags, len(w.ends))
			if sc := a.sc; sc != nil && cap(sc.walked) >= len(w.ends) {
				a.walked = sc.walked[:len(w.ends)]
				clear(a.walked)
			}
		}
	}
	return w
}

func (w *blockWalk) newBlock() *textBlock {
	if len(w.chunk) == cap(w.chunk) {
		w.chunk = make([]textBlock, 0, 64)
	}
	w.chunk = append(w.chunk, textBlock{cols: &w.a.cols})
	return &w.chunk[len(w.chunk)-1]
}

func (w *blockWalk) newRun() *textRun {
	if len(w.runs) == cap(w.runs) {
		w.runs = make([]textRun, 0, 256)
	}
	w.runs = w.runs[:len(w.runs)+1]
	return &w.runs[len(w.runs)-1]
}

// made returns the block of open[k], made on its first text.
func (w *blockWalk) made(k int) *textBlock {
	o := &w.open[k]
	if o.b == nil {
		b := w.newBlock()
		b.n, b.num, b.pre = o.n, o.num, o.pre
		if cf := o.cf; cf != nil {
			b.lh = [2]float64{cf.box.lh[style.OnLaptop].At(cf.size), cf.box.lh[style.OnPhone].At(cf.pSize)}
		}
		w.out[o.slot], o.b = b, b
	}
	return o.b
}

// walk walks what is under n, whose text goes to the block open[k] (none when k is -1,
// or when that block is done); n's computed style is ncf, its first element child is
// numbered first, its children are laid out in display disp, and its text is
// preformatted (pre). It reports whether every element child of n measures nothing on
// one line (emptyKids).
func (w *blockWalk) walk(n *html.Node, ncf *computedFont, first, k int, disp string, pre bool) bool {
	next := first
	empty := true
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			if k < 0 || w.open[k].done {
				continue
			}
			w.text(c.Data, ncf, k, pre)
		case html.ElementNode:
			if skipped(c) {
				// Not numbered: measured as the unstyled element it is, nothing
				// without elements under it.
				empty = empty && !hasElementChild(c)
				continue
			}
			i := 0
			if w.ends != nil {
				i, next = next, w.ends[next]+1
			}
			empty = w.element(c, i, k, disp, pre, empty)
		}
	}
	return empty
}

// text adds text s, of an element of computed style ncf, to the block open[k].
func (w *blockWalk) text(s string, ncf *computedFont, k int, pre bool) {
	size, pSize, bold, mono := style.RootSize, style.RootSize, false, false
	if cf := ncf; cf != nil && cf.size > 0 {
		size = cf.size
		if cf.pSize > 0 {
			pSize = cf.pSize
		}
		bold, mono = cf.weight >= 600, cf.mono
	}
	if pre {
		w.made(k).addPre(s, size, pSize)
		return
	}
	if strings.TrimSpace(s) == "" {
		if blk := w.open[k].b; blk != nil {
			blk.pendingSpace = blk.pendingSpace || s != ""
		}
		return
	}
	blk := w.made(k)
	blk.addRun(w.newRun(), s, size, pSize, bold, mono)
	blk.text = true
	blk.size = max(blk.size, size)
	blk.pSize = max(blk.pSize, pSize)
}

// element walks element c, numbered i (0 when not numbered), a child of an element
// whose text goes to open[k] (walk); kidsBefore is whether its element siblings before
// it measure nothing. It reports whether they and c measure nothing (emptyKids).
func (w *blockWalk) element(c *html.Node, i, k int, disp string, pre, kidsBefore bool) bool {
	a, fu := w.a, w.fu
	var ccf *computedFont // c's computed style (fontUse.at), nil when not numbered
	if w.ends != nil {
		ccf = fu.at(i)
	}
	// What the walk does not go under is taken to measure something.
	switch c.DataAtom {
	case atom.Svg, atom.Math:
		w.note(i, walkCtx{})
		return false
	case atom.Br:
		w.note(i, walkCtx{})
		if k >= 0 && pre && !w.open[k].done {
			blk := w.made(k)
			blk.addPre("\n", blk.size, blk.pSize)
		}
		return kidsBefore && ccf != nil && ccf.box.inset == [2]float64{}
	}
	x, cd := a.enterCtx(c, i, disp, pre)
	w.note(i, x)
	if !x.in {
		return false
	}
	ck, cpre := k, x.pre
	if x.block {
		if w.shallow && k >= 0 {
			w.skips++
			return false // another block's text: not walked
		}
		ck = len(w.open)
		o := openBlock{n: c, num: i, pre: cpre, slot: len(w.out)}
		if fu != nil {
			o.cf = fu.at(i)
		}
		if w.set != nil && i > 0 && a.walkedAs(i, blockKnown) {
			o.b, o.done = w.set.at[i], true
		}
		w.open = append(w.open, o)
		w.out = append(w.out, nil)
	} else if k >= 0 && cpre && !w.open[k].done {
		w.open[k].pre = true
		if blk := w.open[k].b; blk != nil {
			blk.pre = true
		}
	}
	var kids bool
	skips := w.skips
	if w.set != nil && a.walkedAs(i, kidsKnown) && (ck < 0 || w.open[ck].done) {
		// Walked before, and its text is not wanted: what is under it is known.
		kids = a.walkedAs(i, emptyKids)
	} else {
		kids = w.walk(c, ccf, i+1, ck, cd, cpre)
	}
	var own *textBlock // c's own block
	if ck != k {
		own = w.open[ck].b
		if w.set != nil && !w.open[ck].done {
			w.set.put(i, own)
		}
		w.open = w.open[:ck]
	}
	if ccf == nil {
		return false
	}
	// A shallow walk that left out no block under c went under all of it.
	if !w.shallow || w.skips == skips {
		if kids {
			a.walked[i] |= emptyKids
		}
		a.walked[i] |= kidsKnown
	}
	return kidsBefore && kids && !(own != nil && own.text) && !replaced(c.DataAtom) && ccf.box.inset == [2]float64{}
}

// note records what the walk knows of the element numbered i as it enters it, for
// blockSet: an element that is not block-level, or not walked, has no block of its own.
func (w *blockWalk) note(i int, x walkCtx) {
	if w.set == nil || i <= 0 {
		return
	}
	f := &w.a.walked[i]
	*f |= x.flags()
	if !x.in || !x.block {
		*f |= blockKnown
	}
}

// enterCtx is what the blocks' walk knows of element n, numbered i (0 when not
// numbered; not an svg, math or br, which it does not go under), as it enters it: the
// children of n's parent are laid out in display disp, and its text is preformatted
// where pre. cd is the display n's own children are laid out in.
func (a *estimator) enterCtx(n *html.Node, i int, disp string, pre bool) (x walkCtx, cd string) {
	d, shown := a.walkDisplay(n, i)
	if !shown {
		return walkCtx{}, ""
	}
	cd = d
	if cd == "" && uaBlock(n.DataAtom) {
		cd = "block"
	}
	return walkCtx{in: true, block: blockLevel(n, d, disp), flex: blockifies(cd), pre: pre || preformatted(n.DataAtom)}, cd
}

// walkDisplay is the display of element c, numbered i (0 when not numbered), as the
// blocks' walk lays it out (display), and whether the walk goes under it at all: not
// under a hidden attribute, hidden by its rules or its class names (classHidden), nor
// display: none. It records whether c has no style attribute (noStyleAttr).
func (a *estimator) walkDisplay(c *html.Node, i int) (d string, shown bool) {
	hidden, class, styled := walkAttrs(c)
	if hidden {
		return "", false
	}
	fu := a.fonts
	if fu != nil {
		if cf := fu.at(i); cf.hidden || !cf.hideStyled && a.classHidden(class) {
			return "", false
		}
	} else if a.classHidden(class) {
		return "", false
	}
	if styled {
		d = a.display(c)
	} else if fu != nil && fu.ends != nil {
		d = fu.at(i).display
		a.walked[i] |= noStyleAttr
	}
	return d, d != "none"
}

// blockSet is the text blocks of a page, each made when first asked for: the layout
// asks for the blocks of the elements it places, down to the fold, and of the
// navigation and sidebars it reaches (under), and flexSizes for the content of the flex
// items it measures (emptyKids). Most of a long page is below the fold, and its text is
// never walked. Each block is the one the walk over the whole page (textBlocks) makes,
// and so are the flags (checkBlockSet).
type blockSet struct {
	a  *estimator
	at []*textBlock // by number, where blockKnown: the element's own block, nil for none
	// nums are the numbers of the blocks made (at[i] not nil), sorted when sorted is set.
	nums   []int
	sorted bool
	// w is the walk that makes them, one at a time: its chunks of blocks and runs are
	// the page's.
	w *blockWalk
	// Without the cascade (no numbers), the blocks are those of textBlocks, by element.
	all    []*textBlock
	byNode map[*html.Node]*textBlock
}

// walkCtx is what the blocks' walk knows of an element when it enters it
// (blockWalk.element), kept in its walkFlags.
type walkCtx struct {
	in    bool // the walk goes under it (walkDisplay)
	block bool // it is block-level: its text goes to its own block
	flex  bool // its children are laid out in a flex or grid container (blockifies)
	pre   bool // its text is preformatted
}

func (x walkCtx) flags() walkFlags {
	f := ctxKnown
	if x.in {
		f |= ctxIn
	}
	if x.block {
		f |= ctxBlock
	}
	if x.flex {
		f |= ctxFlex
	}
	if x.pre {
		f |= ctxPre
	}
	return f
}

// disp is a display its children are laid out in, as blockLevel reads it.
func (x walkCtx) disp() string {
	if x.flex {
		return "flex"
	}
	return ""
}

// blockifies reports whether the children of an element of display d are block-level
// whatever their own display (blockLevel).
func blockifies(d string) bool {
	switch d {
	case "flex", "inline-flex", "grid", "inline-grid":
		return true
	}
	return false
}

// blocks returns the page's blockSet, made once.
func (a *estimator) blocks() *blockSet {
	if a.blockSet != nil {
		return a.blockSet
	}
	s := &blockSet{a: a}
	a.blockSet = s
	if a.fonts == nil || a.fonts.ends == nil {
		s.all = a.textBlocks()
		s.byNode = make(map[*html.Node]*textBlock, len(s.all))
		for _, b := range s.all {
			s.byNode[b.n] = b
		}
		return s
	}
	s.at, s.sorted = make([]*textBlock, len(a.fonts.ends)), true
	s.w = a.newBlockWalk(s)
	return s
}

// walk returns s's walk, ready to start (shallow: blockWalk.shallow).
func (s *blockSet) walk(shallow bool) *blockWalk {
	w := s.w
	w.open, w.out, w.shallow = w.open[:0], w.out[:0], shallow
	return w
}

// put records b as the block of the element numbered i (nil, or a block without text:
// none).
func (s *blockSet) put(i int, b *textBlock) {
	if b != nil && !b.text {
		b = nil
	}
	s.at[i] = b
	s.a.walked[i] |= blockKnown
	if b != nil {
		s.sorted = s.sorted && (len(s.nums) == 0 || s.nums[len(s.nums)-1] < i)
		s.nums = append(s.nums, i)
	}
}

// of is the block of element n, numbered i (0 for none); nil when it has none.
func (s *blockSet) of(n *html.Node, i int) *textBlock {
	if s.at == nil {
		return s.byNode[n]
	}
	if i <= 0 || i >= len(s.at) {
		return nil
	}
	if s.a.walkedAs(i, blockKnown) {
		return s.at[i]
	}
	x := s.context(n, i)
	if !x.in || !x.block {
		s.put(i, nil)
		return nil
	}
	// Its own text only: the walk does not go under the blocks inside it.
	parent := s.parentContext(n)
	s.walk(true).element(n, i, -1, parent.disp(), parent.pre, true)
	return s.at[i]
}

// parentContext is the context of element n's parent (context); the root's children
// are entered from the walk's start.
func (s *blockSet) parentContext(n *html.Node) walkCtx {
	p := n.Parent
	if p == nil || p.Type != html.ElementNode {
		return walkCtx{in: true}
	}
	pp, ok := s.a.pos.get(p)
	if !ok {
		return walkCtx{}
	}
	return s.context(p, pp.index)
}

// context is what the walk knows of element n, numbered i, as it enters it: from its
// parent's, as the walk goes.
func (s *blockSet) context(n *html.Node, i int) walkCtx {
	if f := s.a.walked[i]; f&ctxKnown != 0 {
		return walkCtx{in: f&ctxIn != 0, block: f&ctxBlock != 0, flex: f&ctxFlex != 0, pre: f&ctxPre != 0}
	}
	parent := s.parentContext(n)
	var x walkCtx
	if parent.in {
		switch n.DataAtom {
		case atom.Svg, atom.Math, atom.Br:
		default:
			x, _ = s.a.enterCtx(n, i, parent.disp(), parent.pre)
		}
	}
	s.a.walked[i] |= x.flags()
	return x
}

// under makes the blocks of element n, numbered i, and of every element under it, and
// finds their flags: the layout gives a navigation bar's or a sidebar's elements its
// top at once, and all of their blocks may paint in the first screen.
func (s *blockSet) under(n *html.Node, i int) {
	if s.at == nil || i <= 0 || i >= len(s.at) || s.a.walkedAs(i, kidsKnown) {
		return
	}
	x := s.context(n, i)
	if !x.in {
		s.a.walked[i] |= kidsKnown
		return
	}
	parent := s.parentContext(n)
	// The text of n's parent's block under n is that block's, made (or not) apart.
	s.walk(false).element(n, i, -1, parent.disp(), parent.pre, true)
}

// emptyKids reports whether nothing under element n, numbered i, measures anything on
// one line (walkFlags emptyKids), walking what is under it the first time it is asked.
func (s *blockSet) emptyKids(n *html.Node, i int) bool {
	if i <= 0 || i >= len(s.a.walked) {
		return false
	}
	if !s.a.walkedAs(i, kidsKnown) {
		s.under(n, i)
	}
	return s.a.walkedAs(i, emptyKids)
}

// made yields the blocks made so far, in document order: every block whose element
// a layout gave a top above the fold is among them.
func (s *blockSet) made() iter.Seq[*textBlock] {
	return func(yield func(*textBlock) bool) {
		if s.at == nil {
			for _, b := range s.all {
				if !yield(b) {
					return
				}
			}
			return
		}
		if !s.sorted {
			slices.Sort(s.nums)
			s.sorted = true
		}
		for _, i := range s.nums {
			if !yield(s.at[i]) {
				return
			}
		}
	}
}

// walkAttrs reads in one pass what textBlocks' walk asks of element c's attributes
// (each the first of its name, as parse.Attr): whether it has a hidden attribute, its
// class attribute, and whether its style attribute is not empty.
func walkAttrs(c *html.Node) (hidden bool, class string, styled bool) {
	var seenClass, seenStyle bool
	for _, at := range c.Attr {
		if at.Namespace != "" {
			continue
		}
		switch at.Key {
		case "hidden":
			hidden = true
		case "class":
			if !seenClass {
				class, seenClass = at.Val, true
			}
		case "style":
			if !seenStyle {
				styled, seenStyle = at.Val != "", true
			}
		}
	}
	return hidden, class, styled
}

// addPre adds preformatted text s at font size px (pPx on a phone).
func (b *textBlock) addPre(s string, px, pPx float64) {
	if px <= 0 {
		px = style.RootSize
	}
	if pPx <= 0 {
		pPx = px
	}
	b.size = max(b.size, px)
	b.pSize = max(b.pSize, pPx)
	b.text = b.text || strings.TrimSpace(s) != ""
	if b.pl == nil {
		b.pl = &preLines{}
	}
	b.pl.add(s)
}

// preLines counts the lines of preformatted text as it comes, without keeping it: the
// lines between its leading and trailing line breaks, and the longest in characters,
// trailing blanks left out. A rustdoc source view is a 10 MB <pre>.
type preLines struct {
	text                  bool // a character other than \r and \n came
	newlines, lead, trail int  // \n seen, those before text, those since the last text
	runes, blanks, widest int  // the current line's characters, its trailing blanks; the widest line before it
}

func (p *preLines) add(s string) {
	// A line at a time: its end found by the vector search, and a line of ASCII
	// characters (eight at a time) counted from its length and its trailing blanks.
	// Other lines are counted a byte at a time (addBytes).
	for len(s) > 0 {
		line := s
		k := strings.IndexByte(s, '\n')
		if k >= 0 {
			line = s[:k]
		}
		if !isASCII(line) {
			p.addBytes(line)
		} else {
			p.addASCII(line)
		}
		if k < 0 {
			return
		}
		p.newlines++
		if p.text {
			p.trail++
		} else {
			p.lead++
		}
		p.widest = max(p.widest, p.runes-p.blanks)
		p.runes, p.blanks = 0, 0
		s = s[k+1:]
	}
}

// isASCII reports whether s has only ASCII characters: eight bytes at a time, the last
// eight (or fewer) once more.
func isASCII(s string) bool {
	if len(s) < 8 {
		for i := range len(s) {
			if s[i] >= utf8.RuneSelf {
				return false
			}
		}
		return true
	}
	for i := 0; i+8 <= len(s); i += 8 {
		if word8(s[i:i+8])&highBits != 0 {
			return false
		}
	}
	return word8(s[len(s)-8:])&highBits == 0
}

// highBits has the high bit of each of eight bytes set (word8): a word of ASCII
// characters has none of them.
const highBits = 0x8080808080808080

// word8 is the eight bytes of c as a little-endian number.
func word8[T string | []byte](c T) uint64 {
	return uint64(c[0]) | uint64(c[1])<<8 | uint64(c[2])<<16 | uint64(c[3])<<24 |
		uint64(c[4])<<32 | uint64(c[5])<<40 | uint64(c[6])<<48 | uint64(c[7])<<56
}

// addASCII is addBytes of s, ASCII characters without a line break.
func (p *preLines) addASCII(s string) {
	// Its trailing blanks, then what comes before them, which ends with a character
	// other than a blank: text, none of its characters trailing blanks.
	j := len(s)
	spaced := false // a blank that is text (not \r) among the trailing
	for j > 0 {
		if c := s[j-1]; c == ' ' || c == '\t' {
			spaced = true
		} else if c != '\r' {
			break
		}
		j--
	}
	if j > 0 {
		p.text, p.trail, p.blanks = true, 0, 0
	}
	if spaced {
		p.text, p.trail = true, 0
	}
	p.runes += len(s)
	p.blanks += len(s) - j
}

// addBytes counts s a byte at a time.
func (p *preLines) addBytes(s string) {
	// A byte at a time, in locals, and a run of characters that are neither blanks nor
	// line breaks at once: a source view's text is megabytes of ASCII. A character of
	// more bytes counts once, and so does each byte that begins none (as ranging over s
	// counts them).
	text, newlines, lead, trail := p.text, p.newlines, p.lead, p.trail
	runes, blanks, widest := p.runes, p.blanks, p.widest
	for i := 0; i < len(s); {
		b := s[i]
		if b > ' ' && b < utf8.RuneSelf {
			j := i + 1
			for j < len(s) && s[j] > ' ' && s[j] < utf8.RuneSelf {
				j++
			}
			runes += j - i
			text, trail, blanks = true, 0, 0
			i = j
			continue
		}
		i++
		switch b {
		case '\n':
			newlines++
			if text {
				trail++
			} else {
				lead++
			}
			widest = max(widest, runes-blanks)
			runes, blanks = 0, 0
		case '\r':
			runes++
			blanks++
		case ' ', '\t':
			text, trail = true, 0
			runes++
			blanks++
		default:
			if b >= utf8.RuneSelf {
				_, size := utf8.DecodeRuneInString(s[i-1:])
				i += size - 1
			}
			text, trail = true, 0
			runes++
			blanks = 0
		}
	}
	p.text, p.newlines, p.lead, p.trail = text, newlines, lead, trail
	p.runes, p.blanks, p.widest = runes, blanks, widest
}

// count is the number of lines between the leading and trailing line breaks (1 for none;
// p may be nil, no text).
func (p *preLines) count() int {
	if p == nil || !p.text {
		return 1
	}
	return 1 + p.newlines - p.lead - p.trail
}

// wide is the longest line's characters, its trailing blanks left out (p may be nil, no
// text).
func (p *preLines) wide() int {
	if p == nil {
		return 0
	}
	return max(p.widest, p.runes-p.blanks)
}

// dims are the block's text on one line and its font size on screen sc, px.
func (b *textBlock) dims(sc style.Screen) (width, size float64) {
	b.measure()
	if sc.Mobile {
		return b.pWidth, b.pSize
	}
	return b.width, b.size
}

// layout wraps the block's words in sc's column (the last result kept for each screen).
func (b *textBlock) layout(sc style.Screen) wrapped {
	l := &b.layouts().laid[sc.Index()]
	if l.column != b.column(sc) || l.w.lines == 0 {
		l.column, l.w = b.column(sc), wrap(b.wordList(), b.column(sc), sc.Mobile)
	}
	return l.w
}

// layouts returns what the block keeps of its layouts, made on its first layout.
func (b *textBlock) layouts() *blockLayout {
	if b.lay == nil {
		b.lay = &blockLayout{}
	}
	return b.lay
}

// height estimates the block's own text's height in screen sc, px, as Chromium measures
// it: the glyph box of its last line (glyphBox) under the line height of the others.
func (b *textBlock) height(sc style.Screen) float64 {
	_, size := b.dims(sc)
	return float64(b.lines(sc)-1)*b.lineHeight(sc) + glyphBox*size
}

// lines is the number of lines of the block's text on sc: its wrapped lines, or a
// preformatted block's own.
func (b *textBlock) lines(sc style.Screen) int {
	if b.pre {
		return b.pl.count()
	}
	return b.layout(sc).lines
}

// lineHeight is the block's line height on sc, px.
func (b *textBlock) lineHeight(sc style.Screen) float64 {
	_, size := b.dims(sc)
	if lh := b.lh[sc.Index()]; lh > 0 {
		return lh
	}
	return style.NormalLineHeight * size
}

// boxHeight is the height of the block's lines in sc, px.
func (b *textBlock) boxHeight(sc style.Screen) float64 {
	return float64(b.lines(sc)) * b.lineHeight(sc)
}

// column is the width of the block's column on sc, px.
func (b *textBlock) column(sc style.Screen) float64 {
	i := sc.Index()
	var cols *columnWidths
	if b.cols != nil {
		cols = b.cols[i]
	}
	if cols == nil {
		return sc.Column()
	}
	l := b.layouts()
	if l.colOf[i] != cols {
		l.col[i], l.colOf[i] = columnOf(cols, b.n, sc), cols
	}
	return l.col[i]
}

// shownWidth is the width of the block's text as laid out in sc's column, px: its
// longest line.
func (b *textBlock) shownWidth(sc style.Screen) float64 {
	if b.pre {
		return min(b.preWidth(sc), b.column(sc))
	}
	return min(b.layout(sc).width, b.column(sc))
}

// preWidth is the width of a preformatted block's longest line on screen sc, px, in a
// monospace face (0.6 em a character): its max-content width. Its text is not split
// into words, so dims knows none of it.
func (b *textBlock) preWidth(sc style.Screen) float64 {
	_, size := b.dims(sc)
	return float64(b.pl.wide()) * 0.6 * size
}

// visibleArea is the area of the block's text inside sc's first screen when its top is at
// top: Chromium counts only what is painted inside the viewport.
func (b *textBlock) visibleArea(top float64, sc style.Screen) float64 {
	// A block that starts below the fold paints nothing there: its text is not wrapped.
	if sc.Fold-top <= 0 {
		return 0
	}
	h := min(b.height(sc), sc.Fold-top)
	if h <= 0 {
		return 0
	}
	return b.shownWidth(sc) * h
}

// layoutTops estimates where each element starts in screen sc, px from the top of the
// page, stacking in document order the blocks of text (their lines wrapped in their
// columns, at their line heights), the images of known size (scaled to their columns)
// and inline SVGs, with the boxes' margins (collapsing), paddings, heights and
// min-heights (box.go). Inline-level boxes and the items of a flex row stand side by
// side. Navigation bars count as one line and sidebars (<aside>) as nothing: they are
// beside the content, or folded away on a phone. What sc does not lay out (display:
// none under its media) starts at +Inf.
func (a *estimator) layoutTops(pos *numTable, sc style.Screen) *topTable {
	own := a.blocks()
	si := sc.Index()
	cols := a.columns(sc, own)
	// The images of known height, by element: their heights are worked out (imgHeight)
	// only for those laid out above the fold.
	type sizedImage struct {
		ref *parse.Ref
		r   parse.Ref
	}
	imgs := map[*html.Node]sizedImage{}
	for ref, r := range a.sizedImages(true) {
		if r.Height > 0 {
			imgs[ref.Node] = sizedImage{ref, r}
		}
	}
	imgHeight := func(n *html.Node) (float64, bool) {
		if len(imgs) == 0 {
			return 0, false // most pages of a documentation site
		}
		img, ok := imgs[n]
		if !ok {
			return 0, false
		}
		if img.r.Width > 0 {
			return a.shownHeight(img.ref, img.r, columnOf(cols, n, sc)), true
		}
		return float64(img.r.Height), true
	}
	tops := &topTable{pos: pos, y: a.floats(pos.len() + 1)}
	y := 0.0
	// definite is the height of the elements whose height is known, for the
	// percentages of their children's, by number (0: unknown); the root's, at 0, is
	// the viewport's.
	definite := a.floats(len(tops.y))
	definite[0] = sc.Fold
	// margin is the margin last added to y: a margin that follows it collapses with it.
	margin := 0.0
	addMargin := func(m float64) {
		if m > margin {
			y += m - margin
			margin = m
		}
	}
	// Once y is past the fold, what follows inside the element being laid out starts
	// below it, where only that it is below counts: the text of the blocks there is not
	// wrapped. The flow returns above y only once an element is placed (to the top of
	// the line of inline boxes or flex items it stands in, or to its own top when it is
	// out of the flow), and each line's top is checked where its next item is placed:
	// so a page whose body is the item of a flex row beside its sidebar (the Python
	// docs' theme) is laid out only down to the fold too.
	pastFold := func() bool { return y >= sc.Fold }
	// below gives the elements numbered index to end, past the fold, the top y, all at
	// once: they are the subtrees of children of from, from one to the last. Which of
	// them have a top is as walk leaves it: the descendants of an inline SVG get one
	// only where a box around it, from under which is walked, is not laid out, or where
	// it is in a navigation bar or sidebar (whose every element gets one).
	below := func(from *html.Node, index, end int) {
		tops.fill(index, end, y)
		done := 0 // the SVGs up to here are decided
	svgs:
		for _, s := range a.svgsIn(position{index: index, end: end}) {
			if s.index <= done {
				continue // inside an SVG decided before
			}
			done = s.end
			for q := s.n.Parent; q != from; q = q.Parent {
				if q.DataAtom == atom.Nav || q.DataAtom == atom.Aside {
					continue svgs
				}
			}
			for q := s.n; q != from; q = q.Parent {
				if a.displayOn(q, sc) == "none" {
					continue svgs
				}
			}
			tops.fill(s.index+1, s.end, 0)
		}
	}
	// inner is the innermost element open at the cut of a page read in two parts
	// (parse/tail.go): where the walk ends its children, the tail would come next.
	var inner *html.Node
	atCut := false // the walk reached the cut past the fold
	if open := a.doc.OpenAtCut(); len(open) > 0 && !a.view {
		inner = open[len(open)-1]
	}
	// The walk carries the elements' numbers (positions), the root's 0: the first child
	// of the element numbered i is numbered i+1, and the next sibling of the element
	// numbered j is numbered past the end of j's subtree.
	var walk func(n *html.Node, ni int)
	// place lays out element c, at position p, a child of the element numbered pi.
	place := func(c *html.Node, p position, pi int) {
		bx := &a.fonts.at(p.index).box
		addMargin(bx.top[si])
		if bx.pTop[si] > 0 {
			y += bx.pTop[si]
			margin = 0
		}
		tops.y[p.index] = y
		top := y
		if h := bx.height[si]; h.PX > 0 || h.Pct > 0 && definite[pi] > 0 {
			definite[p.index] = h.Of(definite[pi])
		}
		if bx.outOfFlow[si] {
			// Positioned out of the flow: it takes no room; its content starts where it is.
			defer func() { y, margin = top, 0 }()
		}
		switch c.DataAtom {
		case atom.Nav:
			tops.fill(p.index+1, p.end, y)
			a.navBlocks(own, c, p.index, sc, pastFold())
			y += 3 * style.RootSize
			margin = 0
			addMargin(bx.bottom[si])
			return
		case atom.Aside:
			tops.fill(p.index+1, p.end, y)
			a.navBlocks(own, c, p.index, sc, pastFold())
			return
		}
		if h, ok := imgHeight(c); ok && h > 0 {
			y += h
			margin = 0
		}
		if b := own.of(c, p.index); b != nil {
			if !pastFold() {
				y += b.boxHeight(sc)
			}
			margin = 0
		}
		if c.DataAtom == atom.Svg {
			if h := svgHeight(c, bx, si, columnOf(cols, c, sc)); h > 0 {
				y += h
				margin = 0
			}
		} else {
			walk(c, p.index)
		}
		// A box is at least as tall as its height and min-height say.
		if h := max(bx.height[si].Of(definite[pi]), bx.minHeight[si].Of(definite[pi])); h > 0 && c.DataAtom != atom.Svg && y < top+h {
			y, margin = top+h, 0
		}
		if bx.pBottom[si] > 0 {
			y += bx.pBottom[si]
			margin = 0
		}
		addMargin(bx.bottom[si])
	}
	walk = func(n *html.Node, ni int) {
		// Inline-level boxes (inline-block, inline-flex...) side by side share a line,
		// as tall as the tallest, until the column is full.
		var line struct {
			open      bool
			top, h, w float64
		}
		flush := func() {
			if line.open {
				y, line.open = line.top+line.h, false
			}
		}
		// The items of a flex row stand side by side too, each as wide as its share of
		// the row, on one line unless the row wraps.
		row := a.flexRowAt(n, ni, sc)
		wraps := !row || a.fonts.at(ni).box.flexWrap
		next := ni + 1
		for c := n.FirstChild; c != nil && !a.needsTail; c = c.NextSibling {
			// Once the layout needs the tail (Result.NeedsTail), the estimate stops.
			if c.Type != html.ElementNode || skipped(c) {
				continue // script, style, template...: not numbered
			}
			p := pos.pos[next]
			next = p.end + 1
			if pastFold() && (!line.open || line.top >= sc.Fold) {
				// So are the children after c (below moves neither y nor the line):
				// the rest of n's subtree is given its top at once.
				end := len(tops.y) - 1
				if ni > 0 {
					end = pos.pos[ni].end
				}
				below(n, p.index, end)
				break
			}
			d := a.displayAt(c, p.index, sc)
			if d == "none" {
				// Not laid out on this screen: nothing of it is in view.
				tops.fill(p.index, p.end, math.Inf(1))
				continue
			}
			if !row && !strings.HasPrefix(d, "inline-") {
				flush()
				place(c, p, ni)
				continue
			}
			w := 2 * style.RootSize
			if b := own.of(c, p.index); b != nil { // past the fold, c was left to below above
				w = max(w, b.shownWidth(sc))
			}
			if row {
				w = columnOf(cols, c, sc)
			}
			if !line.open || wraps && line.w+w > columnOf(cols, n, sc)+1 {
				flush()
				line.open, line.top, line.h, line.w = true, y, 0, 0
			}
			y = line.top
			place(c, p, ni)
			line.h, line.w = max(line.h, y-line.top), line.w+w
			y = line.top
		}
		if n == inner {
			atCut = pastFold() && (!line.open || line.top >= sc.Fold)
		}
		flush()
	}
	walk(a.doc.Root, 0)
	// A first part that ends above the fold leaves the first screen to its tail, which
	// is not laid out: the page must be read whole (Result.NeedsTail).
	if inner != nil && !atCut && !(tops.at(inner) >= sc.Fold && !math.IsInf(tops.at(inner), 1)) {
		a.needsTail = true
	}
	return tops
}

// navBlocks makes the blocks of a navigation bar or a sidebar c, numbered i, that the
// layout of sc gives a top at once, above the fold unless past: on a laptop's screen
// each of them may paint the most there; a phone folds the navigation and sidebars away
// (folded), and of the blocks it starts only c's own is not under them.
func (a *estimator) navBlocks(own *blockSet, c *html.Node, i int, sc style.Screen, past bool) {
	switch {
	case past:
	case sc.Mobile:
		own.of(c, i)
	default:
		own.under(c, i)
	}
}

// svgHeight is the height of an inline <svg> on screen si in a column col px wide: its
// CSS height, else its height attribute, scaled down with its width to fit the column.
func svgHeight(n *html.Node, bx *vbox, si int, col float64) float64 {
	if h := bx.height[si].PX; h > 0 {
		return h
	}
	h, err := strconv.ParseFloat(strings.TrimSuffix(parse.Attr(n, "height"), "px"), 64)
	if err != nil || h <= 0 {
		return 0
	}
	if w, err := strconv.ParseFloat(strings.TrimSuffix(parse.Attr(n, "width"), "px"), 64); err == nil && w > col && col > 0 {
		h *= col / w
	}
	return h
}

// columnOf is the width of n's column in cols (columns), else sc's.
func columnOf(cols *columnWidths, n *html.Node, sc style.Screen) float64 {
	if c, ok := cols.of(n); ok && c > 0 {
		return c
	}
	return sc.Column()
}

// topTable is where each element starts on one screen (layoutTops), px, by the number
// positions gives it: an element of a subtree past the fold is given its top with the
// rest of the subtree at once, not one by one.
type topTable struct {
	pos *numTable
	y   []float64 // by position.index; 0 for an element without a top
}

// at is where element n starts, 0 when it has no top.
func (t *topTable) at(n *html.Node) float64 {
	if p, ok := t.pos.get(n); ok {
		return t.y[p.index]
	}
	return 0
}

// ofBlock is where block b's element starts, and whether it is numbered (positions).
func (t *topTable) ofBlock(b *textBlock) (float64, bool) {
	if b.num > 0 && b.num < len(t.y) {
		return t.y[b.num], true
	}
	if p, ok := t.pos.get(b.n); ok {
		return t.y[p.index], true
	}
	return 0, false
}

// fill gives the elements numbered from to to (both included) the top y.
func (t *topTable) fill(from, to int, y float64) {
	if from <= to {
		s := t.y[from : to+1]
		for i := range s {
			s[i] = y
		}
	}
}
