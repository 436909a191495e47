package graph

import (
	"math"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/preloadgen/preloadgen/parse"
)

// Chromium reports text by the block that lays it out: every text node's paint is
// credited to its nearest block-level ancestor (a block, list item, table cell, flex or
// grid item, inline-block...), and the size is the area of that text only, not of the
// text of blocks nested inside. So a <li> holding a nested list is credited with its own
// line, not the list's; a <div> or a <main> with bare text is a candidate as much as a
// <p>; an <a> laid out as a block (by its rules, or as a flex item) is one of its own.
// textBlocks collects those blocks with their text, as the cascade lays them out.

// uaBlocks are the elements the user agent's stylesheet lays out as blocks, list items,
// table parts or inline blocks: each is a block that text is credited to.
var uaBlocks = map[atom.Atom]bool{
	atom.Html: true, atom.Body: true, atom.Address: true, atom.Article: true, atom.Aside: true,
	atom.Blockquote: true, atom.Center: true, atom.Dd: true, atom.Details: true, atom.Dialog: true,
	atom.Dir: true, atom.Div: true, atom.Dl: true, atom.Dt: true, atom.Fieldset: true,
	atom.Figcaption: true, atom.Figure: true, atom.Footer: true, atom.Form: true, atom.H1: true,
	atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true, atom.Header: true,
	atom.Hgroup: true, atom.Legend: true, atom.Li: true, atom.Listing: true, atom.Main: true,
	atom.Menu: true, atom.Nav: true, atom.Ol: true, atom.P: true, atom.Pre: true, atom.Plaintext: true,
	atom.Section: true, atom.Summary: true, atom.Table: true, atom.Caption: true, atom.Td: true,
	atom.Th: true, atom.Tr: true, atom.Tbody: true, atom.Thead: true, atom.Tfoot: true, atom.Ul: true,
	atom.Xmp: true, atom.Button: true, atom.Select: true, atom.Textarea: true, atom.Search: true,
}

// preformatted are the elements whose text keeps its line breaks and does not wrap.
var preformatted = map[atom.Atom]bool{atom.Pre: true, atom.Listing: true, atom.Xmp: true, atom.Plaintext: true, atom.Textarea: true}

// textBlock is one block's own text.
type textBlock struct {
	n     *html.Node
	runes int
	width float64 // its text on one line, px
	size  float64 // the largest font size of its text, px
	// pWidth and pSize are width and size on a phone's screen (computedFont.pSize).
	pWidth, pSize float64
	pre           bool // preformatted: lines break at newlines only
	raw           strings.Builder
}

// display returns the display of element n as laid out ("" for the user agent's default),
// from its style attribute, else its rules.
func (a *analyzer) display(n *html.Node) string {
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
		return a.fonts.computed[n].display
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
	switch parent {
	case "flex", "inline-flex", "grid", "inline-grid":
		return true
	}
	switch d {
	case "":
		return uaBlocks[n.DataAtom]
	case "inline", "ruby", "ruby-text", "ruby-base":
		return false
	}
	return true
}

// textBlocks returns the blocks of the page that have text of their own, in document
// order, each with its text measured.
func (a *analyzer) textBlocks() []*textBlock {
	var out []*textBlock
	var walk func(n *html.Node, blk *textBlock, disp string, pre bool)
	walk = func(n *html.Node, blk *textBlock, disp string, pre bool) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				if blk == nil {
					continue
				}
				size, pSize := rootSize, rootSize
				if a.fonts != nil {
					if cf, ok := a.fonts.computed[n]; ok && cf.size > 0 {
						size = cf.size
						if cf.pSize > 0 {
							pSize = cf.pSize
						}
					}
				}
				if pre {
					blk.addPre(c.Data, size, pSize)
					continue
				}
				words := strings.Fields(c.Data)
				if len(words) == 0 {
					continue
				}
				r := len(words) - 1 + 1 // the spaces between, and one before or after
				for _, w := range words {
					r += utf8.RuneCountInString(w)
				}
				blk.runes += r
				blk.width += float64(r) * 0.5 * size
				blk.size = max(blk.size, size)
				blk.pWidth += float64(r) * 0.5 * pSize
				blk.pSize = max(blk.pSize, pSize)
			case html.ElementNode:
				switch c.DataAtom {
				case atom.Script, atom.Style, atom.Template, atom.Noscript, atom.Head, atom.Title, atom.Svg, atom.Math:
					continue
				case atom.Br:
					if blk != nil && pre {
						blk.addPre("\n", blk.size, blk.pSize)
					}
					continue
				}
				if _, ok := attrOK(c, "hidden"); ok {
					continue
				}
				if a.fonts != nil {
					cf, ok := a.fonts.computed[c]
					if ok && cf.hidden || !cf.hideStyled && hiddenByName(c) {
						continue
					}
				} else if hiddenByName(c) {
					continue
				}
				d := a.display(c)
				if d == "none" {
					continue
				}
				cblk, cpre := blk, pre || preformatted[c.DataAtom]
				if blockLevel(c, d, disp) {
					cblk = &textBlock{n: c, pre: cpre}
					out = append(out, cblk)
				} else if cblk != nil && cpre && !cblk.pre {
					cblk.pre = true
				}
				cd := d
				if cd == "" && uaBlocks[c.DataAtom] {
					cd = "block"
				}
				walk(c, cblk, cd, cpre)
			}
		}
	}
	walk(a.doc.Root, nil, "", false)
	kept := out[:0]
	for _, b := range out {
		if b.runes > 0 {
			kept = append(kept, b)
		}
	}
	return kept
}

// addPre adds preformatted text s at font size px (pPx on a phone).
func (b *textBlock) addPre(s string, px, pPx float64) {
	if px <= 0 {
		px = rootSize
	}
	if pPx <= 0 {
		pPx = px
	}
	b.size = max(b.size, px)
	b.pSize = max(b.pSize, pPx)
	b.runes += utf8.RuneCountInString(strings.TrimSpace(s))
	b.raw.WriteString(s)
}

// screenH is the height of the first screen, px: a laptop's 940 CSS px, less a little
// browser chrome.
const screenH = 900.0

// screen is a first screen the layout is estimated for.
type screen struct {
	width  float64 // the viewport's width, CSS px
	vh     float64 // the viewport's height for vh units, px
	column float64 // the width of a column of text, px
	height float64 // the height of the first screen, px
	margin float64 // the space after a block of text, in ems of its text
	phone  bool    // text is sized by computedFont.pSize
}

// The phone's screen is Chromium's large phone (412x915 CSS px), its column the width
// less the usual padding. Blocks of text stand further apart on a phone than the laptop
// estimate has them (sites open up line heights and margins for reading at arm's length;
// Docusaurus puts a one-line paragraph 2.9 em below the last): compared with Chromium on
// the corpus (TestCorpusAgreement), a 340 px column and 1.5 em after each block matched
// its phone LCP best, the laptop's 680 px and 1 em its laptop LCP.
const (
	phoneW      = 412.0
	phoneColumn = 340.0
	phoneH      = 915.0
	phoneMargin = 1.5
)

// desktopScreen is the screen the guess is made for; phoneScreen the screen it is checked
// against (phoneCheck).
func desktopScreen() screen {
	return screen{width: viewportW, vh: viewportH, column: textColumn, height: screenH, margin: 1}
}
func phoneScreen() screen {
	return screen{width: phoneW, vh: phoneH, column: phoneColumn, height: phoneH, margin: phoneMargin, phone: true}
}

// dims are the block's text on one line and its font size on screen sc, px.
func (b *textBlock) dims(sc screen) (width, size float64) {
	if sc.phone {
		return b.pWidth, b.pSize
	}
	return b.width, b.size
}

// height estimates the block's own text's height in screen sc, px, as Chromium measures
// it: the glyph box of a line (1.2 em) and the line height between lines (1.5 em for
// body text, 1.2 for headings, which sites set tighter).
func (b *textBlock) height(sc screen) float64 {
	width, size := b.dims(sc)
	if b.pre {
		return float64(len(strings.Split(strings.Trim(b.raw.String(), "\r\n"), "\n"))) * 1.3 * size
	}
	lh := 1.5
	switch b.n.DataAtom {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		lh = 1.2
	}
	return ((math.Ceil(width/sc.column)-1)*lh + 1.2) * size
}

// shownWidth is the width of the block's text as laid out in sc's column, px.
func (b *textBlock) shownWidth(sc screen) float64 {
	width, size := b.dims(sc)
	if b.pre {
		wide := 0
		for _, l := range strings.Split(b.raw.String(), "\n") {
			wide = max(wide, utf8.RuneCountInString(strings.TrimRight(l, " \t\r")))
		}
		return min(float64(wide)*0.6*size, sc.column)
	}
	return min(width, sc.column)
}

// visibleArea is the area of the block's text inside sc's first screen when its top is at
// top: Chromium counts only what is painted inside the viewport.
func (b *textBlock) visibleArea(top float64, sc screen) float64 {
	h := min(b.height(sc), sc.height-top)
	if h <= 0 {
		return 0
	}
	return b.shownWidth(sc) * h
}

// layoutTops estimates where each element starts in screen sc, px from the top of the
// page, stacking in document order the blocks of text (their lines in sc's column, and a
// line's worth of margin) and the images of known size (scaled to the column). Navigation bars count as one line and
// sidebars (<aside>) as nothing: they are beside the content, or folded away on a phone.
func (a *analyzer) layoutTops(blocks []*textBlock, pos map[*html.Node]position, sc screen) map[*html.Node]float64 {
	own := map[*html.Node]*textBlock{}
	for _, b := range blocks {
		own[b.n] = b
	}
	imgH := map[*html.Node]float64{}
	for ref, r := range a.sizedImages(true) {
		if r.Width > 0 && r.Height > 0 {
			imgH[ref.Node] = float64(r.Height) * min(1, sc.column/float64(r.Width))
		} else if r.Height > 0 {
			imgH[ref.Node] = float64(r.Height)
		}
	}
	tops := map[*html.Node]float64{}
	y := 0.0
	var walk func(n *html.Node)
	place := func(c *html.Node) {
		tops[c] = y
		switch c.DataAtom {
		case atom.Nav:
			markTops(c, y, tops)
			y += 3 * rootSize
			return
		case atom.Aside:
			markTops(c, y, tops)
			return
		}
		if h, ok := imgH[c]; ok {
			y += h
		}
		if b := own[c]; b != nil {
			_, size := b.dims(sc)
			y += b.height(sc) + sc.margin*size
		}
		walk(c)
	}
	walk = func(n *html.Node) {
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
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			if _, ok := pos[c]; !ok {
				continue // script, style, template...
			}
			if d := a.display(c); !strings.HasPrefix(d, "inline-") {
				flush()
				place(c)
				continue
			}
			w := 2 * rootSize
			if b := own[c]; b != nil {
				w = max(w, b.shownWidth(sc))
			}
			if !line.open || line.w+w > sc.column {
				flush()
				line.open, line.top, line.h, line.w = true, y, 0, 0
			}
			y = line.top
			place(c)
			line.h, line.w = max(line.h, y-line.top), line.w+w
			y = line.top
		}
		flush()
	}
	walk(a.doc.Root)
	return tops
}

// markTops gives every element under n the top y.
func markTops(n *html.Node, y float64, tops map[*html.Node]float64) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			tops[c] = y
			markTops(c, y, tops)
		}
	}
}
