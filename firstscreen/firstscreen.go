// Package firstscreen estimates, without a browser, what a page shows in its first
// screen: which element is its largest contentful paint (LCP), and which web fonts its
// text uses.
//
// It runs the page's style cascade (package style) over the page's elements, lays the
// first screen out for a laptop's screen and a phone's (widths, margins, paddings, line
// heights, flex rows and display per screen, text measured with Arial's widths and
// wrapped in its column), and takes the first large image or background of that screen,
// else the text that paints the most. Estimate is the one entry: it reads the page, its
// rules and its files, and answers with a Guess; it changes nothing it is given. The
// caller (package graph) applies the guess to the page's resources. See docs/design.md
// §1 "The first-screen estimate" and docs/lcp.md.
package firstscreen

import (
	"sync"

	"golang.org/x/net/html"

	"github.com/preloadgen/preloadgen/parse"
	"github.com/preloadgen/preloadgen/style"
)

// Attr marks the LCP element in a page: the author's correction of the guess.
const Attr = "data-preloadgen-lcp"

// Page is what the estimate reads of one page.
type Page struct {
	Doc   *parse.Document
	Rules *style.RuleSet // the rules of the stylesheets that apply to the page
	// Faces are the @font-face rules that can apply to the page, each with the file
	// the browser takes.
	Faces []Face
	Site  Site
	// Resolve resolves a URL named by the stylesheet at site path from ("" for the page
	// itself) to a site path; ok is false for other origins and what does not resolve.
	Resolve func(from, raw string) (p string, ok bool)
	// Selector is the selector that names the page's LCP element ("" for none); an
	// element carrying Attr wins over it.
	Selector string
	// MaxWork bounds the rules the cascade tries on the page's elements (0: the
	// default, about three times the most a real page needs).
	MaxWork int
}

// Site is where the page's files are. When it also implements ImageSizer, images
// without a size in the markup are measured by their files.
type Site interface {
	// Stat reports a file's size; ok is false when it does not exist.
	Stat(p string) (size int64, ok bool)
}

// Face is an @font-face rule with the file the browser takes for it.
type Face struct {
	parse.FontFace
	URL string // site path
}

// Result is the estimate of one page.
type Result struct {
	Guess Guess // the zero Guess when no element is guessed
	// Backgrounds are the background images that the stylesheets' rules give the
	// page's elements (each rule's image once, as the cascade first finds it).
	Backgrounds []*Background
	Used        []bool   // Used[i]: the page's text uses Page.Faces[i]
	Cut         string   // why the cascade stopped short ("" when it ran to the end)
	Notes       []string // problems with the author's marking (Page.Selector)
	// NeedsTail is set when the page was read in two parts (parse/tail.go) and the
	// guess may depend on what its tail holds, which is not laid out: the first part
	// ends above the fold of a screen the estimate laid out, or the width of an element
	// open at the cut was taken from its content or from its items'. graph then reads
	// the page whole. The estimate stops where it finds that: the rest of the Result is
	// left empty, as no answer made from the parts is wanted. A page whose tail has a
	// view of the whole page (parse.Document.AttachView) is laid out from that view
	// instead, and needs its tail only where the tail's elements inside the view's
	// text are not laid out as that text (plainInView). The view is then left attached
	// to the page's DOM, for what graph reads of the guess.
	NeedsTail bool
	// NeedsNodes is set when the page was read with parse.ParseHTMLKinds and a rule may
	// tell apart elements that it read as one of their kind (parse.KindParent): graph
	// then reads the page with parse.ParseHTML. The rest of the Result is left empty.
	NeedsNodes bool
}

// Kind is what kind of element a guess is.
type Kind uint8

const (
	KindNone       Kind = iota
	KindImage           // an <img>, a <picture>'s image, or a <video> poster
	KindBackground      // an element's CSS background image
	KindText            // a block of text
)

func (k Kind) String() string {
	switch k {
	case KindImage:
		return "image"
	case KindBackground:
		return "background"
	case KindText:
		return "text"
	}
	return "none"
}

// Guess is the estimate's answer for a page: what its LCP element likely is and how
// sure the estimate is.
type Guess struct {
	Kind       Kind
	Node       *html.Node  // the element: the text's block, the background's box, the <img> or <video>
	Image      *parse.Ref  // KindImage: the image (its size possibly read from its file)
	Background *Background // KindBackground: the background that wins the cascade for Node
	// Media is where the image or background is shown ("" on every screen), or
	// "(min-width: 768px)" when a phone's first screen shows something else about as
	// large; MediaWhy says why the hint carries it when not because of where it is shown.
	Media, MediaWhy string
	Unsure          string     // why the guess may be wrong ("" when taken as sure)
	Lazy            bool       // the image has loading=lazy
	Phone           *Candidate // what a phone's first screen shows largest, when not the guess
	RunnerUp        *Candidate // the candidate that contradicts an unsure guess
	Marked          string     // how the page's author named the element ("" when guessed)
	// Fonts are the faces (indexes into Page.Faces) that a text guess's own text uses.
	Fonts []int
}

// Candidate is an element that may be the LCP instead of the guess.
type Candidate struct {
	Node  *html.Node
	Image *parse.Ref // the image, nil for text or a background
}

// FoundEarly reports whether the browser finds c's image in the HTML (an <img> or a
// video poster, not lazy), before any stylesheet arrives.
func (c *Candidate) FoundEarly() bool {
	return c != nil && c.Image != nil && c.Image.Loading != "lazy"
}

// Background is a background image that a rule (or a style attribute) gives an element.
type Background struct {
	Node  *html.Node
	URL   string      // site path of the image
	Rule  *style.Rule // the rule that gives it; nil for a style attribute
	large bool
	spec  [3]int
	order int
	media string // the rule's @media ("" when none)
}

// Estimate makes the first-screen estimate of page p.
func Estimate(p *Page) Result { return estimateWith(p, true) }

// estimateWith is Estimate; without probe, a page read in two parts has its tail
// styled before it is laid out (layoutNeedsTail), as the tests hold the same.
func estimateWith(p *Page, probe bool) Result {
	a := newEstimator(p)
	defer a.release()
	a.noProbe = !probe
	a.matchStyles()
	if a.needsNodes {
		return Result{NeedsNodes: true}
	}
	if a.needsTail {
		return Result{NeedsTail: true} // found before the tail was styled
	}
	var res Result
	g, ok := a.estimate()
	if a.needsTail {
		return Result{NeedsTail: true}
	}
	if ok {
		if g.Kind == KindText {
			g.Fonts = a.facesFor(g.Node)
		}
		res.Guess = g
	}
	res.Backgrounds = a.found
	res.Used = make([]bool, len(p.Faces))
	for _, f := range a.fonts.faces {
		res.Used[f.index] = f.used
	}
	res.Cut, res.Notes, res.NeedsTail = a.cut, a.notes, a.needsTail
	return res
}

// estimator holds the state of one page's estimate.
type estimator struct {
	cols [2]*columnWidths // columns, per screen (style.OnLaptop, style.OnPhone)
	page *Page
	doc  *parse.Document
	site Site

	fonts *fontUse
	bgs   []Background
	found []*Background // the rules' backgrounds, as the cascade finds them (Result.Backgrounds)
	// ruleBG is the background image of each rule of the page's rule set (cascade.go)
	// that has one, "" when it is not a file of the site; once per page.
	ruleBG map[int]string
	// styleWork counts the rules the cascade tried on the page's elements (maxStyleWork).
	styleWork int
	cut       string             // the note when the bound was reached
	fontVals  map[string]fontVal // font values given by var(), by property and value (fontVar)
	// hiddenNames memoises classNamesHidden by class attribute (namedHidden), and
	// classSeen holds classHidden's last answers.
	hiddenNames map[string]bool
	classSeen   [32]classSeen
	notes       []string
	// pos numbers the page's elements in document order (positions), and svgs are
	// the inline SVGs among them.
	pos        *numTable
	svgs       []svgPos
	marks      marks // the elements carrying Attr, as the numbering found them
	needsTail  bool  // Result.NeedsTail
	needsNodes bool  // Result.NeedsNodes
	// laptopTops is the layout on a laptop's screen of a page read in two parts, made
	// before its tail is styled (layoutNeedsTail); nil for others.
	laptopTops *topTable
	noProbe    bool // the layout waits for the tail's styles (estimateWith)
	// open are the elements open at the cut of a page read in two parts (parse/tail.go).
	open map[*html.Node]bool
	// view: the page's tail is shown to the layout as a view of the whole page
	// (parse.Document.AttachView); no element is then open at the cut. viewed holds the
	// entries the cascade's walk made for the elements of its first level.
	view   bool
	viewed map[*html.Node]*pathEntry
	// blockSet is the page's text blocks, made as the layouts ask for them (blocks).
	blockSet *blockSet
	// mediaMemo memoises widthMatches, and lastMedia is its last answer on each
	// screen (style.OnLaptop, style.OnPhone).
	mediaMemo map[mediaAt]bool
	lastMedia [2]lastMedia
	// walked is what the blocks' walk found of each element, by its number
	// (positions); nothing of what it does not go under (what is hidden).
	walked []walkFlags
	// sc is the memory of the page's tables, taken by matchStyles from the rule set's
	// pool until release.
	sc   *pageScratch
	pool *sync.Pool
}

// walkFlags are what the blocks' walk (blockWalk) finds of an element.
type walkFlags uint16

const (
	// emptyKids: nothing under the element measures anything on one line
	// (maxContent): every element under it has no text block of its own, is no image,
	// SVG, video, canvas or iframe, and has no horizontal margins or paddings on
	// either screen.
	emptyKids walkFlags = 1 << iota
	// noStyleAttr: the element has no style attribute (displayAt).
	noStyleAttr
	// blockKnown: the element's own block is made (blockSet.at holds it, nil for none).
	blockKnown
	// kidsKnown: the walk went under the element, emptyKids says what it found.
	kidsKnown
	// ctxKnown: what the walk knows of the element as it enters it (walkCtx) is found,
	// in the bits ctxIn, ctxBlock, ctxFlex and ctxPre.
	ctxKnown
	ctxIn
	ctxBlock
	ctxFlex
	ctxPre
	// hiddenKnown: hiddenUp is worked out for the element, hiddenAbove says what.
	hiddenKnown
	hiddenAbove
)

// walkedAs reports whether the blocks' walk found f of the element numbered i.
func (a *estimator) walkedAs(i int, f walkFlags) bool {
	return i > 0 && i < len(a.walked) && a.walked[i]&f != 0
}

func newEstimator(p *Page) *estimator {
	a := &estimator{page: p, doc: p.Doc, site: p.Site}
	// The author's marking of an element (Attr, or a selector) may name one inside the
	// view's text, which the tail keeps no attribute of but its own.
	a.view = p.Doc.HasView() && p.Selector == "" && !p.Doc.Drops(func(name string) bool { return name == Attr })
	for _, n := range p.Doc.OpenAtCut() {
		if a.view {
			break
		}
		if a.open == nil {
			a.open = map[*html.Node]bool{}
		}
		a.open[n] = true
	}
	return a
}

// resolve resolves a URL of the page to a site path.
func (a *estimator) resolve(raw string) (string, bool) {
	return a.page.Resolve("", raw)
}

// styleAttrBackgrounds records the background images of the page's style attributes.
func (a *estimator) styleAttrBackgrounds() {
	for i := range a.doc.Refs {
		ref := &a.doc.Refs[i]
		if ref.Kind != parse.RefStyleAttr {
			continue
		}
		sh := parse.ParseCSS([]byte("x{" + ref.Text + "}"))
		for _, rule := range sh.Rules {
			for _, u := range rule.URLs {
				if p, ok := a.resolve(u); ok {
					a.bgs = append(a.bgs, Background{Node: ref.Node, URL: p, large: rule.Large, spec: [3]int{9, 9, 9}, order: 1 << 30})
				}
			}
		}
	}
}
