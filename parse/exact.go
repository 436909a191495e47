// A page read by the fast scanner (scan.go) into the very DOM that x/net/html's tree
// builder makes of it. bodyBuilder builds the usual head (head: a doctype of a name
// alone, <html>, <head>, meta, link, base, title, style, script, noscript, comments, with
// the elements the tree builder implies); x/net/html parses any other up to the end of
// the <body> start tag. bodyBuilder then builds the rest with the tree construction rules
// of the "in body", "text", "after body", "after after body", the table modes (but "in
// caption") and foreign content, for the markup whose rules it reproduces exactly:
// ordinary and block elements with their implied end tags (p, li, dd, dt, headings),
// formatting elements that nest properly, void and raw-text elements, text with its
// entities, comments, forms, tables whose content needs no foster parenting, SVG.
// Anything else (MathML, a caption, a formatting element closed out of order, a
// template, a carriage return or NUL, ...) makes it give up, and the whole page is parsed
// by x/net/html. FuzzBodyDOMMatchesParser, TestBodyDOMMatchesParser and
// TestHeadDOMMatchesParser hold the two DOMs equal node by node.

package parse

import (
	"bytes"
	"cmp"
	"slices"
	"strings"
	"sync"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// parseExact returns the DOM of src as html.Parse builds it, reading the body with
// bodyBuilder; ok is false when it cannot (the caller then parses the page whole). The
// usual head is built by bodyBuilder too (head); another is parsed by x/net/html.
func parseExact(src []byte) (root *html.Node, ok bool) {
	root, _, ok = buildExact(src, nil)
	return root, ok
}

// parseExactDoc is parseExact's page as a Document, its refs read from the elements
// bodyBuilder listed as it made them (listed) instead of by a walk over the whole DOM
// (Document.walk), which visited every node of a page to find the few that matter.
// A page whose head x/net/html parsed is walked.
func parseExactDoc(src []byte, nodes *Nodes) (*Document, bool) {
	root, b, ok := buildExact(src, nodes)
	if !ok {
		return nil, false
	}
	d := &Document{Root: root, Refs: make([]Ref, 0, refsRoom)}
	if b == nil {
		d.walk(root, false, nil)
		return d, true
	}
	d.Elements = b.elements
	for _, n := range b.listed {
		d.listed(n)
	}
	return d, true
}

// buildExact is parseExact, with the bodyBuilder that built the whole page (nil when
// x/net/html parsed its head); its nodes come from nodes where that is not nil.
func buildExact(src []byte, nodes *Nodes) (root *html.Node, b *bodyBuilder, ok bool) {
	if bytes.IndexByte(src, 0) >= 0 || bytes.IndexByte(src, '\r') >= 0 {
		return nil, nil, false
	}
	b = &bodyBuilder{src: src, s: string(src), listed: make([]*html.Node, 0, 64), reuse: nodes}
	b.sc = newScanner(src)
	b.sc.comments = true
	b.slabs()
	if !b.head() {
		root, ok = parseExactAfterHead(src)
		return root, nil, ok
	}
	if !b.build() {
		return nil, nil, false
	}
	return b.doc, b, true
}

// parseExactAfterHead is parseExact for a page whose head bodyBuilder does not build:
// x/net/html parses the page up to its <body> start tag.
func parseExactAfterHead(src []byte) (root *html.Node, ok bool) {
	cut, nattr := bodyStart(src)
	if cut < 0 {
		return nil, false
	}
	root, err := html.Parse(bytes.NewReader(src[:cut]))
	if err != nil {
		return nil, false
	}
	// The part must end with <body> just opened, empty, as the last of <html>'s children:
	// the tree builder is then in the "in body" mode with <html> and <body> open and no
	// formatting element active.
	h := root.LastChild
	if h == nil || h.Type != html.ElementNode || h.DataAtom != atom.Html {
		return nil, false
	}
	body := h.LastChild
	if body == nil || body.Type != html.ElementNode || body.DataAtom != atom.Body || body.FirstChild != nil || len(body.Attr) != nattr {
		return nil, false
	}
	b := &bodyBuilder{src: src[cut:], s: string(src[cut:]), doc: root, oe: []*html.Node{h, body}, cur: body, quirks: true}
	b.sc = newScanner(b.src)
	b.sc.comments = true
	b.slabs()
	for c := root.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.DoctypeNode {
			// <!doctype html>, first in the page; any other may mean quirks, which tables
			// read differently. (x/net/html compares the name as written with "html",
			// and keeps it lowercased.)
			p := 0
			for p < len(src) && isSpaceByte(src[p]) {
				p++
			}
			_, lower, ok := doctypeAt(src, p)
			b.quirks = !ok || !lower || len(c.Attr) != 0
		}
	}
	if !b.build() {
		return nil, false
	}
	return root, true
}

// Nodes is the memory of the nodes of the DOMs that one goroutine builds, one page after
// another (ParseHTMLFullIn): the slabs of nodes and attributes of its last page, given
// back once nothing of that page's DOM is used (NodePool.Put), up to maxReusedSlabs of
// each. A whole DOM's nodes and attributes were more than half of what a build of the
// Python docs allocated, which decides how often the collector runs. The zero value
// holds none; a nil *Nodes makes each slab.
type Nodes struct {
	slabs [][]html.Node
	used  int // slabs[:used] are the current page's
	// attrs are the slabs of the elements' attributes, as slabs are of the nodes.
	attrs     [][]html.Attribute
	usedAttrs int
}

// maxReusedSlabs is the most slabs of nodes a Nodes keeps (about 1.8 MB, 16,384 nodes),
// and of attributes (0.8 MB):
// a larger page's others are made for it, not held as live memory, which the
// collector's pacing multiplies, until the next such page.
const maxReusedSlabs = 64

// slab returns a slab of 256 zero nodes: the next one ns holds, else a new one.
func (ns *Nodes) slab() []html.Node {
	if ns == nil {
		return make([]html.Node, 256)
	}
	if ns.used < len(ns.slabs) {
		ns.used++
		return ns.slabs[ns.used-1]
	}
	s := make([]html.Node, 256)
	if len(ns.slabs) < maxReusedSlabs {
		ns.slabs = append(ns.slabs, s)
		ns.used++
	}
	return s
}

// attrSlab returns an empty slab of room for 256 attributes, or for n where that is
// more: the next one ns holds, else a new one.
func (ns *Nodes) attrSlab(n int) []html.Attribute {
	if ns == nil || n > 256 {
		return make([]html.Attribute, 0, max(256, n))
	}
	if ns.usedAttrs < len(ns.attrs) {
		ns.usedAttrs++
		return ns.attrs[ns.usedAttrs-1][:0]
	}
	s := make([]html.Attribute, 0, 256)
	if len(ns.attrs) < maxReusedSlabs {
		ns.attrs = append(ns.attrs, s)
		ns.usedAttrs++
	}
	return s
}

// reset zeroes the slabs the last page used (which lets go of its strings) for the next.
func (ns *Nodes) reset() {
	for _, s := range ns.slabs[:ns.used] {
		clear(s)
	}
	for _, s := range ns.attrs[:ns.usedAttrs] {
		clear(s[:cap(s)])
	}
	ns.used, ns.usedAttrs = 0, 0
}

// NodePool holds the Nodes of the goroutines that build DOMs, for the pages of one run.
type NodePool struct{ p sync.Pool }

// Get returns a Nodes for one page's DOMs, from the pool or new.
func (p *NodePool) Get() *Nodes {
	if p == nil {
		return nil
	}
	ns, _ := p.p.Get().(*Nodes)
	if ns == nil {
		ns = &Nodes{}
	}
	return ns
}

// Put gives ns back to the pool: the caller uses no node of the DOMs built from it again.
func (p *NodePool) Put(ns *Nodes) {
	if p == nil || ns == nil {
		return
	}
	ns.reset()
	p.p.Put(ns)
}

// slabs makes the first slabs of nodes and attributes for b.src. A short page (or the
// part of a page before its cut, see tail.go) gets slabs of its size: about one node
// per '<' (an element has a start and an end tag, and text around them) and fewer
// attributes. Longer ones get slabs of 256 nodes as they go: larger ones are allocated
// and zeroed apart from the heap's spans, which costs more than it saves.
func (b *bodyBuilder) slabs() {
	if len(b.src) < 8<<10 {
		tags := bytes.Count(b.src, []byte{'<'})
		b.nodes = make([]html.Node, tags+tags/2+8)
		b.attrs = make([]html.Attribute, 0, tags/2+8)
	}
}

// doctypeAt reads a doctype of the name html alone (<!DOCTYPE html>) at p: it returns the
// offset after it and whether the name is written in lower case; ok is false when there
// is none or it has more.
func doctypeAt(src []byte, p int) (end int, lower, ok bool) {
	if len(src)-p < 9 || src[p] != '<' || src[p+1] != '!' || !bytes.EqualFold(src[p+2:p+9], []byte("doctype")) {
		return -1, false, false
	}
	q := p + 9
	if q >= len(src) || !isSpaceByte(src[q]) {
		return -1, false, false
	}
	for q < len(src) && isSpaceByte(src[q]) {
		q++
	}
	n := q
	for q < len(src) && isLetter(src[q]) {
		q++
	}
	name := src[n:q]
	for q < len(src) && isSpaceByte(src[q]) {
		q++
	}
	if q >= len(src) || src[q] != '>' || !equalFoldASCII(name, "html") {
		return -1, false, false
	}
	return q + 1, string(name) == "html", true
}

// head builds the DOM of the page up to its <body> start tag as the tree builder does,
// for the usual head: a doctype of the name alone (or none), <html>, <head> and their
// end tags (each may be implied), the head's meta, link, base, title, style, script,
// noscript and noframes elements, comments and white space. At anything else before <body> it returns false.
// After it the scanner stands after the <body> start tag, and the open elements are
// <html> and <body>.
func (b *bodyBuilder) head() bool {
	const (
		beforeHTML = iota
		beforeHead
		inHead
		afterHead
	)
	src := b.src
	b.doc = &html.Node{Type: html.DocumentNode}
	b.oe, b.cur = append(b.oe[:0], b.doc), b.doc
	b.quirks = true
	p := 0
	for p < len(src) && isSpaceByte(src[p]) {
		p++
	}
	doctype := false
	if q, lower, ok := doctypeAt(src, p); ok {
		d := b.node()
		d.Type, d.Data = html.DoctypeNode, "html"
		b.doc.AppendChild(d)
		b.quirks, doctype = !lower, true
		b.sc.pos = q
	} else if len(src)-p >= 9 && src[p] == '<' && src[p+1] == '!' && bytes.EqualFold(src[p+2:p+9], []byte("doctype")) {
		return false // one with more than a name (the scanner would skip it)
	}
	m := beforeHTML
	// open makes the elements the tree builder implies up to the mode want.
	open := func(want int) {
		if m == beforeHTML {
			b.implied(atom.Html)
			m = beforeHead
		}
		if want == inHead && m == beforeHead {
			b.implied(atom.Head)
			m = inHead
		}
	}
	for {
		switch b.sc.next() {
		case tokEOF:
			return false
		case tokText:
			v := b.sc.text()
			top := b.top()
			switch top.DataAtom {
			case atom.Title, atom.Style, atom.Script, atom.Noscript, atom.Noframes:
				if top.DataAtom == atom.Script && bytes.Contains(v, []byte("<!--")) {
					return false // script data escapes: the scanner reads them the simple way
				}
				d := b.span(b.sc.tx)
				if top.DataAtom == atom.Title && bytes.IndexByte(v, '&') >= 0 {
					d = html.UnescapeString(d)
				}
				b.addText(top, d)
				continue
			}
			if len(bytes.Trim(v, " \t\n\f")) != 0 {
				return false
			}
			if m == inHead || m == afterHead {
				b.addText(top, b.span(b.sc.tx)) // into <head>, or <html> after it
			}
		case tokComment:
			if m == beforeHTML && !doctype {
				return false // the "initial" mode: a doctype may follow
			}
			c := b.node()
			c.Type, c.Data = html.CommentNode, b.span(b.sc.tx)
			b.top().AppendChild(c)
		case tokStart:
			a := atom.Lookup(b.sc.name())
			b.tag = a
			if b.sc.selfClosing && !isVoid(a) {
				return false
			}
			switch a {
			case atom.Html:
				if m != beforeHTML || !b.element(a, true) {
					return false
				}
				m = beforeHead
			case atom.Head:
				if m > beforeHead {
					return false
				}
				open(beforeHead)
				if !b.element(a, true) {
					return false
				}
				m = inHead
			case atom.Meta, atom.Link, atom.Base, atom.Basefont, atom.Bgsound, atom.Title, atom.Style, atom.Script,
				atom.Noscript, atom.Noframes: // (a <noscript> is raw text: scripts run)
				if m > inHead {
					return false
				}
				open(inHead)
				if !b.element(a, !isVoid(a)) {
					return false
				}
			case atom.Body:
				open(inHead)
				if m == inHead {
					b.pop()
				}
				if !b.element(a, true) {
					return false
				}
				b.oe = b.oe[1:] // <html> and <body>
				return true
			default:
				return false
			}
		case tokEnd:
			a := atom.Lookup(b.sc.name())
			switch t := b.top().DataAtom; {
			case t == atom.Title || t == atom.Style || t == atom.Script || t == atom.Noscript || t == atom.Noframes:
				// The scanner ends a raw text at its own end tag.
				b.pop()
			case a == atom.Head && t == atom.Head:
				b.pop()
				m = afterHead
			default:
				return false
			}
		}
	}
}

// addText appends text d to n's children, to its last child when that is text.
func (b *bodyBuilder) addText(n *html.Node, d string) {
	if d == "" {
		return
	}
	if l := n.LastChild; l != nil && l.Type == html.TextNode {
		l.Data += d
		return
	}
	t := b.node()
	t.Type, t.Data = html.TextNode, d
	n.AppendChild(t)
}

// isHeadStart reports whether a page may have start tag a before <body> for parseExact:
// the tree builder puts it in the head.
func isHeadStart(a atom.Atom) bool {
	switch a {
	case atom.Html, atom.Head, atom.Meta, atom.Link, atom.Title, atom.Style, atom.Script,
		atom.Base, atom.Noscript, atom.Basefont, atom.Bgsound, atom.Noframes:
		return true
	}
	return false
}

// bodyStart returns the offset just after the page's <body> start tag and its number of
// attributes, or -1 when anything but the head's elements and white space comes before it.
func bodyStart(src []byte) (int, int) {
	sc := newScanner(src)
	raw := false
	for {
		k := sc.next()
		wasRaw := raw
		raw = false
		switch k {
		case tokEOF:
			return -1, 0
		case tokText:
			if wasRaw {
				if bytes.Contains(sc.text(), []byte("<!--")) {
					return -1, 0 // script data escapes: the scanner reads them the simple way
				}
				continue
			}
			if len(bytes.Trim(sc.text(), " \t\n\f\r")) != 0 {
				return -1, 0
			}
		case tokStart:
			a := atom.Lookup(sc.name())
			if a == atom.Body {
				return sc.pos, len(sc.attrs)
			}
			if !isHeadStart(a) {
				return -1, 0
			}
			raw = sc.raw != ""
		case tokEnd:
			switch atom.Lookup(sc.name()) {
			case atom.Head, atom.Title, atom.Style, atom.Script, atom.Noscript, atom.Noframes:
			default:
				return -1, 0
			}
		}
	}
}

// Insertion modes bodyBuilder knows.
const (
	inBody = iota
	afterBody
	afterAfterBody
	inTable
	inTableBody
	inRow
	inCell
	inColumnGroup
)

// bodyBuilder builds the DOM of a page's body (parseExact). Its active formatting
// elements are always exactly the formatting elements open, so that reconstructing them
// never does anything: any step that would close one otherwise makes it give up.
type bodyBuilder struct {
	src   []byte
	s     string // src as a string: text and attribute values are its substrings
	doc   *html.Node
	oe    []*html.Node // open elements
	cur   *html.Node   // the current node, oe's last (top)
	mode  int
	nodes []html.Node // the slab of nodes: nodes[nn:] are free
	nn    int
	reuse *Nodes // where the slabs after the first come from (nil: made)
	attrs []html.Attribute
	sc    *scanner
	tag   atom.Atom  // the atom of the scanner's current tag's name
	form  *html.Node // the form element pointer
	// quirks is set for a page in quirks mode, whose tables do not close a <p>.
	quirks bool
	// elements counts the HTML elements made (Document.Elements); listed holds, in
	// document order, those Document.element reads for refs: the elements that may
	// reference a resource, <html> (its lang) and those with a style attribute.
	elements int
	listed   []*html.Node
	// openP and openA are the numbers of HTML <p> and <a> elements open, kept by push,
	// pop and cut (count): the start tags that close a <p> (closeP), and <a>'s, look for
	// one among the open elements only when one is open.
	openP, openA int
}

// count adds d to openP or openA when n is an HTML <p> or <a>.
func (b *bodyBuilder) count(n *html.Node, d int) {
	switch n.DataAtom {
	case atom.P:
		if n.Namespace == "" {
			b.openP += d
		}
	case atom.A:
		if n.Namespace == "" {
			b.openA += d
		}
	}
}

// top returns the current node, the last of the open elements.
func (b *bodyBuilder) top() *html.Node { return b.cur }

// push opens n: the open elements change only by push, pop and cut, which keep cur.
func (b *bodyBuilder) push(n *html.Node) {
	b.oe = append(b.oe, n)
	b.cur = n
	b.count(n, 1)
}

// pop closes the current node.
func (b *bodyBuilder) pop() {
	b.count(b.cur, -1)
	b.oe = b.oe[:len(b.oe)-1]
	b.cur = b.oe[len(b.oe)-1]
}

// cut closes the open elements from i up.
func (b *bodyBuilder) cut(i int) {
	for _, n := range b.oe[i:] {
		b.count(n, -1)
	}
	b.oe = b.oe[:i]
	b.cur = nil
	if i > 0 {
		b.cur = b.oe[i-1]
	}
}

// span returns the string of a span of the scanner's token: a substring of b.s, or for
// a name lowercased, a copy.
func (b *bodyBuilder) span(p span) string {
	if p.low {
		return string(b.sc.lower[p.i:p.j])
	}
	return b.s[p.i:p.j]
}

func (b *bodyBuilder) node() *html.Node {
	i := b.nn
	if i >= len(b.nodes) {
		b.nodes, i = b.reuse.slab(), 0
	}
	b.nn = i + 1
	return &b.nodes[i]
}

// build reads the body; false means the tree builder would do something it does not.
func (b *bodyBuilder) build() bool {
	for {
		if sc := b.sc; sc.raw == "" && sc.pos < len(sc.src) && sc.src[sc.pos] != '<' {
			// A run of text up to a tag (most runs between a page's tags, and the
			// words between a source view's <span>s), read as next would read it.
			p := sc.pos
			if k := indexByteShort(sc.src[p:], '<'); k > 0 && p+k+1 < len(sc.src) {
				if c := sc.src[p+k+1]; isLetter(c) || c == '/' {
					sc.tx, sc.pos = span{i: p, j: p + k}, p+k
					if !b.text(sc.text()) {
						return false
					}
					continue
				}
			}
		}
		if t := b.cur; b.sc.atEndTag() && b.mode == inBody && t.Namespace == "" && t.DataAtom != 0 && b.sc.skipEnd(t.Data) {
			// The current HTML element's end tag as it is usually written, found without
			// reading a token: the case below.
			if !endsPlainly(t.DataAtom) {
				b.tag = t.DataAtom
				if !b.endTag() {
					return false
				}
				continue
			}
			b.pop()
			continue
		}
		switch b.sc.next() {
		case tokEOF:
			return !b.sc.bogus
		case tokText:
			if !b.text(b.sc.text()) {
				return false
			}
		case tokComment:
			c := b.node()
			c.Type, c.Data = html.CommentNode, b.span(b.sc.tx)
			switch b.mode {
			case afterBody:
				b.oe[0].AppendChild(c)
			case afterAfterBody:
				b.doc.AppendChild(c)
			default:
				b.top().AppendChild(c)
			}
		case tokStart:
			b.tag = tagAtom(b.sc.name())
			if b.mode == inBody && b.top().Namespace == "" {
				data := ""
				switch b.tag {
				case atom.Span:
					data = "span"
				case atom.Code:
					data = "code"
				case atom.Em:
					data = "em"
				}
				if data != "" {
					// The commonest start tags (six in ten on the Python docs), and the
					// plainest: an element opened, as start's last cases do.
					if !b.elementNS(b.tag, "", data, true) {
						return false
					}
					// Most have a word of text and their end tag next (all but a few
					// of a source view's <span>s): the cases of those tokens, without
					// reading them as tokens.
					if tx, ok := b.sc.textEnd(data); ok {
						if tx.j > tx.i {
							b.sc.tx = tx
							if !b.text(b.sc.text()) {
								return false
							}
						}
						b.pop()
					}
					continue
				}
				switch b.tag {
				case atom.A, atom.Li, atom.P, atom.Div, atom.Dt, atom.Dd, atom.Ul:
					// The next commonest: start's cases for them, without its questions
					// of unsupported and raw-text elements, which they are not.
					if !b.startIn(b.tag) {
						return false
					}
					continue
				}
			}
			if b.top().Namespace != "" {
				if !b.foreignStart() {
					return false
				}
			} else if !b.startTag() {
				return false
			}
		case tokEnd:
			if t := b.top(); b.mode == inBody && t.Namespace == "" && sameName(t.Data, b.sc.name()) {
				// The usual end tag, that of the current HTML element: end's first case
				// (and endTag's for a raw-text element), without asking the others.
				if endsPlainly(t.DataAtom) {
					b.pop()
					continue
				}
			}
			b.tag = b.endAtom()
			if b.top().Namespace != "" {
				if !b.foreignEnd() {
					return false
				}
			} else if !b.endTag() {
				return false
			}
		}
	}
}

// endAtom returns the atom of the scanner's end tag's name: the current node's when it
// has that name, the usual case, without hashing the name. (Every element's DataAtom is
// the atom of its Data.)
// endsPlainly reports whether the end tag of the current node, an element of atom a in
// the body, does nothing but pop it: every element's but a form's, which also clears the
// form element pointer, and body's and html's, which change the mode (and one of no
// atom, whose end tag is compared by name).
func endsPlainly(a atom.Atom) bool {
	return a != 0 && a != atom.Form && a != atom.Body && a != atom.Html
}

func (b *bodyBuilder) endAtom() atom.Atom {
	name := b.sc.name()
	if t := b.top(); t.Type == html.ElementNode && t.Data == string(name) {
		return t.DataAtom
	}
	return tagAtom(name)
}

// sameName reports whether d == string(name), compared byte by byte: tags' names are
// short, and a call to compare memory costs more than comparing them.
func sameName(d string, name []byte) bool {
	if len(d) != len(name) {
		return false
	}
	for i := range len(name) {
		if d[i] != name[i] {
			return false
		}
	}
	return true
}

// tagAtom is atom.Lookup for a tag's name, with the names most of a page's tags have
// compared first, which costs less than hashing them (on 200 pages of the Python docs,
// nine tags in ten are a span, a, code, li, p, em or div).
func tagAtom(name []byte) atom.Atom {
	switch string(name) {
	case "span":
		return atom.Span
	case "a":
		return atom.A
	case "code":
		return atom.Code
	case "li":
		return atom.Li
	case "p":
		return atom.P
	case "em":
		return atom.Em
	case "div":
		return atom.Div
	}
	return atom.Lookup(name)
}

// isRawTextAtom reports whether the scanner reads element a's content as raw text (but
// <title>, whose text has entities).
func isRawTextAtom(a atom.Atom) bool {
	switch a {
	case atom.Script, atom.Style, atom.Xmp, atom.Iframe, atom.Noembed, atom.Noframes,
		atom.Noscript:
		return true
	}
	return false
}

func (b *bodyBuilder) text(v []byte) bool {
	top := b.top()
	var d string
	switch {
	case isRawTextAtom(top.DataAtom):
		if top.DataAtom == atom.Script && bytes.Contains(v, []byte("<!--")) {
			return false
		}
		d = b.span(b.sc.tx)
	default:
		if b.mode != inBody && b.mode != inCell && len(bytes.Trim(v, " \t\n\f\r")) != 0 {
			return false // in a table, the text is foster-parented
		}
		d = b.s[b.sc.tx.i:b.sc.tx.j] // (a text's span is in src: no name lowercased)
		// (A run of one byte is itself unescaped, even "&".)
		if len(v) > 1 && bytes.IndexByte(v, '&') >= 0 {
			if u, ok := appendUnescaped(make([]byte, 0, len(v)), v); ok {
				d = string(u) // (the commonest references, without the look-up of every name)
			} else {
				d = html.UnescapeString(d)
			}
		}
		if (top.DataAtom == atom.Pre || top.DataAtom == atom.Listing) && top.FirstChild == nil && d != "" && d[0] == '\n' {
			d = d[1:]
		}
	}
	if d == "" {
		return true
	}
	if l := top.LastChild; l != nil && l.Type == html.TextNode {
		l.Data += d
		return true
	}
	t := b.node()
	t.Type, t.Data = html.TextNode, d
	appendChild(top, t)
	return true
}

// element makes the element of the scanner's start tag and appends it to the current
// node; push leaves it open.
func (b *bodyBuilder) element(a atom.Atom, push bool) bool {
	return b.elementNS(a, "", "", push)
}

// elementNS is element for an element of namespace ns ("" for HTML, "svg"), named data
// ("": the tag's name).
func (b *bodyBuilder) elementNS(a atom.Atom, ns, data string, push bool) bool {
	sc := b.sc
	n := b.node()
	n.Type, n.DataAtom, n.Namespace = html.ElementNode, a, ns
	switch {
	case data != "":
		n.Data = data
	case a != 0:
		n.Data = a.String()
	default:
		n.Data = b.span(sc.nm)
	}
	style := false
	if len(sc.attrs) > 0 {
		if cap(b.attrs)-len(b.attrs) < len(sc.attrs) {
			b.attrs = b.reuse.attrSlab(len(sc.attrs))
		}
		at := len(b.attrs)
		end := at + len(sc.attrs)
		b.attrs = b.attrs[:end]
		out := b.attrs[at:end:end]
		// The values lie in the tag's bytes: one search of those says whether any value
		// may hold a character reference, instead of one search per value.
		amp := bytes.IndexByte(b.src[sc.tg.i:sc.tg.j], '&') >= 0
		for i := range sc.attrs {
			x := &sc.attrs[i]
			// A name as written is a substring of the page; one lowercased is interned
			// when it is a known name.
			var key string
			if !x.key.low {
				key = b.s[x.key.i:x.key.j]
			} else if key = atom.Lookup(sc.bytes(x.key)).String(); key == "" {
				key = string(sc.bytes(x.key))
			}
			val := b.s[x.val.i:x.val.j]
			style = style || key == "style"
			if amp && strings.IndexByte(val, '&') >= 0 {
				if !attrUnescapeSafe(val) {
					return false
				}
				val = html.UnescapeString(val)
			}
			out[i] = html.Attribute{Key: key, Val: val}
		}
		n.Attr = out
		if ns == "svg" {
			adjustSVGAttrs(n.Attr)
		}
		if len(n.Attr) > 1 && isFormatting(a) && ns == "" && !keysSorted(n.Attr) {
			// The tree builder sorts a formatting element's attributes (to compare them
			// with the active ones').
			slices.SortFunc(n.Attr, func(x, y html.Attribute) int {
				return cmp.Or(strings.Compare(x.Key, y.Key), strings.Compare(x.Val, y.Val))
			})
		}
	}
	appendChild(b.top(), n)
	if push {
		b.push(n)
	}
	if ns == "" {
		b.elements++
		// (A <template> or <noscript> is not read, as in Document.walk.)
		if isListed(a) || style && a != atom.Template && a != atom.Noscript {
			b.listed = append(b.listed, n)
		}
	}
	return true
}

// appendChild is p.AppendChild(c) for a node c just made, in no tree yet: without the
// checks for one in a tree, which the two commonest steps (an element, a text) pay for
// at every node.
func appendChild(p, c *html.Node) {
	last := p.LastChild
	if last != nil {
		last.NextSibling = c
	} else {
		p.FirstChild = c
	}
	p.LastChild = c
	c.Parent, c.PrevSibling = p, last
}

// listedAtoms are the elements bodyBuilder lists whatever their attributes: those that
// may reference a resource, and <html> (its lang). Each is at its hash's place in
// listedTable, so that isListed is a multiplication and a look-up, not a switch of nine
// cases asked of every element. (TestListedAtoms holds the table to the list.)
var listedAtoms = []atom.Atom{atom.Base, atom.Meta, atom.Link, atom.Script, atom.Style, atom.Img, atom.Source, atom.Video, atom.Html}

var listedTable = func() (t [16]atom.Atom) { // (read only)
	for _, a := range listedAtoms {
		t[listedHash(a)] = a
	}
	return t
}()

func listedHash(a atom.Atom) uint32 { return uint32(a) * 39701 >> 28 }

// isListed reports whether a is one of listedAtoms (or 0, whose element is listed too:
// listing one more element than walk reads changes nothing, element reads it as walk would).
func isListed(a atom.Atom) bool { return listedTable[listedHash(a)] == a }

// adjustSVGAttrs gives an SVG element's attributes the names and namespaces the tree
// builder gives them.
func adjustSVGAttrs(attrs []html.Attribute) {
	for i := range attrs {
		at := &attrs[i]
		key := at.Key
		if k, ok := svgAttributeAdjustments[key]; ok {
			at.Key = k
		}
		switch key {
		case "xlink:actuate", "xlink:arcrole", "xlink:href", "xlink:role", "xlink:show",
			"xlink:title", "xlink:type", "xml:lang", "xml:space", "xmlns:xlink":
			j := strings.IndexByte(key, ':')
			at.Namespace, at.Key = key[:j], key[j+1:]
		}
	}
}

// keysSorted reports whether attributes of distinct keys (the scanner keeps the first of
// duplicates) are in their keys' order already, as they usually are (<a class href>).
func keysSorted(attrs []html.Attribute) bool {
	for i := 1; i < len(attrs); i++ {
		if attrs[i-1].Key >= attrs[i].Key {
			return false
		}
	}
	return true
}

// attrUnescapeSafe reports whether html.UnescapeString decodes attribute value v as the
// tokenizer does. In an attribute a named reference is decoded only when it is a name
// whole, and not at all when it lacks its semicolon and '=' follows; in text, a name's
// longest prefix that is a name is decoded ("&notit;" is "¬it;").
func attrUnescapeSafe(v string) bool {
	u := html.UnescapeString
	for i := 0; i < len(v); i++ {
		if v[i] != '&' || i+1 >= len(v) || !isAlnum(v[i+1]) {
			continue
		}
		j := i + 1
		for j < len(v) && isAlnum(v[j]) {
			j++
		}
		run := v[i:j] // '&' and the name
		if u(run) == run && (j >= len(v) || v[j] != ';' || u(run+";") == run+";") {
			continue // no reference either way
		}
		if j < len(v) && v[j] == ';' {
			if u(run+";") != u(run)+";" {
				continue // the name whole, with its semicolon
			}
			return false
		}
		if j < len(v) && v[j] == '=' {
			return false
		}
		if u(run) == u(run[:len(run)-1])+run[len(run)-1:] {
			return false // a prefix only
		}
	}
	return true
}

func isAlnum(c byte) bool { return isLetter(c) || c >= '0' && c <= '9' }

// isFormatting reports whether a is one of the formatting elements bodyBuilder keeps
// (nobr is not among them). (These sets are switches, not maps: they are asked at every
// tag, and a map lookup was a visible part of reading a body.)
func isFormatting(a atom.Atom) bool {
	switch a {
	case atom.A, atom.B, atom.Big, atom.Code, atom.Em, atom.Font, atom.I, atom.S, atom.Small,
		atom.Strike, atom.Strong, atom.Tt, atom.U:
		return true
	}
	return false
}

// closesPStart reports whether start tag a closes an open <p> and is otherwise plain.
func closesPStart(a atom.Atom) bool {
	switch a {
	case atom.Address, atom.Article, atom.Aside, atom.Blockquote, atom.Center, atom.Details,
		atom.Dialog, atom.Dir, atom.Div, atom.Dl, atom.Fieldset, atom.Figcaption, atom.Figure,
		atom.Footer, atom.Header, atom.Hgroup, atom.Main, atom.Menu, atom.Nav, atom.Ol, atom.P,
		atom.Search, atom.Section, atom.Summary, atom.Ul:
		return true
	}
	return false
}

// isUnsupported reports whether the tree builder treats start tag a in ways bodyBuilder
// does not reproduce.
func isUnsupported(a atom.Atom) bool {
	switch a {
	case atom.Html, atom.Body, atom.Frameset, atom.Plaintext, atom.Nobr, atom.Applet,
		atom.Marquee, atom.Object, atom.Image, atom.Textarea, atom.Select, atom.Option,
		atom.Optgroup, atom.Rb, atom.Rtc, atom.Rp, atom.Rt, atom.Math, atom.Caption, atom.Col,
		atom.Colgroup, atom.Frame, atom.Head, atom.Tbody, atom.Td, atom.Tfoot, atom.Th, atom.Thead,
		atom.Tr, atom.Template:
		return true
	}
	return false
}

// isSpecial reports whether HTML element a is in the "special" category of the tree
// builder.
func isSpecial(a atom.Atom) bool {
	switch a {
	case atom.Address, atom.Applet, atom.Area, atom.Article, atom.Aside, atom.Base,
		atom.Basefont, atom.Bgsound, atom.Blockquote, atom.Body, atom.Br, atom.Button, atom.Caption,
		atom.Center, atom.Col, atom.Colgroup, atom.Dd, atom.Details, atom.Dir, atom.Div, atom.Dl,
		atom.Dt, atom.Embed, atom.Fieldset, atom.Figcaption, atom.Figure, atom.Footer, atom.Form,
		atom.Frame, atom.Frameset, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Head,
		atom.Header, atom.Hgroup, atom.Hr, atom.Html, atom.Iframe, atom.Img, atom.Input,
		atom.Keygen, atom.Li, atom.Link, atom.Listing, atom.Main, atom.Marquee, atom.Menu,
		atom.Meta, atom.Nav, atom.Noembed, atom.Noframes, atom.Noscript, atom.Object, atom.Ol,
		atom.P, atom.Param, atom.Plaintext, atom.Pre, atom.Script, atom.Section, atom.Select,
		atom.Source, atom.Style, atom.Summary, atom.Table, atom.Tbody, atom.Td, atom.Template,
		atom.Textarea, atom.Tfoot, atom.Th, atom.Thead, atom.Title, atom.Tr, atom.Track, atom.Ul,
		atom.Wbr, atom.Xmp:
		return true
	}
	return false
}

func (b *bodyBuilder) start() bool {
	sc := b.sc
	a := b.tag
	if a == atom.Span && b.mode == inBody {
		// The commonest tag by far (four in ten on the Python docs), and the plainest:
		// the last case below, without asking the others.
		return b.element(a, true)
	}
	if isUnsupported(a) {
		return false
	}
	if sc.selfClosing && isRawText(sc.name()) {
		return false
	}
	if b.mode == afterBody || b.mode == afterAfterBody {
		b.mode = inBody
	}
	return b.startIn(a)
}

// startIn is start for a start tag of a supported element that is no raw text, in the
// body: its cases are of distinct elements, the commonest first.
func (b *bodyBuilder) startIn(a atom.Atom) bool {
	sc := b.sc
	switch {
	case a == atom.A:
		// An <a> in an open one ends it (the adoption agency): simple when it is the
		// current node.
		if b.top().DataAtom == atom.A {
			b.pop()
		} else if b.openA > 0 {
			return false
		}
		return b.element(a, true)
	case a == atom.Li || a == atom.Dd || a == atom.Dt:
		for i := len(b.oe) - 1; i >= 0; i-- {
			n := b.oe[i]
			if n.DataAtom == a || a != atom.Li && (n.DataAtom == atom.Dd || n.DataAtom == atom.Dt) {
				if !b.popTo(i) {
					return false
				}
				break
			}
			if n.DataAtom == atom.Address || n.DataAtom == atom.Div || n.DataAtom == atom.P || !isSpecial(n.DataAtom) {
				continue
			}
			break
		}
		if !b.closeP() {
			return false
		}
		return b.element(a, true)
	case a == atom.Table:
		if b.quirks || !b.closeP() || !b.element(a, true) {
			return false
		}
		b.mode = inTable
		return true
	case closesPStart(a), a == atom.Xmp, a == atom.Pre, a == atom.Listing:
		// (A <pre>'s or <listing>'s leading newline is dropped by text.)
		if !b.closeP() {
			return false
		}
		return b.element(a, true)
	case a == atom.Svg:
		return b.elementNS(a, "svg", "", !sc.selfClosing)
	case a == atom.Form:
		if b.form != nil {
			return true // ignored
		}
		if !b.closeP() || !b.element(a, true) {
			return false
		}
		b.form = b.top()
		return true
	case a == atom.Button:
		if i := b.inScope(atom.Button, false); i >= 0 {
			for isImpliedEnd(b.top().DataAtom) {
				b.pop()
			}
			if !b.popTo(i) {
				return false
			}
		}
		return b.element(a, true)
	case isHeading(a):
		if !b.closeP() {
			return false
		}
		if isHeading(b.top().DataAtom) {
			b.pop()
		}
		return b.element(a, true)
	case isFormatting(a):
		return b.element(a, true)
	case a == atom.Area || a == atom.Br || a == atom.Embed || a == atom.Img || a == atom.Keygen || a == atom.Wbr,
		a == atom.Input, a == atom.Param || a == atom.Source || a == atom.Track,
		a == atom.Base || a == atom.Basefont || a == atom.Bgsound || a == atom.Link || a == atom.Meta:
		return b.element(a, false)
	case a == atom.Hr:
		if i := b.inScope(atom.P, true); i >= 0 {
			for isImpliedEnd(b.top().DataAtom) && b.top().DataAtom != atom.P {
				b.pop()
			}
			if !b.popTo(b.inScope(atom.P, false)) {
				return false
			}
		}
		return b.element(a, false)
	}
	// Raw-text elements (script, style, title, iframe, noembed, noframes, noscript) and
	// all the others.
	return b.element(a, true)
}

func isHeading(a atom.Atom) bool {
	switch a {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return true
	}
	return false
}

func isImpliedEnd(a atom.Atom) bool {
	switch a {
	case atom.Dd, atom.Dt, atom.Li, atom.Optgroup, atom.Option, atom.P, atom.Rb, atom.Rp, atom.Rt, atom.Rtc:
		return true
	}
	return false
}

// inScope returns the index of the innermost open element a in scope (in button scope
// when button is set), or -1. Of the scopes' boundaries only <html>, <table>, <td>, <th>
// and <button> can be open: bodyBuilder opens no other.
func (b *bodyBuilder) inScope(a atom.Atom, button bool) int {
	for i := len(b.oe) - 1; i >= 0; i-- {
		d := b.oe[i].DataAtom
		if d == a {
			return i
		}
		if d == atom.Html || d == atom.Table || d == atom.Td || d == atom.Th || button && d == atom.Button {
			return -1
		}
	}
	return -1
}

// popTo closes the open elements from i up; false when a formatting element is among
// them but at i (it would stay active and be reconstructed).
func (b *bodyBuilder) popTo(i int) bool {
	if i < 0 {
		return true
	}
	for _, n := range b.oe[i+1:] {
		if isFormatting(n.DataAtom) {
			return false
		}
	}
	if isFormatting(b.oe[i].DataAtom) && i != len(b.oe)-1 {
		return false
	}
	b.cut(i)
	return true
}

// closeP closes an open <p> in button scope. It looks for one only when one is open:
// most of the start tags that close a <p> come where none is.
func (b *bodyBuilder) closeP() bool {
	if b.openP == 0 {
		return true
	}
	return b.popTo(b.inScope(atom.P, true))
}

func (b *bodyBuilder) end() bool {
	sc := b.sc
	a := b.tag
	if b.mode == inBody && b.top().DataAtom == a && endsPlainly(a) {
		// The usual end tag, that of the current node: every case below pops it then.
		b.pop()
		return true
	}
	if b.mode == afterBody || b.mode == afterAfterBody {
		if b.mode == afterBody && a == atom.Html {
			b.mode = afterAfterBody
			return true
		}
		return false
	}
	switch {
	case a == atom.Body:
		if b.inScope(atom.Body, false) < 0 {
			return false
		}
		b.mode = afterBody
	case a == atom.Html:
		if b.inScope(atom.Body, false) < 0 {
			return false
		}
		b.mode = afterAfterBody
	case a == atom.Form:
		node := b.form
		b.form = nil
		if i := b.inScope(atom.Form, false); node == nil || i < 0 || b.oe[i] != node {
			return true // ignored
		}
		for isImpliedEnd(b.top().DataAtom) {
			b.pop()
		}
		if b.top() != node {
			return false // removed from amid the open elements
		}
		b.pop()
	case closesPStart(a) && a != atom.P, a == atom.Listing, a == atom.Pre, a == atom.Button:
		i := b.inScope(a, false)
		if i < 0 {
			return true // ignored
		}
		for isImpliedEnd(b.top().DataAtom) {
			if isFormatting(b.top().DataAtom) {
				return false
			}
			b.pop()
		}
		return b.popTo(i)
	case a == atom.P:
		i := b.inScope(atom.P, true)
		if i < 0 {
			// The tree builder makes an empty <p> and closes it.
			n := b.node()
			n.Type, n.DataAtom, n.Data = html.ElementNode, atom.P, "p"
			b.elements++
			b.top().AppendChild(n)
			return true
		}
		return b.popTo(i)
	case a == atom.Li:
		i := -1
		for j := len(b.oe) - 1; j >= 0; j-- {
			d := b.oe[j].DataAtom
			if d == atom.Li {
				i = j
				break
			}
			if d == atom.Html || d == atom.Table || d == atom.Td || d == atom.Th || d == atom.Ol || d == atom.Ul {
				break
			}
		}
		return b.popTo(i)
	case a == atom.Dd || a == atom.Dt:
		return b.popTo(b.inScope(a, false))
	case isHeading(a):
		for i := len(b.oe) - 1; i >= 0; i-- {
			if isHeading(b.oe[i].DataAtom) {
				return b.popTo(i)
			}
			if d := b.oe[i].DataAtom; d == atom.Html || d == atom.Table || d == atom.Td || d == atom.Th {
				break
			}
		}
	case isFormatting(a):
		// The adoption agency is simple when the element is the current node or not open.
		for i := len(b.oe) - 1; i >= 0; i-- {
			if b.oe[i].DataAtom == a {
				if i != len(b.oe)-1 {
					return false
				}
				b.cut(i)
				return true
			}
		}
	case isUnsupported(a), a == atom.Br, a == atom.Nobr:
		return false
	default:
		for i := len(b.oe) - 1; i >= 0; i-- {
			n := b.oe[i]
			if n.DataAtom == a && (a != 0 || n.Data == string(sc.name())) {
				return b.popTo(i)
			}
			if isSpecial(n.DataAtom) {
				break
			}
		}
	}
	return true
}

// foreignStart is the start tag of an element in SVG (the current node's namespace).
func (b *bodyBuilder) foreignStart() bool {
	sc := b.sc
	if svgBreakout[string(sc.name())] || isRawText(sc.name()) {
		return false // back to HTML; or the tokenizer reads no raw text in SVG
	}
	a := b.tag
	if a == atom.Font {
		for _, at := range sc.attrs {
			switch string(sc.bytes(at.key)) {
			case "color", "face", "size":
				return false
			}
		}
	}
	data := ""
	if x := svgTagNameAdjustments[string(sc.name())]; x != "" {
		if x == "foreignObject" {
			return false // an HTML integration point
		}
		data, a = x, atom.Lookup([]byte(x))
	}
	switch string(sc.name()) {
	case "desc", "title":
		return false // HTML integration points
	}
	return b.elementNS(a, b.top().Namespace, data, !sc.selfClosing)
}

// foreignEnd is an end tag while an SVG element is the current node.
func (b *bodyBuilder) foreignEnd() bool {
	name := string(b.sc.name())
	for i := len(b.oe) - 1; i > 0; i-- {
		if strings.EqualFold(b.oe[i].Data, name) {
			b.cut(i)
			return true
		}
		if b.oe[i-1].Namespace == "" {
			break
		}
	}
	return false // processed as HTML
}

// startTag is a start tag in HTML content: the table modes' rules, then "in body"'s.
func (b *bodyBuilder) startTag() bool {
	sc := b.sc
	a := b.tag
	switch b.mode {
	case inBody, afterBody, afterAfterBody:
		return b.start()
	case inCell:
		switch a {
		case atom.Caption, atom.Col, atom.Colgroup, atom.Tbody, atom.Td, atom.Tfoot, atom.Th, atom.Thead, atom.Tr:
			i := b.inTableScope(atom.Td, atom.Th)
			if i < 0 {
				return true // ignored
			}
			b.closeCell(i)
			return b.startTag()
		}
		return b.start()
	case inRow:
		switch a {
		case atom.Td, atom.Th:
			b.clearTo(atom.Tr)
			if !b.element(a, true) {
				return false
			}
			b.mode = inCell
			return true
		case atom.Caption, atom.Col, atom.Colgroup, atom.Tbody, atom.Tfoot, atom.Thead, atom.Tr:
			if b.inTableScope(atom.Tr) < 0 {
				return true
			}
			b.clearTo(atom.Tr)
			b.pop()
			b.mode = inTableBody
			return b.startTag()
		}
	case inTableBody:
		switch a {
		case atom.Tr:
			b.clearTo(atom.Tbody, atom.Thead, atom.Tfoot)
			if !b.element(a, true) {
				return false
			}
			b.mode = inRow
			return true
		case atom.Td, atom.Th:
			b.clearTo(atom.Tbody, atom.Thead, atom.Tfoot)
			b.implied(atom.Tr)
			b.mode = inRow
			return b.startTag()
		case atom.Caption, atom.Col, atom.Colgroup, atom.Tbody, atom.Tfoot, atom.Thead:
			i := b.inTableScope(atom.Tbody, atom.Thead, atom.Tfoot)
			if i < 0 {
				return true
			}
			b.cut(i)
			b.mode = inTable
			return b.startTag()
		}
	case inColumnGroup:
		switch a {
		case atom.Col:
			return b.element(a, false)
		case atom.Html, atom.Template:
			return false
		}
		if b.top().DataAtom != atom.Colgroup {
			return true
		}
		b.pop()
		b.mode = inTable
		return b.startTag()
	}
	// "in table"
	switch a {
	case atom.Colgroup:
		b.clearTo()
		if !b.element(a, true) {
			return false
		}
		b.mode = inColumnGroup
		return true
	case atom.Col:
		b.clearTo()
		b.implied(atom.Colgroup)
		b.mode = inColumnGroup
		return b.startTag()
	case atom.Tbody, atom.Tfoot, atom.Thead:
		b.clearTo()
		if !b.element(a, true) {
			return false
		}
		b.mode = inTableBody
		return true
	case atom.Td, atom.Th, atom.Tr:
		b.clearTo()
		b.implied(atom.Tbody)
		b.mode = inTableBody
		return b.startTag()
	case atom.Style, atom.Script:
		return !sc.selfClosing && b.element(a, true)
	}
	return false // a caption, a table in a table, a form control, foster parenting
}

// endTag is an end tag in HTML content.
func (b *bodyBuilder) endTag() bool {
	if t := b.top().DataAtom; isRawTextAtom(t) || t == atom.Title {
		// The "text" mode: the scanner ends a raw text at its own end tag.
		b.pop()
		return true
	}
	a := b.tag
	switch b.mode {
	case inBody, afterBody, afterAfterBody:
		return b.end()
	case inCell:
		switch a {
		case atom.Td, atom.Th:
			if i := b.inTableScope(a); i >= 0 {
				b.closeCell(i)
			}
			return true
		case atom.Body, atom.Caption, atom.Col, atom.Colgroup, atom.Html:
			return true
		case atom.Table, atom.Tbody, atom.Tfoot, atom.Thead, atom.Tr:
			if b.inTableScope(a) < 0 {
				return true
			}
			if i := b.inTableScope(atom.Td, atom.Th); i >= 0 {
				b.closeCell(i)
			}
			b.mode = inRow
			return b.endTag()
		}
		return b.end()
	case inRow:
		switch a {
		case atom.Tr, atom.Table, atom.Tbody, atom.Tfoot, atom.Thead:
			if b.inTableScope(atom.Tr) < 0 || a != atom.Tr && a != atom.Table && b.inTableScope(a) < 0 {
				return true
			}
			b.clearTo(atom.Tr)
			b.pop()
			b.mode = inTableBody
			if a == atom.Tr {
				return true
			}
			return b.endTag()
		case atom.Body, atom.Caption, atom.Col, atom.Colgroup, atom.Html, atom.Td, atom.Th:
			return true
		}
	case inTableBody:
		switch a {
		case atom.Tbody, atom.Tfoot, atom.Thead:
			if b.inTableScope(a) >= 0 {
				b.clearTo(atom.Tbody, atom.Thead, atom.Tfoot)
				b.pop()
				b.mode = inTable
			}
			return true
		case atom.Table:
			i := b.inTableScope(atom.Tbody, atom.Thead, atom.Tfoot)
			if i < 0 {
				return true
			}
			b.cut(i)
			b.mode = inTable
			return b.endTag()
		case atom.Body, atom.Caption, atom.Col, atom.Colgroup, atom.Html, atom.Td, atom.Th, atom.Tr:
			return true
		}
	case inColumnGroup:
		switch a {
		case atom.Colgroup:
			if b.top().DataAtom == atom.Colgroup {
				b.pop()
				b.mode = inTable
			}
			return true
		case atom.Col:
			return true
		case atom.Template:
			return false
		}
		if b.top().DataAtom != atom.Colgroup {
			return true
		}
		b.pop()
		b.mode = inTable
		return b.endTag()
	}
	// "in table"
	switch a {
	case atom.Table:
		i := b.inTableScope(atom.Table)
		if i < 0 {
			return true
		}
		b.cut(i)
		return b.resetMode()
	case atom.Body, atom.Caption, atom.Col, atom.Colgroup, atom.Html, atom.Tbody, atom.Td, atom.Tfoot, atom.Th, atom.Thead, atom.Tr:
		return true
	}
	return false // foster parenting
}

// inTableScope returns the index of the innermost open element of one of the tags in
// table scope, or -1.
func (b *bodyBuilder) inTableScope(tags ...atom.Atom) int {
	for i := len(b.oe) - 1; i >= 0; i-- {
		n := b.oe[i]
		if n.Namespace == "" && slices.Contains(tags, n.DataAtom) {
			return i
		}
		if d := n.DataAtom; d == atom.Html || d == atom.Table || d == atom.Template {
			return -1
		}
	}
	return -1
}

// clearTo pops the open elements above the innermost of tags, or <table> when none is
// given ("clear the stack back to a table context").
func (b *bodyBuilder) clearTo(tags ...atom.Atom) {
	if len(tags) == 0 {
		tags = []atom.Atom{atom.Table}
	}
	for i := len(b.oe) - 1; i >= 0; i-- {
		d := b.oe[i].DataAtom
		if d == atom.Html || d == atom.Template || slices.Contains(tags, d) {
			b.cut(i + 1)
			return
		}
	}
}

// closeCell closes the cell open at i: the formatting elements opened in it are no
// longer active either (the list's marker).
func (b *bodyBuilder) closeCell(i int) {
	b.cut(i)
	b.mode = inRow
}

// implied opens an element the tree builder makes without a tag (a table's tbody).
func (b *bodyBuilder) implied(a atom.Atom) {
	b.elements++
	n := b.node()
	n.Type, n.DataAtom, n.Data = html.ElementNode, a, a.String()
	b.top().AppendChild(n)
	b.push(n)
}

// resetMode resets the insertion mode after a table is closed.
func (b *bodyBuilder) resetMode() bool {
	for i := len(b.oe) - 1; i >= 0; i-- {
		switch b.oe[i].DataAtom {
		case atom.Td, atom.Th:
			b.mode = inCell
		case atom.Tr:
			b.mode = inRow
		case atom.Tbody, atom.Thead, atom.Tfoot:
			b.mode = inTableBody
		case atom.Colgroup:
			b.mode = inColumnGroup
		case atom.Table:
			b.mode = inTable
		case atom.Body:
			b.mode = inBody
		case atom.Caption, atom.Html, atom.Template, atom.Head, atom.Frameset:
			return false
		default:
			continue
		}
		return true
	}
	return false
}
