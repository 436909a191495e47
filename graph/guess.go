package graph

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"

	"github.com/preloadgen/preloadgen/firstscreen"
	"github.com/preloadgen/preloadgen/parse"
	"github.com/preloadgen/preloadgen/style"
)

// The LCP guess and which fonts the page's text uses come from the first-screen estimate
// (package firstscreen, docs/design.md §1), made once per page from the page's rules.
// This file feeds it (estimate) and applies its answer in one place (applyEstimate): the
// background images and fonts it found become resources, and applyGuess marks what the
// LCP needs.

// faceFile is an @font-face rule of the page's stylesheets with the file it takes.
type faceFile struct {
	firstscreen.Face
	sheet string // site path of the sheet ("" inline)
	depth int    // depth of the sheet
	typ   string
}

// estimate makes the page's first-screen estimate from its stylesheets' rules and
// @font-face rules; applyEstimate applies it.
func (a *analyzer) estimate() {
	for _, as := range a.sheets {
		for _, ff := range as.Sheet.FontFaces {
			if !parse.MediaCanMatchScreen(ff.Media) {
				continue
			}
			f := faceFile{Face: firstscreen.Face{FontFace: ff}, sheet: as.Path, depth: as.Depth}
			for _, src := range ff.Src {
				t := FontType(src.URL, src.Format)
				if t == "" {
					continue // a format the browser skips
				}
				if p, ok := a.local(as.Path, src.URL); ok {
					f.URL, f.typ = p, t
				}
				break
			}
			if f.URL == "" {
				continue
			}
			a.faces = append(a.faces, f)
		}
	}
	// With selectors that only look at an element's tag, id, classes and ancestors, two
	// elements with the same such path match the same rules: the cascade is then computed
	// once per distinct path (pages repeat their structure), not once per element.
	rs := a.opts.Styles.RuleSet(a.sheets)
	if a.doc.Split && !tailMatches(rs, a.doc) {
		a.needFullDOM = true
		return
	}
	// A page read whole on the run's guess is read in parts again only for a path-only
	// rule set: with others its parts may still not do (the layout may need its tail,
	// Result.NeedsTail), which only reading it so tells.
	if a.guessedWhole && rs.PathOnly {
		a.splitDOM = true
		return
	}
	faces := make([]firstscreen.Face, len(a.faces))
	for i, f := range a.faces {
		faces[i] = f.Face
	}
	a.est = firstscreen.Estimate(&firstscreen.Page{
		Doc: a.doc, Rules: rs, Faces: faces, Site: a.site, Resolve: a.local,
		Selector: LCPSelector(a.opts.LCPSelectors, a.page.Path), MaxWork: a.opts.maxStyleWork,
	})
	if a.est.NeedsTail {
		a.needFullDOM = true
	}
	if a.est.NeedsNodes {
		a.needNodes = true
	}
}

// tailMatches reports whether rs's selectors match a page read in two parts as they
// match its whole DOM. The tail is attached to the DOM while they are matched
// (parse.Document.AttachTail), so they see its elements' ancestors, siblings and
// children; what it lacks is its text (only whether an element has any, for :empty) and
// the attributes the analysis does not read (parse.Document.Drops).
func tailMatches(rs *style.RuleSet, doc *parse.Document) bool {
	switch {
	case rs.PathOnly:
		return true
	case rs.ReadsText():
		return false
	case rs.ReadsAnyAttr():
		return !doc.Drops(func(string) bool { return true })
	}
	return !doc.Drops(rs.ReadsAttr)
}

// applyEstimate is the one place where the estimate reaches the page's resources: the
// background images its cascade found and the @font-face rules become resources (needed
// when the page's text uses the face), and the guess becomes the page's LCP (applyGuess).
// An image or background guess is unsure when the cascade was cut short: the styles that
// would place, size or hide it may not have been computed.
func (a *analyzer) applyEstimate() {
	est := &a.est
	for _, b := range est.Backgrounds {
		r := b.Rule
		via := r.Sheet
		if via == "" {
			via = a.page.Path + " (inline style)"
		}
		a.add(b.URL, KindOf(b.URL), max(r.Depth, 1)+1, EdgeCSSBackground, via, false,
			fmt.Sprintf("background of %s: not the LCP element", r.Decl.Selector))
	}
	if est.Cut != "" {
		a.note(a.page.Path, "%s", est.Cut)
	}
	a.recordFonts(est.Used)
	for _, n := range est.Notes {
		a.note(a.page.Path, "%s", n)
	}
	if est.Guess.Kind != firstscreen.KindNone {
		a.applyGuess(est.Guess)
	}
	if l := a.page.LCP; est.Cut != "" && l != nil && (l.Kind == LCPImage || l.Kind == LCPBackground) && l.Unsure == "" {
		l.Unsure = "the page's style cascade was cut short (too many elements and rules): the styles that place it are not all known"
	}
}

// recordFonts adds every declared face to the graph, needed or with the reason it is not.
func (a *analyzer) recordFonts(used []bool) {
	for i, f := range a.faces {
		via := f.sheet
		if via == "" {
			via = a.page.Path + " (inline style)"
		}
		desc := f.Family + " " + weightString(f.FontFace) + " " + f.Style
		why := "used by the page: " + desc
		if !used[i] {
			why = "not used by the page's text: " + desc + rangeNote(f.FontFace)
		}
		r := a.add(f.URL, KindFont, max(f.depth, 1)+1, EdgeCSSFont, via, used[i], why)
		if r.Type == "" {
			r.Type = f.typ
		}
		r.FontDisplay = f.Display
	}
}

func weightString(f parse.FontFace) string {
	if f.WeightMin == f.WeightMax {
		return fmt.Sprint(f.WeightMin)
	}
	return fmt.Sprintf("%d-%d", f.WeightMin, f.WeightMax)
}

func rangeNote(f parse.FontFace) string {
	if len(f.UnicodeRange) == 0 {
		return ""
	}
	r := f.UnicodeRange[0]
	s := fmt.Sprintf(" (unicode-range U+%04X-%04X", r.Lo, r.Hi)
	if len(f.UnicodeRange) > 1 {
		s += ", ..."
	}
	return s + ")"
}

// lcpSure reports whether the page's LCP guess is taken as sure.
func (a *analyzer) lcpSure() bool {
	return a.page.LCP != nil && a.page.LCP.Unsure == ""
}

// applyGuess makes g the page's LCP and marks what it needs: its image, its background
// or the fonts of its text (for applyEstimate).
func (a *analyzer) applyGuess(g firstscreen.Guess) {
	a.lcpMedia, a.lcpMediaWhy = g.Media, g.MediaWhy
	switch g.Kind {
	case firstscreen.KindImage:
		a.lcpImage(g.Image)
	case firstscreen.KindBackground:
		r := a.byURL[g.Background.URL]
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
		if g.Unsure != "" && g.RunnerUp.FoundEarly() {
			r.noHint = fmt.Sprintf("the guess is unsure, and %s, an image of the HTML that the browser finds first, may be the LCP: a preload would take the link from it", describe(g.RunnerUp.Node))
			r.Why += " (not hinted: " + r.noHint + ")"
		}
		a.setLCP(&LCP{Kind: LCPBackground, URL: r.URL}, g.Node)
	case firstscreen.KindText:
		a.textLCP(g.Node, g.Fonts)
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

// textLCP makes the text block bestN the page's LCP element; fonts are the faces its
// text uses (indexes into a.faces).
func (a *analyzer) textLCP(bestN *html.Node, fonts []int) {
	l := a.setLCP(&LCP{Kind: LCPText, Text: shortTextOf(bestN)}, bestN)
	for _, i := range fonts {
		f := a.faces[i]
		r := a.byURL[f.URL]
		if r == nil {
			continue
		}
		r.LCP = true
		block := f.Display == "auto" || f.Display == "block" || f.Display == ""
		if block {
			r.Why = fmt.Sprintf("font of the LCP text (font-display: %s hides the text until it loads)", f.Display)
			l.Blocking = true
		} else {
			r.Why = fmt.Sprintf("font of the LCP text (font-display: %s)", f.Display)
		}
		if l.Font == "" {
			l.Font = r.URL
		}
	}
}

// shortText is text with its white space collapsed, cut to 60 bytes at a rune boundary.
func shortText(text string) string {
	s, _ := shortTextRead(text)
	return s
}

// shortTextRead is shortText with the number of bytes of text it read: the cut is made
// of those alone, and the decoding of their characters reads at most utf8.UTFMax-1
// bytes past them.
func shortTextRead(text string) (string, int) {
	// The words of text joined by single spaces, as strings.Fields splits them, but only
	// as many as the cut reads: an LCP's text may be a long paragraph.
	const keep = 60
	b := make([]byte, 0, keep+4)
	inWord := false
	i := 0
	for i < len(text) && len(b) <= keep {
		r, n := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(text[i:])
		}
		if unicode.IsSpace(r) {
			inWord = false
		} else {
			if !inWord && len(b) > 0 {
				b = append(b, ' ')
			}
			inWord = true
			b = append(b, text[i:i+n]...)
		}
		i += n
	}
	if len(b) > keep {
		cut := keep
		for cut > 0 && !utf8.RuneStart(b[cut]) {
			cut--
		}
		b = append(b[:cut], "..."...)
	}
	return string(b), i
}

// shortTextOf is shortText(parse.Text(n)), read from as much of n's text as the cut
// needs: a guess's text may be a source view's megabytes of code.
func shortTextOf(n *html.Node) string {
	var text []byte
	check := 256 // the length at which the text read so far is next tried
	// The text is read until what was read makes the cut.
	for s := range parse.TextNodes(n) {
		if len(text) == 0 && len(s) >= check {
			// A long text node (a source view's code) makes the cut alone, read in place.
			if short, read := shortTextRead(s); read+utf8.UTFMax <= len(s) {
				return short
			}
		}
		text = append(text, s...)
		if len(text) < check {
			continue
		}
		check = 2 * len(text)
		if short, read := shortTextRead(string(text)); read+utf8.UTFMax <= len(text) {
			return short
		}
	}
	return shortText(string(text))
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

// phoneLCP describes c as an LCP guess of its own (LCP.Phone).
func (a *analyzer) phoneLCP(c firstscreen.Candidate) *LCP {
	if c.Image != nil {
		u := c.Image.URL
		if p, ext, ok := a.res.resolve(u); ok && ext == "" {
			u = p
		}
		el := c.Image.Node
		if c.Image.Picture != nil {
			el = c.Image.Picture
		}
		return &LCP{Kind: LCPImage, URL: u, Element: describe(el), Path: elementPath(el)}
	}
	return &LCP{Kind: LCPText, Element: describe(c.Node), Path: elementPath(c.Node), Text: shortTextOf(c.Node)}
}
