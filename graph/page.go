package graph

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"path"
	"slices"
	"sort"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/preloadgen/preloadgen/firstscreen"
	"github.com/preloadgen/preloadgen/parse"
	"github.com/preloadgen/preloadgen/style"
)

// analyzer holds the state of one page's analysis.
type analyzer struct {
	ctx      context.Context
	site     Site
	opts     Options
	page     *Page
	doc      *parse.Document
	res      *resolver
	byURL    map[string]*Resource
	order    int
	sheets   []style.Sheet
	visited  map[visit]int // stylesheets and modules visited, by path, with the depth of the visit
	external map[string]bool
	notes    map[Note]bool
	relative int // page references spelled relative
	absolute int // page references spelled site-absolute
	nonce    map[string]string

	faces []faceFile         // the @font-face rules that can apply (estimate)
	est   firstscreen.Result // the first-screen estimate (estimate)
	// bodyScripts are the parser-blocking scripts of the <body> (scriptsAfterLCP).
	bodyScripts []bodyScript
	lcpNode     *html.Node // the element of page.LCP (setLCP)
	// lcpMedia is the media where the guessed LCP image is shown ("" on every screen),
	// for lcpImage; lcpMediaLost is set when lcpImage could not give it to the hints.
	lcpMedia     string
	lcpMediaWhy  string // why the hint carries lcpMedia, when not because of where it is shown
	lcpMediaLost bool
	// needFullDOM is set when the page was read in two parts and a selector needs more
	// than they hold (tailMatches), or the first part ends above the fold: the analysis
	// is then redone on the whole DOM.
	needFullDOM bool
	// needNodes is set when the page was read with parse.ParseHTMLKinds and needs an
	// element for each inline element of its tail's view (firstscreen.Result.NeedsNodes).
	needNodes bool
	// guessedWhole is set when the page was read whole only because the run's last
	// pages needed it; splitDOM then says that its selectors do not need it (Analyze).
	guessedWhole, splitDOM bool
}

// Analyze analyses one page: pagePath is its site path, src its bytes.
func Analyze(ctx context.Context, site Site, pagePath string, src []byte, opts Options) (*Page, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	opts = opts.withDefaults()
	// The whole DOMs of the page are built in memory of the run's pages before it, given
	// back once the page is analysed: nothing of a DOM outlives its analysis (Page holds
	// no node).
	nodes := opts.Nodes.Get()
	defer opts.Nodes.Put(nodes)
	parseFull := func(src []byte) (*parse.Document, error) { return parse.ParseHTMLFullIn(src, nodes) }
	// A long page is read in two parts (parse/tail.go) unless its selectors need the
	// whole DOM (guess.go, tailMatches), which only its stylesheets tell, or its first
	// part ends above the fold; it is then read again whole. When the
	// run's last pages all needed it (the pages of a site share their stylesheets), the
	// page is read whole at once; should it turn out not to need it, it is analysed
	// again from the two parts, so the result is the same either way.
	whole := opts.FullDOM || wantsWholeDOM(pagePath, src, opts)
	// A page too short to be cut is read whole by ParseHTML: no guess to make, and none
	// to undo by reading it a second time. Nor is a long page that holds a long <pre> (a
	// source listing: rustdoc's source views, of up to 10 MB) guessed to need its whole
	// DOM: its tail, cut before that <pre>, is likely a view (parse/tailview.go), and a
	// wrong guess builds an element for each of its hundreds of thousands of spans
	// before it is read in two parts (in a run of rustdoc, whose API pages before them
	// need their whole DOMs, its largest took 105-120 ms so, 20-45 ms in two parts).
	guessed := !whole && guessWhole(src, opts)
	// A page read in two parts has the inline elements of its tail's view read as
	// kinds (parse.ParseHTMLKinds), unless the author's selector for its LCP element
	// may name one of them; where a rule may tell those elements apart
	// (firstscreen.Result.NeedsNodes), it is read again with an element for each.
	parseSplit := parse.ParseHTML
	if LCPSelector(opts.LCPSelectors, pagePath) == "" {
		parseSplit = parse.ParseHTMLKinds
	}
	analyzeSplit := func(doc *parse.Document, guessed bool) (*Page, error) {
		p, err := analyzeDoc(ctx, site, pagePath, doc, opts, guessed)
		if !errors.Is(err, errNeedNodes) {
			return p, err
		}
		if doc, err = parse.ParseHTML(src); err != nil {
			return nil, fmt.Errorf("%s: %w", pagePath, err)
		}
		return analyzeDoc(ctx, site, pagePath, doc, opts, guessed)
	}
	parseDoc := parseSplit
	if whole || guessed {
		parseDoc = parseFull
	}
	doc, err := parseDoc(src)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", pagePath, err)
	}
	p, err := analyzeSplit(doc, guessed)
	if errors.Is(err, errSplitDOM) {
		if doc, err = parseSplit(src); err != nil {
			return nil, fmt.Errorf("%s: %w", pagePath, err)
		}
		// Its selectors match its parts as its whole, but its first part may still end
		// above the fold (firstscreen.Result.NeedsTail): then it is read whole below.
		// A page too short to be cut in two tells nothing of the pages that are: it
		// leaves the run's guess as it was (rustdoc's redirect pages, a few hundred
		// bytes among pages of 45 KB, cost the four long pages after each of them a
		// second reading).
		if p, err = analyzeSplit(doc, false); !errors.Is(err, errNeedFullDOM) {
			if doc.Split {
				opts.Styles.NeededWholeDOM(false)
			}
			return p, err
		}
	}
	switch {
	case errors.Is(err, errNeedFullDOM):
		opts.Styles.NeededWholeDOM(true)
		if doc, err = parseFull(src); err != nil {
			return nil, fmt.Errorf("%s: %w", pagePath, err)
		}
		p, err = analyzeDoc(ctx, site, pagePath, doc, opts, false)
	case err == nil && doc.Split:
		opts.Styles.NeededWholeDOM(false)
	}
	return p, err
}

// guessWhole reports whether page src, which its options and selectors let be read in
// two parts, is read whole at once because the run's last pages needed their whole DOM
// (Analyze).
func guessWhole(src []byte, opts Options) bool {
	return opts.Styles.ExpectsWholeDOM() && parse.MayCut(src) &&
		!(len(src) >= listingBytes && parse.HasLongPre(src))
}

// listingBytes is the size from which a page is looked at for a long <pre> before it is
// guessed to need its whole DOM: below it, a wrong guess costs little.
const listingBytes = 256 << 10

var (
	errNeedFullDOM = errors.New("the page needs its whole DOM")
	errNeedNodes   = errors.New("the page needs an element for each inline element of its tail's view")
	errSplitDOM    = errors.New("the page was read whole but needs only its parts")
)

// analyzeDoc analyses a page read as doc. guessed is set when the page was read whole
// only because the run's last pages needed it (Analyze).
func analyzeDoc(ctx context.Context, site Site, pagePath string, doc *parse.Document, opts Options, guessed bool) (*Page, error) {
	a := newAnalyzer(ctx, site, pagePath, doc, opts)
	a.guessedWhole = guessed
	a.walkRefs()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	a.estimate()
	if a.needFullDOM {
		return nil, errNeedFullDOM
	}
	if a.needNodes {
		return nil, errNeedNodes
	}
	if a.splitDOM {
		return nil, errSplitDOM
	}
	a.applyEstimate()
	a.scriptsAfterLCP()
	a.rank()
	a.finish()
	return a.page, nil
}

// newAnalyzer returns the analyzer of page pagePath, parsed as doc.
func newAnalyzer(ctx context.Context, site Site, pagePath string, doc *parse.Document, opts Options) *analyzer {
	return &analyzer{
		ctx: ctx, site: site, opts: opts, doc: doc,
		page:     &Page{Path: pagePath},
		res:      newResolver(pagePath, doc.BaseURL, opts.BasePath),
		byURL:    map[string]*Resource{},
		visited:  map[visit]int{},
		external: map[string]bool{},
		notes:    map[Note]bool{},
		nonce:    map[string]string{},
	}
}

// note records a problem in file (a site path).
func (a *analyzer) note(file, format string, args ...any) {
	a.noteAt(Note{File: file, Message: fmt.Sprintf(format, args...)})
}

func (a *analyzer) noteAt(n Note) {
	if !a.notes[n] {
		a.notes[n] = true
		a.page.Notes = append(a.page.Notes, n)
	}
}

// add records that the page reaches p. The shallowest path wins for depth; needed is sticky.
func (a *analyzer) add(p string, kind Kind, depth int, edge EdgeKind, via string, needed bool, why string) *Resource {
	r, ok := a.byURL[p]
	if !ok {
		a.order++
		r = &Resource{URL: p, Kind: kind, Depth: depth, Edge: edge, Via: via, Needed: needed, Why: why, order: a.order}
		if size, ok := a.site.Stat(p); ok {
			r.Bytes = size
		} else {
			r.Missing = true
			a.note(a.page.Path, "missing file %s (referenced by %s)", p, via)
		}
		a.byURL[p] = r
		return r
	}
	if depth < r.Depth {
		r.Depth, r.Edge, r.Via = depth, edge, via
	}
	if needed && !r.Needed {
		r.Needed, r.Why = true, why
	}
	if r.Kind == KindScript && kind == KindModule {
		r.Kind = KindModule
	}
	return r
}

// local resolves raw, named by the file at site path from ("" for the page itself), to a
// site path. References to other origins are recorded as external and yield false.
func (a *analyzer) local(from, raw string) (string, bool) {
	var p, ext string
	var ok bool
	if from == "" {
		p, ext, ok = a.res.resolve(raw)
	} else {
		p, ext, ok = a.res.resolveFrom(from, raw)
	}
	if ok && ext != "" {
		a.addExternal(ext)
		return "", false
	}
	return p, ok
}

func (a *analyzer) addExternal(origin string) {
	if !a.external[origin] {
		a.external[origin] = true
		a.page.External = append(a.page.External, origin)
	}
}

func (a *analyzer) countSpelling(raw string) {
	raw = strings.TrimSpace(raw)
	switch {
	case raw == "" || strings.Contains(raw, "://") || strings.HasPrefix(raw, "//") || strings.HasPrefix(raw, "data:"):
	case strings.HasPrefix(raw, "/"):
		a.absolute++
	default:
		a.relative++
	}
}

func (a *analyzer) walkRefs() {
	for i := range a.doc.Refs {
		ref := &a.doc.Refs[i]
		if ref.Nonce != "" {
			switch ref.Kind {
			case parse.RefScript, parse.RefModuleScript, parse.RefInlineModule:
				if a.nonce["script"] == "" {
					a.nonce["script"] = ref.Nonce
				}
			case parse.RefStylesheet, parse.RefInlineStyle:
				if a.nonce["style"] == "" {
					a.nonce["style"] = ref.Nonce
				}
			}
		}
		if ref.URL != "" {
			a.countSpelling(ref.URL)
		}
		switch ref.Kind {
		case parse.RefStylesheet:
			p, ext, ok := a.res.resolve(ref.URL)
			if !ok {
				continue
			}
			if ext != "" {
				a.addExternal(ext)
				continue
			}
			// applied: its rules apply to the page (its fonts and backgrounds count);
			// needed: it also blocks rendering.
			applied := parse.MediaCanMatchScreen(ref.Media)
			why := "render-blocking stylesheet"
			if !applied {
				why = fmt.Sprintf("media=%q: does not block rendering", ref.Media)
			}
			if _, disabled := attrOK(ref.Node, "disabled"); disabled {
				applied, why = false, "disabled stylesheet"
			}
			needed := applied
			if applied && ref.Async {
				needed, why = false, "stylesheet loaded without blocking rendering (its onload applies it): not on the first render's critical path"
			}
			r := a.add(p, KindStyle, 1, EdgeStylesheet, a.page.Path, needed, why)
			if r.Depth == 1 {
				r.Media, r.CrossOrigin, r.Integrity, r.Nonce = ref.Media, ref.CrossOrigin, ref.Integrity, ref.Nonce
			}
			if ref.Preloaded {
				r.Preloaded = true
			}
			a.visitCSS(p, 1, needed, applied, ref.Media)
		case parse.RefInlineStyle:
			sh := a.opts.Styles.InlineSheet(ref.Text)
			m := parse.MediaCanMatchScreen(ref.Media)
			a.visitSheet("", sh, 0, m, m, ref.Media)
		case parse.RefScript:
			p, ext, ok := a.res.resolve(ref.URL)
			if !ok {
				continue
			}
			if ext != "" {
				a.addExternal(ext)
				continue
			}
			needed := !ref.Async && !ref.Defer && !ref.NoModule
			why := "render-blocking script"
			switch {
			case ref.NoModule:
				// A browser that runs modules, as every one that reads a preload does,
				// never fetches it: a hint would download it for nothing.
				why = "nomodule script: browsers that support modules skip it"
			case !needed:
				why = "async/defer script: does not block rendering"
			}
			r := a.add(p, KindScript, 1, EdgeScript, a.page.Path, needed, why)
			r.CrossOrigin, r.Integrity, r.Nonce = ref.CrossOrigin, ref.Integrity, ref.Nonce
			if needed && !ref.InHead && ref.Node != nil {
				a.bodyScripts = append(a.bodyScripts, bodyScript{r, ref.Node})
			}
		case parse.RefModuleScript:
			p, ext, ok := a.res.resolve(ref.URL)
			if !ok {
				continue
			}
			if ext != "" {
				a.addExternal(ext)
				continue
			}
			r := a.add(p, KindModule, 1, EdgeModuleScript, a.page.Path, true, "entry module script")
			r.CrossOrigin, r.Integrity, r.Nonce = ref.CrossOrigin, ref.Integrity, ref.Nonce
			a.visitModule(p, 1, ref.CrossOrigin)
		case parse.RefInlineModule:
			m := parse.ParseJS([]byte(ref.Text), a.page.Path+" (inline module)")
			for _, d := range m.Diagnostics {
				a.noteAt(Note{File: a.page.Path, Line: d.Line, Col: d.Col, Message: "inline module: " + d.Message})
			}
			a.moduleImports(m, "", 0, a.page.Path, ref.CrossOrigin)
		case parse.RefPreload, parse.RefModulePreload, parse.RefPrefetch:
			p, ext, ok := a.res.resolve(ref.URL)
			if !ok {
				continue
			}
			if ext != "" {
				a.addExternal(ext)
				continue
			}
			kind := KindOf(p)
			switch {
			case ref.Kind == parse.RefModulePreload:
				kind = KindModule
			case ref.As == "style":
				kind = KindStyle
			case ref.As == "font":
				kind = KindFont
			case ref.As == "image":
				kind = KindImage
			}
			edge := EdgePreload
			if ref.Kind == parse.RefModulePreload {
				edge = EdgeModulePreload
			}
			depth := 1
			if ref.Kind == parse.RefPrefetch {
				depth = DepthPrefetched // a prefetch is not a discovery for this page
			}
			r := a.add(p, kind, depth, edge, a.page.Path, false, "hinted by the page itself")
			if ref.Kind != parse.RefPrefetch {
				r.Preloaded = true
			}
		case parse.RefPreconnect:
			if _, ext, ok := a.res.resolve(ref.URL); ok && ext != "" {
				a.addExternal(ext)
			}
		case parse.RefImage, parse.RefVideoPoster:
			u := ref.URL
			if u == "" {
				if cs := parse.ParseSrcset(ref.Srcset); len(cs) > 0 {
					u = cs[0].URL
				}
			}
			p, ext, ok := a.res.resolve(u)
			if !ok {
				continue
			}
			if ext != "" {
				a.addExternal(ext)
				continue
			}
			edge, why := EdgeImage, "image: not on the first render's critical path"
			if ref.Kind == parse.RefVideoPoster {
				edge = EdgeVideoPoster
			}
			if ref.Loading == "lazy" {
				why = "loading=lazy"
			}
			if ref.Picture != nil {
				why = "image in <picture>: not the LCP element"
				if ref.Loading == "lazy" {
					why = "loading=lazy"
				}
			}
			r := a.add(p, KindImage, 1, edge, a.page.Path, false, why)
			if r.Srcset == "" {
				r.Srcset, r.Sizes, r.CrossOrigin, r.FetchPriority = ref.Srcset, ref.Sizes, ref.CrossOrigin, ref.FetchPriority
			}
		case parse.RefStyleAttr:
			sh := parse.ParseCSS([]byte("x{" + ref.Text + "}"))
			for _, rule := range sh.Rules {
				for _, u := range rule.URLs {
					p, ext, ok := a.res.resolve(u)
					if !ok || ext != "" {
						if ext != "" {
							a.addExternal(ext)
						}
						continue
					}
					a.add(p, KindOf(p), 2, EdgeStyleAttr, a.page.Path, false, "background image in a style attribute")
				}
			}
		}
	}
}

func attrOK(n *html.Node, key string) (string, bool) {
	for _, at := range n.Attr {
		if at.Namespace == "" && at.Key == key {
			return at.Val, true
		}
	}
	return "", false
}

// visit is a key of analyzer.visited: a file, and what was done with it.
type visit struct {
	what visitKind
	path string
}

type visitKind uint8

const (
	seenCSS     visitKind = iota // a stylesheet whose imports were followed
	seenApplied                  // a stylesheet whose rules apply to the page (1)
	seenJS                       // a module whose imports were followed
)

// visitCSS follows a stylesheet's imports. needed: it blocks rendering; applied: its rules
// apply to the page (an async stylesheet is applied but not needed).
func (a *analyzer) visitCSS(p string, depth int, needed, applied bool, media string) {
	key := visit{seenCSS, p}
	if d, ok := a.visited[key]; ok && d <= depth && (!needed || a.byURL[p].Needed) && (!applied || a.visited[visit{seenApplied, p}] > 0) {
		return
	}
	a.visited[key] = depth
	sh, err := a.site.Stylesheet(p)
	if err != nil {
		a.note(p, "%v", err)
		return
	}
	if sh == nil {
		return
	}
	if applied {
		if a.visited[visit{seenApplied, p}] > 0 {
			applied = false // its rules are in a.sheets already
		} else {
			a.visited[visit{seenApplied, p}] = 1
		}
	}
	a.visitSheet(p, sh, depth, needed, applied, media)
}

func (a *analyzer) visitSheet(p string, sh *parse.Stylesheet, depth int, needed, applied bool, media string) {
	via := p
	if via == "" {
		via = a.page.Path + " (inline style)"
	}
	for _, imp := range sh.Imports {
		ip, ok := a.local(p, imp.URL)
		if !ok {
			continue
		}
		n := needed && parse.MediaCanMatchScreen(imp.Media)
		why := "@import of a render-blocking stylesheet"
		if !n {
			why = "@import that cannot block rendering"
			if !parse.MediaCanMatchScreen(imp.Media) {
				why = fmt.Sprintf("@import with media %q: does not block rendering", imp.Media)
			}
		}
		r := a.add(ip, KindStyle, depth+1, EdgeCSSImport, via, n, why)
		m := imp.Media
		if m == "" {
			m = media
		}
		if r.Depth == depth+1 {
			// An @import is fetched in no-cors mode with credentials, whatever the
			// crossorigin of the <link> that loads its parent (CSS Cascade, "fetch an
			// @import": mode "no-cors"): a preload that is to be reused must not carry
			// crossorigin either.
			r.Media, r.CrossOrigin = m, ""
		}
		a.visitCSS(ip, depth+1, n, applied && parse.MediaCanMatchScreen(imp.Media), m)
	}
	if applied {
		a.sheets = append(a.sheets, style.Sheet{Path: p, Sheet: sh, Depth: depth})
	}
}

// visitModule follows a module's imports.
func (a *analyzer) visitModule(p string, depth int, cross string) {
	key := visit{seenJS, p}
	if d, ok := a.visited[key]; ok && d <= depth {
		return
	}
	a.visited[key] = depth
	m, err := a.site.Module(p)
	if err != nil {
		a.note(p, "%v", err)
		return
	}
	if m == nil {
		return
	}
	a.moduleImports(m, p, depth, p, cross)
}

// moduleImports records the imports of a module at depth; from is its site path ("" for an
// inline module, whose specifiers resolve against the document).
func (a *analyzer) moduleImports(m *parse.Module, from string, depth int, via, cross string) {
	for _, imp := range m.Imports {
		spec := imp.Specifier
		if !strings.HasPrefix(spec, "/") && !strings.HasPrefix(spec, "./") && !strings.HasPrefix(spec, "../") && !strings.Contains(spec, "://") {
			a.note(via, "bare specifier %q left alone (import maps are not resolved)", spec)
			continue
		}
		p, ok := a.local(from, spec)
		if !ok {
			continue
		}
		switch imp.Kind {
		case parse.JSStatic:
			edge, why := EdgeJSImport, "static import of an entry module"
			if from == "" {
				edge, why = EdgeInlineModule, "static import of an inline module script"
			}
			r := a.add(p, KindModule, depth+1, edge, via, true, why)
			if r.CrossOrigin == "" {
				r.CrossOrigin = cross
			}
			a.visitModule(p, depth+1, cross)
		case parse.JSDynamic:
			r := a.add(p, KindModule, depth+1, EdgeJSDynamic, via, false, "dynamic import(): not needed for the first render")
			r.Dynamic = true
			if r.CrossOrigin == "" {
				r.CrossOrigin = cross
			}
		case parse.JSURL:
			a.add(p, KindOf(p), depth+1, EdgeJSURL, via, false, "new URL(..., import.meta.url): fetched on demand")
		}
	}
}

func (a *analyzer) finish() {
	for _, r := range a.byURL {
		a.page.Resources = append(a.page.Resources, r)
	}
	// order is unique, so the order is total and any sort gives it.
	slices.SortFunc(a.page.Resources, func(ri, rj *Resource) int {
		if c := cmp.Compare(ri.Depth, rj.Depth); c != 0 {
			return c
		}
		return cmp.Compare(ri.order, rj.order)
	})
	sort.Strings(a.page.External)
	if a.page.External == nil {
		a.page.External = []string{}
	}
	if a.page.Hints == nil {
		a.page.Hints = []Hint{}
	}
}

// describe returns a short CSS-like description of an element: tag#id.class.
func describe(n *html.Node) string { return parse.Describe(n) }

// hrefFor spells a site path the way this page spells its own references.
func (a *analyzer) hrefFor(p string) string {
	if a.relative > a.absolute {
		dir := path.Dir(a.page.Path)
		if a.doc.BaseURL != "" && a.res.base.Host == siteHost {
			bp := strings.TrimPrefix(a.res.base.Path, a.res.basePath)
			if strings.HasSuffix(bp, "/") {
				dir = path.Clean(bp)
			} else {
				dir = path.Dir(bp)
			}
		}
		return relativeHref(dir, p)
	}
	return escapePath(a.res.basePath + p)
}

// bodyScript is a parser-blocking script of the page's <body>, with its element.
type bodyScript struct {
	r    *Resource
	node *html.Node
}

// scriptsAfterLCP leaves out of the first paint's needs the parser-blocking scripts of the
// <body> that come after the LCP element: the browser paints what it has parsed while
// such a script loads (the classic script at the end of the body), and its preload
// scanner finds it in the HTML anyway. Hinted, it only takes the link from the LCP
// (Material for MkDocs' 110 KB bundle: LCP x1.42 on nginx at 1.6 Mbit/s). A script of
// the <head>, or one before the LCP element, still blocks it.
func (a *analyzer) scriptsAfterLCP() {
	if a.page.LCP == nil || a.lcpNode == nil || len(a.bodyScripts) == 0 {
		return
	}
	// The places in document order of the LCP element and of the scripts (the only
	// elements compared), counted over every element.
	order := map[*html.Node]int{}
	i := 0
	for n := range a.doc.Root.Descendants() {
		if n.Type == html.ElementNode {
			if n == a.lcpNode || n.DataAtom == atom.Script {
				order[n] = i
			}
			i++
		}
	}
	at, ok := order[a.lcpNode]
	if !ok {
		return
	}
	for _, bs := range a.bodyScripts {
		o, ok := order[bs.node]
		if !ok && a.doc.Split {
			o, ok = i, true // in the tail of a page read in two parts: after the whole first part
		}
		if ok && o > at && bs.r.Needed {
			// Needed stays true when another reference needs it before the LCP.
			if a.neededBefore(bs.r, at, order) {
				continue
			}
			bs.r.Needed = false
			bs.r.Why = "parser-blocking script after the LCP element: the first paint does not wait for it"
		}
	}
}

// neededBefore reports whether r is also referenced by a parser-blocking script in the
// <head> or before position at.
func (a *analyzer) neededBefore(r *Resource, at int, order map[*html.Node]int) bool {
	for i := range a.doc.Refs {
		ref := &a.doc.Refs[i]
		if ref.Kind != parse.RefScript || ref.Async || ref.Defer || ref.NoModule {
			continue
		}
		p, ext, ok := a.res.resolve(ref.URL)
		if !ok || ext != "" || p != r.URL {
			continue
		}
		if ref.InHead || ref.Node == nil {
			return true
		}
		if o, ok := order[ref.Node]; ok && o < at {
			return true
		}
	}
	return false
}
