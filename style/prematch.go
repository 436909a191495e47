package style

import (
	"reflect"
	"strings"

	"golang.org/x/net/html"
)

// Beyond the rightmost compound's tag, attribute and child pseudo-classes, Match checks
// before it asks cascadia what a selector asks of the element's classes, of an attribute's
// value, and of the elements a chain of child and sibling combinators next to the
// rightmost compound lands on: a theme's ":not(li) > ul > li:first-child > :first-child"
// is then tried by cascadia only on first children of first list items, ".docutils.container"
// only on elements of both classes, "div.code-block-caption + div" only on a div whose
// previous element is a caption. Each check is a necessary condition of cascadia's match,
// so rules are skipped, never added.

// need is what a compound asks of an element, as far as Match checks it.
type need struct {
	tag, notTag string // the tag it asks for; the tag :not() excludes ("" for none)
	classes     []string
	first, last bool // :first-child, :last-child
}

// step is a combinator (child '>', adjacent '+', general sibling '~') and what the
// compound left of it asks of the element it leads to.
type step struct {
	comb byte
	need need
}

// needOf reads what compound v asks of an element.
func needOf(v reflect.Value) need {
	var nd need
	var ids, classes, tags []string
	compoundKeys(v, &ids, &classes, &tags)
	if len(tags) > 0 {
		nd.tag = tags[0]
	}
	nd.classes = classes
	nd.first, nd.last, _ = childPseudo(v)
	nd.notTag = notTagOf(v)
	return nd
}

// notTagOf returns the tag of a :not(tag) in compound v ("" for none).
func notTagOf(v reflect.Value) string {
	switch cascadiaType(v) {
	case "relativePseudoClassSelector":
		if v.FieldByName("name").String() != "not" {
			return ""
		}
		g := v.FieldByName("match")
		if g.Len() != 1 {
			return ""
		}
		s := g.Index(0).Elem()
		if cascadiaType(s) == "compoundSelector" && s.FieldByName("selectors").Len() == 1 {
			s = s.FieldByName("selectors").Index(0).Elem()
		}
		if cascadiaType(s) == "tagSelector" {
			return s.FieldByName("tag").String()
		}
	case "compoundSelector":
		sels := v.FieldByName("selectors")
		for i := 0; i < sels.Len(); i++ {
			if s := sels.Index(i).Elem(); cascadiaType(s) == "relativePseudoClassSelector" {
				if t := notTagOf(s); t != "" {
					return t
				}
			}
		}
	}
	return ""
}

// unwrap skips the combined selectors that hold only their first part.
func unwrap(v reflect.Value) reflect.Value {
	for cascadiaType(v) == "combinedSelector" && v.FieldByName("second").IsNil() {
		v = v.FieldByName("first").Elem()
	}
	return v
}

// stepsOf reads the child and sibling combinators next to selector v's rightmost
// compound, right to left, up to the first descendant combinator (the ancestor filter's
// business) and ending after a general sibling one (whose sibling is not known).
func stepsOf(v reflect.Value) []step {
	var steps []step
	for cur := unwrap(v); cascadiaType(cur) == "combinedSelector"; {
		comb := byte(cur.FieldByName("combinator").Uint())
		if comb != '>' && comb != '+' && comb != '~' {
			break
		}
		first := unwrap(cur.FieldByName("first").Elem())
		left, ok := rightCompound(first)
		if !ok {
			break
		}
		steps = append(steps, step{comb: comb, need: needOf(left)})
		if comb == '~' {
			break
		}
		cur = first
	}
	return steps
}

// attrValue returns the value test of the attribute selector attrKey reads in compound
// v: its operation ("=", "^=", "$=", "*=") and value, "" when it has none Match checks
// (no value, another operation, case-insensitive, a regular expression).
func attrValue(v reflect.Value) (op, val string) {
	switch cascadiaType(v) {
	case "attrSelector":
		switch o := v.FieldByName("operation").String(); o {
		case "=", "^=", "$=", "*=":
			if !v.FieldByName("insensitive").Bool() && v.FieldByName("regexp").IsNil() {
				return o, v.FieldByName("val").String()
			}
		}
	case "compoundSelector":
		sels := v.FieldByName("selectors")
		for i := 0; i < sels.Len(); i++ {
			if s := sels.Index(i).Elem(); cascadiaType(s) == "attrSelector" {
				if attrKey(s) != "" {
					return attrValue(s) // the one attrKey reads
				}
			}
		}
	}
	return "", ""
}

// hasAttrValue reports whether n has an attribute key whose value passes the test op val
// (op as attrValue returns it, "" for any value).
func hasAttrValue(n *html.Node, key, op, val string) bool {
	for _, a := range n.Attr {
		if a.Key != key {
			continue
		}
		switch op {
		case "":
			return true
		case "=":
			if a.Val == val {
				return true
			}
		case "^=":
			if strings.HasPrefix(a.Val, val) {
				return true
			}
		case "$=":
			if strings.HasSuffix(a.Val, val) {
				return true
			}
		case "*=":
			if strings.Contains(a.Val, val) {
				return true
			}
		}
	}
	return false
}

// hasClass reports whether n has class c, as cascadia looks for one.
func hasClass(n *html.Node, c string) bool {
	for _, a := range n.Attr {
		if a.Key != "class" {
			continue
		}
		for s := a.Val; s != ""; {
			i := strings.IndexAny(s, " \t\r\n\f")
			if i < 0 {
				if s == c {
					return true
				}
				break
			}
			if s[:i] == c {
				return true
			}
			s = s[i+1:]
		}
	}
	return false
}

// may reports whether n may match a compound that asks nd of it.
func (nd *need) may(n *html.Node) bool {
	if nd.tag != "" && (n.Type != html.ElementNode || n.Data != nd.tag) ||
		nd.notTag != "" && n.Type == html.ElementNode && n.Data == nd.notTag ||
		nd.first && prevElement(n) != nil || nd.last && nextElement(n) != nil {
		return false
	}
	for _, c := range nd.classes {
		if !hasClass(n, c) {
			return false
		}
	}
	return true
}

// stepsMay reports whether the elements steps lead to from n may match their compounds.
func stepsMay(n *html.Node, steps []step) bool {
	cur := n
	for i := range steps {
		s := &steps[i]
		switch s.comb {
		case '>':
			cur = cur.Parent
		case '+':
			// cascadia's adjacent sibling: the previous node that is not text or a comment.
			cur = cur.PrevSibling
			for cur != nil && (cur.Type == html.TextNode || cur.Type == html.CommentNode) {
				cur = cur.PrevSibling
			}
		case '~':
			for p := cur.PrevSibling; p != nil; p = p.PrevSibling {
				if s.need.may(p) {
					return true
				}
			}
			return false
		}
		if cur == nil || !s.need.may(cur) {
			return false
		}
	}
	return true
}

// mayMatch reports whether n, of keys k, may match r as far as its classes, attribute
// value and steps tell.
func (r *Rule) mayMatch(n *html.Node, k *ElemKeys) bool {
	for _, c := range r.classes {
		if !contains(k.classes, c) {
			return false
		}
	}
	if r.attrOp != "" && !hasAttrValue(n, r.attr, r.attrOp, r.attrVal) {
		return false
	}
	return len(r.steps) == 0 || stepsMay(n, r.steps)
}
