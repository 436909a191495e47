package style

import (
	"reflect"

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

// placeReaders is which elements' places the selectors of a rule set may read (any, or
// those of tags, or the children of tags), where one looks at places at all
// (RuleSet.firstLast).
type placeReaders struct {
	any           bool
	tags, parents tagSet
}

// tagSet is a few tag names, compared by atom (the cascade asks for every element):
// most elements' tags are in none, which a bit of 256 of their atom tells at once.
type tagSet struct {
	bits  [4]uint64 // of the atoms' bytes atomByte
	atoms []atom.Atom
	names []string // every name, the atoms' too
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
		ts.bits[b>>6] |= 1 << (b & 63)
	}
}

// has reports whether element n's tag is in ts: by its atom where it has one (the atom
// of its name: html.Node), else by its name.
func (ts *tagSet) has(n *html.Node) bool {
	if n.DataAtom != 0 {
		if b := atomByte(n.DataAtom); ts.bits[b>>6]&(1<<(b&63)) == 0 {
			return false
		}
		for _, a := range ts.atoms {
			if a == n.DataAtom {
				return true
			}
		}
		return false
	}
	return contains(ts.names, n.Data)
}

// notePlaceReads records which elements' places selector sel (one of a rule's list) may
// read.
func (rs *RuleSet) notePlaceReads(sel cascadia.Sel) {
	v := reflect.ValueOf(sel)
	// A place read where the walk of the selector's compounds found none is taken to
	// be any element's.
	if !rs.notePlaces(v) && hasPlace(v) {
		rs.places.any = true
	}
}

// eachPart calls f with every part of selector v: its compounds, their simple
// selectors, and the selectors of their pseudo-classes, through every field of
// cascadia's types.
func eachPart(v reflect.Value, f func(reflect.Value)) {
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
		if cascadiaType(v) == "" {
			return
		}
		f(v)
		for i := 0; i < v.NumField(); i++ {
			eachPart(v.Field(i), f)
		}
	}
}

// readsPlace reports whether part p is :first-child, :last-child or :only-child (which
// read the element's place), and has reports whether any part of v is.
func readsPlace(p reflect.Value) bool {
	switch cascadiaType(p) {
	case "nthPseudoClassSelector":
		return p.FieldByName("a").Int() == 0 && p.FieldByName("b").Int() == 1 && !p.FieldByName("ofType").Bool()
	case "onlyChildPseudoClassSelector":
		return !p.FieldByName("ofType").Bool()
	}
	return false
}

func hasPlace(v reflect.Value) bool {
	found := false
	eachPart(v, func(p reflect.Value) { found = found || readsPlace(p) })
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
		if readsPlace(p) || !hasPlace(p) {
			continue
		}
		own := cascadiaType(p) == "relativePseudoClassSelector" && p.FieldByName("name").String() == "not"
		eachPart(p, func(q reflect.Value) {
			switch cascadiaType(q) {
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
	if rs.places.any || rs.places.tags.has(n) {
		return true
	}
	p := n.Parent
	return p != nil && p.Type == html.ElementNode && rs.places.parents.has(p)
}
