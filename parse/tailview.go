package parse

import (
	"bytes"
	"cmp"
	"math/bits"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// A tail that holds, under the elements open at the cut, only elements that are empty
// (white space at most) or preformatted text with inline elements in it (a rustdoc
// source view's <pre class="rust">, 8 MB of <span>s, beside the line numbers' <pre>
// in the flex row open at the cut) is shown to the walks of the first part as a view
// of the whole page (AttachView): each such element of the tail's first level is
// linked under its parent, as AttachTail links it, and a preformatted one holds its
// text as one text node instead of its inline elements. What the first-screen layout
// reads of such an element, its lines and longest line, the characters its text
// uses, its text itself, is that text's; what it reads of the elements inside (their
// styles: inline, of the <pre>'s font size, without margins or paddings) is the
// estimate's to check once the tail is styled. Anything else in the tail, or anything
// the tree builder would read otherwise than the tail's simple rules (an end tag that
// closes more than its element, a <pre>'s first line break, a carriage return, a
// <template>, content after </body>), leaves the page without a view.

// tailView is what readTail finds of the tail's view as it reads it.
type tailView struct {
	bad   bool       // the tail cannot be shown as a view
	elems []viewElem // the tail's first-level elements, in document order
	cur   int        // the index in elems of the first-level element open, -1 for none
	depth int        // the stack's length with cur on top of it
	first bool       // nothing of cur's content came yet (its first line break is dropped)
	ended bool       // </body> or </html> came: the tree builder puts what follows in <body>
	// buf holds the text of the preformatted elements, one after the other, made into
	// the text nodes' strings without a copy: a source view's is megabytes.
	buf strings.Builder
	// collapse is set when the <span class>es of the preformatted elements are read as
	// kinds (ParseHTMLKinds); kparents are the elements they are under, in the order
	// found (in document order once the tail is read), open the indices in kparents of
	// those still open, innermost last.
	collapse bool
	kparents []KindParent
	open     []int
	scratch  []byte // a span's text decoded of its character references
}

// KindParent is an element of a preformatted element of a tail's view under which
// ParseHTMLKinds read <span class="v">text</span>s as kinds, one element per class: the
// first of its class, linked under Node as the tail links an element, stands for them
// all (its kind).
type KindParent struct {
	Node  *html.Node
	ref   uint32 // Node's (tailEvents.node)
	kinds []viewKind
	// own holds the characters of Node's own text that came once it had kinds.
	own viewKind
}

// KindIDs returns, for n, a child of kp's Node that stands for the <span id>s under it,
// their ids, each followed by a '"'; ok is false when n stands for no such kind. Their
// styles are n's unless a selector may look at one of those ids.
func (kp *KindParent) KindIDs(n *html.Node) (ids string, ok bool) {
	for i := range kp.kinds {
		if k := &kp.kinds[i]; k.n == n && k.id {
			return string(k.ids), true
		}
	}
	return "", false
}

// OwnText returns the characters of the text of kp's Node's own that came once it had
// kinds (each ASCII character once, then the texts that have others): the tail has no
// event of it; what came before has its events.
func (kp *KindParent) OwnText() []byte { return kp.own.text() }

// viewKind is the <span class="v">s of one class under one parent: the first of them,
// n, and the characters of all their texts, which the font-use pass reads: the distinct
// ASCII characters (ascii, a bit each), and the texts that have others (other), one
// after the other.
type viewKind struct {
	n     *html.Node
	class string
	// id is set for the kind of the <span id="v">s under the parent, all one kind
	// whatever their ids, which ids holds, each followed by a '"' (which no id read
	// so has).
	id    bool
	ids   []byte
	ascii [2]uint64
	other []byte
}

// add records text t of one of k's elements.
func (k *viewKind) add(t []byte) {
	for i, c := range t {
		if c >= utf8.RuneSelf {
			k.other = append(k.other, t[i:]...)
			return
		}
		k.ascii[c>>6] |= 1 << (c & 63)
	}
}

// text is the characters of k's elements' texts: each ASCII one once, then the texts
// that have others.
func (k *viewKind) text() []byte {
	if k.ascii == [2]uint64{} && len(k.other) == 0 {
		return nil
	}
	t := make([]byte, 0, 16+len(k.other))
	for w, set := range k.ascii {
		for ; set != 0; set &= set - 1 {
			t = append(t, byte(w*64+bits.TrailingZeros64(set)))
		}
	}
	return append(t, k.other...)
}

// KindText returns, for n, a child of kp's Node, the characters of the texts of the
// <span class>es n stands for (each ASCII character once, then the texts that have
// others), which are all the text they hold: the tail has no event of their text. ok is
// false when n stands for no kind.
func (kp *KindParent) KindText(n *html.Node) (text []byte, ok bool) {
	for i := range kp.kinds {
		if k := &kp.kinds[i]; k.n == n {
			return k.text(), true
		}
	}
	return nil, false
}

// kindOf returns the kinds of the element parent (ref) on top of the stack, and the
// index among them of the kind of a <span class="class"> (len for a kind not yet read),
// or of a <span id="class"> (id), when the span is read as a kind: in a preformatted
// element of the view, its class or id written without character references, one of
// maxKinds at most under parent.
func (v *tailView) kindOf(parent *html.Node, ref uint32, class []byte, id bool) (*KindParent, int, bool) {
	if v.bad || v.cur < 0 || !v.elems[v.cur].pre || bytes.IndexByte(class, '&') >= 0 {
		return nil, 0, false
	}
	var kp *KindParent
	for i := len(v.open) - 1; i >= 0; i-- {
		if p := &v.kparents[v.open[i]]; p.Node == parent {
			kp = p
			break
		}
	}
	if kp == nil {
		v.open = append(v.open, len(v.kparents))
		v.kparents = append(v.kparents, KindParent{Node: parent, ref: ref})
		kp = &v.kparents[len(v.kparents)-1]
	}
	for i := range kp.kinds {
		if k := &kp.kinds[i]; k.id == id && (id || k.class == string(class)) {
			return kp, i, true
		}
	}
	if len(kp.kinds) == maxKinds {
		return nil, 0, false // an element of its own
	}
	return kp, len(kp.kinds), true
}

// maxKinds bounds the kinds of one parent (kindOf looks each span's up among them): a
// highlighter's spans have a dozen classes; the spans of others are elements of their own.
const maxKinds = 64

// openKinds returns the kinds of n when n is the innermost open element with kinds.
func (v *tailView) openKinds(n *html.Node) *KindParent {
	if k := len(v.open) - 1; k >= 0 && !v.bad {
		if kp := &v.kparents[v.open[k]]; kp.Node == n {
			return kp
		}
	}
	return nil
}

// closed is told that element n was closed: it no longer takes kinds.
func (v *tailView) closed(n *html.Node) {
	if k := len(v.open) - 1; k >= 0 && v.kparents[v.open[k]].Node == n {
		v.open = v.open[:k]
	}
}

// ViewKinds returns the elements under which ParseHTMLKinds read <span class>es as
// kinds (KindParent), in document order.
func (d *Document) ViewKinds() []KindParent { return d.view.kparents }

// viewElem is a first-level element of the tail's view.
type viewElem struct {
	n   *html.Node
	pre bool // preformatted: its text is kept; else it must have none
	// text is where its text (pre), the decoded text of its runs one after the other,
	// is in the view's (tailView.buf).
	text  struct{ i, j int }
	node  *html.Node
	chars int // the sum of its runs' characters other than white space at their ends
	// first and last are its own children, which the view replaces with node.
	first, last *html.Node
}

// realKids gives the view's preformatted elements their own children back.
func (v *tailView) realKids() {
	for i := range v.elems {
		if e := &v.elems[i]; e.pre {
			e.n.FirstChild, e.n.LastChild = e.first, e.last
		}
	}
}

// viewTop reports whether an element of atom a may be of the view's first level: a
// preformatted element, or a plain element that is to be empty. Elements with special
// rules in the tree builder (implied end tags of their siblings, formatting elements,
// raw text, tables) may not.
func viewTop(a atom.Atom) bool {
	switch a {
	case atom.Pre, atom.Listing, atom.Div, atom.Span, atom.P, atom.Section, atom.Article,
		atom.Aside, atom.Header, atom.Footer, atom.Nav, atom.Main:
		return true
	}
	return false
}

// viewInline reports whether an element of atom a may be inside a preformatted element
// of the view: the inline elements a highlighted source is written with, which the
// user agent's styles give no box or font size of their own.
func viewInline(a atom.Atom) bool {
	switch a {
	case atom.Span, atom.Code, atom.A, atom.B, atom.I, atom.Em, atom.Strong, atom.Kbd,
		atom.Samp, atom.Var:
		return true
	}
	return false
}

// viewAttrsOK reports whether element n's kept attributes leave its layout to its
// rules: no style attribute (read by the layout itself) and no hidden attribute.
func viewAttrsOK(n *html.Node) bool {
	for _, at := range n.Attr {
		if at.Key == "style" || at.Key == "hidden" {
			return false
		}
	}
	return true
}

// start is told of element n of the tail, just pushed on st (or not, when void), with
// nchain elements open at the cut; rest is the tail after its start tag.
func (v *tailView) start(n *html.Node, st *stack, nchain int, rest []byte) {
	if v.bad {
		return
	}
	if v.ended || st.top() != n || !viewAttrsOK(n) {
		v.bad = true // void, self-closed, or after </body>
		return
	}
	if v.cur < 0 {
		// Of the first level: its parent is an element open at the cut.
		k := len(st.els) - 2
		if k < 0 || int(st.refs[k]) >= nchain || !viewTop(n.DataAtom) {
			v.bad = true
			return
		}
		e := viewElem{n: n, pre: n.DataAtom == atom.Pre || n.DataAtom == atom.Listing}
		if e.pre {
			if v.buf.Cap() == 0 {
				// Room for the text at once, a third of the rest of the tail (what
				// a source view's code has): written a run at a time into a growing
				// buffer, it was copied over and over.
				v.buf.Grow(len(rest) / 3)
			}
			e.text.i = v.buf.Len()
			e.text.j = e.text.i
		}
		v.elems = append(v.elems, e)
		v.cur, v.depth, v.first = len(v.elems)-1, len(st.els), true
		return
	}
	if !v.elems[v.cur].pre || !viewInline(n.DataAtom) {
		v.bad = true
		return
	}
	if n.DataAtom == atom.A {
		// An <a> inside an <a> is closed by the tree builder (the adoption agency).
		for _, e := range st.els[v.depth : len(st.els)-1] {
			if e.DataAtom == atom.A {
				v.bad = true
				return
			}
		}
	}
	v.first = false
}

// span is told of a <span class> read with its text and end tag at once (classSpan),
// with nchain elements open at the cut; raw is its text when it has no character
// reference (tailText is told of it otherwise).
func (v *tailView) span(n *html.Node, st *stack, nchain int, raw []byte, hasRef bool) {
	if v.bad {
		return
	}
	if v.cur < 0 {
		// Of the first level, as an empty element.
		k := len(st.els) - 1
		if v.ended || k < 0 || int(st.refs[k]) >= nchain || hasRef || hasText(raw) {
			v.bad = true
			return
		}
		v.elems = append(v.elems, viewElem{n: n})
		return
	}
	if !v.elems[v.cur].pre {
		v.bad = true
		return
	}
	v.first = false
	if !hasRef {
		v.text(raw)
	}
}

// text is told of a run of text of the tail (decoded), in the element on top of the
// stack.
func (v *tailView) text(t []byte) {
	if v.bad || len(t) == 0 {
		return
	}
	if v.cur < 0 || !v.elems[v.cur].pre {
		// In an element open at the cut, or in one to be empty, or after </body>: white
		// space only.
		if hasText(t) {
			v.bad = true
		}
		return
	}
	e := &v.elems[v.cur]
	if v.first && t[0] == '\n' || !utf8.RuneStart(t[0]) {
		// The tree builder drops a <pre>'s first line break; a run that begins inside a
		// character would be read as one with the run before it.
		v.bad = true
		return
	}
	v.first = false
	v.buf.Write(t)
	e.text.j = v.buf.Len()
	e.chars += len(bytes.TrimSpace(t))
}

// end is told that an end tag closed n, having popped pops elements off the stack (n
// nil and pops 0 when it closed none).
func (v *tailView) end(n *html.Node, pops int) {
	if v.bad {
		return
	}
	if n == nil || pops != 1 {
		// An end tag that closes nothing, or more than its element: the tree
		// builder's rules differ from the tail's there.
		v.bad = true
		return
	}
	if len(v.open) > 0 {
		v.closed(n)
	}
	if v.cur >= 0 && n == v.elems[v.cur].n {
		v.cur = -1
	}
	if n.DataAtom == atom.Body || n.DataAtom == atom.Html {
		v.ended = true
	}
}

// done ends the view once the tail is read: each preformatted element's text becomes
// the text node it shows.
func (v *tailView) done() {
	if v.bad {
		return
	}
	// The tree builder drops NUL characters from text and reads carriage returns as
	// line breaks; invalid UTF-8 is read byte by byte (each run begins a character,
	// text).
	all := v.buf.String()
	if strings.IndexByte(all, 0) >= 0 || strings.IndexByte(all, '\r') >= 0 || !utf8.ValidString(all) {
		v.bad = true
		return
	}
	// Elements are found parents of kinds at their first span of a kind: in document
	// order, an element comes before those under it.
	slices.SortFunc(v.kparents, func(a, b KindParent) int { return cmp.Compare(a.ref, b.ref) })
	for i := range v.elems {
		e := &v.elems[i]
		if e.text.j > e.text.i {
			e.node = &html.Node{Type: html.TextNode, Data: all[e.text.i:e.text.j], Parent: e.n}
		}
		e.first, e.last = e.n.FirstChild, e.n.LastChild
	}
}

// HasView reports whether the page was read in two parts and its tail can be shown to
// the walks of the first part as a view of the whole page (AttachView).
func (d *Document) HasView() bool {
	return d.Split && d.tail.n > 0 && !d.view.bad && len(d.view.elems) > 0
}

// InView reports whether n is an element of the first level of the tail's view
// (HasView), shown whole by AttachView: a walk of the first part that styles it does not
// go under it, where the tail's events are. chars is the sum of the characters of its
// text nodes other than white space at their ends.
func (d *Document) InView(n *html.Node) (chars int, ok bool) {
	if !d.HasView() {
		return 0, false
	}
	for i := range d.view.elems {
		if e := &d.view.elems[i]; e.n == n {
			return e.chars, true
		}
	}
	return 0, false
}

// AttachView links the tail's view (HasView) into the DOM: the tail's first-level
// elements as AttachTail links them, each preformatted one holding its text as one text
// node instead of its children. The DOM is then the whole page's but for what is inside
// those. detach undoes it; AttachTail does too, and attaches the tail.
func (d *Document) AttachView() (detach func()) {
	undo := d.AttachTail()
	for i := range d.view.elems {
		if e := &d.view.elems[i]; e.pre {
			e.n.FirstChild, e.n.LastChild = e.node, e.node
		}
	}
	return func() {
		d.view.realKids()
		undo()
	}
}
