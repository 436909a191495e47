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
	pre   *viewElem  // elems[cur] when it is preformatted, else nil
	depth int        // the stack's length with cur on top of it
	first bool       // nothing of cur's content came yet (its first line break is dropped)
	ended bool       // </body> or </html> came: the tree builder puts what follows in <body>
	// buf holds the text of the preformatted elements, one after the other, made into
	// the text nodes' strings without a copy: a source view's is megabytes.
	buf strings.Builder
	// collapse is set when the <span class>es of the preformatted elements are read as
	// kinds (ParseHTMLKinds); found are the elements they are under, in the order found,
	// from slabs (kpSlab: growing one slice of these large structs copied and cleared
	// them over and over), and kparents the same in document order once the tail is
	// read; open are those of found still open, innermost last.
	collapse bool
	found    []*KindParent
	kpSlab   []KindParent
	kparents []*KindParent
	open     []*KindParent
	kindSlab []viewKind // what KindParent.kinds are first cut from (kindSpan)
	// pending is the <span class> last found holding elements under an element with
	// kinds (nestedKind), and pendingOf that element's kinds: its own kinds, when it
	// gets some, are its nestedKind's.
	pending   *html.Node
	pendingOf *KindParent
	scratch   []byte // a span's text decoded of its character references
}

// KindParent is an element of a preformatted element of a tail's view under which
// ParseHTMLKinds read <span class="v">text</span>s as kinds, one element per class: the
// first of its class, linked under Node as the tail links an element, stands for them
// all (its kind).
type KindParent struct {
	Node  *html.Node
	ref   uint32 // Node's (tailEvents.node)
	elem  int    // the index in tailView.elems of the element of the view it is in
	kinds []viewKind
	// own holds the characters of Node's own text that came once it had kinds.
	own viewKind
	// slots hold indices in kinds, plus one, that kindOf tries first: that of the kind
	// of <span id>s, then those of classes by classSlot.
	slots [64]uint8
	// nested are the first <span class>es of their classes under Node that held
	// elements (nestedSpan).
	nested []nestedKind
}

// nestedKind is a <span class="v"> under an element with kinds that held elements, n,
// and n's own kinds (kp), once it has some: the first of its class, and the next few
// that could not be read as an earlier one. The later <span class="v">s under the same
// parent, of only text and <span class>es of kinds kp has, are read as n (nestedSpan): their texts are n's own text's (kp.own), their spans of
// kp's kinds, and no element or event is made for them; a rule that could tell them
// apart from n, by their places or content, is a rule that could tell the spans read
// as kinds apart (firstscreen's cascadeTail, which then needs the page's nodes).
type nestedKind struct {
	class string
	n     *html.Node
	kp    *KindParent
}

// maxNested bounds the nestedKinds of an element with kinds, maxNestedOf those of one
// class.
const (
	maxNested   = 16
	maxNestedOf = 4
)

// KindIDs returns, for n, a child of kp's Node that stands for the <span id>s under it,
// their ids, each followed by a '"'; ok is false when n stands for no such kind. Their
// styles are n's unless a selector may look at one of those ids.
func (kp *KindParent) KindIDs(n *html.Node) (ids string, ok bool) {
	if k := kp.kind(n); k != nil && k.id {
		return string(k.ids), true
	}
	return "", false
}

// kind returns the kind that n, a child of kp's Node, stands for, nil for none.
func (kp *KindParent) kind(n *html.Node) *viewKind {
	for i := range kp.kinds {
		if k := &kp.kinds[i]; k.n == n {
			return k
		}
	}
	return nil
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
	key   uint64 // class's first eight bytes, or fewer (is)
	// id is set for the kind of the <span id="v">s under the parent, all one kind
	// whatever their ids, which ids holds, each followed by a '"' (which no id read
	// so has).
	id    bool
	ids   []byte
	ascii [2]uint64
	other []byte
}

// is reports whether class is k's: by its key when it is of eight bytes or fewer (and
// more follow it in the page, as a span's class has: is reads eight), without the
// call that comparing strings is.
func (k *viewKind) is(class []byte) bool {
	if n := len(class); n != len(k.class) {
		return false
	} else if n <= 8 && cap(class) >= 8 {
		return le64(class[:8])&(^uint64(0)>>(64-8*n)) == k.key
	}
	return k.class == string(class)
}

// classKey is viewKind.key of class.
func classKey(class string) uint64 {
	var key uint64
	for i := range min(len(class), 8) {
		key |= uint64(class[i]) << (8 * i)
	}
	return key
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

// addRaw is add of text t as written, when it has no character reference, and
// reports whether it had none: otherwise it records only (some of) the characters
// before the first, which are the decoded text's too. (kindRun: the search for '&' is
// in add's loop, not a call of its own.)
func (k *viewKind) addRaw(t []byte) bool {
	for i, c := range t {
		if c >= utf8.RuneSelf {
			if bytes.IndexByte(t[i:], '&') >= 0 {
				return false
			}
			k.other = append(k.other, t[i:]...)
			return true
		}
		if c == '&' {
			return false
		}
		k.ascii[c>>6] |= 1 << (c & 63)
	}
	return true
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

// KindChars is KindText as a set: the ASCII characters, a bit each (character c is
// bit c%64 of ascii[c/64]), and the texts that have others.
func (kp *KindParent) KindChars(n *html.Node) (ascii [2]uint64, other []byte, ok bool) {
	if k := kp.kind(n); k != nil {
		return k.ascii, slices.Clone(k.other), true
	}
	return [2]uint64{}, nil, false
}

// OwnChars is OwnText as a set, as KindChars gives it.
func (kp *KindParent) OwnChars() (ascii [2]uint64, other []byte) {
	return kp.own.ascii, slices.Clone(kp.own.other)
}

// KindText returns, for n, a child of kp's Node, the characters of the texts of the
// <span class>es n stands for (each ASCII character once, then the texts that have
// others), which are all the text they hold: the tail has no event of their text. ok is
// false when n stands for no kind.
func (kp *KindParent) KindText(n *html.Node) (text []byte, ok bool) {
	if k := kp.kind(n); k != nil {
		return k.text(), true
	}
	return nil, false
}

// kindOf returns the kinds of the element parent (ref) on top of the stack, and the
// index among them of the kind of a <span class="class"> (len for a kind not yet read),
// or of a <span id="class"> (id), when the span is read as a kind: in a preformatted
// element of the view, its class or id written without character references, one of
// maxKinds at most under parent.
func (v *tailView) kindOf(parent *html.Node, ref uint32, class []byte, id bool) (*KindParent, int, bool) {
	if v.pre == nil || v.bad {
		return nil, 0, false
	}
	var kp *KindParent
	for i := len(v.open) - 1; i >= 0; i-- {
		if p := v.open[i]; p.Node == parent {
			kp = p
			break
		}
	}
	if kp == nil {
		if bytes.IndexByte(class, '&') >= 0 {
			return nil, 0, false
		}
		if len(v.kpSlab) == cap(v.kpSlab) {
			v.kpSlab = make([]KindParent, 0, 64)
		}
		v.kpSlab = append(v.kpSlab, KindParent{Node: parent, ref: ref, elem: v.cur})
		kp = &v.kpSlab[len(v.kpSlab)-1]
		if v.pending == parent {
			if nk := v.pendingOf.nestedOf(parent); nk != nil {
				nk.kp = kp
			}
			v.pending, v.pendingOf = nil, nil
		}
		v.found = append(v.found, kp)
		v.open = append(v.open, kp)
	}
	// The kind of the class last found in its slot, as a rule; the others are looked
	// for one by one. (No kind's class has a character reference.)
	slot := &kp.slots[0]
	if !id {
		slot = &kp.slots[1+classSlot(class)]
	}
	if i := int(*slot) - 1; i >= 0 {
		if k := &kp.kinds[i]; k.id == id && (id || k.is(class)) {
			return kp, i, true
		}
	}
	if bytes.IndexByte(class, '&') >= 0 {
		return nil, 0, false
	}
	for i := range kp.kinds {
		if k := &kp.kinds[i]; k.id == id && (id || k.class == string(class)) {
			*slot = uint8(i + 1)
			return kp, i, true
		}
	}
	if len(kp.kinds) == maxKinds {
		return nil, 0, false // an element of its own
	}
	*slot = uint8(len(kp.kinds) + 1)
	return kp, len(kp.kinds), true
}

// classSlot returns the slot of KindParent.slots where the kind of class is looked
// for first (less one, the id kind's): a highlighter's dozen classes mostly each have
// their own.
func classSlot(class []byte) int {
	h := len(class)
	if h > 0 {
		h += int(class[0])*3 + int(class[h-1])*5
	}
	return h % (len(KindParent{}.slots) - 1)
}

// kindsRoom is the room an element's kinds are first given (kindSpan).
const kindsRoom = 3

// maxKinds bounds the kinds of one parent (kindOf looks each span's up among them): a
// highlighter's spans have a dozen classes; the spans of others are elements of their own.
const maxKinds = 64

// openKinds returns the kinds of n when n is the innermost open element with kinds.
func (v *tailView) openKinds(n *html.Node) *KindParent {
	if k := len(v.open) - 1; k >= 0 && !v.bad {
		if kp := v.open[k]; kp.Node == n {
			return kp
		}
	}
	return nil
}

// nestedOf returns the nestedKind of kp of element n, nil for none.
func (kp *KindParent) nestedOf(n *html.Node) *nestedKind {
	for i := range kp.nested {
		if nk := &kp.nested[i]; nk.n == n {
			return nk
		}
	}
	return nil
}

// nestStart is told of element n of the tail, just pushed on the stack, whose start tag
// was tag: a <span class="v"> under an element with kinds, written so, may be the first
// of its class that holds elements (nestedKind).
func (v *tailView) nestStart(n *html.Node, tag []byte) {
	if n.DataAtom != atom.Span || len(n.Attr) != 1 || n.Attr[0].Key != "class" || n.Attr[0].Namespace != "" {
		return
	}
	class := n.Attr[0].Val
	if len(tag) != len(`<span class="">`)+len(class) || string(tag[:len(`<span class="`)]) != `<span class="` ||
		string(tag[len(`<span class="`):len(tag)-2]) != class || string(tag[len(tag)-2:]) != `">` ||
		strings.IndexByte(class, '&') >= 0 {
		return
	}
	kp := v.openKinds(n.Parent)
	if kp == nil {
		return
	}
	// A span that could be read as none of the earlier ones of its class (nestedSpan)
	// may be the one later spans are read as: a few of each class are kept.
	same := 0
	for i := range kp.nested {
		if nk := &kp.nested[i]; nk.class == class {
			if nk.kp == nil {
				*nk = nestedKind{class: class, n: n} // (it got no kinds)
				v.pending, v.pendingOf = n, kp
				return
			}
			same++
		}
	}
	if len(kp.nested) < maxNested && same < maxNestedOf {
		kp.nested = append(kp.nested, nestedKind{class: class, n: n})
		v.pending, v.pendingOf = n, kp
	}
}

// closed is told that element n was closed: it no longer takes kinds.
func (v *tailView) closed(n *html.Node) {
	if k := len(v.open) - 1; k >= 0 && v.open[k].Node == n {
		v.open = v.open[:k]
	}
}

// ViewKinds returns the elements under which ParseHTMLKinds read <span class>es as
// kinds (KindParent), in document order.
func (d *Document) ViewKinds() []*KindParent { return d.view.kparents }

// viewElem is a first-level element of the tail's view.
type viewElem struct {
	n   *html.Node
	pre bool // preformatted: its text is kept; else it must have none
	// text is where its text (pre), the decoded text of its runs one after the other,
	// is in the view's (tailView.buf).
	text  struct{ i, j int }
	node  *html.Node
	chars int // the sum of its runs' characters other than white space at their ends
	// loose holds the characters of its runs that are no kind's (KindText) nor an
	// element's own with kinds (OwnText), when the view's spans are read as kinds.
	loose viewKind
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
		if e.pre {
			v.pre = &v.elems[v.cur] // (elems grows only when cur is -1)
		}
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
		v.looseText(raw)
	}
}

// looseText is told of a run of text that is no kind's nor an element's own with
// kinds: its characters are the view's (ViewChars).
func (v *tailView) looseText(t []byte) {
	if v.collapse && v.pre != nil && !v.bad {
		v.pre.loose.add(t)
	}
}

// text is told of a run of text of the tail (decoded), in the element on top of the
// stack. The common case, a run in a preformatted element after its first, is written
// to be inlined: a source view has 500,000 runs of a word or so.
func (v *tailView) text(t []byte) {
	e := v.pre
	if e == nil || v.bad || v.first || len(t) == 0 {
		v.textElse(t)
		return
	}
	// A run that begins and ends with ASCII characters other than white space (which
	// begins a character) counts them all.
	if c, l := t[0], t[len(t)-1]; c-'!' < utf8.RuneSelf-'!' && l-'!' < utf8.RuneSelf-'!' {
		v.buf.Write(t)
		e.chars += len(t)
		return
	}
	if !utf8.RuneStart(t[0]) {
		v.textElse(t)
		return
	}
	v.buf.Write(t)
	e.chars += trimmedLen(t)
}

// space is text for a run of white space.
func (v *tailView) space(t []byte) {
	if e := v.pre; e != nil && !v.bad && !v.first && len(t) > 0 && utf8.RuneStart(t[0]) {
		v.buf.Write(t) // (its characters count none)
		return
	}
	v.textElse(t)
}

// textElse is text for the other cases.
func (v *tailView) textElse(t []byte) {
	if v.bad || len(t) == 0 {
		return
	}
	if v.pre == nil {
		// In an element open at the cut, or in one to be empty, or after </body>: white
		// space only.
		if hasText(t) {
			v.bad = true
		}
		return
	}
	if v.first && t[0] == '\n' || !utf8.RuneStart(t[0]) {
		// The tree builder drops a <pre>'s first line break; a run that begins inside a
		// character would be read as one with the run before it.
		v.bad = true
		return
	}
	v.first = false
	v.buf.Write(t)
	v.pre.chars += trimmedLen(t)
}

// trimmedLen is len(bytes.TrimSpace(t)), without its call and loops for what most runs
// of a source view's text are: a word, or white space alone.
func trimmedLen(t []byte) int {
	i, j := 0, len(t)
	for i < j && asciiSpace(t[i]) {
		i++
	}
	for j > i && asciiSpace(t[j-1]) {
		j--
	}
	if i < j && (t[i] >= utf8.RuneSelf || t[j-1] >= utf8.RuneSelf) {
		return len(bytes.TrimSpace(t[i:j])) // (Unicode's white space, at an end)
	}
	return j - i
}

// asciiSpace reports whether c is one of the ASCII characters bytes.TrimSpace trims.
func asciiSpace(c byte) bool { return c == ' ' || c-'\t' <= '\r'-'\t' }

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
		v.closeCur()
	}
	if n.DataAtom == atom.Body || n.DataAtom == atom.Html {
		v.ended = true
	}
}

// closeCur ends the text of elems[cur], which is no longer open.
func (v *tailView) closeCur() {
	if v.pre != nil {
		v.pre.text.j = v.buf.Len()
	}
	v.cur, v.pre = -1, nil
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
	if v.cur >= 0 {
		v.closeCur()
	}
	all := v.buf.String()
	if strings.IndexByte(all, 0) >= 0 || strings.IndexByte(all, '\r') >= 0 || !utf8.ValidString(all) {
		v.bad = true
		return
	}
	// Elements are found parents of kinds at their first span of a kind: in document
	// order, an element comes before those under it.
	slices.SortFunc(v.found, func(a, b *KindParent) int { return cmp.Compare(a.ref, b.ref) })
	v.kparents = v.found
	v.found, v.kpSlab, v.open, v.kindSlab = nil, nil, nil, nil
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

// ViewChars returns, for n, a preformatted element of the first level of the tail's view
// (InView) shown with its text (AttachView), the characters of that text (each ASCII
// character once, then the texts that have others): the characters of the kinds and of
// the elements with kinds under it, and of its other texts. ok is false for any other n,
// and when the tail's spans were not read as kinds (ParseHTMLKinds).
func (d *Document) ViewChars(n *html.Node) (chars []byte, ok bool) {
	if !d.HasView() || !d.view.collapse {
		return nil, false
	}
	for i := range d.view.elems {
		e := &d.view.elems[i]
		if e.n != n {
			continue
		}
		if !e.pre || e.node == nil || n.FirstChild != e.node {
			return nil, false
		}
		all := e.loose
		all.other = slices.Clip(all.other)
		add := func(k *viewKind) {
			all.ascii[0] |= k.ascii[0]
			all.ascii[1] |= k.ascii[1]
			all.other = append(all.other, k.other...)
		}
		for _, kp := range d.view.kparents {
			if kp.elem == i {
				add(&kp.own)
				for k := range kp.kinds {
					add(&kp.kinds[k])
				}
			}
		}
		return all.text(), true
	}
	return nil, false
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
