// HTML reading. A page is parsed into a DOM with golang.org/x/net/html, which follows the
// HTML5 parsing algorithm, so malformed markup yields the tree a browser would build. The
// engine needs that tree anyway (CSS selectors are matched against it to find used fonts and
// the LCP element). References keep their element so later stages can look at context; the
// rewriter, which must preserve bytes, works from the tokenizer instead (see package emit).

package parse

import (
	"iter"
	"math"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// RefKind says how a page refers to a resource.
type RefKind int

const (
	RefStylesheet    RefKind = iota + 1 // <link rel=stylesheet>
	RefScript                           // <script src> classic
	RefModuleScript                     // <script type=module src>
	RefPreload                          // <link rel=preload>
	RefModulePreload                    // <link rel=modulepreload>
	RefPrefetch                         // <link rel=prefetch>
	RefPreconnect                       // <link rel=preconnect|dns-prefetch>
	RefIcon                             // <link rel=icon|apple-touch-icon>
	RefManifest                         // <link rel=manifest>
	RefImage                            // <img>
	RefPictureSource                    // <picture><source>
	RefVideoPoster                      // <video poster>
	RefInlineStyle                      // <style>
	RefInlineModule                     // <script type=module> without src
	RefStyleAttr                        // style="...url()..."
)

var refKindNames = map[RefKind]string{
	RefStylesheet: "stylesheet", RefScript: "script", RefModuleScript: "module-script",
	RefPreload: "preload", RefModulePreload: "modulepreload", RefPrefetch: "prefetch",
	RefPreconnect: "preconnect", RefIcon: "icon", RefManifest: "manifest", RefImage: "img",
	RefPictureSource: "picture-source", RefVideoPoster: "video-poster", RefInlineStyle: "inline-style",
	RefInlineModule: "inline-module", RefStyleAttr: "style-attribute",
}

func (k RefKind) String() string { return refKindNames[k] }

// Ref is one reference from a page, with the attributes that shape a matching hint.
type Ref struct {
	Kind          RefKind
	URL           string // src/href as written, trimmed ("" for inline content)
	Srcset        string
	Sizes         string
	Media         string
	Type          string
	As            string // for preloads
	CrossOrigin   string // value of crossorigin ("" = absent; "anonymous" when empty attribute)
	Integrity     string
	Nonce         string
	Async         bool // <script async>; on a stylesheet, one that loads without blocking rendering (see link)
	Defer         bool
	NoModule      bool   // <script nomodule>: browsers that load modules (all that preload) skip it
	Preloaded     bool   // a stylesheet whose rel also has preload
	Loading       string // lazy | eager | ""
	FetchPriority string
	Width, Height int
	InHead        bool
	Text          string     // content of inline <style>, inline module script or style attribute
	Node          *html.Node // the element
	Picture       *html.Node // enclosing <picture> for images and sources
}

// Document is a parsed page.
type Document struct {
	Root    *html.Node
	Refs    []Ref
	BaseURL string // <base href>, "" when absent
	CSP     string // content of a CSP meta
	Lang    string
	// Split is set when the page was read in two parts (see tail.go): Root then holds
	// the DOM of the first part only and tail the rest, as events (TailEvents).
	Split bool
	tail  tailEvents
	// joins are where the tail's elements hang under the DOM's (AttachTail); dropped
	// the attributes the tail did not keep (TailDropped).
	joins   []tailJoin
	dropped map[string]bool
	view    tailView // what the tail shows the first part's walks of itself (tailview.go)
	// Elements counts the elements of Root outside <template>, <noscript>, <svg> and
	// <math>: what a map of the page's elements may be made for at once.
	Elements int
}

// ParseHTML parses a page. It does not fail on malformed markup. Long pages are read in
// two parts (see tail.go); ParseHTMLFull always builds the whole DOM.
func ParseHTML(src []byte) (*Document, error) {
	if !MayCut(src) {
		return ParseHTMLFull(src)
	}
	return parseSplit(src, false)
}

// ParseHTMLKinds is ParseHTML, but for the inline elements of the preformatted elements
// of a tail's view (HasView; a source view's code, 220,000 <span class>es): those written
// <span class="v">text</span> are read as one element per class and parent, the first
// of its class, which stands for them all (ViewKinds, KindParent), and those written
// <span id="v">text</span> as one per parent (KindParent.KindIDs has their ids), without
// the events of their texts (KindParent.KindText has their characters); a <span
// class="v"> that holds only text and such spans, of kinds an earlier one of its class
// under the same parent has, is read as that one (nestedSpan). Their styles
// are all its, unless a rule can tell them apart by their places among their siblings
// or their content (style.ElemKeys.Positional on an element under their parent, or a
// :has()) or by their ids: the caller then reads the page with ParseHTML. What the page shows its walks
// otherwise, the view and its text included, is ParseHTML's.
func ParseHTMLKinds(src []byte) (*Document, error) {
	if !MayCut(src) {
		return ParseHTMLFull(src)
	}
	return parseSplit(src, true)
}

// MayCut reports whether ParseHTML may read src in two parts. When it is false,
// ParseHTML is ParseHTMLFull: a caller that would read the page whole anyway need not
// ask for it.
func MayCut(src []byte) bool { return len(src) >= splitMinBytes }

func (d *Document) walk(n *html.Node, inHead bool, picture *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		if c.Namespace != "" { // svg, math: not fetched the same way
			continue
		}
		d.Elements++
		head := inHead || c.DataAtom == atom.Head
		pic := picture
		switch c.DataAtom {
		case atom.Template, atom.Noscript:
			// Template content is inert; noscript content is not loaded when scripts run.
			continue
		case atom.Html:
			if l := attr(c, "lang"); l != "" {
				d.Lang = l
			}
		case atom.Picture:
			pic = c
		}
		d.element(c, head, picture)
		d.walk(c, head, pic)
	}
}

// listed reads HTML element n as walk does, for a DOM built whole by bodyBuilder, which
// lists the elements walk would read (parseExactDoc): n is in the head when it or an
// ancestor is <head>, and its picture is its nearest ancestor <picture>.
func (d *Document) listed(n *html.Node) {
	if n.DataAtom == atom.Html {
		if l := attr(n, "lang"); l != "" {
			d.Lang = l
		}
	}
	inHead := n.DataAtom == atom.Head
	var picture *html.Node
	for p := n.Parent; p != nil; p = p.Parent {
		switch p.DataAtom {
		case atom.Head:
			inHead = true
		case atom.Picture:
			if picture == nil {
				picture = p
			}
		}
	}
	d.element(n, inHead, picture)
}

func (d *Document) element(n *html.Node, inHead bool, picture *html.Node) {
	switch n.DataAtom {
	case atom.Base, atom.Meta, atom.Link, atom.Script, atom.Style, atom.Img, atom.Source, atom.Video:
	default:
		// The other elements reference nothing but through a style attribute: their
		// other attributes are not read (most of a page's elements).
		if s := attr(n, "style"); s != "" && strings.Contains(strings.ToLower(s), "url(") {
			d.Refs = append(d.Refs, Ref{Kind: RefStyleAttr, Text: s, Node: n, InHead: inHead})
		}
		return
	}
	a := readRefAttrs(n)
	r := Ref{Node: n, InHead: inHead}
	r.CrossOrigin = crossOrigin(a.val[aCrossorigin], a.has[aCrossorigin])
	r.Integrity = a.val[aIntegrity]
	r.Nonce = a.val[aNonce]
	r.Media = strings.TrimSpace(a.val[aMedia])
	r.Type = strings.TrimSpace(a.val[aType])
	r.FetchPriority = strings.ToLower(strings.TrimSpace(a.val[aFetchpriority]))
	if s := a.val[aStyle]; strings.Contains(strings.ToLower(s), "url(") {
		d.Refs = append(d.Refs, Ref{Kind: RefStyleAttr, Text: s, Node: n, InHead: inHead})
	}
	switch n.DataAtom {
	case atom.Base:
		if d.BaseURL == "" {
			if a.has[aHref] {
				d.BaseURL = strings.TrimSpace(a.val[aHref])
			}
		}
	case atom.Meta:
		if strings.EqualFold(a.val[aHTTPEquiv], "content-security-policy") {
			d.CSP = a.val[aContent]
		}
	case atom.Link:
		d.link(&a, r)
	case atom.Script:
		typ := strings.ToLower(r.Type)
		src, hasSrc := a.val[aSrc], a.has[aSrc]
		r.Async, r.Defer, r.NoModule = a.has[aAsync], a.has[aDefer], a.has[aNomodule]
		switch {
		case typ == "module" && hasSrc:
			r.Kind, r.URL = RefModuleScript, strings.TrimSpace(src)
		case typ == "module":
			r.Kind, r.Text = RefInlineModule, text(n)
		case hasSrc && isClassicScriptType(typ):
			r.Kind, r.URL = RefScript, strings.TrimSpace(src)
		default:
			return
		}
		if r.Kind != RefInlineModule && r.URL == "" {
			return
		}
		d.Refs = append(d.Refs, r)
	case atom.Style:
		r.Kind, r.Text = RefInlineStyle, text(n)
		d.Refs = append(d.Refs, r)
	case atom.Img:
		r.Kind = RefImage
		r.URL = strings.TrimSpace(a.val[aSrc])
		r.Srcset = a.val[aSrcset]
		r.Sizes = a.val[aSizes]
		r.Loading = strings.ToLower(strings.TrimSpace(a.val[aLoading]))
		r.Width, _ = strconv.Atoi(strings.TrimSpace(a.val[aWidth]))
		r.Height, _ = strconv.Atoi(strings.TrimSpace(a.val[aHeight]))
		r.Picture = picture
		if r.URL == "" && r.Srcset == "" {
			return
		}
		d.Refs = append(d.Refs, r)
	case atom.Source:
		if picture == nil || n.Parent != picture {
			return
		}
		r.Kind = RefPictureSource
		r.Srcset = a.val[aSrcset]
		r.Sizes = a.val[aSizes]
		r.Picture = picture
		if r.Srcset == "" {
			return
		}
		d.Refs = append(d.Refs, r)
	case atom.Video:
		if p := strings.TrimSpace(a.val[aPoster]); p != "" {
			r.Kind, r.URL = RefVideoPoster, p
			d.Refs = append(d.Refs, r)
		}
	}
}

// link reads a <link>. Its rel is a set of tokens (ASCII case-insensitive, whitespace
// separated): each known link type yields one Ref, the stylesheet first, so that
// rel="preload stylesheet" (VitePress) is both a stylesheet and a preload. An alternate
// stylesheet is neither applied nor render-blocking and yields nothing.
//
// Two conventions load a stylesheet without blocking rendering, and are read as an
// applied, non-blocking stylesheet (Async set): loadCSS, a preload whose onload makes it a
// stylesheet (rel=preload as=style onload="this.onload=null;this.rel='stylesheet'"), and
// the print-media switch (rel=stylesheet media=print onload="this.media='all'"), whose
// Media is then the one it switches to.
func (d *Document) link(a *refAttrs, r Ref) {
	href := strings.TrimSpace(a.val[aHref])
	rels := strings.Fields(strings.ToLower(a.val[aRel]))
	onload := a.val[aOnload]
	sheet, async := hasToken(rels, "stylesheet") && !hasToken(rels, "alternate"), false
	if !sheet && hasToken(rels, "preload") && strings.EqualFold(strings.TrimSpace(a.val[aAs]), "style") {
		if v, ok := onloadSets(onload, "rel"); ok && hasToken(strings.Fields(strings.ToLower(v)), "stylesheet") {
			sheet, async = true, true
		}
	}
	if sheet && href != "" {
		rr := r
		rr.Kind, rr.URL, rr.Async = RefStylesheet, href, async
		rr.Preloaded = hasToken(rels, "preload")
		if v, ok := onloadSets(onload, "media"); ok && !MediaCanMatchScreen(rr.Media) {
			rr.Async, rr.Media = true, strings.TrimSpace(v)
		}
		d.Refs = append(d.Refs, rr)
	}
	seen := uint32(1) << RefStylesheet // a set of RefKinds
	for _, rel := range rels {
		k := RefKind(0)
		switch rel {
		case "preload":
			k = RefPreload
		case "modulepreload":
			k = RefModulePreload
		case "prefetch":
			k = RefPrefetch
		case "preconnect", "dns-prefetch":
			k = RefPreconnect
		case "icon", "apple-touch-icon":
			k = RefIcon
		case "manifest":
			k = RefManifest
		}
		if k == 0 || seen&(1<<k) != 0 || href == "" && k != RefPreload {
			continue
		}
		seen |= 1 << k
		rr := r
		if k == RefPreload {
			rr.As = strings.ToLower(strings.TrimSpace(a.val[aAs]))
			rr.Srcset = a.val[aImagesrcset]
			rr.Sizes = a.val[aImagesizes]
		}
		rr.Kind, rr.URL = k, href
		d.Refs = append(d.Refs, rr)
	}
}

// onloadSets reports the value an onload handler assigns to this.<prop> (as in
// this.rel='stylesheet' or this.media="all"), if it assigns one.
func onloadSets(js, prop string) (string, bool) {
	for i := 0; ; {
		j := strings.Index(js[i:], "this."+prop)
		if j < 0 {
			return "", false
		}
		k := i + j + len("this."+prop)
		i = k
		rest := strings.TrimLeft(js[k:], " \t\n")
		if !strings.HasPrefix(rest, "=") || strings.HasPrefix(rest, "==") {
			continue
		}
		rest = strings.TrimLeft(rest[1:], " \t\n")
		if rest == "" || rest[0] != '\'' && rest[0] != '"' {
			continue
		}
		if e := strings.IndexByte(rest[1:], rest[0]); e >= 0 {
			return rest[1 : 1+e], true
		}
		return "", false
	}
}

func isClassicScriptType(t string) bool {
	switch t {
	case "", "text/javascript", "application/javascript", "text/ecmascript", "application/ecmascript", "module-shim":
		return true
	}
	return false
}

// crossOrigin reads a crossorigin attribute of value v, present or not.
func crossOrigin(v string, present bool) string {
	if !present {
		return ""
	}
	if strings.EqualFold(strings.TrimSpace(v), "use-credentials") {
		return "use-credentials"
	}
	return "anonymous"
}

// The attributes of an element that references a resource, by index in refAttrs.
const (
	aCrossorigin = iota
	aIntegrity
	aNonce
	aMedia
	aType
	aFetchpriority
	aStyle
	aHref
	aHTTPEquiv
	aContent
	aSrc
	aAsync
	aDefer
	aNomodule
	aSrcset
	aSizes
	aLoading
	aWidth
	aHeight
	aPoster
	aRel
	aOnload
	aAs
	aImagesrcset
	aImagesizes
	nRefAttrs
)

// refAttrs are the attributes Document.element and link read of an element, found in
// one pass over its attributes (a lookup each, a dozen for an <img>, was a visible part
// of reading a page). As attr, the first of a name wins.
type refAttrs struct {
	val [nRefAttrs]string
	has [nRefAttrs]bool
}

func readRefAttrs(n *html.Node) refAttrs {
	var a refAttrs
	for _, at := range n.Attr {
		if at.Namespace != "" {
			continue
		}
		k := -1
		switch at.Key {
		case "crossorigin":
			k = aCrossorigin
		case "integrity":
			k = aIntegrity
		case "nonce":
			k = aNonce
		case "media":
			k = aMedia
		case "type":
			k = aType
		case "fetchpriority":
			k = aFetchpriority
		case "style":
			k = aStyle
		case "href":
			k = aHref
		case "http-equiv":
			k = aHTTPEquiv
		case "content":
			k = aContent
		case "src":
			k = aSrc
		case "async":
			k = aAsync
		case "defer":
			k = aDefer
		case "nomodule":
			k = aNomodule
		case "srcset":
			k = aSrcset
		case "sizes":
			k = aSizes
		case "loading":
			k = aLoading
		case "width":
			k = aWidth
		case "height":
			k = aHeight
		case "poster":
			k = aPoster
		case "rel":
			k = aRel
		case "onload":
			k = aOnload
		case "as":
			k = aAs
		case "imagesrcset":
			k = aImagesrcset
		case "imagesizes":
			k = aImagesizes
		}
		if k >= 0 && !a.has[k] {
			a.val[k], a.has[k] = at.Val, true
		}
	}
	return a
}

func hasToken(ts []string, t string) bool {
	for _, x := range ts {
		if x == t {
			return true
		}
	}
	return false
}

func attr(n *html.Node, key string) string {
	v, _ := AttrOK(n, key)
	return v
}

// AttrOK returns the value of n's attribute key (no namespace), and whether it has one.
// The analysis asks it of every element: the attributes are looked at in place, not
// copied one by one.
func AttrOK(n *html.Node, key string) (string, bool) {
	for i := range n.Attr {
		if at := &n.Attr[i]; at.Key == key && at.Namespace == "" {
			return at.Val, true
		}
	}
	return "", false
}

// IsHeadElement reports whether the HTML parser keeps a start tag named n (lower case) in
// the head ("in head" insertion mode); any other start tag there ends the head.
func IsHeadElement(n string) bool {
	switch n {
	case "meta", "link", "base", "basefont", "bgsound", "title", "style", "script", "noscript", "noframes", "template":
		return true
	}
	return false
}

// Attr returns an element's attribute value ("" when absent).
func Attr(n *html.Node, key string) string { return attr(n, key) }

// Describe returns a short CSS-like description of an element: tag#id.class.
func Describe(n *html.Node) string {
	if n == nil {
		return ""
	}
	s := n.Data
	for _, at := range n.Attr {
		switch at.Key {
		case "id":
			s += "#" + at.Val
		case "class":
			for _, c := range strings.Fields(at.Val) {
				s += "." + c
			}
		}
	}
	return s
}

func text(n *html.Node) string {
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return b.String()
}

// Candidate is one entry of a srcset attribute.
type Candidate struct {
	URL       string
	Width     int     // w descriptor, 0 when absent
	Density   float64 // x descriptor, 0 when absent
	BadSyntax bool
}

// ParseSrcset reads a srcset attribute following the HTML algorithm: URLs may contain
// commas (a candidate ends at a comma only after whitespace or at the URL's end).
func ParseSrcset(s string) []Candidate {
	var out []Candidate
	i := 0
	isSpace := func(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }
	for i < len(s) {
		for i < len(s) && (isSpace(s[i]) || s[i] == ',') {
			i++
		}
		if i >= len(s) {
			break
		}
		start := i
		for i < len(s) && !isSpace(s[i]) {
			i++
		}
		u := s[start:i]
		desc := ""
		if strings.HasSuffix(u, ",") {
			u = strings.TrimRight(u, ",")
		} else {
			// descriptors run to the next comma outside parentheses
			ds := i
			depth := 0
			for i < len(s) {
				c := s[i]
				if c == '(' {
					depth++
				} else if c == ')' && depth > 0 {
					depth--
				} else if c == ',' && depth == 0 {
					break
				}
				i++
			}
			desc = strings.TrimSpace(s[ds:i])
		}
		c := Candidate{URL: u}
		for _, f := range strings.Fields(desc) {
			if len(f) < 2 {
				c.BadSyntax = true
				continue
			}
			num, unit := f[:len(f)-1], f[len(f)-1]
			switch unit {
			case 'w':
				n, err := strconv.Atoi(num)
				if err != nil || n <= 0 || c.Width != 0 {
					c.BadSyntax = true // the value is not kept: no caller may size by it
					continue
				}
				c.Width = n
			case 'x':
				v, err := strconv.ParseFloat(num, 64)
				if err != nil || !(v > 0) || math.IsInf(v, 0) || c.Density != 0 {
					c.BadSyntax = true
					continue
				}
				c.Density = v
			case 'h':
			default:
				c.BadSyntax = true
			}
		}
		if u != "" {
			out = append(out, c)
		}
	}
	return out
}

// Text returns the visible text of an element's subtree (script, style, template, noscript
// and head contents excluded).
func Text(n *html.Node) string {
	var b strings.Builder
	for s := range TextNodes(n) {
		b.WriteString(s)
	}
	return b.String()
}

// TextNodes yields the text nodes of Text, one at a time, in document order: a reader
// that needs only part of a long text (a source view's megabytes of code) stops early.
func TextNodes(n *html.Node) iter.Seq[string] {
	return func(yield func(string) bool) {
		var walk func(*html.Node) bool
		walk = func(n *html.Node) bool {
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				switch c.Type {
				case html.TextNode:
					if !yield(c.Data) {
						return false
					}
				case html.ElementNode:
					switch c.DataAtom {
					case atom.Script, atom.Style, atom.Template, atom.Noscript, atom.Head, atom.Title:
						continue
					}
					if !walk(c) {
						return false
					}
				}
			}
			return true
		}
		walk(n)
	}
}
