package style

import (
	"encoding/binary"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// An element's key (AppendKey) holds what the selectors of a rule set may read of it, no
// more: two elements of the same key under the same path match the same rules, and the
// fewer keys a site's elements have, the more of its paths are matched once for the run.
// Whether an element is its parent's first or last element child is read by
// :first-child, :last-child and :only-child, in a compound that asks for a tag, or is
// the child of a compound that asks for one, or neither (placeReaders): the key holds
// the element's place only where such a compound may match it. The Python docs' theme
// reads the places of list items, definitions and the children of table cells, list
// items, definitions and sidebars; keyed for every element, the places made 4,836 of
// the 10,993 paths new to the run on 500 of its pages.
//
// The run's memo of paths (RuleSet.PathMemo) is keyed coarser still (AppendMemoKey): of
// the class attribute, only whether it holds each class a selector names (.x, in any
// order, however often) and whether each attribute selector on class
// ([class*="highlight-"]) matches it (classReads). Making that key looks up each class,
// so a page's walk keys its elements by the whole attribute (AppendKey) and makes the
// memo key only for the paths it asks the memo for. Sphinx writes a page's code blocks,
// sections and references with classes its theme names none of: on the same 500 pages,
// the paths new to the run went from 6,157 to 2,563.

// classReads is what the selectors of a rule set read of an element's class attribute.
type classReads struct {
	// whole is set when a selector may read it in a way not known here (then the key
	// holds the whole attribute).
	whole bool
	// named numbers every class a selector names (.x, anywhere in it: in :not() too).
	named map[string]uint32
	// attrs are the attribute selectors on class, each once, compiled alone.
	attrs    []cascadia.Sel
	attrSeen map[string]bool
}

// placeReaders is which elements' places the selectors of a rule set may read (any, or
// those of tags, or the children of tags), where one looks at places at all
// (RuleSet.firstLast).
type placeReaders struct {
	any           bool
	tags, parents tagSet
}

// tagSet is a few tag names, compared by atom (the cascade asks for every element): an
// atom is looked for in one place of a table (by atomByte), or among the set's atoms
// where two of them fall in one place.
type tagSet struct {
	byByte  [256]atom.Atom // the set's atom of each byte, if one
	crowded [4]uint64      // a bit for each byte of more than one of the set's atoms
	atoms   []atom.Atom
	names   []string // every name, the atoms' too
}

// atomByte picks a byte of atom a (a name's place in the table of atoms, and its
// length: the place's last byte tells most names apart).
func atomByte(a atom.Atom) uint8 { return uint8(a >> 8) }

func (ts *tagSet) add(tag string) {
	if contains(ts.names, tag) {
		return
	}
	ts.names = append(ts.names, tag)
	if a := atom.Lookup([]byte(tag)); a != 0 && a.String() == tag {
		ts.atoms = append(ts.atoms, a)
		b := atomByte(a)
		if ts.byByte[b] != 0 {
			ts.crowded[b>>6] |= 1 << (b & 63)
		}
		ts.byByte[b] = a
	}
}

// quick tells whether atom a is in ts from its place in the table alone (sure), as
// it is for most atoms: not for no atom (0) or a crowded place.
func (ts *tagSet) quick(a atom.Atom) (in, sure bool) {
	b := atomByte(a)
	if a != 0 && ts.byByte[b] == a {
		return true, true
	}
	return false, a != 0 && ts.crowded[b>>6]&(1<<(b&63)) == 0
}

// has reports whether element n's tag is in ts: by its atom where it has one (the atom
// of its name: html.Node), else by its name.
func (ts *tagSet) has(n *html.Node) bool {
	a := n.DataAtom
	if a == 0 {
		return contains(ts.names, n.Data)
	}
	b := atomByte(a)
	if ts.byByte[b] == a {
		return true
	}
	return ts.crowded[b>>6]&(1<<(b&63)) != 0 && slices.Contains(ts.atoms, a)
}

// noteReads records what selector sel (one of a rule's list) reads of an element's class
// attribute and which elements' places it may read.
func (rs *RuleSet) noteReads(sel cascadia.Sel) {
	v := reflect.ValueOf(sel)
	// A place read where the walk of the selector's compounds found none is taken to
	// be any element's.
	if rs.noteClasses(v) && !rs.notePlaces(v) {
		rs.places.any = true
	}
}

// noteClasses records the classes selector v names and its attribute selectors on
// class, wherever they are in it (in a pseudo-class's selectors too). It reports
// whether a part of v reads places (readsPlace): most selectors do not, and are
// walked once.
func (rs *RuleSet) noteClasses(v reflect.Value) bool {
	cr := &rs.classes
	if cr.named == nil {
		cr.named, cr.attrSeen = map[string]uint32{}, map[string]bool{}
	}
	places := false
	eachPart(v, func(p reflect.Value, name string) {
		places = places || readsPlace(p, name)
		switch name {
		case "classSelector":
			c := p.FieldByName("class").String()
			if _, ok := cr.named[c]; !ok {
				cr.named[c] = uint32(len(cr.named))
			}
		case "attrSelector":
			if p.FieldByName("key").String() != "class" {
				return
			}
			text, ok := classAttrText(p)
			if !ok {
				cr.whole = true
				return
			}
			if cr.attrSeen[text] {
				return
			}
			cr.attrSeen[text] = true
			// The selector is made again from its parts; it is used only if it has
			// the parts of the one it stands for.
			s, err := cascadia.Parse(text)
			if err != nil || !sameAttrSelector(reflect.ValueOf(s), p) {
				cr.whole = true
				return
			}
			cr.attrs = append(cr.attrs, s)
		}
	})
	return places
}

// classAttrText writes attribute selector p (on class) as selector text.
func classAttrText(p reflect.Value) (string, bool) {
	op := p.FieldByName("operation").String()
	switch op {
	case "":
		return "[class]", true
	case "=", "!=", "~=", "|=", "^=", "$=", "*=":
	default:
		return "", false // #= (a regular expression)
	}
	var b strings.Builder
	b.WriteString("[class" + op + `"`)
	for _, r := range p.FieldByName("val").String() {
		switch {
		case r == '"' || r == '\\':
			b.WriteString(`\` + string(r))
		case r < 0x20 || r == 0x7f:
			b.WriteString(`\` + strconv.FormatInt(int64(r), 16) + " ")
		default:
			b.WriteRune(r)
		}
	}
	b.WriteString(`"`)
	if p.FieldByName("insensitive").Bool() {
		b.WriteString(" i")
	}
	b.WriteString("]")
	return b.String(), true
}

// sameAttrSelector reports whether a (a parsed selector) is an attribute selector with
// the parts of b.
func sameAttrSelector(a, b reflect.Value) bool {
	if cascadiaType(a) != "attrSelector" {
		return false
	}
	for _, f := range []string{"key", "val", "operation"} {
		if a.FieldByName(f).String() != b.FieldByName(f).String() {
			return false
		}
	}
	return a.FieldByName("insensitive").Bool() == b.FieldByName("insensitive").Bool()
}

// eachPart calls f with every part of selector v and the name of its type (cascadiaType):
// its compounds, their simple selectors, and the selectors of their pseudo-classes,
// through every field of cascadia's types.
func eachPart(v reflect.Value, f func(reflect.Value, string)) {
	switch v.Kind() {
	case reflect.Interface, reflect.Pointer:
		if !v.IsNil() {
			eachPart(v.Elem(), f)
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			eachPart(v.Index(i), f)
		}
	case reflect.Struct:
		name := cascadiaType(v)
		if name == "" {
			return
		}
		f(v, name)
		for i := 0; i < v.NumField(); i++ {
			eachPart(v.Field(i), f)
		}
	}
}

// readsPlace reports whether part p (of type name) is :first-child, :last-child or
// :only-child (which read the element's place), and hasPlace whether any part of v is.
func readsPlace(p reflect.Value, name string) bool {
	switch name {
	case "nthPseudoClassSelector":
		return p.FieldByName("a").Int() == 0 && p.FieldByName("b").Int() == 1 && !p.FieldByName("ofType").Bool()
	case "onlyChildPseudoClassSelector":
		return !p.FieldByName("ofType").Bool()
	}
	return false
}

func hasPlace(v reflect.Value) bool {
	found := false
	eachPart(v, func(p reflect.Value, name string) { found = found || readsPlace(p, name) })
	return found
}

// notePlaces records which elements the compounds of selector v that read places may
// match: each compound of its chain of combinators, from the right. It reports whether
// one reads places.
func (rs *RuleSet) notePlaces(v reflect.Value) bool {
	found := false
	for {
		if cascadiaType(v) != "combinedSelector" {
			return rs.notePlace(v, "") || found
		}
		first := v.FieldByName("first").Elem()
		if second := v.FieldByName("second"); !second.IsNil() {
			parent := ""
			if v.FieldByName("combinator").Uint() == '>' {
				if left, ok := rightCompound(first); ok {
					var ids, classes, tags []string
					compoundKeys(left, &ids, &classes, &tags)
					if len(tags) > 0 {
						parent = tags[0]
					}
				}
			}
			found = rs.notePlace(second.Elem(), parent) || found
		}
		v = first
	}
}

// notePlace records which elements compound c may match (a child of a parent tag, or
// "") where it reads places: those of its tag, else the children of the parent's tag,
// else any. A place read inside a pseudo-class is the element's own where the
// pseudo-class's selectors are compounds (:not(:first-child)); where they are more
// (:not(div > :first-child), :has()), any element's place may be read.
func (rs *RuleSet) notePlace(c reflect.Value, parent string) bool {
	if !hasPlace(c) {
		return false
	}
	if cascadiaType(c) == "" {
		rs.places.any = true
		return true
	}
	parts := []reflect.Value{c}
	if cascadiaType(c) == "compoundSelector" {
		parts = parts[:0]
		sels := c.FieldByName("selectors")
		for i := 0; i < sels.Len(); i++ {
			parts = append(parts, sels.Index(i).Elem())
		}
	}
	for _, p := range parts {
		if readsPlace(p, cascadiaType(p)) || !hasPlace(p) {
			continue
		}
		own := cascadiaType(p) == "relativePseudoClassSelector" && p.FieldByName("name").String() == "not"
		eachPart(p, func(q reflect.Value, name string) {
			switch name {
			case "combinedSelector":
				if !q.FieldByName("second").IsNil() {
					own = false
				}
			case "relativePseudoClassSelector":
				if q.FieldByName("name").String() != "not" {
					own = false
				}
			}
		})
		if !own {
			rs.places.any = true
			return true
		}
	}
	var ids, classes, tags []string
	compoundKeys(c, &ids, &classes, &tags)
	switch {
	case len(tags) > 0:
		rs.places.tags.add(tags[0])
	case parent != "":
		rs.places.parents.add(parent)
	default:
		rs.places.any = true
	}
	return true
}

// placeRead reports whether a selector may read element n's place.
func (rs *RuleSet) placeRead(n *html.Node) bool {
	pl := &rs.places
	if pl.any {
		return true
	}
	if in, sure := pl.tags.quick(n.DataAtom); in || !sure && pl.tags.has(n) {
		return true
	}
	p := n.Parent
	if p == nil || p.Type != html.ElementNode {
		return false
	}
	in, sure := pl.parents.quick(p.DataAtom)
	return in || !sure && pl.parents.has(p)
}

// appendClassKey appends to buf what the selectors read of class attribute s of element
// n: whether each attribute selector on class matches n (a bit each), then the numbers
// of the named classes s holds, in order, each once.
func (rs *RuleSet) appendClassKey(buf []byte, n *html.Node, s string) []byte {
	cr := &rs.classes
	for i := 0; i < len(cr.attrs); i += 8 {
		var bits byte
		for j := i; j < len(cr.attrs) && j < i+8; j++ {
			if cr.attrs[j].Match(n) {
				bits |= 1 << (j - i)
			}
		}
		buf = append(buf, bits)
	}
	var held [8]uint32
	nums := held[:0]
	for s != "" {
		c := s
		if i := indexSpace(s); i >= 0 {
			c, s = s[:i], s[i+1:]
		} else {
			s = ""
		}
		if c == "" {
			continue
		}
		if x, ok := cr.named[c]; ok {
			// In order, each once (a class attribute holds a few).
			j := len(nums)
			for j > 0 && nums[j-1] > x {
				j--
			}
			if j > 0 && nums[j-1] == x {
				continue
			}
			nums = append(nums, 0)
			copy(nums[j+1:], nums[j:])
			nums[j] = x
		}
	}
	for _, x := range nums {
		buf = binary.AppendUvarint(buf, uint64(x))
	}
	return buf
}
