// Long pages are read in two parts. The DOM that x/net/html builds (the HTML5 tree
// construction algorithm) is what the LCP heuristic and selector matching want, but on a
// 60 KB article most of its cost goes to text far below the first screen. So a page longer
// than splitMinBytes is cut at a safe element boundary once its body has shown cutText
// characters of text: the part before the cut is parsed into a DOM as usual, the rest is
// read with the tokenizer alone, tracking open elements with the few implied-end-tag rules
// that matter, into a flat list of events (element starts with their parent, and text)
// and a tree of its elements. References in the tail are found as in the DOM (they are
// mostly lazy images and end-of-body scripts); the tail's text feeds the font analysis.
//
// The tail's elements hang under the DOM's own elements open at the cut, as the children
// that follow the DOM's (PrevSibling links the first to the DOM's last child). The DOM's
// child lists do not know them: every walk of the first part stays in it. AttachTail
// links them in while selectors are matched, so that sibling combinators, :nth-child(),
// :last-child, :has() and :empty see the page's whole structure. A tail element keeps
// only the attributes the analysis reads (Drops tells what else it had) and, of its text,
// a mark that it has some (for :empty).
//
// A cut is made only where the tree builder has nothing to repair: no table, template,
// foreign content, form control or formatting element (b, em, a, ...) is open, and no
// formatting element was closed out of order before it (formattingIn). When no such
// point exists, the whole page is parsed into a DOM. ParseHTMLFull always does that,
// reading the page with the fast scanner where it builds the same DOM (exact.go), as the
// part before a cut is read.

package parse

import (
	"bytes"
	"iter"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// refsRoom is the room a Document's Refs are made with at once: a page's head has a
// dozen links and scripts, a long page's tail many images, and growing the slice of
// these large structs one doubling at a time was a tenth of reading a tail.
const refsRoom = 32

const (
	splitMinBytes = 24 << 10 // pages shorter than this are parsed whole
	cutText       = 2000     // characters of body text before the cut (see firstscreen.Result.NeedsTail)
)

// TailEvent is one event of a page's tail: an element start (Node set, with Parent set to
// the enclosing element) or a run of text (Text and Parent set).
type TailEvent struct {
	Node   *html.Node
	Text   []byte // may share the page source's bytes: read only
	Parent *html.Node
}

// tailEvents holds a tail's events and nodes. The events are kept in chunks that are
// never copied, as 12 bytes without a pointer: a 10 MB source view's tail has 560,000
// events, and kept as TailEvents in one slice (40 bytes, three pointers each), growing
// it copied them over and over, with the collector's write barriers, for half the time
// of reading the tail; the collector then scanned them all at each cycle. An event
// names its node by its place (node): the elements open at the cut, then the tail's
// own nodes, which come from slabs of slabRoom.
//
// The last chunk and slab are filled by index (used, nn), not by appending to them:
// storing a slice back, which holds a pointer, costs a write barrier's check.
type tailEvents struct {
	chunks [][]tailEvent // full but for the last, of which used are in use
	cur    []tailEvent   // the last chunk
	used   int
	chain  []*html.Node  // the elements open at the cut, outermost first
	nodes  [][]html.Node // the tail's nodes, slabs of slabRoom: the last's first nn
	slab   []html.Node   // the last slab
	nn     int
	src    []byte // the tail, which most text events point into
	text   []byte // text decoded of character references, which the others point into
	n      int
	mark   *html.Node // the text mark the tail's elements share (markText)
}

// tailEvent is a TailEvent as the tail keeps it: an element (size 0), or a run of text of
// size bytes at off in the tail's bytes, or in its decoded text when off has decoded set,
// in the element ref.
type tailEvent struct {
	ref, off, size uint32
}

const (
	decoded    = 1 << 31 // on tailEvent.off: the text is in tailEvents.text
	chunkRoom  = 4096    // events per chunk after the first (48 KB)
	slabRoom   = 128     // nodes per slab
	maxTailLen = decoded // tails are shorter: their offsets fit in tailEvent.off
)

// newNode returns a new node of the tail, and its ref.
func (t *tailEvents) newNode() (*html.Node, uint32) {
	if t.nn == len(t.slab) {
		t.slab = make([]html.Node, slabRoom)
		t.nodes = append(t.nodes, t.slab)
		t.nn = 0
	}
	i := t.nn
	t.nn++
	return &t.slab[i], uint32(len(t.chain) + (len(t.nodes)-1)*slabRoom + i)
}

// node returns the node of ref.
func (t *tailEvents) node(ref uint32) *html.Node {
	if int(ref) < len(t.chain) {
		return t.chain[ref]
	}
	i := int(ref) - len(t.chain)
	return &t.nodes[i/slabRoom][i%slabRoom]
}

// add appends e, starting a chunk when the last is full; the first is made for first
// events.
func (t *tailEvents) add(e tailEvent, first int) {
	if t.used == len(t.cur) {
		room := chunkRoom
		if t.chunks == nil {
			room = min(first, chunkRoom)
		}
		t.cur = make([]tailEvent, room)
		t.chunks = append(t.chunks, t.cur)
		t.used = 0
	}
	t.cur[t.used] = e
	t.used++
	t.n++
}

// event returns e as a TailEvent.
func (t *tailEvents) event(e *tailEvent) TailEvent {
	n := t.node(e.ref)
	if e.size == 0 {
		return TailEvent{Node: n, Parent: n.Parent}
	}
	if e.off&decoded != 0 {
		o := e.off &^ decoded
		return TailEvent{Text: t.text[o : o+e.size : o+e.size], Parent: n}
	}
	return TailEvent{Text: t.src[e.off : e.off+e.size : e.off+e.size], Parent: n}
}

// TailLen returns the number of events of the page's tail (none when it was read whole).
func (d *Document) TailLen() int { return d.tail.n }

// TailEvents yields the events of the page's tail in document order: each element
// after its parent, and each run of text that is not all white space with the element
// it is in.
func (d *Document) TailEvents() iter.Seq[TailEvent] {
	return func(yield func(TailEvent) bool) {
		t := &d.tail
		for k, c := range t.chunks {
			if k == len(t.chunks)-1 {
				c = c[:t.used]
			}
			for i := range c {
				if !yield(t.event(&c[i])) {
					return
				}
			}
		}
	}
}

// ParseHTMLFull parses the whole page into a DOM: the one html.Parse builds, read by the
// fast scanner where it can be (parseExact, exact.go).
func ParseHTMLFull(src []byte) (*Document, error) { return ParseHTMLFullIn(src, nil) }

// ParseHTMLFullIn is ParseHTMLFull with the DOM's nodes in nodes' memory (NodePool):
// the Document is used only until nodes is given back.
func ParseHTMLFullIn(src []byte, nodes *Nodes) (*Document, error) {
	if d, ok := parseExactDoc(src, nodes); ok {
		return d, nil
	}
	root, err := html.Parse(bytes.NewReader(src))
	if err != nil {
		return nil, err
	}
	d := &Document{Root: root, Refs: make([]Ref, 0, refsRoom)}
	d.walk(root, false, nil)
	return d, nil
}

// isContainer reports whether element a may be open at a cut; anything else open forbids
// one.
func isContainer(a atom.Atom) bool {
	switch a {
	case atom.Html, atom.Body, atom.Main, atom.Article, atom.Section, atom.Div, atom.Header,
		atom.Footer, atom.Aside, atom.Nav, atom.Blockquote, atom.Figure, atom.Details, atom.Ul,
		atom.Ol, atom.Li, atom.Dl, atom.Dd, atom.Dt, atom.Address, atom.Center, atom.Hgroup,
		atom.Search:
		return true
	}
	return false
}

// isCutStart reports whether a is a block element that may begin the tail.
func isCutStart(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.Section, atom.Article, atom.H1, atom.H2, atom.H3, atom.H4,
		atom.H5, atom.H6, atom.Figure, atom.Blockquote, atom.Pre, atom.Ul, atom.Ol, atom.Li,
		atom.Aside, atom.Footer, atom.Header, atom.Hr:
		return true
	}
	return false
}

// closesP reports whether a start tag closes an open <p>. (A switch: the tail asks for
// every element, and a map lookup was a visible part of reading it.)
func closesP(a atom.Atom) bool {
	switch a {
	case atom.Address, atom.Article, atom.Aside, atom.Blockquote, atom.Details,
		atom.Div, atom.Dl, atom.Fieldset, atom.Figcaption, atom.Figure,
		atom.Footer, atom.Form, atom.H1, atom.H2, atom.H3, atom.H4,
		atom.H5, atom.H6, atom.Header, atom.Hgroup, atom.Hr, atom.Main,
		atom.Menu, atom.Nav, atom.Ol, atom.P, atom.Pre, atom.Section,
		atom.Table, atom.Ul, atom.Li, atom.Dd, atom.Dt:
		return true
	}
	return false
}

// isVoid reports whether a is a void element (one with no end tag).
func isVoid(a atom.Atom) bool {
	switch a {
	case atom.Area, atom.Base, atom.Br, atom.Col, atom.Embed, atom.Hr, atom.Img, atom.Input,
		atom.Link, atom.Meta, atom.Source, atom.Track, atom.Wbr, atom.Param, atom.Keygen:
		return true
	}
	return false
}

// stack tracks open elements the simple way. The tail's also has each element's place
// among the tail's nodes (refs, tailEvents.node).
type stack struct {
	els  []*html.Node
	refs []uint32
}

// truncate pops the elements above the first i.
func (s *stack) truncate(i int) {
	s.els = s.els[:i]
	if s.refs != nil {
		s.refs = s.refs[:i]
	}
}

// honoursSelfClosing reports whether a start tag's self-closing flag closes element a
// opened on s: in foreign content (an <svg> or <math> open, or the tag itself, and no
// integration point of HTML between), as the tree builder reads it. On an HTML element
// the flag means nothing: <span/> opens a span.
func (s *stack) honoursSelfClosing(a atom.Atom) bool {
	if a == atom.Svg || a == atom.Math {
		return true
	}
	for i := len(s.els) - 1; i >= 0; i-- {
		switch s.els[i].DataAtom {
		case atom.Svg, atom.Math:
			return true
		case atom.Foreignobject, atom.ForeignObject, atom.Desc, atom.Title, atom.Mi, atom.Mo, atom.Mn, atom.Ms, atom.Mtext, atom.AnnotationXml:
			return false
		}
	}
	return false
}

func (s *stack) top() *html.Node {
	if len(s.els) == 0 {
		return nil
	}
	return s.els[len(s.els)-1]
}

func (s *stack) indexOf(a atom.Atom, name string, stopAtList bool) int {
	for i := len(s.els) - 1; i >= 0; i-- {
		n := s.els[i]
		if n.DataAtom == a && n.Data == name {
			return i
		}
		if stopAtList && (n.DataAtom == atom.Ul || n.DataAtom == atom.Ol) {
			return -1
		}
	}
	return -1
}

// start applies the implied end tags of a start tag, then pushes n (ref where the stack
// keeps refs) unless it is void.
func (s *stack) start(n *html.Node, ref uint32, selfClosing bool) {
	if closesP(n.DataAtom) {
		if i := s.indexOf(atom.P, "p", false); i >= 0 {
			s.truncate(i)
		}
	}
	switch n.DataAtom {
	case atom.Li:
		if i := s.indexOf(atom.Li, "li", true); i >= 0 {
			s.truncate(i)
		}
	case atom.Dd, atom.Dt:
		for i := len(s.els) - 1; i >= 0; i-- {
			if a := s.els[i].DataAtom; a == atom.Dd || a == atom.Dt {
				s.truncate(i)
				break
			} else if a == atom.Dl {
				break
			}
		}
	}
	if len(s.els) > 0 && n.Parent == nil {
		n.Parent = s.top()
	}
	if !isVoid(n.DataAtom) && !selfClosing {
		s.els = append(s.els, n)
		if s.refs != nil {
			s.refs = append(s.refs, ref)
		}
	}
}

// end pops up to and including the innermost open element of that name, if any.
func (s *stack) end(name []byte) *html.Node {
	for i := len(s.els) - 1; i >= 0; i-- {
		if s.els[i].Data == string(name) {
			n := s.els[i]
			s.truncate(i)
			return n
		}
	}
	return nil
}

// scannedElement makes a node of the scanner's current start tag, whose name is a,
// without its attributes (findCut reads only the names of the elements open), from the
// slab *slab.
func scannedElement(a atom.Atom, sc *scanner, slab *[]html.Node) *html.Node {
	if len(*slab) == cap(*slab) {
		*slab = make([]html.Node, 0, 64)
	}
	*slab = (*slab)[:len(*slab)+1]
	n := &(*slab)[len(*slab)-1]
	n.Type, n.DataAtom, n.Data = html.ElementNode, a, a.String()
	if a == 0 {
		n.Data = string(sc.name())
	}
	return n
}

// fillElement makes n the element of the scanner's current start tag, whose name is a.
// Only the attributes the analysis reads are kept (alt, title, aria-*, data-*, ... cost
// allocations and are never looked at), with interned names, cut from the slab *attrs;
// the names of the others are recorded (Drops).
func (d *Document) fillElement(n *html.Node, a atom.Atom, sc *scanner, attrs *[]html.Attribute, vals *values) {
	data := a.String() // a static string for known elements: no allocation
	if a == 0 {
		data = string(sc.name())
	}
	n.Type, n.Data, n.DataAtom = html.ElementNode, data, a
	if len(sc.attrs) == 0 {
		return
	}
	slab := *attrs
	if cap(slab)-len(slab) < len(sc.attrs) {
		slab = make([]html.Attribute, 0, max(64, len(sc.attrs)))
	}
	at := len(slab)
	for _, x := range sc.attrs {
		if key := tailAttr(sc.bytes(x.key)); key != "" {
			slab = append(slab, html.Attribute{Key: key, Val: vals.of(sc.bytes(x.val))})
		} else if k := sc.bytes(x.key); !d.dropped[string(k)] {
			if d.dropped == nil {
				d.dropped = map[string]bool{}
			}
			d.dropped[string(k)] = true
		}
	}
	switch len(slab) - at {
	case 0:
	case 1:
		a := slab[at]
		slab = slab[:at]
		n.Attr = vals.list(a, &slab)
	default:
		n.Attr = slab[at:len(slab):len(slab)]
	}
	*attrs = slab
}

// list returns the attribute list of an element whose one attribute kept is a: an
// element of one attribute (a <span class>) shares the list of the elements before it
// that had the same, as no one changes a tail's attributes. A list not shared is cut
// from the slab *attrs.
func (m *values) list(a html.Attribute, attrs *[]html.Attribute) []html.Attribute {
	if l, ok := m.lists[a]; ok {
		return l
	}
	slab := *attrs
	if len(slab) == cap(slab) {
		slab = make([]html.Attribute, 0, 64)
	}
	slab = append(slab, a)
	*attrs = slab
	l := slab[len(slab)-1 : len(slab) : len(slab)]
	if len(a.Val) <= maxInterned && len(m.lists) < maxValues {
		if m.lists == nil {
			m.lists = map[html.Attribute][]html.Attribute{}
		}
		m.lists[a] = l
	}
	return l
}

// classList returns the attribute list of a <span class=v> (v as written), from the
// last lists made for class values (classes) where v is one of them: a source view's
// <span>s have a dozen classes, and the maps of list and of were a fifth of reading its
// tail. Only values without character references are kept there, as written, which is
// also what they are decoded.
func (m *values) classList(v []byte, attrs *[]html.Attribute) []html.Attribute {
	h := len(v)
	if h > 0 {
		h += int(v[0])*3 + int(v[h-1])*5
	}
	c := &m.classes[h%len(m.classes)]
	if c.val == string(v) && c.list != nil {
		return c.list
	}
	l := m.list(html.Attribute{Key: "class", Val: m.of(v)}, attrs)
	if len(v) <= maxInterned && bytes.IndexByte(v, '&') < 0 {
		c.val, c.list = l[0].Val, l // (v as written: the key a value found is)
	}
	return l
}

// idList returns the attribute list of a <span id=v> (v without character references):
// ids are each their own, so neither the value nor the list is looked up to be shared;
// the value is cut from a block of ids written one after the other (ids), not made a
// string of its own (a source view's 55,000 line numbers).
func (m *values) idList(v []byte, attrs *[]html.Attribute) []html.Attribute {
	if m.ids.Cap()-m.ids.Len() < len(v) {
		m.ids = strings.Builder{} // the strings cut from the last block keep it
		m.ids.Grow(max(idsRoom, len(v)))
	}
	m.ids.Write(v)
	s := m.ids.String()
	slab := *attrs
	if len(slab) == cap(slab) {
		slab = make([]html.Attribute, 0, 64)
	}
	slab = append(slab, html.Attribute{Key: "id", Val: s[len(s)-len(v):]})
	*attrs = slab
	return slab[len(slab)-1 : len(slab) : len(slab)]
}

// idsRoom is the size of the blocks of values.ids.
const idsRoom = 4 << 10

// values interns a tail's short attribute values, and its lists of one attribute: a
// source view's 280,000 <span>s have a dozen classes, and a string made for each was
// most of the tail's allocations (and a list for each, 13 MB for the collector to scan).
type values struct {
	vals    map[string]string
	lists   map[html.Attribute][]html.Attribute
	classes [64]struct {
		val  string
		list []html.Attribute
	}
	ids strings.Builder // the last block of ids (idList)
}

const (
	maxInterned = 32   // bytes of a value worth interning
	maxValues   = 1024 // values interned per page
)

// of returns the decoded value v, interned when short.
func (m *values) of(v []byte) string {
	if len(v) > maxInterned || bytes.IndexByte(v, '&') >= 0 {
		return attrValue(v)
	}
	if s, ok := m.vals[string(v)]; ok {
		return s
	}
	s := string(v)
	if m.vals == nil {
		m.vals = map[string]string{}
	}
	if len(m.vals) < maxValues {
		m.vals[s] = s
	}
	return s
}

// findCut returns where the page may be cut and the elements open there, or -1. It reads
// with the scanner, whose tokens are x/net/html's (FuzzScanMatchesTokenizer) except in
// script data with comment-like escapes: a page with "<!--" in a script is not cut.
func findCut(src []byte) (int, []*html.Node) {
	sc := newScanner(src)
	var st stack
	var slab []html.Node
	text := 0
	inBody, blocked := false, 0
	for {
		start := sc.pos
		switch sc.next() {
		case tokEOF:
			return -1, nil
		case tokText:
			if t := st.top(); t != nil && t.DataAtom == atom.Script && bytes.Contains(sc.text(), []byte("<!--")) {
				return -1, nil
			}
			// (Past cutText, the text is not counted: only whether it is that much is
			// asked.)
			if inBody && blocked == 0 && text < cutText {
				text += len(bytes.TrimSpace(sc.text()))
			}
		case tokStart:
			a := tagAtom(sc.name())
			if a == atom.Body {
				inBody = true
			}
			if inBody && (text >= cutText || a == atom.Pre && longPre(src[sc.pos:])) && isCutStart(a) && !sc.selfClosing && blocked == 0 && safeToCut(st.els, a) {
				return start, openAfter(st.els, a)
			}
			switch a {
			case atom.Template, atom.Svg, atom.Math, atom.Table, atom.Select, atom.Textarea, atom.Frameset:
				if !sc.selfClosing {
					blocked++
				}
			}
			if blocked > 0 && a != atom.Template && a != atom.Svg && a != atom.Math && a != atom.Table && a != atom.Select && a != atom.Textarea {
				continue
			}
			if a == atom.Html || a == atom.Body || inBody || a == atom.Script {
				selfClosing := sc.selfClosing && !isRawText(sc.name()) && st.honoursSelfClosing(a)
				// An element whose start tag closes nothing and whose text and end tag
				// follow (<span id=n>n</span>) leaves the elements open as they were:
				// only its text counts.
				if a != 0 && blocked == 0 && !selfClosing && !isVoid(a) && !closesP(a) && a != atom.Li && a != atom.Dd && a != atom.Dt {
					if tx, ok := sc.textEnd(a.String()); ok {
						if inBody && text < cutText {
							text += len(bytes.TrimSpace(sc.src[tx.i:tx.j]))
						}
						continue
					}
				}
				if formattingIn(st.els[st.impliedEnd(a):]) {
					return -1, nil // no cut past this (formattingIn)
				}
				st.start(scannedElement(a, sc, &slab), 0, selfClosing)
				// An element whose text and end tag follow (<span class=n>x</span>) is
				// closed at once: its tokens' cases below, without reading them.
				if n := st.top(); blocked == 0 && !selfClosing && !isVoid(a) && n.DataAtom == a {
					if tx, ok := sc.textEnd(n.Data); ok {
						if inBody && text < cutText {
							text += len(bytes.TrimSpace(sc.src[tx.i:tx.j]))
						}
						st.truncate(len(st.els) - 1)
					}
				}
			}
		case tokEnd:
			switch tagAtom(sc.name()) {
			case atom.Template, atom.Svg, atom.Math, atom.Table, atom.Select, atom.Textarea, atom.Frameset:
				if blocked > 0 {
					blocked--
				}
			}
			if blocked == 0 {
				if i := st.lastNamed(sc.name()); i >= 0 && formattingIn(st.els[i+1:]) {
					return -1, nil // no cut past this (formattingIn)
				}
				st.end(sc.name())
			}
		}
	}
}

// longPreBytes is the length of a <pre> that a page is cut before even when less than
// cutText characters of text came before it (longPre).
const longPreBytes = 64 << 10

// longPre reports whether the <pre> whose start tag ends where rest begins runs to
// longPreBytes or more: its text alone is far more than cutText, and as no element in
// it may begin the tail, the cut would come after it, which leaves it in the part
// parsed into a DOM (a rustdoc source view's line numbers, 1.6 MB of <span id>s
// before the code). Cut before it, it is in the tail, which a source view's shows as a
// view of the whole page (parse.Document.AttachView) with the code.
func longPre(rest []byte) bool {
	if len(rest) < longPreBytes {
		return false
	}
	return bytes.Index(rest[:longPreBytes], []byte("</pre")) < 0
}

// HasLongPre reports whether src holds a <pre> (written in lower case) that runs to
// longPreBytes or more (longPre), as a source listing does: ParseHTML cuts a page before
// such a <pre> unless it cut it earlier, and its tail may then be shown as a view
// (tailview.go).
func HasLongPre(src []byte) bool {
	for i := 0; ; {
		j := bytes.Index(src[i:], []byte("<pre"))
		if j < 0 {
			return false
		}
		i += j + len("<pre")
		if i == len(src) || src[i] != '>' && !isSpaceByte(src[i]) && src[i] != '/' {
			continue // <prefix...>
		}
		k := bytes.IndexByte(src[i:], '>')
		if k < 0 {
			return false
		}
		i += k + 1
		if longPre(src[i:]) {
			return true
		}
	}
}

// formattingIn reports whether els, elements that a start or end tag closes other than
// the one it names, hold a formatting element: the tree builder keeps such an element
// in its list of active formatting elements and opens it again where text or an
// element comes next, which the tail's simple rules do not. No cut is made past that.
func formattingIn(els []*html.Node) bool {
	for _, n := range els {
		if formatting(n.DataAtom) {
			return true
		}
	}
	return false
}

// impliedEnd returns how many of s's elements stay open once a start tag of element a
// has closed those its implied end tags close (start).
func (s *stack) impliedEnd(a atom.Atom) int {
	k := len(s.els)
	if closesP(a) {
		if i := s.indexOf(atom.P, "p", false); i >= 0 {
			k = i
		}
	}
	switch a {
	case atom.Li:
		for i := k - 1; i >= 0; i-- {
			if n := s.els[i]; n.DataAtom == atom.Li && n.Data == "li" {
				return i
			} else if n.DataAtom == atom.Ul || n.DataAtom == atom.Ol {
				break
			}
		}
	case atom.Dd, atom.Dt:
		for i := k - 1; i >= 0; i-- {
			if d := s.els[i].DataAtom; d == atom.Dd || d == atom.Dt {
				return i
			} else if d == atom.Dl {
				break
			}
		}
	}
	return k
}

// lastNamed returns the index of the innermost open element of that name (end), -1
// for none.
func (s *stack) lastNamed(name []byte) int {
	for i := len(s.els) - 1; i >= 0; i-- {
		if s.els[i].Data == string(name) {
			return i
		}
	}
	return -1
}

// formatting reports whether a is a formatting element, which the tree builder opens
// again after closing it out of order.
func formatting(a atom.Atom) bool {
	switch a {
	case atom.A, atom.B, atom.Big, atom.Code, atom.Em, atom.Font, atom.I, atom.Nobr, atom.S,
		atom.Small, atom.Strike, atom.Strong, atom.Tt, atom.U:
		return true
	}
	return false
}

// safeToCut reports whether a block start tag may begin the tail: every element open
// (after the implied end of a <p> or <li>) must be a plain container.
func safeToCut(open []*html.Node, next atom.Atom) bool {
	els := openAfter(open, next)
	if len(els) < 2 || els[0].DataAtom != atom.Html || els[1].DataAtom != atom.Body {
		return false
	}
	for _, n := range els {
		if !isContainer(n.DataAtom) {
			return false
		}
	}
	return true
}

func openAfter(open []*html.Node, next atom.Atom) []*html.Node {
	s := stack{els: append([]*html.Node(nil), open...)}
	probe := &html.Node{Type: html.ElementNode, DataAtom: next, Data: next.String(), Parent: s.top()}
	s.start(probe, 0, false)
	return s.els[:len(s.els)-1]
}

// parseSplit parses the DOM part and reads the tail into events and refs; with kinds, the
// <span class>es of the preformatted elements of the tail's view as kinds
// (ParseHTMLKinds), unless the tail turns out to have no view: the page is then read
// again without.
func parseSplit(src []byte, kinds bool) (*Document, error) {
	cut, open := findCut(src)
	if cut < 0 || len(src)-cut >= maxTailLen {
		return ParseHTMLFull(src)
	}
	// The part is a page of its own: its DOM is the one html.Parse builds, read fast
	// where it can be (parseExact).
	root, ok := parseExact(src[:cut])
	if !ok {
		var err error
		if root, err = html.Parse(bytes.NewReader(src[:cut])); err != nil {
			return nil, err
		}
	}
	// The elements open at the cut are the DOM's own: the last element child at each
	// level. Should the tree builder have made anything else of the part (it does not
	// for the plain containers a cut allows), the page is parsed whole.
	chain := make([]*html.Node, 0, len(open))
	for n, i := root, 0; i < len(open); i++ {
		c := n.LastChild
		for c != nil && c.Type != html.ElementNode {
			c = c.PrevSibling
		}
		if c == nil || c.Data != open[i].Data || c.Namespace != "" {
			return ParseHTMLFull(src)
		}
		chain = append(chain, c)
		n = c
	}
	d := &Document{Root: root, Split: true, Refs: make([]Ref, 0, refsRoom)}
	d.view.collapse = kinds
	d.walk(root, false, nil)
	d.readTail(src[cut:], chain)
	if v := &d.view; len(v.found) > 0 && v.bad {
		return parseSplit(src, false)
	}
	return d, nil
}

// readTail reads the tail with the scanner (scan.go): tags, attributes and text are all the
// tail needs, and the scanner finds text runs with vectorised searches instead of a
// byte-at-a-time state machine. It never modifies src.
func (d *Document) readTail(src []byte, chain []*html.Node) {
	sc := newScanner(src)
	st := stack{els: append([]*html.Node(nil), chain...), refs: make([]uint32, len(chain))}
	d.joins = make([]tailJoin, len(chain))
	for i, n := range chain {
		d.joins[i].parent = n
		st.refs[i] = uint32(i)
	}
	d.tail.chain = chain
	d.view.cur = -1
	skip := 0 // inside template: not read
	// Nodes and their attributes come from slabs, and the first events from a chunk
	// sized for a text-heavy tail (one event per 150 bytes): allocating them one by one
	// was a tenth of a build's CPU (allocation and the collector's work), and zeroing a
	// chunk sized for the densest tails was a tenth of reading the others.
	var attrs []html.Attribute
	var vals values
	newNode := func() *html.Node {
		n, _ := d.tail.newNode()
		return n
	}
	d.tail.src = src
	first := len(src)/128 + 32
	for {
		// The commonest cases first, without reading tokens: in an element with kinds,
		// its spans and text (kindRun); a <span class> with its text and end tag
		// (classSpan), and a run of text up to a tag, which is read as next would read
		// it and recorded as in the case of text below.
		if v := &d.view; v.pre != nil && v.collapse && !v.bad && skip == 0 && sc.raw == "" {
			if kp := v.openKinds(st.top()); kp != nil {
				if d.kindRun(sc, &st, kp, newNode) || len(kp.nested) > 0 && d.nestedSpan(sc, &st, kp) {
					continue
				}
			}
		}
		if p := sc.pos; skip == 0 && sc.raw == "" && p < len(src) {
			if src[p] == '<' {
				if d.classSpan(sc, &st, &attrs, &vals, first, newNode) {
					continue
				}
			} else if top := st.top(); top != nil && top.DataAtom != atom.Script && top.DataAtom != atom.Style {
				if k := indexByteShort(src[p:], '<'); k > 0 && p+k+1 < len(src) {
					if c := src[p+k+1]; isLetter(c) || c == '/' {
						sc.pos = p + k
						d.tailText(top, st.refs[len(st.refs)-1], p, src[p:p+k], &st, first, newNode)
						continue
					}
				}
			}
		}
		tagAt := sc.pos
		switch sc.next() {
		case tokEOF:
			d.view.done()
			return
		case tokStart:
			a := tagAtom(sc.name())
			// The self-closing flag means nothing on a raw-text element (its text and end
			// tag follow), nor on any element outside foreign content.
			selfClosing := sc.selfClosing && !isRawText(sc.name()) && st.honoursSelfClosing(a)
			if skip > 0 {
				if a == atom.Template && !selfClosing {
					skip++
				}
				continue
			}
			if a == atom.Template {
				if !selfClosing {
					skip = 1
				}
				d.view.bad = true
				continue
			}
			n, ref := d.tail.newNode()
			d.fillElement(n, a, sc, &attrs, &vals)
			st.start(n, ref, selfClosing)
			d.appendTail(n, &st, newNode)
			if v := &d.view; !v.bad {
				v.start(n, &st, len(chain), src[sc.pos:])
				if v.collapse && v.pre != nil && !v.bad && len(v.open) > 0 && st.top() == n {
					v.nestStart(n, src[tagAt:sc.pos])
				}
			}
			d.tail.add(tailEvent{ref: ref}, first)
			if n.DataAtom != atom.Script && n.DataAtom != atom.Style || selfClosing {
				d.element(n, false, enclosingPicture(n))
			}
			// An element whose text and end tag follow is closed at once: the cases of
			// its text and end tag below, without reading them as tokens.
			if st.top() == n {
				if tx, ok := sc.textEnd(n.Data); ok {
					if tx.j > tx.i {
						d.tailText(n, ref, tx.i, src[tx.i:tx.j], &st, first, newNode)
					}
					st.truncate(len(st.els) - 1)
					if !d.view.bad {
						d.view.end(n, 1)
					}
				}
			}
		case tokEnd:
			if skip > 0 {
				if string(sc.name()) == "template" {
					skip--
				}
				continue
			}
			open := len(st.els)
			n := st.end(sc.name())
			if !d.view.bad {
				d.view.end(n, open-len(st.els))
			}
			if n != nil && (n.DataAtom == atom.Script || n.DataAtom == atom.Style) {
				d.element(n, false, enclosingPicture(n))
			}
		case tokText:
			top := st.top()
			if skip > 0 {
				continue
			}
			data := sc.text()
			if top == nil {
				if !d.view.bad {
					d.view.text(data) // after </html>: the tree builder's <body> has it
				}
				continue
			}
			switch top.DataAtom {
			case atom.Script, atom.Style:
				top.AppendChild(&html.Node{Type: html.TextNode, Data: string(data)})
				continue
			}
			d.tailText(top, st.refs[len(st.refs)-1], sc.tx.i, data, &st, first, newNode)
		}
	}
}

// tailText records the text data, at off in the tail, of element top (ref), unless it
// is all white space: its event, and its mark (markText).
func (d *Document) tailText(top *html.Node, ref uint32, off int, data []byte, st *stack, first int, newNode func() *html.Node) {
	if !hasText(data) {
		if !d.view.bad {
			d.view.space(data) // (white space has no character reference)
		}
		return
	}
	// The text is kept where it is in the page (no copy per run), or decoded when it has
	// character references.
	ev := tailEvent{ref: ref, off: uint32(off), size: uint32(len(data))}
	text, marked := data, true // the text decoded, and whether it is not all white space
	if bytes.IndexByte(data, '&') >= 0 {
		ev.off = uint32(len(d.tail.text)) | decoded
		d.tail.text = appendDecoded(d.tail.text, data)
		text = d.tail.text[ev.off&^decoded:]
		ev.size = uint32(len(text))
		marked = hasText(text)
	}
	if !d.view.bad {
		d.view.text(text)
	}
	if ev.size == 0 {
		return // no character to tell of (size 0 is an element's)
	}
	if marked {
		d.markText(top, st, newNode)
	}
	if kp := d.view.openKinds(top); kp != nil {
		// Text of an element with kinds: its characters are kept with them, without
		// an event (KindParent.OwnText).
		kp.own.add(text)
		return
	}
	d.view.looseText(text)
	switch top.DataAtom {
	case atom.Title, atom.Textarea, atom.Noscript, atom.Noembed, atom.Noframes, atom.Xmp, atom.Iframe:
		return
	}
	d.tail.add(ev, first)
}

// classSpan reads <span class="v">text</span> or <span id="v">text</span> when it comes
// next (at a '<', outside raw text: readTail asks; the text without '<', the end tag right
// after it), and reports whether it did: a source view's tail is 220,000 of the first
// (its code) and 55,000 of the second (its line numbers), and reading them as tokens
// (three, each through the scanner, the stack and their case here) was most of its
// cost. What it makes is what the tokens make: the element (not pushed, as its end is
// read, so appendTail and markText see its parent on top of the stack, as for a void
// element), its event, and its text's.
func (d *Document) classSpan(sc *scanner, st *stack, attrs *[]html.Attribute, vals *values, first int, newNode func() *html.Node) bool {
	src, p := sc.src, sc.pos
	if len(src)-p < len(`<span id="">`) || src[p+1] != 's' || len(st.els) == 0 {
		return false
	}
	var v int
	id := false
	switch b := src[p:]; {
	case len(b) >= len(`<span class="">`) && le64(b) == le64s("<span cl") && le64(b[5:]) == le64s(` class="`):
		v = p + len(`<span class="`)
	case le64(b) == le64s("<span id") && b[8] == '=' && b[9] == '"':
		v = p + len(`<span id="`)
		id = true
	default:
		return false
	}
	// The class's end and the text's, most often in the next eight bytes: those are
	// looked at at once, in a register, without a call (indexByteNear).
	q := 8
	if len(src)-v >= 8 {
		q = indexByte8(le64(src[v:]), '"')
	}
	if q == 8 {
		q = indexByteNear(src, v, '"')
	}
	if q < 0 || v+q+1 >= len(src) || src[v+q+1] != '>' {
		return false
	}
	val := src[v : v+q]
	if id && bytes.IndexByte(val, '&') >= 0 {
		return false // (decoded by the tokens' case)
	}
	t := v + q + 2 // the text
	k := spanText(src, t)
	if k < 0 {
		return false
	}
	text := src[t : t+k]
	if d.view.collapse {
		if kp, i, ok := d.view.kindOf(st.top(), st.refs[len(st.refs)-1], val, id); ok {
			d.kindSpan(kp, i, st, attrs, vals, val, id, text, first, newNode)
			sc.pos = t + k + len("</span>")
			return true
		}
	}
	n, ref := d.tail.newNode()
	n.Type, n.Data, n.DataAtom = html.ElementNode, "span", atom.Span
	if id {
		n.Attr = vals.idList(val, attrs)
	} else {
		n.Attr = vals.classList(val, attrs)
	}
	n.Parent = st.top()
	d.appendTail(n, st, newNode)
	d.tail.add(tailEvent{ref: ref}, first)
	hasRef := bytes.IndexByte(text, '&') >= 0
	if !d.view.bad {
		d.view.span(n, st, len(d.tail.chain), text, hasRef)
	}
	if hasRef {
		d.tailText(n, ref, t, text, st, first, newNode)
	} else if hasText(text) {
		// tailText's case of text of a new element, with no character reference: its
		// event, and the shared mark as its only child (markText).
		d.sharedMark(n)
		d.tail.add(tailEvent{ref: ref, off: uint32(t), size: uint32(k)}, first)
	}
	sc.pos = t + k + len("</span>")
	return true
}

// kindRun reads, from sc.pos, what comes in kp's Node, an element with kinds on top of
// the stack, while it is of the two forms a source view's code is made of: a <span
// class="v">text</span> or <span id="v">text</span> of one of its kinds, found in its
// slot (kindOf), and a run of text, with no character reference but the five
// appendUnescaped decodes. It reports
// whether it read any. What it makes of them is what classSpan and kindSpan make of
// the first, tailText of the second (FuzzTailView, FuzzTailMatchesWhole), without
// their calls and the checks of what is known here, once for each.
func (d *Document) kindRun(sc *scanner, st *stack, kp *KindParent, newNode func() *html.Node) bool {
	v := &d.view
	src, start := sc.src, sc.pos
	top := kp.Node
	p := start
	for p < len(src) && !v.bad {
		if src[p] != '<' {
			// Text up to a tag (readTail's case of text): the element's own.
			k := indexByteShort(src[p:], '<')
			if k <= 0 || p+k+1 >= len(src) {
				break
			}
			if c := src[p+k+1]; !isLetter(c) && c != '/' {
				break
			}
			data := src[p : p+k]
			if !hasText(data) {
				// (No character reference; white space begins a character.)
				if v.first {
					v.space(data)
				} else {
					v.buf.Write(data) // (tailView.space's common case)
				}
			} else if kp.own.addRaw(data) {
				v.text(data)
				d.markText(top, st, newNode)
			} else {
				// With character references (tailText's case): decoded, it has no
				// event to be kept for.
				dec, ok := appendUnescaped(v.scratch[:0], data)
				if v.scratch = dec; !ok {
					break
				}
				kp.own.add(dec)
				v.text(dec)
				if hasText(dec) {
					d.markText(top, st, newNode)
				}
			}
			p += k
			continue
		}
		b := src[p:]
		at := 0 // where the value is
		id := false
		switch {
		case len(b) >= 16 && le64(b) == le64s("<span cl") && le64(b[5:]) == le64s(` class="`):
			at = p + len(`<span class="`)
		case len(b) >= 16 && le64(b) == le64s("<span id") && b[8] == '=' && b[9] == '"':
			at, id = p+len(`<span id="`), true
		}
		if at == 0 {
			break
		}
		q := indexByte8(le64(src[at:]), '"')
		if q == 8 {
			q = indexByteNear(src, at, '"')
		}
		if q < 0 || at+q+1 >= len(src) || src[at+q+1] != '>' {
			break
		}
		val := src[at : at+q]
		t := at + q + 2 // the text
		k := spanText(src, t)
		if k < 0 {
			break
		}
		text := src[t : t+k]
		slot := kp.slots[0]
		if !id {
			slot = kp.slots[1+classSlot(val)]
		}
		if slot == 0 {
			break // (kindOf finds it, or makes it)
		}
		kd := &kp.kinds[slot-1]
		if kd.id != id || !id && !kd.is(val) || id && bytes.IndexByte(val, '&') >= 0 {
			break
		}
		if !kd.addRaw(text) {
			// With character references (kindSpan's case).
			dec, ok := appendUnescaped(v.scratch[:0], text)
			if v.scratch = dec; !ok {
				break
			}
			text = dec
			kd.add(text)
		}
		if id {
			kd.ids = append(append(kd.ids, val...), '"')
		}
		v.first = false
		if n := len(text); n > 0 && text[0]-'!' < utf8.RuneSelf-'!' && text[n-1]-'!' < utf8.RuneSelf-'!' {
			v.buf.Write(text) // (tailView.text's common case)
			v.pre.chars += len(text)
		} else {
			v.text(text)
		}
		if kd.n.FirstChild == nil && hasText(text) {
			d.sharedMark(kd.n) // its mark (markText): the shared one, as it has no child
		}
		p = t + k + len("</span>")
	}
	sc.pos = p
	return p > start
}

// nestedSpan reads, at sc.pos, the start tag of a <span class="v"> under kp's Node, an
// element with kinds on top of the stack, as the first of its class that held elements
// (nestedKind), when it holds only text and <span class>es of that one's kinds, up to
// its </span>: that one is pushed again, with its kinds open, and what the span holds
// is read into them (kindRun), without an element or event of its own. It reports
// whether it did.
func (d *Document) nestedSpan(sc *scanner, st *stack, kp *KindParent) bool {
	src, p := sc.src, sc.pos
	const open = `<span class="`
	if len(src)-p < 16 || le64(src[p:]) != le64s("<span cl") || le64(src[p+5:]) != le64s(` class="`) {
		return false
	}
	at := p + len(open)
	q := bytes.IndexByte(src[at:], '"')
	if q < 0 || at+q+1 >= len(src) || src[at+q+1] != '>' {
		return false
	}
	class := src[at : at+q]
	var held [8][]byte
	classes, ok := plainIn(src, at+q+2, held[:0])
	if !ok {
		return false
	}
	var nk *nestedKind
	for i := range kp.nested {
		if c := &kp.nested[i]; c.kp != nil && c.class == string(class) && c.kp.hasKinds(classes) {
			nk = c
			break
		}
	}
	if nk == nil {
		return false
	}
	st.els = append(st.els, nk.n)
	st.refs = append(st.refs, nk.kp.ref)
	d.view.open = append(d.view.open, nk.kp)
	d.view.first = false
	sc.pos = at + q + 2
	return true
}

// plainIn reports whether src from p holds only text (no '<') and <span
// class="v">text</span>s up to a </span>, of len(classes) classes at most, which it
// appends to classes.
func plainIn(src []byte, p int, classes [][]byte) ([][]byte, bool) {
	const open = `<span class="`
	for {
		k := bytes.IndexByte(src[p:], '<')
		if k < 0 {
			return nil, false
		}
		p += k
		b := src[p:]
		if bytes.HasPrefix(b, []byte("</span>")) {
			return classes, true
		}
		if !bytes.HasPrefix(b, []byte(open)) {
			return nil, false
		}
		at := p + len(open)
		q := bytes.IndexByte(src[at:], '"')
		if q < 0 || at+q+1 >= len(src) || src[at+q+1] != '>' {
			return nil, false
		}
		class := src[at : at+q]
		if !slices.ContainsFunc(classes, func(c []byte) bool { return bytes.Equal(c, class) }) {
			if len(classes) == cap(classes) {
				return nil, false
			}
			classes = append(classes, class)
		}
		t := at + q + 2
		e := bytes.IndexByte(src[t:], '<')
		if e < 0 || !bytes.HasPrefix(src[t+e:], []byte("</span>")) {
			return nil, false
		}
		p = t + e + len("</span>")
	}
}

// hasKinds reports whether each of classes is the class of one of kp's kinds.
func (kp *KindParent) hasKinds(classes [][]byte) bool {
	for _, c := range classes {
		found := false
		for i := range kp.kinds {
			if k := &kp.kinds[i]; !k.id && k.class == string(c) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// indexByteNear is indexByteShort(src[i:], c), for what is most often in the first
// eight bytes: classSpan looks at those itself first, and calls this when c is not among
// them, or fewer are left.
func indexByteNear(src []byte, i int, c byte) int {
	if len(src)-i < 8 {
		return indexByteShort(src[i:], c)
	}
	if k := indexByte8(le64(src[i:]), c); k < 8 {
		return k
	}
	if k := indexByteShort(src[i+8:], c); k >= 0 {
		return k + 8
	}
	return -1
}

// spanText returns the length of the text at t of src, up to the next '<', when "</span>"
// follows it, else -1. A span that ends the page is left to the tokens' cases.
func spanText(src []byte, t int) int {
	k := 8
	if len(src)-t >= 8 {
		k = indexByte8(le64(src[t:]), '<')
	}
	if k == 8 {
		k = indexByteNear(src, t, '<')
	}
	if e := t + k; k < 0 || len(src)-e < 8 || le64(src[e:])&(1<<56-1) != le64s("</span>\x00") {
		return -1
	}
	return k
}

// sharedMark makes the tail's one shared text mark (markText) the only child of n, which
// has none: an element whose text is its only content needs no mark of its own.
func (d *Document) sharedMark(n *html.Node) {
	if d.tail.mark == nil {
		d.tail.mark = &html.Node{Type: html.TextNode, Data: textMark}
	}
	n.FirstChild, n.LastChild = d.tail.mark, d.tail.mark
}

// kindSpan reads a <span class="val">text</span> of a preformatted element of the view,
// or a <span id="val"> (id), as one of its kind (ParseHTMLKinds), the kind at i of kp's
// (tailView.kindOf):
// the first of a kind is made the element that stands for them all, as classSpan makes
// one, without the event of its text; the text of each goes to the view and to its
// kind's characters.
func (d *Document) kindSpan(kp *KindParent, i int, st *stack, attrs *[]html.Attribute, vals *values, val []byte, id bool, text []byte, first int, newNode func() *html.Node) {
	v := &d.view
	if i == len(kp.kinds) {
		n, ref := d.tail.newNode()
		n.Type, n.Data, n.DataAtom = html.ElementNode, "span", atom.Span
		if id {
			n.Attr = vals.idList(val, attrs)
		} else {
			n.Attr = vals.classList(val, attrs)
		}
		n.Parent = st.top()
		d.appendTail(n, st, newNode)
		d.tail.add(tailEvent{ref: ref}, first)
		if kp.kinds == nil {
			// Room for a few, cut from a slab: most elements with kinds are a source
			// view's #[...] attribute spans, of one to three kinds each, and growing
			// each one's slice was a tenth of the time of reading the tail.
			if cap(v.kindSlab)-len(v.kindSlab) < kindsRoom {
				v.kindSlab = make([]viewKind, 0, 64*kindsRoom)
			}
			at := len(v.kindSlab)
			v.kindSlab = v.kindSlab[:at+kindsRoom]
			kp.kinds = v.kindSlab[at : at : at+kindsRoom]
		}
		kp.kinds = append(kp.kinds, viewKind{n: n, id: id})
		if !id {
			kp.kinds[i].class = n.Attr[0].Val
			kp.kinds[i].key = classKey(n.Attr[0].Val)
		}
	}
	k := &kp.kinds[i]
	if id {
		k.ids = append(append(k.ids, val...), '"')
	}
	if bytes.IndexByte(text, '&') >= 0 {
		v.scratch = appendDecoded(v.scratch[:0], text)
		text = v.scratch
	}
	v.first = false
	v.text(text)
	k.add(text)
	if k.n.FirstChild == nil && hasText(text) {
		d.sharedMark(k.n) // its mark (markText): the shared one, as it has no child
	}
}

// hasText reports whether b has a character that is not white space: whether
// bytes.TrimSpace(b) is not empty, without trimming both ends (most runs of a tail's
// text are a word or two). The Unicode spaces are left to bytes.TrimSpace.
func hasText(b []byte) bool {
	for i, c := range b {
		switch {
		case c >= utf8.RuneSelf:
			return len(bytes.TrimSpace(b[i:])) > 0
		case c != ' ' && (c < '\t' || c > '\r'):
			return true
		}
	}
	return false
}

// tailJoin is where the tail's elements hang under an element open at the cut: the
// first and last of its children that the tail holds.
type tailJoin struct {
	parent, first, last *html.Node
}

// appendTail links n, just started (st.start), as the last child of its parent. Under an
// element open at the cut it joins the tail's children of that element (tailJoin), whose
// first one follows the DOM's last child (PrevSibling) without the DOM's child list
// knowing it until AttachTail. After the shared text mark (markText), the parent first
// gets a mark of its own from newNode.
func (d *Document) appendTail(n *html.Node, st *stack, newNode func() *html.Node) {
	p := n.Parent
	if p == nil {
		return
	}
	// The parent is below n on the stack, or on top when n is void.
	i := len(st.els) - 1
	if i >= 0 && st.els[i] == n {
		i--
	}
	if i >= 0 && i < len(d.joins) && d.joins[i].parent == p {
		j := &d.joins[i]
		if j.last == nil {
			n.PrevSibling = p.LastChild
			j.first = n
		} else {
			n.PrevSibling, j.last.NextSibling = j.last, n
		}
		j.last = n
		return
	}
	if l := p.LastChild; l != nil {
		if l == d.tail.mark {
			l = newNode()
			l.Type, l.Data, l.Parent = html.TextNode, textMark, p
			p.FirstChild = l
		}
		n.PrevSibling, l.NextSibling = l, n
	} else {
		p.FirstChild = n
	}
	p.LastChild = n
}

// textMark is the content of the text nodes that mark a tail element's text (markText).
const textMark = "\u2026"

// markText records that element top has text that is not white space, for the
// selectors that ask (:empty): the tail keeps its text in events, and an element of the
// tail gets one text node of no content but a mark, its first child. No selector asks
// where among the elements an element's text is, and a source view's <code> has text
// between most of its 200,000 <span>s: a mark for each run was half of the tail's nodes.
// An element of the tail with no child yet gets the tail's one shared mark as its only
// child, a node that is no element's own (its Parent and siblings are nil): most
// elements of a long tail hold text alone (a source view's 280,000 <span>s). A child
// that follows makes the element a mark of its own (appendTail). An element open at the
// cut gets a mark after its last child, as a DOM's text would be, unless that is text.
func (d *Document) markText(top *html.Node, st *stack, newNode func() *html.Node) {
	// An element open at the cut is where it was on the stack (the tail pushes only its
	// own elements above them).
	if i := len(st.els) - 1; i < len(d.joins) && d.joins[i].parent == top {
		last := top.LastChild
		if d.joins[i].last != nil {
			last = d.joins[i].last
		}
		if last != nil && last.Type == html.TextNode && last.Parent == top {
			return
		}
		t := newNode()
		t.Type, t.Data, t.Parent = html.TextNode, textMark, top
		d.appendTail(t, st, newNode) // top is on top of the stack
		return
	}
	f := top.FirstChild
	switch {
	case f == nil:
		d.sharedMark(top)
	case f.Type != html.TextNode:
		t := newNode()
		t.Type, t.Data, t.Parent = html.TextNode, textMark, top
		t.NextSibling, f.PrevSibling, top.FirstChild = f, t, t
	}
}

// AttachTail makes the tail's elements the children they are of the elements open at
// the cut, so that selectors see a split page's whole structure (siblings, :last-child,
// :empty, :has()): after the DOM's own children of each such element come the tail's.
// Every other walk of the DOM wants the first part only: detach undoes it. Either
// leaves the DOM as it says whatever was attached before (AttachView included).
func (d *Document) AttachTail() (detach func()) {
	type saved struct{ p, last *html.Node }
	var undo []saved
	d.view.realKids()
	for _, j := range d.joins {
		if j.first == nil {
			continue
		}
		p := j.parent
		// The DOM's own last child, which the tail's first follows.
		last := j.first.PrevSibling
		undo = append(undo, saved{p, last})
		if last != nil {
			last.NextSibling = j.first
		} else {
			p.FirstChild = j.first
		}
		p.LastChild = j.last
	}
	return func() {
		for _, s := range undo {
			s.p.LastChild = s.last
			if s.last != nil {
				s.last.NextSibling = nil
			} else {
				s.p.FirstChild = nil
			}
		}
	}
}

// TailStart returns the first of n's children that the tail holds, nil when n was not
// open at the cut or the tail gives it none: a walk of the first part stops there while
// the tail is attached (AttachTail).
func (d *Document) TailStart(n *html.Node) *html.Node {
	for i := range d.joins {
		if d.joins[i].parent == n {
			return d.joins[i].first
		}
	}
	return nil
}

// OpenAtCut returns the elements open at the cut, outermost (<html>) first: the tail's
// first parents.
func (d *Document) OpenAtCut() []*html.Node {
	open := make([]*html.Node, len(d.joins))
	for i, j := range d.joins {
		open[i] = j.parent
	}
	return open
}

// Drops reports whether an element of the page's tail had an attribute whose name has
// the property of: the tail keeps only some (TailKeeps).
func (d *Document) Drops(of func(name string) bool) bool {
	for name := range d.dropped {
		if of(name) {
			return true
		}
	}
	return false
}

// tailAttr returns the interned name of an attribute read from a tail element, "" for
// the others: those Document.element and the cascade look at, and open (details[open]).
// A selector that reads another that the tail had (Drops) makes the analysis parse the
// whole page, see graph. (A switch: it is asked for every attribute of the tail.)
func tailAttr(key []byte) string {
	switch string(key) {
	case "id":
		return "id"
	case "class":
		return "class"
	case "hidden":
		return "hidden"
	case "style":
		return "style"
	case "src":
		return "src"
	case "srcset":
		return "srcset"
	case "sizes":
		return "sizes"
	case "href":
		return "href"
	case "rel":
		return "rel"
	case "as":
		return "as"
	case "media":
		return "media"
	case "type":
		return "type"
	case "crossorigin":
		return "crossorigin"
	case "integrity":
		return "integrity"
	case "nonce":
		return "nonce"
	case "async":
		return "async"
	case "defer":
		return "defer"
	case "nomodule":
		return "nomodule"
	case "loading":
		return "loading"
	case "fetchpriority":
		return "fetchpriority"
	case "width":
		return "width"
	case "height":
		return "height"
	case "poster":
		return "poster"
	case "imagesrcset":
		return "imagesrcset"
	case "imagesizes":
		return "imagesizes"
	case "content":
		return "content"
	case "http-equiv":
		return "http-equiv"
	case "lang":
		return "lang"
	case "name":
		return "name"
	case "charset":
		return "charset"
	case "blocking":
		return "blocking"
	case "disabled":
		return "disabled"
	case "onload":
		return "onload"
	case "open":
		return "open"
	}
	return ""
}

// TailKeeps reports whether the elements of a page's tail keep the attribute of that
// name (Drops tells which others a page's tail had).
func TailKeeps(name string) bool { return tailAttr([]byte(name)) != "" }

// appendUnescaped appends text b decoded of its character references to dst, when they
// are all of the five a highlighted source is full of (&amp; &lt; &gt; &quot; &#39;),
// and reports whether they were: what html.UnescapeString makes of b, without copying b
// to a string and back. Otherwise what it appended is to be dropped.
func appendUnescaped(dst, b []byte) ([]byte, bool) {
	for {
		i := bytes.IndexByte(b, '&')
		if i < 0 {
			return append(dst, b...), true
		}
		dst = append(dst, b[:i]...)
		b = b[i:]
		var c byte
		n := 0
		switch {
		case len(b) >= 6 && string(b[:6]) == "&quot;":
			c, n = '"', 6
		case len(b) >= 5 && string(b[:5]) == "&amp;":
			c, n = '&', 5
		case len(b) >= 4 && string(b[:4]) == "&lt;":
			c, n = '<', 4
		case len(b) >= 4 && string(b[:4]) == "&gt;":
			c, n = '>', 4
		case len(b) >= 5 && string(b[:5]) == "&#39;":
			c, n = '\'', 5
		default:
			return dst, false
		}
		dst = append(dst, c)
		b = b[n:]
	}
}

// appendDecoded appends text b decoded of its character references to dst: as
// appendUnescaped does where it can, else as html.UnescapeString does.
func appendDecoded(dst, b []byte) []byte {
	n := len(dst)
	dec, ok := appendUnescaped(dst, b)
	if !ok {
		dec = append(dec[:n], html.UnescapeString(string(b))...)
	}
	return dec
}

// attrValue decodes a raw attribute value (quotes already removed).
func attrValue(v []byte) string {
	s := string(v)
	if bytes.IndexByte(v, '&') >= 0 {
		s = html.UnescapeString(s)
	}
	return s
}

func enclosingPicture(n *html.Node) *html.Node {
	if p := n.Parent; p != nil && p.DataAtom == atom.Picture {
		return p
	}
	return nil
}
