package graph

import (
	"fmt"
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

type position struct {
	index      int
	textBefore int
}

func (a *analyzer) positions() map[*html.Node]position {
	pos := map[*html.Node]position{}
	idx, chars := 0, 0
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				chars += len(strings.TrimSpace(c.Data))
			case html.ElementNode:
				switch c.DataAtom {
				case atom.Script, atom.Style, atom.Template, atom.Noscript, atom.Head, atom.Title:
					continue
				}
				idx++
				pos[c] = position{index: idx, textBefore: chars}
				walk(c)
			}
		}
	}
	walk(a.doc.Root)
	return pos
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

// Guess is the first-screen estimate's answer for a page: what its LCP element likely is
// and how sure the estimate is. It is made without touching the page's resources:
// applyGuess is the one place that marks what the LCP needs.
type Guess struct {
	Kind  LCPKind
	Node  *html.Node  // the element: the text's block, the background's box, the <img> or <video>
	Image *parse.Ref  // LCPImage: the image (its size possibly read from its file)
	BG    *background // LCPBackground: the background rule that wins for Node
	// Media is where the image or background is shown ("" on every screen), or
	// phoneMedia when a phone's first screen shows something else larger; MediaWhy says
	// why the hint carries it when not because of where it is shown.
	Media, MediaWhy string
	Unsure          string // why the guess may be wrong ("" when taken as sure)
	Lazy            bool   // the image has loading=lazy
	// Phone is what a phone's first screen shows largest, when not the guess.
	Phone *phoneCand
	// RunnerUp is the candidate that contradicts an unsure guess (lcpDoubt).
	RunnerUp *lcpCand
	Marked   string // how the page's author named the element (LCP.Marked)
}

// findLCP makes the estimate's guess the page's LCP.
func (a *analyzer) findLCP() {
	if g, ok := a.estimate(); ok {
		a.applyGuess(g)
	}
}

// estimate guesses the page's LCP element: the one its author marked, else the first
// large image or background in the first screen, else the text that paints the most.
func (a *analyzer) estimate() (Guess, bool) {
	if g, ok := a.markedGuess(); ok {
		return g, true
	}
	pos := a.positions()
	blocks := a.textBlocks()
	tops := a.layoutTops(blocks, pos, style.Laptop())
	type cand struct {
		pos   position
		ref   *parse.Ref
		bg    *background
		kind  string
		n     *html.Node
		media string // where it is shown ("" everywhere), see shownMedia
		mixed bool   // where it is shown cannot be told
	}
	var best *cand
	var all []lcpCand // every candidate in the first screen, for lcpDoubt
	fromFile := map[*parse.Ref]bool{}
	consider := func(c cand) {
		if !inFirstScreen(tops[c.n]) {
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
		p, ok := pos[ref.Node]
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
	win := map[*html.Node]*background{}
	for i := range a.bgs {
		b := &a.bgs[i]
		if w := win[b.node]; w == nil || !style.SpecLess(b.spec, b.order, w.spec, w.order) {
			win[b.node] = b
		}
	}
	for n, b := range win {
		if !b.large && !heroish(n) {
			continue
		}
		if n.DataAtom == atom.Body || n.DataAtom == atom.Html {
			continue
		}
		p, ok := pos[n]
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
		g := Guess{Node: best.n, Media: best.media, Unsure: doubt, RunnerUp: runnerUp, Lazy: best.ref != nil && best.ref.Loading == "lazy"}
		switch best.kind {
		case "image":
			g.Kind, g.Image = LCPImage, best.ref
			// A phone's first screen may show another element larger (phoneCheck): a
			// sure guess's hint is then raised for wider screens only (an unsure one is
			// not raised anywhere).
			if best.media == "" {
				if c, ok := a.phoneCheck(pos, blocks, best.ref.Node); ok {
					if doubt == "" {
						g.Media, g.MediaWhy = phoneMedia, phoneWhy(c)
					}
					if c.lead > 1 {
						g.Phone = &c
					}
				}
			}
		case "background":
			g.Kind, g.BG = LCPBackground, best.bg
		}
		return g, true
	}
	return a.textGuess(pos, blocks, tops, win)
}

// applyGuess makes g the page's LCP and marks what it needs: its image, its background
// or the fonts of its text. It is the one place where the estimate's answer reaches the
// page's resources.
func (a *analyzer) applyGuess(g Guess) {
	a.lcpMedia, a.lcpMediaWhy = g.Media, g.MediaWhy
	switch g.Kind {
	case LCPImage:
		a.lcpImage(g.Image)
	case LCPBackground:
		r := g.BG.res
		r.Needed, r.LCP = true, true
		r.Why = "CSS background of the LCP element " + describe(g.Node)
		if g.Media != "" {
			r.Media = g.Media
			r.Why += fmt.Sprintf(" (shown where %s matches)", g.Media)
		}
		// An unsure background is found late (its stylesheet first). When the other
		// candidate is an image the browser finds in the HTML, a preload of the
		// background would take the link from what may be the LCP (a Vite page's
		// header band preloaded ahead of its hero <img>: LCP x1.16): both are left
		// to the browser.
		if g.Unsure != "" && g.RunnerUp.foundEarly() {
			r.noHint = fmt.Sprintf("the guess is unsure, and %s, an image of the HTML that the browser finds first, may be the LCP: a preload would take the link from it", describe(g.RunnerUp.node()))
			r.Why += " (not hinted: " + r.noHint + ")"
		}
		a.setLCP(&LCP{Kind: LCPBackground, URL: r.URL}, g.Node)
	case LCPText:
		a.textLCP(g.Node)
	}
	l := a.page.LCP
	if l == nil {
		return
	}
	l.Marked = g.Marked
	if g.Phone != nil {
		l.Phone = a.phoneLCP(*g.Phone)
	}
	if l.Kind == LCPText {
		return
	}
	unsure := g.Unsure
	if unsure == "" && a.lcpMediaLost {
		unsure = "it is shown only where " + g.Media + " matches, and its <picture> chooses sources by media too"
	}
	l.Unsure, l.Lazy = unsure, g.Lazy
	if !a.lcpMediaLost {
		l.Media = g.Media
	}
}

// inFirstScreen reports whether an element estimated to start top px down the page
// (layoutTops) is in the first screen.
func inFirstScreen(top float64) bool {
	return top < style.Laptop().Fold
}

func (a *analyzer) lcpImage(ref *parse.Ref) {
	u := ref.URL
	srcset, sizes, typ := ref.Srcset, ref.Sizes, ""
	if u == "" {
		if cs := parse.ParseSrcset(ref.Srcset); len(cs) > 0 {
			u = cs[0].URL
		}
	}
	if ref.Picture != nil {
		// The browser takes the first <source> whose type it supports and whose media
		// matches. A leading typed source without media is hinted with its type
		// (browsers without that format skip the hint and fetch the fallback as usual);
		// sources with media get one hint each (lcpPictureMedia, picture.go).
		for i := range a.doc.Refs {
			s := &a.doc.Refs[i]
			if s.Kind != parse.RefPictureSource || s.Picture != ref.Picture {
				continue
			}
			if s.Media != "" {
				a.lcpMediaLost = a.lcpMedia != ""
				if u, ok := a.lcpPictureMedia(ref); ok {
					a.setLCP(&LCP{Kind: LCPImage, URL: u}, ref.Picture)
					return
				}
				a.note(a.page.Path, "LCP <picture> has media-dependent sources: not hinted")
				a.setLCP(&LCP{Kind: LCPImage}, ref.Picture)
				return
			}
			cs := parse.ParseSrcset(s.Srcset)
			if len(cs) == 0 {
				continue
			}
			u, srcset, sizes, typ = cs[0].URL, s.Srcset, s.Sizes, strings.ToLower(s.Type)
			if len(cs) == 1 && cs[0].Width == 0 && cs[0].Density == 0 {
				srcset = ""
			}
			break
		}
	}
	if ref.Picture != nil && u != ref.URL {
		if fp, ext, ok := a.res.resolve(ref.URL); ok && ext == "" {
			if fr := a.byURL[fp]; fr != nil {
				fr.Why = "fallback <img> of the LCP <picture>: browsers that support the first <source> skip it"
			}
		}
	}
	p, ext, ok := a.res.resolve(u)
	if !ok || ext != "" {
		a.setLCP(&LCP{Kind: LCPImage, URL: u}, ref.Node)
		return
	}
	r := a.add(p, KindImage, 1, EdgeImage, a.page.Path, true, "LCP image")
	if ref.Picture != nil {
		r.Edge = EdgePictureSource
	}
	r.Needed, r.LCP, r.Why = true, true, "LCP image"
	r.Srcset, r.Sizes, r.Type, r.CrossOrigin, r.FetchPriority = srcset, sizes, typ, ref.CrossOrigin, ref.FetchPriority
	if a.lcpMedia != "" {
		r.Media = a.lcpMedia
		if a.lcpMediaWhy != "" {
			r.Why += a.lcpMediaWhy
		} else {
			r.Why += fmt.Sprintf(" (shown where %s matches)", a.lcpMedia)
		}
	}
	// sizes=auto (a lazy image sized by its layout) cannot be written in a preload: the
	// preload would take 100vw and fetch a larger candidate than the image uses, and the
	// image then takes that one from the cache (measured on Eleventy: LCP x1.09).
	if sizesAuto(sizes) {
		r.noHint = "its sizes is auto, which a preload cannot give: the preload would fetch another candidate"
		r.Why += " (not hinted: " + r.noHint + ")"
	}
	// Resolve srcset candidates to check they exist: a hint must not name a missing file.
	for _, c := range parse.ParseSrcset(srcset) {
		if cp, ext, ok := a.res.resolve(c.URL); ok && ext == "" {
			if _, ok := a.site.Stat(cp); !ok {
				a.note(a.page.Path, "missing file %s (srcset of the LCP image)", cp)
				r.Missing = true
			}
		}
	}
	el := ref.Node
	if ref.Picture != nil {
		el = ref.Picture
	}
	a.setLCP(&LCP{Kind: LCPImage, URL: p}, el)
}

// textGuess guesses the block of text that paints the most (by textBlocks) near the top.
// Areas are estimated in whole lines of a typical column: between blocks of as many
// lines, the one with more text is taken, as it is the likelier to wrap to one more line
// in the page's real column.
func (a *analyzer) textGuess(pos map[*html.Node]position, blocks []*textBlock, tops map[*html.Node]float64, bgs map[*html.Node]*background) (Guess, bool) {
	sc := style.Laptop()
	best, bestScore := a.bestText(pos, blocks, tops, sc)
	// An image too small to be taken for a hero still wins over text that paints less,
	// and so does a background of a box of a known height (a header's band).
	img, imgArea := a.smallImage(pos, tops)
	bg, bgArea := a.smallBackground(pos, blocks, tops, bgs, sc)
	if img != nil && imgArea > bestScore && imgArea >= bgArea {
		return Guess{Kind: LCPImage, Node: img.Node, Image: img, Unsure: "an image too small for a hero, taken over text by an estimate of the area each paints"}, true
	}
	// A phone's first screen, in its column and at its font sizes, may show another
	// block largest: lcp.phone names it. Its fonts are the page's first-screen text on
	// phones, usually the same faces; the hints stay those of the laptop's guess.
	ph := style.Phone()
	phTops := a.layoutTops(blocks, pos, ph)
	pb, pbArea := a.bestText(pos, blocks, phTops, ph)
	if bg != nil && bgArea > bestScore {
		g := Guess{Kind: LCPBackground, Node: bg.node, BG: bg, Unsure: "a background of a box too low for a hero, taken over text by an estimate of the area each paints"}
		if pbg, pbgArea := a.smallBackground(pos, blocks, phTops, bgs, ph); pb != nil && (pbg != bg || pbgArea <= pbArea) {
			g.Phone = &phoneCand{block: pb}
		}
		return g, true
	}
	if best == nil {
		return Guess{}, false
	}
	g := Guess{Kind: LCPText, Node: best.n}
	if pb != nil && pb != best {
		g.Phone = &phoneCand{block: pb}
	}
	return g, true
}

// bestText returns the block of text that paints the most in sc's first screen, with
// that area: between blocks of as many lines, the one with more text. A phone's leaves
// out navigation and sidebars (folded): they are folded away behind a menu button.
func (a *analyzer) bestText(pos map[*html.Node]position, blocks []*textBlock, tops map[*html.Node]float64, sc style.Screen) (*textBlock, float64) {
	var best *textBlock
	var bestScore, bestWidth float64
	for _, b := range blocks {
		if _, ok := pos[b.n]; !ok {
			continue
		}
		// A block that paints nothing in the first screen is never taken, hidden or not.
		s := b.visibleArea(tops[b.n], sc)
		if s <= 0 || a.visuallyHidden(b.n) || sc.Mobile && folded(b.n) {
			continue
		}
		w, _ := b.dims(sc)
		if s > bestScore || s == bestScore && s > 0 && w > bestWidth {
			best, bestScore, bestWidth = b, s, w
		}
	}
	return best, bestScore
}

// smallBackground returns the background image of a box of a known height (height or
// min-height in px: a header's band, a banner) that paints the most inside sc's first
// screen, with that area: the box's width (its column and paddings) by its height inside
// the screen. Backgrounds of the root and the body, of boxes not laid out on sc, and of
// images whose file is too flat to be contentful (minBitsPerPixel, told by the file's
// own size when it can be read) are left out.
func (a *analyzer) smallBackground(pos map[*html.Node]position, blocks []*textBlock, tops map[*html.Node]float64, bgs map[*html.Node]*background, sc style.Screen) (*background, float64) {
	if a.fonts == nil {
		return nil, 0
	}
	si := sc.Index()
	var cols *columnWidths
	var best *background
	var bestArea float64
	for i := range a.bgs {
		b, n := &a.bgs[i], a.bgs[i].node
		if bgs[n] != b {
			continue // not the background that wins the cascade for its box
		}
		if n.DataAtom == atom.Body || n.DataAtom == atom.Html || b.res == nil {
			continue
		}
		if _, ok := pos[n]; !ok || a.visuallyHidden(n) {
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
			cols = a.columns(sc, ownBlocks(blocks))
		}
		w := columnOf(cols, n, sc) + bx.pad[si]
		area := w * min(h, sc.Fold-tops[n])
		if area <= bestArea {
			continue
		}
		is, ok := a.site.(ImageSizer)
		if !ok {
			continue
		}
		fw, fh, ok := is.ImageSize(b.res.URL)
		if !ok || fw <= 0 || fh <= 0 || float64(b.res.Bytes)*8 < minBitsPerPixel*float64(fw)*float64(fh) {
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
func (a *analyzer) smallImage(pos map[*html.Node]position, tops map[*html.Node]float64) (*parse.Ref, float64) {
	var best *parse.Ref
	var bestArea float64
	for ref, r := range a.sizedImages(false) {
		if ref.Picture != nil || ref.Loading == "lazy" || r.Width <= 0 || r.Height <= 0 {
			continue
		}
		if _, ok := pos[ref.Node]; !ok || inChrome(ref.Node) || a.visuallyHidden(ref.Node) {
			continue
		}
		if p, ext, ok := a.res.resolve(r.URL); !ok || ext != "" || p == "" || a.lowEntropy(&r) {
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
		h = min(h, style.Laptop().Fold-tops[ref.Node])
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
func (a *analyzer) lowEntropy(ref *parse.Ref) bool {
	if ref.Width <= 0 || ref.Height <= 0 {
		return false
	}
	p, ext, ok := a.res.resolve(ref.URL)
	if !ok || ext != "" || p == "" {
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

// hiddenByName reports whether element n's classes name it visually hidden text
// (hiddenClasses) or a skip link ("skip-link", "skip-to-content", "skipToContent_x": a
// link to the main content that the page keeps outside the viewport, or clipped, until
// it has the keyboard focus, so it paints nothing in the first screen).
func hiddenByName(n *html.Node) bool {
	for _, c := range strings.Fields(strings.ToLower(parse.Attr(n, "class"))) {
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

// namedHidden is hiddenByName(n), asked once per class attribute of the page.
func (a *analyzer) namedHidden(n *html.Node) bool {
	class := parse.Attr(n, "class")
	if class == "" {
		return false
	}
	h, ok := a.hiddenNames[class]
	if !ok {
		h = hiddenByName(n)
		if a.hiddenNames == nil {
			a.hiddenNames = map[string]bool{}
		}
		a.hiddenNames[class] = h
	}
	return h
}

// visuallyHidden reports whether element n paints nothing, so that it can never be the
// LCP element: under a hidden attribute, display:none, visibility:hidden or a clip that
// cuts the box to nothing, by the computed style. Where no rule of the page's styles
// decides (the sheet was not found, or the page was not cascaded), the usual class names
// of visually hidden text decide.
func (a *analyzer) visuallyHidden(n *html.Node) bool {
	for p := n; p != nil && p.Type == html.ElementNode; p = p.Parent {
		if _, ok := attrOK(p, "hidden"); ok {
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
			continue // the cascade decided for this element
		}
		if a.namedHidden(p) {
			return true
		}
	}
	return false
}

// textLCP makes the text block bestN the page's LCP element.
func (a *analyzer) textLCP(bestN *html.Node) {
	l := a.setLCP(&LCP{Kind: LCPText, Text: shortText(parse.Text(bestN))}, bestN)
	for _, f := range a.facesFor(bestN) {
		if f.res == nil {
			continue
		}
		f.res.LCP = true
		block := f.face.Display == "auto" || f.face.Display == "block" || f.face.Display == ""
		if block {
			f.res.Why = fmt.Sprintf("font of the LCP text (font-display: %s hides the text until it loads)", f.face.Display)
			l.Blocking = true
		} else {
			f.res.Why = fmt.Sprintf("font of the LCP text (font-display: %s)", f.face.Display)
		}
		if l.Font == "" {
			l.Font = f.res.URL
		}
	}
}

// shortText is text with its white space collapsed, cut to 60 bytes at a rune boundary.
func shortText(text string) string {
	text = strings.Join(strings.Fields(text), " ")
	if len(text) > 60 {
		cut := 60
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut] + "..."
	}
	return text
}

// sizesAuto reports whether a sizes attribute is auto (sizes="auto" or "auto, fallback"):
// the width the image is laid out at, which only layout knows.
func sizesAuto(sizes string) bool {
	first, _, _ := strings.Cut(sizes, ",")
	return strings.EqualFold(strings.TrimSpace(first), "auto")
}

// setLCP makes l, the guess of element n, the page's LCP.
func (a *analyzer) setLCP(l *LCP, n *html.Node) *LCP {
	l.Element, l.Path = describe(n), elementPath(n)
	a.page.LCP, a.lcpNode = l, n
	return l
}
