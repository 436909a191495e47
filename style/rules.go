package style

import (
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"

	"github.com/preloadgen/preloadgen/parse"
)

// The cascade does not try every rule on every element, as browsers do not (Blink's
// RuleSet, Servo's SelectorMap): a RuleSet buckets each selector by its rightmost
// compound's id, else one of its classes, else its tag, else it is universal. An element
// is tried only against the rules of its id, its classes, its tag and the universal ones,
// and a selector whose compounds further left must match ancestors (descendant and child
// combinators) is rejected at once when an ancestor filter (a counting Bloom filter of the
// ancestors' ids, classes and tags) shows that no ancestor has one of them. What a
// selector matches is still decided by cascadia: the index only skips rules that cannot
// match, so the result is the same as trying every rule.
//
// A RuleSet depends only on the page's stylesheets, their site paths and depths, so it is
// built once per distinct set in a run and shared, read-only, by every page that applies
// the same set (Cache).

// RuleSet is the style rules of a set of stylesheets, compiled and indexed. It is not
// changed after BuildRuleSet returns, and is safe for concurrent use.
type RuleSet struct {
	Rules []Rule
	// PathOnly is set when every selector looks only at an element's tag, id, classes
	// and ancestors: two elements with the same such path match the same rules.
	PathOnly bool
	byID     map[string][]int32
	byClass  map[string][]int32
	byTag    map[string][]int32
	universe []int32
	// namedIDs is every id a selector names (#x, also inside :not() and the like);
	// anyID is set when one may look at ids otherwise ([id], escapes): then every id
	// matters to style sharing (Siblings).
	namedIDs map[string]bool
	anyID    bool
	// attrs is every other attribute a selector reads ([name], :link's href, ...);
	// anyAttr is set when one may read attributes in a way not known here: then every
	// attribute matters to style sharing. attrList holds the names of attrs where they
	// are few (readsAttr).
	attrs    map[string]bool
	attrList []string
	anyAttr  bool
	// readsText is set when a selector reads an element's text (:contains(), ...).
	readsText bool
	// readsInside is set when a selector looks at an element's descendants (:has()).
	readsInside bool
	// firstLast is set when a selector looks at whether an element is its parent's first
	// or last element child (:first-child, :last-child, :only-child): then that is part
	// of the key of an element whose place one may read (AppendKey, places).
	firstLast bool
	places    placeReaders
	// classes is what selectors read of an element's class attribute (AppendMemoKey).
	classes classReads
	memo    Memo
	paths   Memo
	scratch sync.Pool
	pages   sync.Pool
}

// ReadsAttr reports whether a selector reads the attribute of that name, known by name
// (ReadsAnyAttr tells whether one may read others; class and id are not counted).
func (rs *RuleSet) ReadsAttr(name string) bool { return rs.attrs[name] }

// maxAttrList is how many names attrs may have for readsAttr to look them up in
// attrList: a theme's rules read a few by name (the Python docs' only type), and a
// short list of names, compared by length first, finds one sooner than a map hashes
// it (every attribute of every element is asked for).
const maxAttrList = 8

// readsAttr is ReadsAttr, for the cascade's every element.
func (rs *RuleSet) readsAttr(name string) bool {
	if len(rs.attrs) > maxAttrList {
		return rs.attrs[name]
	}
	for _, a := range rs.attrList {
		if a == name {
			return true
		}
	}
	return false
}

// ReadsAnyAttr reports whether a selector may read attributes in a way not known by
// name (an escaped name, a pseudo-class not known here).
func (rs *RuleSet) ReadsAnyAttr() bool { return rs.anyAttr }

// ReadsInside reports whether a selector of rs looks at an element's descendants
// (:has()): at what they are and where, beyond their own tags, attributes and
// ancestors.
func (rs *RuleSet) ReadsInside() bool { return rs.readsInside }

// ReadsText reports whether a selector reads an element's text (:contains() and the
// like), beyond whether it has any (:empty).
func (rs *RuleSet) ReadsText() bool { return rs.readsText }

// Rule is one selector of a rule that sets a font or box property or a url().
type Rule struct {
	Sel   cascadia.Sel
	Spec  [3]int
	Order int // source order among the set's rules
	Decl  *parse.StyleRule
	// Computed is set when the rule sets a property the computed style reads (not only
	// a url()).
	Computed bool
	Sheet    string             // site path of its sheet ("" inline)
	Depth    int                // the depth of its sheet
	Vars     []parse.CustomProp // the custom properties it sets that other properties read (UsedVars)
	// anc are the filter hashes of ids, classes and tags that ancestors must have for
	// the selector to match (at most maxAncestorHashes).
	anc []uint32
	// tag is the tag the rightmost compound asks for ("" for any), attr an attribute
	// it asks the element to have ("" for none), and first, last and root whether it
	// asks for :first-child, :last-child or :root: what Match checks before it asks
	// cascadia (a rule bucketed by a class is mostly tried on elements of other tags,
	// a universal :first-child on elements that are not, a universal [type=checkbox] on
	// elements without a type, a theme's many :root rules on every element).
	tag, attr         string
	first, last, root bool
	// parentTag is the tag the compound left of a child combinator next to the
	// rightmost compound asks the parent for (dd > :first-child), "" for none.
	parentTag string
	// positional says what beyond the element's tag, attributes and ancestors the
	// selector may look at: its siblings or place among them (+, ~, :first-child,
	// :nth-*, ...), its content (:empty, :has(), :contains()). Two siblings alike in
	// everything else may then match it differently.
	positional position
}

const maxAncestorHashes = 4

// Sheet is a stylesheet a page applies: its site path ("" for an inline <style>), its
// parse, and its depth (the discovery wave that finds it).
type Sheet struct {
	Path  string
	Sheet *parse.Stylesheet
	Depth int
}

// BuildRuleSet compiles and indexes the rules of sheets, in the order the cascade uses.
func BuildRuleSet(sheets []Sheet) *RuleSet {
	rs := &RuleSet{PathOnly: true, byID: map[string][]int32{}, byClass: map[string][]int32{}, byTag: map[string][]int32{}, namedIDs: map[string]bool{}, attrs: map[string]bool{}}
	order := 0
	used := UsedVars(sheets)
	for _, as := range sheets {
		for i := range as.Sheet.Rules {
			rule := &as.Sheet.Rules[i]
			order++
			if !parse.MediaCanMatchScreen(rule.Media) {
				continue
			}
			// Rules that may hide an element (or show it again) count with the font rules:
			// the cascade tells what paints nothing, which is never the LCP (visuallyHidden).
			var vars []parse.CustomProp
			for _, cp := range rule.Vars {
				if used[cp.Name] {
					vars = append(vars, cp)
				}
			}
			hasFont := rule.FontFamilies != nil || rule.FontWeight != 0 || rule.FontStyle != "" || rule.FontSize != "" ||
				rule.FontFamilyVar != "" || rule.FontWeightVar != "" || rule.FontStyleVar != "" ||
				rule.Display != "" || rule.Visibility != "" || rule.Clip != "" || len(vars) > 0 ||
				rule.LineHeight != "" || rule.MarginTop != "" || rule.MarginBottom != "" || rule.PaddingTop != "" || rule.PaddingBottom != "" ||
				rule.Width != "" || rule.MaxWidth != "" || rule.MarginLeft != "" || rule.MarginRight != "" ||
				rule.PaddingLeft != "" || rule.PaddingRight != "" || rule.FlexDirection != "" || rule.Position != "" || rule.Height != "" || rule.MinHeight != "" || rule.FlexWrap || rule.FlexBasis != "" || rule.FlexGrow != "" || rule.FlexShrink != "" || rule.BoxSizing != ""
			if !hasFont && len(rule.URLs) == 0 {
				continue
			}
			g, ok := compile(rule.Selector)
			if !ok {
				continue
			}
			// :root is the <html> element: as much a path as a tag.
			if strings.ContainsAny(strings.ReplaceAll(notState.ReplaceAllString(rule.Selector, ""), ":root", ""), "[:+~") {
				rs.PathOnly = false
			}
			positional := positionalOf(rule.Selector)
			if l := strings.ToLower(rule.Selector); strings.Contains(l, ":contains") || strings.Contains(l, ":matches") {
				rs.readsText = true
			}
			if strings.Contains(strings.ToLower(rule.Selector), ":has") {
				rs.readsInside = true
			}
			if positional&(posFirst|posLast) != 0 {
				rs.firstLast = true
			}
			rs.noteIDs(rule.Selector)
			rs.noteAttrs(rule.Selector)
			for _, sel := range g {
				spec := sel.Specificity()
				idx := int32(len(rs.Rules))
				keys := selectorKeys(sel)
				rs.noteReads(sel)
				rs.Rules = append(rs.Rules, Rule{Sel: sel, Spec: [3]int{spec[0], spec[1], spec[2]}, Order: order,
					Decl: rule, Computed: hasFont, Sheet: as.Path, Depth: as.Depth, Vars: vars, anc: keys.anc, positional: positional,
					tag: keys.rightTag, attr: keys.attr, first: keys.first, last: keys.last, root: keys.root, parentTag: keys.parentTag})
				switch {
				case keys.id != "":
					rs.byID[keys.id] = append(rs.byID[keys.id], idx)
				case keys.class != "":
					rs.byClass[keys.class] = append(rs.byClass[keys.class], idx)
				case keys.tag != "":
					rs.byTag[keys.tag] = append(rs.byTag[keys.tag], idx)
				default:
					rs.universe = append(rs.universe, idx)
				}
			}
		}
	}
	if rs.anyAttr {
		rs.classes.whole = true
	}
	if len(rs.attrs) <= maxAttrList {
		for a := range rs.attrs {
			rs.attrList = append(rs.attrList, a)
		}
	}
	return rs
}

// selKeys is what the index knows of a selector: one id, class or tag of its rightmost
// compound (the first found, in that order of preference), the filter hashes of its
// ancestors' compounds, and what else its rightmost compound asks for (Rule.tag, first
// and last).
type selKeys struct {
	id, class, tag    string
	anc               []uint32
	rightTag, attr    string
	first, last, root bool
	parentTag         string
}

// selectorKeys reads a compiled selector's structure. cascadia does not export it, so
// it is read by reflection; a selector whose shape is not known gets no keys, which
// only makes it universal (tried on every element).
func selectorKeys(sel cascadia.Sel) selKeys {
	var k selKeys
	v := reflect.ValueOf(sel)
	right, ok := rightCompound(v)
	if !ok {
		return k
	}
	var ids, classes, tags []string
	compoundKeys(right, &ids, &classes, &tags)
	if len(tags) > 0 {
		k.rightTag = tags[0]
	}
	k.first, k.last, k.root = childPseudo(right)
	k.attr = attrKey(right)
	// A child combinator next to the rightmost compound: the parent must match the
	// compound left of it.
	last := v
	for cascadiaType(last) == "combinedSelector" && last.FieldByName("second").IsNil() {
		last = last.FieldByName("first").Elem()
	}
	if cascadiaType(last) == "combinedSelector" && last.FieldByName("combinator").Uint() == '>' {
		if left, ok := rightCompound(last.FieldByName("first").Elem()); ok {
			var ids, classes, tags []string
			compoundKeys(left, &ids, &classes, &tags)
			if len(tags) > 0 {
				k.parentTag = tags[0]
			}
		}
	}
	switch {
	case len(ids) > 0:
		k.id = ids[0]
	case len(classes) > 0:
		k.class = classes[0]
	case len(tags) > 0:
		k.tag = tags[0]
	}
	// Walk the combinators from right to left: the compound left of a descendant or
	// child combinator matches an ancestor; left of a sibling combinator, a sibling
	// (whose ancestors are the element's, so the walk goes on past it).
	for cur := v; cascadiaType(cur) == "combinedSelector"; cur = cur.FieldByName("first").Elem() {
		comb := cur.FieldByName("combinator").Uint()
		first := cur.FieldByName("first").Elem()
		left, ok := rightCompound(first)
		if !ok {
			break
		}
		if comb != ' ' && comb != '>' {
			continue
		}
		var ids, classes, tags []string
		compoundKeys(left, &ids, &classes, &tags)
		for _, id := range ids {
			k.anc = append(k.anc, filterHash('#', id))
		}
		for _, c := range classes {
			k.anc = append(k.anc, filterHash('.', c))
		}
		for _, t := range tags {
			k.anc = append(k.anc, filterHash('<', t))
		}
	}
	if len(k.anc) > maxAncestorHashes {
		k.anc = k.anc[:maxAncestorHashes]
	}
	return k
}

// cascadiaType returns the name of the cascadia type v holds, "" for any other.
func cascadiaType(v reflect.Value) string {
	if !v.IsValid() || v.Kind() != reflect.Struct || v.Type().PkgPath() != "github.com/andybalholm/cascadia" {
		return ""
	}
	return v.Type().Name()
}

// rightCompound returns the rightmost compound of selector v.
func rightCompound(v reflect.Value) (reflect.Value, bool) {
	switch cascadiaType(v) {
	case "combinedSelector":
		if cur := v.FieldByName("second"); !cur.IsNil() {
			return rightCompound(cur.Elem())
		}
		return rightCompound(v.FieldByName("first").Elem())
	case "":
		return v, false
	}
	return v, true
}

// compoundKeys appends the ids, classes and tags that compound v requires of an element.
// Selectors inside pseudo-classes (:not, :is, ...) are not looked into.
func compoundKeys(v reflect.Value, ids, classes, tags *[]string) {
	switch cascadiaType(v) {
	case "idSelector":
		*ids = append(*ids, v.FieldByName("id").String())
	case "classSelector":
		*classes = append(*classes, v.FieldByName("class").String())
	case "tagSelector":
		*tags = append(*tags, v.FieldByName("tag").String())
	case "compoundSelector":
		sels := v.FieldByName("selectors")
		for i := 0; i < sels.Len(); i++ {
			if s := sels.Index(i).Elem(); cascadiaType(s) != "compoundSelector" {
				compoundKeys(s, ids, classes, tags)
			}
		}
	}
}

// childPseudo reports whether compound v asks for :first-child, :last-child or :root
// (not inside a pseudo-class such as :not()).
func childPseudo(v reflect.Value) (first, last, root bool) {
	switch cascadiaType(v) {
	case "nthPseudoClassSelector":
		if v.FieldByName("a").Int() == 0 && v.FieldByName("b").Int() == 1 && !v.FieldByName("ofType").Bool() {
			if v.FieldByName("last").Bool() {
				return false, true, false
			}
			return true, false, false
		}
	case "rootPseudoClassSelector":
		return false, false, true
	case "compoundSelector":
		sels := v.FieldByName("selectors")
		for i := 0; i < sels.Len(); i++ {
			if s := sels.Index(i).Elem(); cascadiaType(s) != "compoundSelector" {
				f, l, r := childPseudo(s)
				first, last, root = first || f, last || l, root || r
			}
		}
	}
	return first, last, root
}

// attrKey is an attribute compound v asks an element to have ("" for none): the key of
// an attribute selector other than [key!=value] (which also matches where there is no
// such attribute), not inside a pseudo-class.
func attrKey(v reflect.Value) string {
	switch cascadiaType(v) {
	case "attrSelector":
		if v.FieldByName("operation").String() != "!=" {
			return v.FieldByName("key").String()
		}
	case "compoundSelector":
		sels := v.FieldByName("selectors")
		for i := 0; i < sels.Len(); i++ {
			if s := sels.Index(i).Elem(); cascadiaType(s) == "attrSelector" {
				if k := attrKey(s); k != "" {
					return k
				}
			}
		}
	}
	return ""
}

// hasAttr reports whether n has an attribute of key key, as cascadia looks for one.
func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// filterHash hashes an id ('#'), class ('.') or tag ('<') for the ancestor filter (FNV-1a).
func filterHash(kind byte, s string) uint32 {
	h := uint32(2166136261)
	h = (h ^ uint32(kind)) * 16777619
	for i := 0; i < len(s); i++ {
		h = (h ^ uint32(s[i])) * 16777619
	}
	return h
}

// AncestorFilter is a counting Bloom filter of the ids, classes and tags of the elements
// on the path from the root to the element being styled. It may say that an ancestor has
// a key when none has (then the selector is matched as it would be without the filter),
// never the other way.
type AncestorFilter struct {
	counts [1 << 12]uint16
}

func (f *AncestorFilter) slots(h uint32) (uint32, uint32) { return h & 0xfff, (h >> 12) & 0xfff }

func (f *AncestorFilter) add(h uint32, d int) {
	a, b := f.slots(h)
	f.counts[a] = uint16(int(f.counts[a]) + d)
	f.counts[b] = uint16(int(f.counts[b]) + d)
}

// mayHave reports whether some element on the path may have the key of hash h.
func (f *AncestorFilter) mayHave(h uint32) bool {
	a, b := f.slots(h)
	return f.counts[a] > 0 && f.counts[b] > 0
}

// Push adds an element's keys to the filter (d = 1) or takes them out again (d = -1).
func (f *AncestorFilter) Push(n *ElemKeys, d int) {
	if n.hashes != nil {
		for _, h := range n.hashes {
			f.add(h, d)
		}
		return
	}
	f.add(filterHash('<', n.tag), d)
	for _, id := range n.ids {
		f.add(filterHash('#', id), d)
	}
	for _, c := range n.classes {
		f.add(filterHash('.', c), d)
	}
}

// LazyFilter is the AncestorFilter of a walk down a document that needs the filter for
// few of its elements: the cascade matches only the paths it has not seen (a site's
// pages repeat theirs), so it keeps the filter hashes of the elements on its path
// (Enter, Leave) and has them added to the filter only when a path is matched (Filter),
// where pushing and popping every element's keys on the way in and out of it took
// longer than the matches on the Python docs. The filter it gives is the one the walk
// would have kept.
type LazyFilter struct {
	f AncestorFilter
	// path holds the filter hashes of the elements on the path, root first, in its
	// first depth places (it is kept for the next elements as deep); path[:pushed]
	// are in f.
	path          [][]uint32
	depth, pushed int
}

// Enter notes that the walk goes under an element of keys k.
func (l *LazyFilter) Enter(k *ElemKeys) {
	if l.depth == len(l.path) || k.hashes == nil {
		l.enter(k)
		return
	}
	l.path[l.depth] = k.hashes
	l.depth++
}

// enter is Enter where the path is deeper than ever or k has no hashes made.
func (l *LazyFilter) enter(k *ElemKeys) {
	h := k.hashes
	if h == nil {
		h = k.filterHashes()
	}
	if l.depth == len(l.path) {
		l.path = append(l.path, h)
	} else {
		l.path[l.depth] = h
	}
	l.depth++
}

// filterHashes returns the filter hashes of k's tag, ids and classes (which Keys
// makes with the keys it hands out).
func (k *ElemKeys) filterHashes() []uint32 {
	var ks Keys
	hk := ElemKeys{tag: k.tag, ids: k.ids, classes: k.classes}
	ks.hash(&hk, 0)
	return hk.hashes
}

// Leave notes that the walk leaves the element it last entered and did not leave.
func (l *LazyFilter) Leave() {
	l.depth--
	if l.pushed > l.depth {
		l.pop()
	}
}

func (l *LazyFilter) pop() {
	for _, h := range l.path[l.depth] {
		l.f.add(h, -1)
	}
	l.pushed = l.depth
}

// Filter returns the filter of the elements the walk is under.
func (l *LazyFilter) Filter() *AncestorFilter {
	for ; l.pushed < l.depth; l.pushed++ {
		for _, h := range l.path[l.pushed] {
			l.f.add(h, 1)
		}
	}
	return &l.f
}

// ElemKeys is what the index looks an element up by: its tag, its ids and its classes,
// each class once (split at the whitespace cascadia splits at).
type ElemKeys struct {
	tag     string
	ids     []string
	classes []string
	// positional is what the rules Match tried on the element look at beyond its tag,
	// attributes and ancestors: its style is shared with its siblings only where that
	// cannot tell them apart (Siblings).
	positional position
	// hashes are the filter hashes of the tag, ids and classes (Push), made once with
	// the keys (Keys): the cascade takes a path's keys from its first element, and
	// pushes them on the way in and out of each element of the path.
	hashes []uint32
}

// Clone returns a copy of k that holds none of the memory of the element or of the
// Keys it came from (the chunks of a page's keys, the page's text), to be kept past
// the page.
func (k *ElemKeys) Clone() ElemKeys {
	c := *k
	if k.ids != nil {
		c.ids = make([]string, len(k.ids))
		for i, id := range k.ids {
			c.ids[i] = strings.Clone(id)
		}
	}
	if k.classes != nil {
		c.classes = make([]string, len(k.classes))
		for i, cl := range k.classes {
			c.classes[i] = strings.Clone(cl)
		}
	}
	c.tag = strings.Clone(k.tag)
	if k.hashes != nil {
		c.hashes = append([]uint32(nil), k.hashes...)
	}
	return c
}

// KeysOf returns element n's keys.
func KeysOf(n *html.Node) ElemKeys {
	var ks Keys
	return ks.of(n, 0)
}

// Keys hands out elements' keys (Of) from chunks it allocates a few at a time: a walk
// over a page asks for tens of thousands, each with a class or two. Its zero value is
// ready for use. The keys it hands out stay valid (and unchanged) for as long as they
// are held.
type Keys struct {
	buf    []string
	hashes []uint32
}

// keysChunk is how many ids and classes a chunk of Keys holds.
const keysChunk = 1024

// Of is KeysOf(n), its ids and classes held in ks's chunks.
func (ks *Keys) Of(n *html.Node) ElemKeys { return ks.of(n, keysChunk) }

// of is Of with chunks of at least chunk strings.
func (ks *Keys) of(n *html.Node, chunk int) ElemKeys {
	k := ElemKeys{tag: n.Data}
	need := 0 // at most this many ids and classes
	for i := range n.Attr {
		switch at := &n.Attr[i]; at.Key {
		case "id":
			need++
		case "class":
			need += len(at.Val)/2 + 1
		}
	}
	if need == 0 {
		ks.hash(&k, chunk)
		return k
	}
	if cap(ks.buf)-len(ks.buf) < need {
		ks.buf = make([]string, 0, max(chunk, need))
	}
	start := len(ks.buf)
	for i := range n.Attr {
		if at := &n.Attr[i]; at.Key == "id" {
			ks.buf = append(ks.buf, at.Val)
		}
	}
	mid := len(ks.buf)
	for i := range n.Attr {
		at := &n.Attr[i]
		if at.Key != "class" {
			continue
		}
		s := at.Val
		for s != "" {
			i := indexSpace(s)
			c := s
			if i >= 0 {
				c, s = s[:i], s[i+1:]
			} else {
				s = ""
			}
			if c != "" && !contains(ks.buf[mid:], c) {
				ks.buf = append(ks.buf, c)
			}
		}
	}
	if mid > start {
		k.ids = ks.buf[start:mid:mid]
	}
	if end := len(ks.buf); end > mid {
		k.classes = ks.buf[mid:end:end]
	}
	ks.hash(&k, chunk)
	return k
}

// hash sets k.hashes, from chunks of at least chunk hashes.
func (ks *Keys) hash(k *ElemKeys, chunk int) {
	need := 1 + len(k.ids) + len(k.classes)
	if cap(ks.hashes)-len(ks.hashes) < need {
		ks.hashes = make([]uint32, 0, max(chunk, need))
	}
	start := len(ks.hashes)
	ks.hashes = append(ks.hashes, filterHash('<', k.tag))
	for _, id := range k.ids {
		ks.hashes = append(ks.hashes, filterHash('#', id))
	}
	for _, c := range k.classes {
		ks.hashes = append(ks.hashes, filterHash('.', c))
	}
	end := len(ks.hashes)
	k.hashes = ks.hashes[start:end:end]
}

// indexSpace is strings.IndexAny(s, " \t\r\n\f"), the whitespace cascadia splits a
// class attribute at: IndexAny makes its set of bytes on each call, once per class of
// every element whose keys are made.
func indexSpace(s string) int {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\r', '\n', '\f':
			return i
		}
	}
	return -1
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Match appends to out the indices of the rules whose selector matches n, in rule order.
// f is the filter of n's ancestors, nil to match without one. The rules tried are added
// to *work.
func (rs *RuleSet) Match(n *html.Node, k *ElemKeys, f *AncestorFilter, out []int, work *int) []int {
	pm := rs.MatchPath(n, k, f, work)
	return rs.MatchRest(n, k, &pm, out)
}

// PathMatch is what Match finds of an element that depends only on its path: on what
// the selectors read of it and of its ancestors (AppendKey), whether each is its parent's
// first or last element child included where a selector may read it. The rules that may also look at its other
// siblings, its place among them or its content are only noted, to be tried on each
// element of the path (MatchRest).
type PathMatch struct {
	matched    []int32 // the rules that match, in rule order
	positional []int32 // the rules to try on each element, in rule order
	pos        position
}

// Positional reports whether the rules of pm are not the whole match of an element: a
// rule to try on each element may look at its siblings, place or content.
func (pm *PathMatch) Positional() bool { return len(pm.positional) > 0 }

// MatchPath is the part of Match that depends only on n's path (PathMatch): an element
// of the same key (AppendKey) whose ancestors have the same keys, under the same filter,
// has the same.
func (rs *RuleSet) MatchPath(n *html.Node, k *ElemKeys, f *AncestorFilter, work *int) PathMatch {
	var pm PathMatch
	try := func(list []int32) {
		*work += len(list)
		for _, i := range list {
			r := &rs.Rules[i]
			if f != nil {
				ok := true
				for _, h := range r.anc {
					if !f.mayHave(h) {
						ok = false
						break
					}
				}
				if !ok {
					continue
				}
			}
			if r.tag != "" && r.tag != n.Data || r.attr != "" && !hasAttr(n, r.attr) ||
				r.root && (n.Parent == nil || n.Parent.Type != html.DocumentNode) ||
				r.parentTag != "" && (n.Parent == nil || n.Parent.Type != html.ElementNode || n.Parent.Data != r.parentTag) {
				continue // what cascadia would say at once
			}
			pm.pos |= r.positional
			if r.positional&posAny != 0 {
				pm.positional = append(pm.positional, i)
				continue
			}
			if r.first && prevElement(n) != nil || r.last && nextElement(n) != nil {
				continue
			}
			if r.Sel.Match(n) {
				pm.matched = append(pm.matched, i)
			}
		}
	}
	for _, id := range k.ids {
		try(rs.byID[id])
	}
	for _, c := range k.classes {
		try(rs.byClass[c])
	}
	try(rs.byTag[k.tag])
	try(rs.universe)
	// Each bucket is in rule order; their unions are sorted back into it (short lists).
	sortRules(pm.matched)
	sortRules(pm.positional)
	return pm
}

// Note notes in k, an element's keys, what the rules of pm may look at beyond its tag,
// attributes and ancestors (Siblings), as MatchRest does: a caller that takes a path's
// whole match without MatchRest (no rule of it is tried on each element) notes it so.
func (pm *PathMatch) Note(k *ElemKeys) { k.positional |= pm.pos }

// MatchRest appends to out the rules of pm and those of its rules to try on each element
// that match n, in rule order, and notes in k what they may look at (Siblings).
func (rs *RuleSet) MatchRest(n *html.Node, k *ElemKeys, pm *PathMatch, out []int) []int {
	pm.Note(k)
	j := 0 // the next of pm.matched
	for _, i := range pm.positional {
		r := &rs.Rules[i]
		if r.first && prevElement(n) != nil || r.last && nextElement(n) != nil || !r.Sel.Match(n) {
			continue
		}
		for ; j < len(pm.matched) && pm.matched[j] < i; j++ {
			out = append(out, int(pm.matched[j]))
		}
		out = append(out, int(i))
	}
	for _, i := range pm.matched[j:] {
		out = append(out, int(i))
	}
	return out
}

func sortRules(m []int32) {
	for i := 1; i < len(m); i++ {
		for j := i; j > 0 && m[j] < m[j-1]; j-- {
			m[j], m[j-1] = m[j-1], m[j]
		}
	}
}

// Cache shares the compiled and indexed style rules between the pages of a run, one
// rule set per distinct set of stylesheets, and the parses of inline <style> elements
// that pages repeat. It is safe for concurrent use. A nil *Cache shares nothing.
type Cache struct {
	// wholeDOM counts the run's last pages read in parts that needed their whole DOM
	// (ExpectsWholeDOM).
	wholeDOM atomic.Int32
	mu       sync.Mutex
	sets     map[string]*ruleSetEntry
	inline   map[string]*parse.Stylesheet
}

// wholeDOMStreak is how many pages in a row must have needed their whole DOM for
// ExpectsWholeDOM to expect the next to.
const wholeDOMStreak = 4

// ExpectsWholeDOM reports whether the run's last pages read in parts all needed their
// whole DOM (their selectors look at more than an element's ancestors): the next page,
// which likely shares their stylesheets, is then read whole at once. A nil *Cache
// expects nothing.
func (c *Cache) ExpectsWholeDOM() bool {
	return c != nil && c.wholeDOM.Load() >= wholeDOMStreak
}

// NeededWholeDOM records whether a page read in parts needed its whole DOM.
func (c *Cache) NeededWholeDOM(needed bool) {
	if c == nil {
		return
	}
	if needed {
		c.wholeDOM.Add(1)
	} else {
		c.wholeDOM.Store(0)
	}
}

type ruleSetEntry struct {
	once sync.Once
	rs   *RuleSet
}

// The cache holds at most this many rule sets and inline sheets: a site whose every page
// has its own styles builds them per page instead of keeping them all.
const (
	maxCachedRuleSets = 64
	maxCachedInline   = 256
	maxInlineKeyBytes = 64 << 10
)

// NewCache returns an empty cache for one run.
func NewCache() *Cache {
	return &Cache{sets: map[string]*ruleSetEntry{}, inline: map[string]*parse.Stylesheet{}}
}

// RuleSet returns the rule set of sheets, built once per distinct set.
func (c *Cache) RuleSet(sheets []Sheet) *RuleSet {
	if c == nil {
		return BuildRuleSet(sheets)
	}
	var b strings.Builder
	for _, as := range sheets {
		b.WriteString(strconv.FormatUint(uint64(reflect.ValueOf(as.Sheet).Pointer()), 16))
		b.WriteByte(' ')
		b.WriteString(strconv.Itoa(as.Depth))
		b.WriteByte(' ')
		b.WriteString(as.Path)
		b.WriteByte(0)
	}
	key := b.String()
	c.mu.Lock()
	e := c.sets[key]
	if e == nil {
		if len(c.sets) >= maxCachedRuleSets {
			c.mu.Unlock()
			return BuildRuleSet(sheets)
		}
		e = &ruleSetEntry{}
		c.sets[key] = e
	}
	c.mu.Unlock()
	e.once.Do(func() { e.rs = BuildRuleSet(sheets) })
	return e.rs
}

// InlineSheet returns the parse of an inline <style>'s text.
func (c *Cache) InlineSheet(text string) *parse.Stylesheet {
	if c == nil || len(text) > maxInlineKeyBytes {
		return parse.ParseCSS([]byte(text))
	}
	c.mu.Lock()
	sh := c.inline[text]
	c.mu.Unlock()
	if sh != nil {
		return sh
	}
	sh = parse.ParseCSS([]byte(text))
	c.mu.Lock()
	if len(c.inline) < maxCachedInline {
		if prev := c.inline[text]; prev != nil {
			sh = prev
		} else {
			c.inline[text] = sh
		}
	}
	c.mu.Unlock()
	return sh
}

// compile parses a selector list; rules for states that a first render cannot be in
// (:hover, :focus, ...) and pseudo-elements are skipped.
func compile(sel string) (cascadia.SelectorGroup, bool) {
	// A negated state holds in a first render: .visually-hidden:not(:focus) matches.
	sel = notState.ReplaceAllString(sel, "")
	l := strings.ToLower(sel)
	for _, s := range []string{":hover", ":focus", ":active", ":visited", "::", ":before", ":after", ":first-letter", ":first-line", ":target", ":checked"} {
		if strings.Contains(l, s) {
			return nil, false
		}
	}
	g, err := cascadia.ParseGroup(sel)
	if err != nil {
		return nil, false
	}
	return g, true
}

var notState = regexp.MustCompile(`(?i):not\(\s*:(?:hover|focus|focus-within|focus-visible|active|visited|target|checked)\s*\)`)

// UsedVars returns the custom properties that the font and box properties of sheets read
// (font family, weight, style and size, line heights, margins, paddings, widths and
// heights), directly or through the value of another such property.
func UsedVars(sheets []Sheet) map[string]bool {
	used := map[string]bool{}
	for _, as := range sheets {
		for i := range as.Sheet.Rules {
			r := &as.Sheet.Rules[i]
			for _, v := range []string{r.FontFamilyVar, r.FontWeightVar, r.FontStyleVar, r.FontSize, r.LineHeight, r.MarginTop, r.MarginBottom, r.PaddingTop, r.PaddingBottom,
				r.Width, r.MaxWidth, r.MarginLeft, r.MarginRight, r.PaddingLeft, r.PaddingRight, r.Height, r.MinHeight, r.FlexBasis, r.FlexGrow, r.FlexShrink} {
				for _, n := range VarNames(v) {
					used[n] = true
				}
			}
		}
	}
	if len(used) == 0 {
		return nil
	}
	for changed := true; changed; {
		changed = false
		for _, as := range sheets {
			for i := range as.Sheet.Rules {
				for _, cp := range as.Sheet.Rules[i].Vars {
					if !used[cp.Name] {
						continue
					}
					for _, n := range VarNames(cp.Value) {
						if !used[n] {
							used[n], changed = true, true
						}
					}
				}
			}
		}
	}
	return used
}
