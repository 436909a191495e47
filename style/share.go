package style

import (
	"encoding/binary"
	"strings"
	"sync"

	"golang.org/x/net/html"
)

// Style sharing, as browsers do it (Blink's SharedStyleFinder, Servo's StyleSharingCache):
// an element whose parent, tag and attributes are those of a sibling styled just before
// matches the same rules, so it takes the sibling's result instead of being matched.
// That holds unless a rule tried on the sibling looks at more than its tag, attributes
// and ancestors (Rule.positional) in a way that could tell them apart; attributes that no
// selector reads, and ids that none names, do not count. A source view of 265,000
// <span>s under one <code> matches a dozen distinct ones.

// siblingCandidates is how many recent siblings are kept: a syntax highlighter's dozen
// classes, a sidebar's alternating entries.
const siblingCandidates = 16

// Siblings holds the last elements styled under one parent, with their keys and what
// the caller derived from their match (V). Its zero value is empty; it serves one parent
// at a time (Reset).
type Siblings[V any] struct {
	nodes [siblingCandidates]*html.Node
	// prints are the candidates' fingerprints (0 where not yet made): Find compares a
	// candidate whose print is not the element's no further. A run of siblings of one
	// tag and a dozen classes (a syntax highlighter's spans) would otherwise have each
	// compared, attribute by attribute, with every candidate.
	prints [siblingCandidates]uint64
	keys   [siblingCandidates]ElemKeys
	vals   [siblingCandidates]V
	n      int // candidates held
	next   int // slot the next one goes to
	// sought is the element Find was last asked for, print its fingerprint, for Add.
	sought *html.Node
	print  uint64
}

// Reset empties s for the children of another parent.
func (s *Siblings[V]) Reset() { s.n, s.next, s.sought = 0, 0, nil }

// Find returns the result and keys of a held sibling that n may share its style with.
// The fingerprints are made where they are compared: an element that is its parent's
// only element child (a link in a list item, a code span's text) is never compared.
func (s *Siblings[V]) Find(rs *RuleSet, n *html.Node) (V, *ElemKeys, bool) {
	s.sought, s.print = n, 0
	if s.n == 0 { // a first element child: inlined in the walk
		var zero V
		return zero, nil, false
	}
	return s.find(rs, n)
}

func (s *Siblings[V]) find(rs *RuleSet, n *html.Node) (V, *ElemKeys, bool) {
	var zero V
	fp := rs.fingerprint(n)
	s.print = fp
	for i := range s.n {
		p := s.prints[i]
		if p == 0 {
			p = rs.fingerprint(s.nodes[i])
			s.prints[i] = p
		}
		if p != fp {
			continue
		}
		// (A page's tail shares one list of attributes among its <span>s of one class:
		// sameAttrs holds of a list and itself.)
		if c := s.nodes[i]; c.Data == n.Data && c.Namespace == n.Namespace && (sameList(c.Attr, n.Attr) || rs.sameAttrs(c.Attr, n.Attr)) {
			// An earlier sibling is never the last child: n may share with it under
			// :last-child only when n is not the last either.
			if s.keys[i].positional&posLast != 0 && nextElement(n) == nil {
				continue
			}
			return s.vals[i], &s.keys[i], true
		}
	}
	return zero, nil, false
}

// Add holds n (its keys as Match left them, and v) for its next siblings, unless a rule
// tried on it may tell it from them by their places: a later sibling is never the first
// child, so :first-child is no obstacle unless n is the first (Find checks :last-child).
func (s *Siblings[V]) Add(n *html.Node, k *ElemKeys, v V) {
	if k.positional&posAny != 0 || k.positional&posFirst != 0 && prevElement(n) == nil {
		return
	}
	fp := uint64(0)
	if n == s.sought {
		fp = s.print
	}
	s.nodes[s.next], s.prints[s.next], s.keys[s.next], s.vals[s.next] = n, fp, *k, v
	s.next = (s.next + 1) % siblingCandidates
	s.n = min(s.n+1, siblingCandidates)
}

// sameList reports whether a and b are one list of attributes.
func sameList(a, b []html.Attribute) bool {
	return len(a) == len(b) && len(a) > 0 && &a[0] == &b[0]
}

// fingerprint digests element n's tag, classes and the ids that matter, of what
// sameAttrs compares (the other attributes selectors read are left to it: each would
// be looked up), two bits of 64 for each. Two elements sameAttrs finds alike have the
// same fingerprint, never 0.
func (rs *RuleSet) fingerprint(n *html.Node) uint64 {
	fp := 1 | printBits(n.Data, 0)
	for i := range n.Attr {
		switch x := &n.Attr[i]; {
		case x.Key == "class":
			fp |= printBits(x.Val, 1)
		case x.Key == "id" && (x.Namespace != "" || rs.idMatters(x.Val)):
			fp |= printBits(x.Val, 2)
		}
	}
	return fp
}

// printBits sets two bits from a digest of s (its length and a few of its bytes) and
// of what it is (kind).
func printBits(s string, kind uint64) uint64 {
	h := uint64(len(s))<<2 | kind
	if s != "" {
		h |= uint64(s[0])<<24 | uint64(s[len(s)/2])<<32 | uint64(s[len(s)-1])<<40
	}
	h *= 0x9E3779B97F4A7C15
	return 1<<(h>>58) | 1<<(h>>52&63)
}

// sameAttrs reports whether two elements' attributes are alike for every selector of
// rs: the same classes, the same ids where a selector may look at either, and the same
// values of the other attributes selectors read.
func (rs *RuleSet) sameAttrs(a, b []html.Attribute) bool {
	if !rs.anyAttr {
		// Siblings alike have their attributes in the same order (a generator writes
		// them so): compared pair by pair, in one pass, where sameRead looks each up.
		if len(a) == len(b) && rs.sameInOrder(a, b) {
			return true
		}
		return rs.sameRead(a, b) && rs.sameRead(b, a)
	}
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := &a[i], &b[i]
		if x.Key != y.Key || x.Namespace != y.Namespace {
			return false
		}
		if x.Val != y.Val && (x.Key != "id" || x.Namespace != "" || rs.idMatters(x.Val) || rs.idMatters(y.Val)) {
			return false
		}
	}
	return true
}

func (rs *RuleSet) idMatters(id string) bool { return rs.anyID || rs.namedIDs[id] }

// IDMatters reports whether a selector of rs may look at the id of an element whose id
// is id: one names it, or one may look at ids otherwise ([id], escapes).
func (rs *RuleSet) IDMatters(id string) bool { return rs.idMatters(id) }

// AppendKey appends to buf what the selectors of rs may read of element n itself: its
// namespace and tag, its id where a selector may look at it, its class attribute and the
// other attributes selectors read (every attribute when one may read any), and whether
// it is its parent's first and last element child where a selector may look at that
// (placeRead, pathkey.go). Two elements of the same key whose ancestors have the same
// keys match the same rules, except rules that look at their other siblings, places
// among them or content (PathMatch).
func (rs *RuleSet) AppendKey(buf []byte, n *html.Node) []byte { return rs.appendKey(buf, n, false) }

// AppendMemoKey is AppendKey with only what selectors read of the class attribute: the
// classes they name and whether each attribute selector on class matches (classReads).
// Elements of one memo key whose ancestors have the same memo keys match the same rules
// as those of one key do; it takes longer to make, for the paths a run's memo is asked
// for.
func (rs *RuleSet) AppendMemoKey(buf []byte, n *html.Node) []byte {
	return rs.appendKey(buf, n, !rs.classes.whole)
}

func (rs *RuleSet) appendKey(buf []byte, n *html.Node, classesRead bool) []byte {
	if rs.firstLast && (rs.places.any || rs.placeRead(n)) {
		var place byte
		if prevElement(n) == nil {
			place |= 1
		}
		if nextElement(n) == nil {
			place |= 2
		}
		buf = append(buf, place)
	}
	// Most elements have no attribute, or only a class (the Python docs: 20 % and 65 %):
	// their keys are written at once, as the loop below writes them.
	if n.Namespace == "" && len(n.Data) < 0x80 && !classesRead {
		switch len(n.Attr) {
		case 0:
			buf = append(buf, 0, byte(len(n.Data)))
			return append(buf, n.Data...)
		case 1:
			if at := &n.Attr[0]; at.Key == "class" && at.Namespace == "" && len(at.Val) < 0x80 {
				buf = append(buf, 0, byte(len(n.Data)))
				buf = append(buf, n.Data...)
				buf = append(buf, 0, 5, 'c', 'l', 'a', 's', 's', byte(len(at.Val)))
				return append(buf, at.Val...)
			}
		}
	}
	buf = appendString(buf, n.Namespace)
	buf = appendString(buf, n.Data)
	for i := range n.Attr {
		at := &n.Attr[i]
		if at.Namespace == "" {
			switch {
			case at.Key == "class":
				if classesRead {
					// What is read, in place of the value.
					buf = appendString(buf, "")
					buf = appendString(buf, "class")
					start := len(buf)
					buf = append(buf, 0)
					buf = rs.appendClassKey(buf, n, at.Val)
					if l := len(buf) - start - 1; l < 0x80 {
						buf[start] = byte(l)
					} else {
						part := string(buf[start+1:])
						buf = appendString(buf[:start], part)
					}
					continue
				}
			case at.Key == "id":
				if !rs.idMatters(at.Val) {
					continue
				}
			case !rs.anyAttr && !rs.readsAttr(at.Key):
				continue
			}
		}
		buf = appendString(buf, at.Namespace)
		buf = appendString(buf, at.Key)
		buf = appendString(buf, at.Val)
	}
	return buf
}

// appendString appends s to buf after its length (a uvarint: one byte below 0x80). Most
// strings of a key are empty (namespaces), and appending one would still copy.
func appendString(buf []byte, s string) []byte {
	if len(s) < 0x80 {
		buf = append(buf, byte(len(s)))
	} else {
		buf = binary.AppendUvarint(buf, uint64(len(s)))
	}
	if s == "" {
		return buf
	}
	return append(buf, s...)
}

// Positional reports whether a rule Match tried on the element may look at its siblings,
// its place among them or its content.
func (k *ElemKeys) Positional() bool { return k.positional != 0 }

// sameInOrder reports whether a and b (of one length) have the same attributes in the
// same order, with the same values where selectors read them (ids: where either
// matters). Where it does, so does sameRead both ways, but for an attribute a selector
// reads written twice with two values (sameRead compares the first of b with each of
// a): elements alike in every attribute match the same rules all the same.
func (rs *RuleSet) sameInOrder(a, b []html.Attribute) bool {
	for i := range a {
		x, y := &a[i], &b[i]
		if x.Key != y.Key || x.Namespace != y.Namespace {
			return false
		}
		if x.Val == y.Val {
			continue
		}
		if x.Namespace != "" {
			return false
		}
		switch x.Key {
		case "class":
			return false
		case "id":
			if rs.idMatters(x.Val) || rs.idMatters(y.Val) {
				return false
			}
		default:
			if rs.readsAttr(x.Key) {
				return false
			}
		}
	}
	return true
}

// sameRead reports whether every attribute of a that selectors read is in b, with the
// same value (ids: where either matters).
func (rs *RuleSet) sameRead(a, b []html.Attribute) bool {
	for i := range a {
		x := &a[i]
		if x.Namespace == "" && x.Key != "class" && x.Key != "id" && !rs.readsAttr(x.Key) {
			continue
		}
		found := false
		for j := range b {
			y := &b[j]
			if y.Key != x.Key || y.Namespace != x.Namespace {
				continue
			}
			found = x.Val == y.Val || x.Key == "id" && x.Namespace == "" && !rs.idMatters(x.Val) && !rs.idMatters(y.Val)
			break
		}
		if !found {
			if x.Key == "id" && x.Namespace == "" && !rs.idMatters(x.Val) {
				continue // an id no selector looks at, against none
			}
			return false
		}
	}
	return true
}

// attrPseudos are the pseudo-classes known to read the element's attributes (the name
// it reads), and those that read none of them.
var attrPseudos = map[string]string{
	"link": "href", "any-link": "href", "lang": "lang",
	"not": "", "is": "", "where": "", "root": "", "first-child": "", "last-child": "", "only-child": "",
	"nth-child": "", "nth-last-child": "", "nth-of-type": "", "nth-last-of-type": "", "first-of-type": "",
	"last-of-type": "", "only-of-type": "", "empty": "", "has": "", "haschild": "", "contains": "",
	"containsown": "", "matches": "", "matchesown": "",
}

// noteAttrs records the attributes selector reads besides class and id: the names of
// its attribute selectors and of the pseudo-classes that read one. Any other
// pseudo-class, or a name it cannot read, makes every attribute matter.
func (rs *RuleSet) noteAttrs(selector string) {
	l := strings.ToLower(notState.ReplaceAllString(selector, ""))
	name := func(s string) string {
		j := 0
		for j < len(s) && (s[j] == '-' || s[j] == '_' || s[j] >= 0x80 || s[j] >= '0' && s[j] <= '9' || s[j] >= 'a' && s[j] <= 'z') {
			j++
		}
		return s[:j]
	}
	for i := 0; i < len(l); i++ {
		switch l[i] {
		case '\\':
			i++ // an escaped character: not a '[' or ':'
		case '[':
			s := strings.TrimLeft(l[i+1:], " \t\n\r\f")
			if k := strings.IndexByte(s, '|'); k >= 0 && k < strings.IndexAny(s+"]", "]=~^$*") && s[k+1] != '=' {
				s = s[k+1:] // a namespace prefix
			}
			n := name(s)
			if n == "" || len(s) > len(n) && s[len(n)] == '\\' {
				rs.anyAttr = true
				continue
			}
			if n != "class" && n != "id" {
				rs.attrs[n] = true
			} else if n == "id" {
				rs.anyID = true
			}
		case ':':
			n := name(l[i+1:])
			a, known := attrPseudos[n]
			switch {
			case !known:
				rs.anyAttr = true
			case a != "":
				rs.attrs[a] = true
			}
		}
	}
}

// position is what a selector looks at beyond an element's tag, attributes and
// ancestors: whether it is the first element child (posFirst), the last (posLast), or
// anything else of its siblings or content (posAny).
type position uint8

const (
	posFirst position = 1 << iota
	posLast
	posAny
)

// positionalMarks are what makes a selector look beyond an element's tag, attributes and
// ancestors once :first-child, :last-child and :only-child are taken out (a "~" may also
// be an attribute's "~=": counted all the same). :disabled and :enabled look at an
// ancestor's siblings: a control in a disabled fieldset's first <legend> is enabled.
var positionalMarks = []string{"+", "~", ":first", ":last", ":nth", ":only", ":empty", ":has", ":contains", ":matches", ":disabled", ":enabled"}

// positionalOf reads what selector (a list) may look at of an element's siblings, place
// among them or content (Rule.positional), from its text.
func positionalOf(selector string) position {
	l := strings.ToLower(selector)
	var p position
	for _, m := range []struct {
		pseudo string
		p      position
	}{{":first-child", posFirst}, {":last-child", posLast}, {":only-child", posFirst | posLast}} {
		if strings.Contains(l, m.pseudo) {
			p |= m.p
			l = strings.ReplaceAll(l, m.pseudo, "")
		}
	}
	for _, m := range positionalMarks {
		if strings.Contains(l, m) {
			return p | posAny
		}
	}
	return p
}

func prevElement(n *html.Node) *html.Node {
	for c := n.PrevSibling; c != nil; c = c.PrevSibling {
		if c.Type == html.ElementNode {
			return c
		}
	}
	return nil
}

func nextElement(n *html.Node) *html.Node {
	for c := n.NextSibling; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			return c
		}
	}
	return nil
}

// noteIDs records the ids selector names. An escaped id, or an attribute selector on
// id, makes every id matter.
func (rs *RuleSet) noteIDs(selector string) {
	l := strings.ToLower(strings.Join(strings.Fields(selector), ""))
	if strings.Contains(l, "[id") || strings.Contains(l, "|id") {
		rs.anyID = true
	}
	for s := selector; ; {
		i := strings.IndexByte(s, '#')
		if i < 0 {
			return
		}
		s = s[i+1:]
		j := 0
		for j < len(s) && (s[j] == '-' || s[j] == '_' || s[j] >= 0x80 || s[j] >= '0' && s[j] <= '9' || s[j]|0x20 >= 'a' && s[j]|0x20 <= 'z') {
			j++
		}
		if j < len(s) && s[j] == '\\' {
			rs.anyID = true
		}
		rs.namedIDs[s[:j]] = true
		s = s[j:]
	}
}

// Memo is a table of what a caller derives from a rule set's matches, shared like the
// rule set by every page that applies the same stylesheets: the cascade keeps computed
// styles there, so a style computed for one page serves the next ones (a site's pages
// repeat their structure). It is safe for concurrent use and holds at most maxMemo
// entries.
type Memo struct {
	mu sync.RWMutex
	m  map[string]any
}

// maxMemo bounds a Memo: about 300 bytes a computed style, 15 MB at most.
const maxMemo = 50_000

// Scratch returns the rule set's pool of values that one goroutine at a time keeps what
// it derives from the rule set's matches in, from page to page: a value taken from it
// (Get) is the taker's alone until it is given back (Put), so it needs no lock, where a
// Memo is shared by every goroutine. The pool may drop what it holds (at a garbage
// collection, as a sync.Pool does), so a value keeps only what can be derived again.
func (rs *RuleSet) Scratch() *sync.Pool { return &rs.scratch }

// PageScratch returns a second pool like Scratch's, for what a goroutine keeps from page
// to page for longer than it keeps a value of Scratch's: another goroutine that finds
// Scratch's pool empty starts from nothing.
func (rs *RuleSet) PageScratch() *sync.Pool { return &rs.pages }

// Memo returns the rule set's memo.
func (rs *RuleSet) Memo() *Memo { return &rs.memo }

// PathMemo returns the rule set's memo of paths: what pages keep of each path's match
// (MatchPath), apart from the computed styles (Memo).
func (rs *RuleSet) PathMemo() *Memo { return &rs.paths }

// Put returns the value held for key, making it with make when there is none and
// numbering what it made with number before it is held: id is 1 for the memo's first
// value, 2 for the second, and so on. ok is false when the memo is full: nothing is made
// when it is full already.
//
// make runs without the lock: making a value (matching a path, computing a style) is
// most of what a page's cascade does with the memo, and under the lock every other
// goroutine that looked a key up waited for it. Two goroutines may then make a value for
// the same key at once; the first one held is the one both get (a value made from its key
// is the same whoever makes it, but for what it records of the making, such as the rule
// tests a path's match took, which are then the first maker's, as they were when the
// lock was held).
func (m *Memo) Put(key []byte, make func() any, number func(v any, id int)) (v any, ok bool) {
	m.mu.RLock()
	v, ok = m.m[string(key)]
	full := len(m.m) >= maxMemo
	m.mu.RUnlock()
	if ok {
		return v, true
	}
	if full {
		return nil, false
	}
	made := make()
	m.mu.Lock()
	defer m.mu.Unlock()
	if v, ok := m.m[string(key)]; ok {
		return v, true
	}
	if len(m.m) >= maxMemo {
		return nil, false
	}
	if m.m == nil {
		m.m = map[string]any{}
	}
	number(made, len(m.m)+1)
	m.m[string(key)] = made
	return made, true
}
