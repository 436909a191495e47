package firstscreen

import (
	"encoding/binary"
	"fmt"
	"strings"

	"golang.org/x/net/html"

	"github.com/preloadgen/preloadgen/parse"
	"github.com/preloadgen/preloadgen/style"
)

// The cascade walks the document once: for each element it finds the rules whose selector
// matches, resolves font-family, font-weight, font-style and font-size by specificity and
// source order (inheriting from the parent), feeds the element's text to the fonts it
// uses, and records the background images that rules give it. Which rules match an
// element depends mostly on what selectors read of it and of its ancestors (its path,
// style.RuleSet.MatchPath): that part is matched once per path (paths), and only the
// rules that also look at siblings, places among them or content are tried on each
// element of the path (style.RuleSet.MatchRest).

// sharedPath is what every page that applies the same rule set knows of one path, kept
// in the rule set's path memo (style.RuleSet.PathMemo): its number (pathEntry.id, its
// children's parent path), its part of the match, and the rule tests that took, counted
// against the bound of each page that has the path (maxStyleWork), whichever matched it.
// A path the memo has no room for, or under such a path, is the page's own (a negative
// number).
type sharedPath struct {
	id    int
	match style.PathMatch
	work  int
}

// pathInfo is what the elements of one path share in a page: the shared path, the keys
// of its first element, or of an element of the path in a page before (pathNode.keys)
// (style.ElemKeys: the ids among them that no selector reads may be another element's,
// which only the ancestor filter sees, where they can only make it less sure). last is
// the entry of the path's last element, under a parent of style entry lastStyled: the
// next element under a parent of the same style has the same entry, unless a rule is
// tried on each element.
type pathInfo struct {
	*sharedPath
	keys       style.ElemKeys
	last       *pathEntry
	lastStyled int
}

// pathCache is what one goroutine keeps of a rule set's paths from page to page, taken
// from the rule set's scratch pool (style.RuleSet.Scratch) for a page and given back
// after it: the tree of the shared paths its pages had (pathNode), each under its
// parent's. A site's pages repeat their structure, so a page finds most of its paths
// there, each among its parent's few children, with no lock and no key but the
// element's own, instead of in the rule set's memo. The tree holds only paths of the memo (numbered
// above 0) that a page had before, each once, so it is no larger than the memo
// (style.Memo's bound).
type pathCache struct {
	root pathNode // the document: the root element's parent
	page int32    // the number of the page being styled (pathNode.page)
	// infos are what the elements of each path the page has used share in it
	// (pathNode.info): they hold on to its text and its entries until it is done.
	infos []pathInfo
	// shares are the walk's style.Siblings, one per depth (2 kB each: a page's were
	// an eighth of what its cascade allocated on the Python docs).
	shares []*style.Siblings[*pathEntry]
}

// pageScratch is the memory of the tables the estimate of a page keeps by element number
// (positions) that hold no pointer, which the next page the goroutine estimates
// reuses: taken from the rule set's pool (style.RuleSet.PageScratch) for the estimate
// and given back after it (release). What a page allocates decides how often the
// collector runs, and these were a tenth of it on the Python docs; tables of pointers
// (fontUse.computed, blockSet.at) are left out: kept for the next page, they cost the
// collector a scan of each at each collection, which cost more than making them anew.
type pageScratch struct {
	pos    numTable
	ends   []int       // numbering.ends
	walked []walkFlags // estimator.walked
	// floats are the tables of numbers the page's layouts ask for (floats), in the
	// order they ask; used of them: how many the page has.
	floats [][]float64
	used   int
}

// floats returns a table of n zeros, for the rest of the estimate: the next of the page
// scratch's (new memory where there is none, or where it is too small).
func (a *estimator) floats(n int) []float64 {
	sc := a.sc
	if sc == nil {
		return make([]float64, n)
	}
	if sc.used == len(sc.floats) {
		sc.floats = append(sc.floats, nil)
	}
	f := &sc.floats[sc.used]
	sc.used++
	if cap(*f) < n {
		*f = make([]float64, n)
	}
	*f = (*f)[:n]
	clear(*f)
	return *f
}

// done lets go of what the cache holds of the page.
func (c *pathCache) done() {
	clear(c.infos)
	c.infos = c.infos[:0]
	for _, s := range c.shares {
		*s = style.Siblings[*pathEntry]{}
	}
}

// takeScratch takes this goroutine's page scratch from the pool of rs (a new one when
// it holds none) for the estimate of the page.
func (a *estimator) takeScratch(rs *style.RuleSet) {
	a.pool = rs.PageScratch()
	a.sc, _ = a.pool.Get().(*pageScratch)
	if a.sc == nil {
		a.sc = &pageScratch{}
	}
}

// release gives the page scratch that matchStyles took back to its pool: the estimate is
// done with its tables.
func (a *estimator) release() {
	sc := a.sc
	if sc == nil {
		return
	}
	if a.fonts != nil && a.fonts.ends != nil {
		sc.ends = a.fonts.ends // (grown, or the scratch's)
	}
	if a.walked != nil {
		sc.walked = a.walked
	}
	sc.used = 0
	a.sc = nil
	if cap(sc.pos.addrs) > maxScratch {
		return // held for the next page, it would be live memory the collector's pacing multiplies
	}
	a.pool.Put(sc)
}

// maxScratch is the most elements the tables a goroutine keeps for its next page
// (pageScratch) are made for, about 300 kB: the few pages larger than that, whose tables
// would be live memory until the next such page (the collector's pacing multiplies what
// is live), make theirs anew.
const maxScratch = 16384

// info returns the info of node n in the page, made on the page's first use of it by
// use.
func (c *pathCache) info(n *pathNode, use func(*pathInfo)) *pathInfo {
	if n.page != c.page {
		n.page, n.info = c.page, int32(len(c.infos))
		c.infos = append(c.infos, pathInfo{})
		use(&c.infos[n.info])
	}
	return &c.infos[n.info]
}

// pathNode is a shared path in a pathCache, reached from its parent's node by what
// selectors read of its element (style.RuleSet.AppendKey). info is the place among the
// cache's infos of what the elements of the path share in page page: the path (past the
// page's bound, one of the page's own), the keys of its first element there and its
// last entry.
// styled is the style entry of the path's elements under a parent of style entry
// styledUnder, kept from page to page as the memo keeps it, where the path's match is
// its elements' whole match (no rule is tried on each element) and both entries are
// shared (numbered 0 and above). keys are the keys of an element of the path that a
// page before had (its first in that page: pathInfo.keys), kept for the pages after
// it (nil until a second page has the path): the Python docs' pages made the same keys
// again for each path, a fifth of a page's elements.
type pathNode struct {
	sp *sharedPath
	// kids are the node's children with their keys, in the order the pages made them,
	// until there are more than maxKids; children then holds them all by key. A path
	// has a few children at most (a list item's link, a paragraph's code and
	// emphasis): a look-up of a 20-byte key in a map (its hash, then the compare)
	// cost more than comparing it with each.
	kids        []pathKid
	children    map[string]*pathNode
	page, info  int32
	styledUnder int
	styled      *sigEntry
	keys        *style.ElemKeys
}

// pathKid is a child of a pathNode and its key (style.RuleSet.AppendKey).
type pathKid struct {
	key  string
	node *pathNode
}

// maxKids is the most children a pathNode keeps in its list (pathNode.kids).
const maxKids = 8

// child returns the child of pn whose key is key, nil when there is none.
func (pn *pathNode) child(key []byte) *pathNode {
	if pn.children != nil {
		return pn.children[string(key)]
	}
	for i := range pn.kids {
		if k := &pn.kids[i]; k.key == string(key) {
			return k.node
		}
	}
	return nil
}

// addChild makes node the child of pn whose key is key.
func (pn *pathNode) addChild(key []byte, node *pathNode) {
	if pn.children == nil && len(pn.kids) < maxKids {
		pn.kids = append(pn.kids, pathKid{string(key), node})
		return
	}
	if pn.children == nil {
		pn.children = make(map[string]*pathNode, 2*maxKids)
		for _, k := range pn.kids {
			pn.children[k.key] = k.node
		}
		pn.kids = nil
	}
	pn.children[string(key)] = node
}

// paths memoises a page's elements' matches by their path (pathInfo): in the cache of
// the goroutine that styles the page (cache), and the paths it cannot hold in m.
type paths struct {
	rs    *style.RuleSet
	cache *pathCache
	// m holds the page's own paths by their key: the parent's path number (a uvarint
	// of its bits) and what selectors read of the element (style.RuleSet.AppendKey),
	// as the path memo has them.
	m      map[string]*pathInfo
	styled *styledMemo
	keys   style.Keys
	buf    []byte
	key    []byte // of m: the parent's number, then buf
	// memoKey is the path memo's key of the path being matched: the parent's number,
	// then the element's memo key (style.RuleSet.AppendMemoKey), which elements of
	// different keys may share.
	memoKey []byte
	local   int  // the last of the page's own path numbers
	bound   int  // the page's bound on rule tests (estimator.styleBound)
	made    bool // path matched a path new to the memo
	// lazy is the filter of the ancestors of the walk, or of cascadeTail (nil for a
	// path-only rule set there): path asks it for the filter only when it matches a path.
	lazy *style.LazyFilter
}

// path returns the shared path of element n (its keys k, ps.key its key) under the
// parent path parent, matching it where no page did, with the filter of its ancestors
// where the walk keeps one (ps.lazy); past the page's bound (bounded) a path of the
// page's own that matches nothing.
func (a *estimator) path(ps *paths, n *html.Node, k *style.ElemKeys, parent int, bounded bool) *sharedPath {
	if bounded {
		return a.ownPath(ps)
	}
	match := func() any {
		ps.made = true
		sp := &sharedPath{}
		var filter *style.AncestorFilter
		if ps.lazy != nil {
			filter = ps.lazy.Filter()
		}
		sp.match = ps.rs.MatchPath(n, k, filter, &sp.work)
		return sp
	}
	var sp *sharedPath
	if parent >= 0 {
		ps.memoKey = ps.rs.AppendMemoKey(binary.AppendUvarint(ps.memoKey[:0], uint64(parent)), n)
		if v, ok := ps.rs.PathMemo().Put(ps.memoKey, match, numberPath); ok {
			sp = v.(*sharedPath)
		}
	}
	if sp == nil {
		ps.local--
		sp = match().(*sharedPath)
		sp.id = ps.local
	}
	a.styleWork += sp.work
	return sp
}

// numberPath and numberEntry number a path and a style entry made for the run's memo
// (style.Memo.Put).
func numberPath(v any, id int)  { v.(*sharedPath).id = id }
func numberEntry(v any, id int) { v.(*sigEntry).id = id }

// ownPath returns a path of the page's own that matches nothing, for an element past the
// page's bound.
func (a *estimator) ownPath(ps *paths) *sharedPath {
	a.cutNote()
	ps.local--
	return &sharedPath{id: ps.local}
}

// pathOf returns the path info of element n (ps.buf its key) under the parent entry
// parent, and its node when the info is that of a shared path in the cache (nil
// otherwise): from the parent's node, else from the page's own paths, else new (path),
// in the cache when it is shared. A path counts its rule tests
// against the bound of each page that has it, on its first element there, as if
// matched again.
func (a *estimator) pathOf(ps *paths, n *html.Node, parent *pathEntry, bounded bool) (*pathInfo, *pathNode) {
	pn := parent.node
	if pn != nil {
		if node := pn.child(ps.buf); node != nil {
			info := ps.cache.info(node, func(info *pathInfo) {
				if node.keys == nil {
					k := ps.keys.Of(n)
					k = k.Clone()
					node.keys = &k
				}
				info.keys = *node.keys
				if bounded {
					info.sharedPath = a.ownPath(ps)
				} else {
					info.sharedPath = node.sp
					a.styleWork += node.sp.work
				}
			})
			if info.sharedPath != node.sp {
				return info, nil
			}
			return info, node
		}
	}
	ps.key = append(binary.AppendUvarint(ps.key[:0], uint64(parent.id)), ps.buf...)
	if info := ps.m[string(ps.key)]; info != nil {
		return info, nil
	}
	if pn != nil && !bounded {
		keys := ps.keys.Of(n)
		ps.made = false
		sp := a.path(ps, n, &keys, parent.id, false)
		if sp.id < 0 || ps.made {
			// The memo is full, or the path is new to it: most such paths are the
			// page's only (on 500 of the Python docs' pages, 2,563 of the 18,213 paths
			// asked of the memo were new to it), and the tree holds those another page
			// had.
			return ps.own(&pathInfo{sharedPath: sp, keys: keys}), nil
		}
		node := &pathNode{sp: sp}
		pn.addChild(ps.buf, node)
		return ps.cache.info(node, func(info *pathInfo) { info.sharedPath, info.keys = sp, keys }), node
	}
	info := &pathInfo{keys: ps.keys.Of(n)}
	info.sharedPath = a.path(ps, n, &info.keys, parent.id, bounded)
	return ps.own(info), nil
}

// own keeps info as the page's own path of the element whose key is ps.key.
func (ps *paths) own(info *pathInfo) *pathInfo {
	if ps.m == nil {
		ps.m = map[string]*pathInfo{}
	}
	ps.m[string(ps.key)] = info
	return info
}

// styledMemo memoises the computed style by what it depends on: the parent's entry (what
// the element inherits, and the parent's tag, which the user agent's margins read), the
// element's tag and the rules it matches. Elements that match the same rules under the
// same parent style share an entry, whatever their selectors look at. The entries are
// kept for the run in the rule set's memo (style.Memo), shared by every page that
// applies the same stylesheets: the computed style is a function of those alone. Where
// that memo is full, the page computes its own (their ids are negative).
type styledMemo struct {
	rules []style.Rule // of the rule set
	// entries are the page's, by their key (key): the tag (which holds no NUL), a
	// NUL, the parent's entry number (4 bytes: the page's own are negative, the run's
	// below 2^31), the rule indices (4 bytes each); the run's memo (shared) is keyed so.
	entries map[string]*sigEntry
	shared  *style.Memo
	key     []byte
	own     int // the page's own entries
}

// entry returns the entry of an element with tag n.Data under the parent entry parent
// that matches the rules matched, computing its style with compute when it is new.
func (m *styledMemo) entry(n *html.Node, parent int, matched []int, compute func([]int) computedFont) *sigEntry {
	m.key = append(append(m.key[:0], n.Data...), 0, byte(parent), byte(parent>>8), byte(parent>>16), byte(parent>>24))
	for _, i := range matched {
		m.key = append(m.key, byte(i), byte(i>>8), byte(i>>16), byte(i>>24))
	}
	if e := m.entries[string(m.key)]; e != nil {
		return e
	}
	// Under a page's own entry, the page computes.
	var v any
	ok := false
	if parent >= 0 {
		v, ok = m.shared.Put(m.key, func() any {
			e := m.newEntry(0, matched)
			e.font = compute(e.matched)
			return e
		}, numberEntry)
	}
	var e *sigEntry
	if ok {
		e = v.(*sigEntry)
	} else {
		m.own++
		e = m.newEntry(-m.own, matched)
		e.font = compute(e.matched)
	}
	if m.entries == nil {
		m.entries = map[string]*sigEntry{}
	}
	m.entries[string(m.key)] = e
	return e
}

// newEntry returns an entry numbered id of the rules matched, its style not computed.
func (m *styledMemo) newEntry(id int, matched []int) *sigEntry {
	e := &sigEntry{id: id, matched: append([]int(nil), matched...)}
	for _, i := range matched {
		if len(m.rules[i].Decl.URLs) > 0 {
			e.bgs = append(e.bgs, i)
		}
	}
	return e
}

type sigEntry struct {
	id      int
	font    computedFont
	matched []int // indices into rules
	// bgs are those of the rules matched that name a url() (backgrounds): the walk
	// asks for each element, and most match rules of none.
	bgs []int
}

// pathEntry is an element's entry: id names its path for the children's keys (negative:
// a path of the page's own), node is the path's node in the cache (nil when none), e
// is its style.
type pathEntry struct {
	id   int
	node *pathNode
	e    *sigEntry
}

// entry returns the entry of element n under the parent entry parent: its path's part
// of the match, matched when the path is new, and the rules tried on each element; it
// sets *k to n's keys. alloc gives a new entry.
func (a *estimator) entry(ps *paths, n *html.Node, k *style.ElemKeys, parent *pathEntry, matched *[]int, alloc func() *pathEntry) *pathEntry {
	rs := ps.rs
	bounded := a.styleWork > ps.bound
	// (made where a style may be computed: most elements take their path's last entry)
	compute := func() func([]int) computedFont {
		return func(m []int) computedFont { return a.computeFont(n, parent.e.font, rs.Rules, m) }
	}
	// Past the bound the elements match no rules (they inherit what their parents
	// computed). A rule set of paths only (style.RuleSet.PathOnly) shares what was
	// matched before it with the elements of the same paths still.
	if bounded && !rs.PathOnly {
		a.cutNote()
		*k = ps.keys.Of(n)
		ps.local--
		pe := alloc()
		pe.id, pe.e = ps.local, ps.styled.entry(n, parent.e.id, nil, compute())
		return pe
	}
	ps.buf = rs.AppendKey(ps.buf[:0], n)
	info, node := a.pathOf(ps, n, parent, bounded)
	*k = info.keys
	whole := !info.match.Positional()
	if whole && info.last != nil && info.lastStyled == parent.e.id {
		// The element takes its path's match whole; a rule of it may still look at
		// whether it is its parent's first or last element child (Siblings).
		info.match.Note(k)
		return info.last
	}
	pe := alloc()
	pe.id, pe.node = info.id, node
	cached := whole && node != nil && parent.e.id >= 0
	if cached && node.styled != nil && node.styledUnder == parent.e.id {
		info.match.Note(k)
		pe.e = node.styled
	} else {
		*matched = rs.MatchRest(n, k, &info.match, (*matched)[:0])
		pe.e = ps.styled.entry(n, parent.e.id, *matched, compute())
		if cached && pe.e.id > 0 {
			node.styledUnder, node.styled = parent.e.id, pe.e
		}
	}
	info.last, info.lastStyled = pe, parent.e.id
	return pe
}

// backgrounds records the background images that the rules e matches (of rules) give
// element n.
func (a *estimator) backgrounds(n *html.Node, rules []style.Rule, e *sigEntry) {
	for _, i := range e.bgs {
		a.background(n, rules, i)
	}
}

func (a *estimator) cascade(rs *style.RuleSet) {
	rules := rs.Rules
	// The paths come from this goroutine's cache of the rule set's (pathCache), which
	// the page numbers its use of; the page's own paths and entries are the few the
	// cache does not hold.
	cache, _ := rs.Scratch().Get().(*pathCache)
	if cache == nil {
		cache = &pathCache{}
	}
	defer func() {
		cache.done()
		rs.Scratch().Put(cache)
	}()
	cache.page++
	ps := &paths{rs: rs, cache: cache, styled: &styledMemo{rules: rs.Rules, shared: rs.Memo()}, bound: a.styleBound()}
	fu := a.fonts
	// The filter of the ancestors is made up to date only where a path is matched
	// (style.LazyFilter): most elements' paths are known.
	ps.lazy = &style.LazyFilter{}
	// The walk's entries are allocated a chunk at a time: one per element styled.
	var entries []pathEntry
	newEntry := func() *pathEntry {
		if len(entries) == cap(entries) {
			entries = make([]pathEntry, 0, 256)
		}
		entries = append(entries, pathEntry{})
		return &entries[len(entries)-1]
	}
	var matched []int
	// The walk numbers the elements as it goes (positions): the computed styles are
	// kept by those numbers.
	nb := a.newNumbering(a.sc)
	// A split page's tail is attached while selectors are matched (they may look at
	// siblings and content), and the walk of the first part stops where it begins; open
	// gets the entries of the elements open at the cut, for cascadeTail.
	var cut []*html.Node
	var detach func()
	if a.doc.Split {
		detach = a.doc.AttachTail()
		defer func() {
			detach()
			// What is laid out from here on, and what graph reads of the guess, is the
			// view of the whole page.
			if a.view && !a.needsTail && !a.needsNodes {
				a.doc.AttachView()
			}
		}()
		cut = a.doc.OpenAtCut()
	}
	open := make([]*pathEntry, len(cut))
	// parent is n's entry (the root's for the document).
	var walk func(n *html.Node, parent *pathEntry, depth int)
	walk = func(n *html.Node, parent *pathEntry, depth int) {
		if depth == len(cache.shares) {
			cache.shares = append(cache.shares, &style.Siblings[*pathEntry]{})
		}
		siblings := cache.shares[depth]
		siblings.Reset()
		// The walk stops where the tail begins; with a view (parse.Document.AttachView),
		// it styles the elements of its first level, and leaves what is under them to
		// cascadeTail.
		var tail *html.Node
		if cut != nil {
			tail = a.doc.TailStart(n)
		}
		inTail := false
		for c := n.FirstChild; c != nil && (a.view || c != tail); c = c.NextSibling {
			inTail = inTail || c == tail
			switch c.Type {
			case html.TextNode:
				nb.text(c.Data)
				if n.Type == html.ElementNode && len(fu.faces) > 0 {
					useTextOf(a, &parent.e.font, c.Data)
				}
			case html.ElementNode:
				if skipped(c) {
					nb.skip(c)
					continue
				}
				p, svg := nb.enter(c)
				if _, hidden := parse.AttrOK(c, "hidden"); hidden {
					nb.under(c) // numbered, not styled
					nb.leave(c, p, svg)
					continue
				}
				// A sibling alike in tag and attributes shares its style (style.Siblings).
				pe, keys, shared := siblings.Find(rs, c)
				if !shared {
					var k style.ElemKeys
					keys = &k
					pe = a.entry(ps, c, keys, parent, &matched, newEntry)
					siblings.Add(c, keys, pe)
				}
				if depth < len(cut) && cut[depth] == c {
					open[depth] = pe
				}
				fu.set(p.index, &pe.e.font)
				a.backgrounds(c, rules, pe.e)
				if inTail {
					if a.viewed == nil {
						a.viewed = map[*html.Node]*pathEntry{}
					}
					a.viewed[c] = pe
					chars, _ := a.doc.InView(c)
					nb.chars += chars // its text, as the walk of the view would count it
					nb.leave(c, p, svg)
					continue
				}
				ps.lazy.Enter(keys)
				walk(c, pe, depth+1)
				ps.lazy.Leave()
				nb.leave(c, p, svg)
			}
		}
	}
	root := &pathEntry{node: &cache.root, e: &sigEntry{font: rootFont()}}
	walk(a.doc.Root, root, 0)
	ps.lazy = nil
	a.pos, a.svgs, fu.pos, fu.ends = nb.pos, nb.svgs, nb.pos, nb.ends
	if detach != nil && a.layoutNeedsTail(detach) {
		return // the page is read whole (Result.NeedsTail): its tail is not styled
	}
	a.cascadeTail(ps, root, cut, open)
}

// rootFont is what the document gives the root element to inherit.
func rootFont() computedFont {
	return computedFont{families: []string{"serif"}, weight: 400, style: "normal", size: style.RootSize, pSize: style.RootSize}
}

// maxStyleWork bounds the rules the cascade tries on one page's elements: about three
// times the most a real page needs (the largest source pages of Rust's standard library
// docs, 3.6 million), a few seconds at most. A page of many elements under many rules the
// index cannot narrow (attribute selectors, :not(), *) would otherwise take minutes.
const maxStyleWork = 10_000_000

// cutNote notes that the page's bound on the cascade's work is reached: past it, the
// elements match no rules (they inherit what their parents computed), the LCP guess is
// made unsure (cascadeCut) and the page gets one note naming it.
func (a *estimator) cutNote() {
	if a.cut == "" {
		a.cut = fmt.Sprintf("the style cascade stopped after %d rule tests: the rest of the page is styled by inheritance only, and its LCP guess is unsure", a.styleWork)
	}
}

func (a *estimator) styleBound() int {
	if a.page.MaxWork > 0 {
		return a.page.MaxWork
	}
	return maxStyleWork
}

// cascadeTail does for a split page's tail (see parse/tail.go) what the walk does for the
// DOM. The tail's events come in document order, each element after its parent: a stack
// of frames holds the element's ancestors, from the root through the elements open at
// the cut (cut, with the walk's entries open; nil where the walk skipped one as hidden)
// to its parent. An element shares its style with a sibling alike (style.Siblings), else
// takes its entry from its path (entry), as in the walk: the tail is attached, so the
// rules tried on each element see its siblings and content.
func (a *estimator) cascadeTail(ps *paths, root *pathEntry, cut []*html.Node, open []*pathEntry) {
	if a.doc.TailLen() == 0 {
		return
	}
	rs := ps.rs
	rules := rs.Rules
	type frame struct {
		n       *html.Node
		pe      *pathEntry                 // nil: hidden, with all it holds
		entered bool                       // its keys are on the ancestor filter's path
		sib     style.Siblings[*pathEntry] // its children's
		kinds   *parse.KindParent          // its <span class>es read as kinds, if any
	}
	// The elements with <span class>es read as kinds, in document order: kinds[nk] is
	// the next to come.
	kinds := a.doc.ViewKinds()
	nk := 0
	var keyChunks style.Keys
	var frames []*frame // reused by depth
	depth := 0          // frames[:depth] hold the path
	// The filter of the ancestors is made up to date only where a path is matched, as
	// in the walk (style.LazyFilter); with a path-only rule set it is not kept.
	if !rs.PathOnly {
		ps.lazy = &style.LazyFilter{}
		defer func() { ps.lazy = nil }()
	}
	push := func(n *html.Node, pe *pathEntry, keys *style.ElemKeys) {
		if depth == len(frames) {
			frames = append(frames, &frame{})
		}
		f := frames[depth]
		f.n, f.pe, f.entered = n, pe, pe != nil && ps.lazy != nil && n != nil
		f.sib.Reset()
		f.kinds = nil
		if nk < len(kinds) && kinds[nk].Node == n {
			f.kinds = kinds[nk]
			nk++
			if pe != nil {
				ascii, other := f.kinds.OwnChars() // (its own text has no events)
				useCharsOf(a, &pe.e.font, ascii, other)
			}
		}
		if f.entered {
			ps.lazy.Enter(keys)
		}
		depth++
	}
	push(nil, root, nil)
	for i, n := range cut {
		pe := open[i]
		if i > 0 && frames[depth-1].pe == nil {
			pe = nil
		}
		k := keyChunks.Of(n)
		push(n, pe, &k)
	}
	var matched []int
	// The element of the view's first level the events are under (a.viewed), and its
	// frame's depth.
	var viewed *html.Node
	vd := 0
	for ev := range a.doc.TailEvents() {
		// Pop to the frame of the event's parent (the root's for nil).
		for depth > 1 && frames[depth-1].n != ev.Parent {
			depth--
			if frames[depth].entered {
				ps.lazy.Leave()
			}
		}
		f := frames[depth-1]
		if f.n != ev.Parent {
			continue // not on the path: never so (each element follows its parent)
		}
		if ev.Node == nil {
			if f.pe != nil {
				useTextOf(a, &f.pe.e.font, ev.Text)
			}
			continue
		}
		n := ev.Node
		// Of the view's first level are only children of the elements open at the cut
		// (frames[1:len(cut)+1]): it is not looked up for what is under them.
		if pe, ok := a.viewedAt(n, depth <= len(cut)+1); ok {
			// Styled by the cascade's walk.
			k := keyChunks.Of(n)
			viewed, vd = n, depth
			push(n, pe, &k)
			continue
		}
		in := viewed != nil && depth > vd && frames[vd].n == viewed
		if f.pe == nil || tailHidden(n) {
			if in {
				a.needsTail = true // its text is not the view's
				return
			}
			push(n, nil, nil)
			continue
		}
		pe, keys, shared := f.sib.Find(rs, n)
		if !shared {
			var k style.ElemKeys
			keys = &k
			pe = a.entry(ps, n, keys, f.pe, &matched, func() *pathEntry { return &pathEntry{} })
			f.sib.Add(n, keys, pe)
		}
		if f.kinds != nil {
			// Its parent's <span class>es were read as kinds (parse.ParseHTMLKinds): an
			// element for each class stands for those of its class, whose styles are its
			// unless a rule tried on it or on a sibling, or a :has(), may tell them apart
			// by their places or content. graph then reads the page with an element for
			// each (Result.NeedsNodes).
			if keys.Positional() || rs.ReadsInside() || !idsAlike(rs, f.kinds, n) {
				a.needsNodes = true
				return
			}
			if ascii, other, ok := f.kinds.KindChars(n); ok {
				useCharsOf(a, &pe.e.font, ascii, other)
			}
		}
		if in && shared {
			// A sibling of the same tag and class, styled alike, was found laid out as
			// the view lays it out (no background, plainInView): so is n. A source
			// view's code is 280,000 of these.
			push(n, pe, keys)
			continue
		}
		bgs := len(a.bgs)
		a.backgrounds(n, rules, pe.e)
		if in && (len(a.bgs) > bgs || !a.plainInView(n, &pe.e.font, &frames[vd].pe.e.font)) {
			a.needsTail = true // the view does not lay it out as the whole page does
			return
		}
		push(n, pe, keys)
	}
	if a.view && a.cut != "" {
		a.needsTail = true // the bound on the work may have cut the whole page elsewhere
	}
}

// idsAlike reports whether no selector of rs may look at the ids of the <span id>s that
// n stands for, a child of kp's Node (parse.KindParent.KindIDs): their styles are then
// n's.
func idsAlike(rs *style.RuleSet, kp *parse.KindParent, n *html.Node) bool {
	ids, ok := kp.KindIDs(n)
	if !ok {
		return true
	}
	for id := range strings.SplitSeq(strings.TrimSuffix(ids, `"`), `"`) {
		if rs.IDMatters(id) {
			return false
		}
	}
	return true
}

// viewedAt returns the entry the cascade's walk made for n, an element of the view's
// first level (a.viewed), where atCut (n's parent is open at the cut).
func (a *estimator) viewedAt(n *html.Node, atCut bool) (*pathEntry, bool) {
	if !atCut {
		return nil, false
	}
	pe, ok := a.viewed[n]
	return pe, ok
}

// plainInView reports whether element n of a page's tail, of computed style cf, under
// an element of the view's first level of computed style top (parse.Document.AttachView),
// is laid out as the view lays out its text: as text of top's own, which is all the
// layout reads of it (an inline box of top's font size, without margins, paddings or a
// size of its own, shown, not named hidden) and has no background.
func (a *estimator) plainInView(n *html.Node, cf, top *computedFont) bool {
	bx := &cf.box
	return !cf.hidden && !cf.hideStyled && cf.size == top.size && cf.pSize == top.pSize &&
		bx.top == [2]float64{} && bx.bottom == [2]float64{} && bx.pTop == [2]float64{} && bx.pBottom == [2]float64{} &&
		bx.inset == [2]float64{} && bx.pad == [2]float64{} && bx.zeroBasis == [2]bool{} && bx.grow == [2]float64{} && bx.shrinkSet == [2]bool{} &&
		bx.outOfFlow == [2]bool{} &&
		!bx.width[0].Set() && !bx.width[1].Set() && !bx.maxWidth[0].Set() && !bx.maxWidth[1].Set() &&
		!bx.basis[0].Set() && !bx.basis[1].Set() && !bx.height[0].Set() && !bx.height[1].Set() &&
		!bx.minHeight[0].Set() && !bx.minHeight[1].Set() && !a.classHidden(parse.Attr(n, "class"))
}

// tailHidden reports whether a tail element is one the walk skips with what it holds.
func tailHidden(n *html.Node) bool {
	if skipped(n) {
		return true
	}
	_, hidden := parse.AttrOK(n, "hidden")
	return hidden
}

// computeFont applies the matched rules' font declarations to an element.
func (a *estimator) computeFont(n *html.Node, inh computedFont, rules []style.Rule, matched []int) computedFont {
	cf := uaFont(n, inh)
	var d declared
	var vars [2]map[string]*style.Winner[string] // custom properties, per screen
	var bd boxDecls
	scs := style.Screens()
	for _, i := range matched {
		r := &rules[i]
		if !r.Computed {
			continue
		}
		rule, sp, order := r.Decl, r.Spec, r.Order
		for _, cp := range r.Vars {
			for si, sc := range scs {
				if !sc.Applies(rule.Media) {
					continue
				}
				if vars[si] == nil {
					vars[si] = map[string]*style.Winner[string]{}
				}
				w := vars[si][cp.Name]
				if w == nil {
					w = &style.Winner[string]{}
					vars[si][cp.Name] = w
				}
				w.Offer(cp.Value, rule.Media, sp, order)
			}
		}
		if rule.FontFamilies != nil || rule.FontFamilyVar != "" {
			d.family.Offer(rule, rule.Media, sp, order)
		}
		if rule.FontWeight != 0 || rule.FontWeightVar != "" {
			d.weight.Offer(rule, rule.Media, sp, order)
		}
		if rule.FontStyle != "" || rule.FontStyleVar != "" {
			d.style.Offer(rule, rule.Media, sp, order)
		}
		if rule.Display != "" {
			d.display.Offer(rule.Display, rule.Media, sp, order)
			if rule.Media == "" {
				d.base.Offer(rule.Display, "", sp, order)
			}
		}
		if rule.Visibility != "" {
			d.visibility.Offer(rule.Visibility, rule.Media, sp, order)
		}
		if rule.Clip != "" {
			d.clip.Offer(rule.Clip, rule.Media, sp, order)
		}
		bd.take(rule, sp, order)
		// Sizes are computed for each screen the guess is made for: a size under a
		// media query for other widths does not apply.
		d.size.Offer(rule.FontSize, rule.Media, sp, order)
	}
	for name, w := range vars[style.OnLaptop] {
		cf.vars = cf.vars.With(name, w.V)
	}
	for name, w := range vars[style.OnPhone] {
		cf.pVars = cf.pVars.With(name, w.V)
	}
	// A font property given by var() is read once the element's custom properties are
	// known (on the laptop's screen: fonts are not chosen per screen); a value that does
	// not substitute, or is no value of the property, leaves the inherited one, as an
	// invalid value at computed-value time does.
	if w := d.family; w.Has {
		if fams := w.V.FontFamilies; fams != nil {
			cf.families, cf.key = fams, ""
		} else if fams, _, _ := a.fontVar("font-family", w.V.FontFamilyVar, cf.vars); fams != nil {
			cf.families, cf.key = fams, ""
		}
	}
	if w := d.weight; w.Has {
		if wt := w.V.FontWeight; wt != 0 {
			cf.weight = wt
		} else if _, wt, _ := a.fontVar("font-weight", w.V.FontWeightVar, cf.vars); wt != 0 {
			cf.weight = wt
		}
	}
	if w := d.style; w.Has {
		if st := w.V.FontStyle; st != "" {
			cf.style = st
		} else if _, _, st := a.fontVar("font-style", w.V.FontStyleVar, cf.vars); st != "" {
			cf.style = st
		}
	}
	// Browsers draw text whose family is the bare generic monospace at 13px where others
	// get 16px (the default monospace size): an element switching to it, at the size it
	// inherits, is 13/16 of that.
	if len(cf.families) == 1 && cf.families[0] == "monospace" && !(len(inh.families) == 1 && inh.families[0] == "monospace") {
		cf.size, cf.pSize = cf.size*13/16, cf.pSize*13/16
	}
	if w := d.size[style.OnLaptop]; w.Has {
		if v, ok := style.Subst(w.V, cf.vars); ok {
			if px, ok := style.FontSize(v, inh.size, style.Laptop()); ok {
				cf.size = px
			}
		}
	}
	if w := d.size[style.OnPhone]; w.Has {
		if v, ok := style.Subst(w.V, cf.pVars); ok {
			if px, ok := style.FontSize(v, inh.pSize, style.Phone()); ok {
				cf.pSize = px
			}
		}
	}
	cf.box = computeBox(n, inh.box.lh, &bd, cf.size, cf.pSize, [2]style.Vars{cf.vars, cf.pVars})
	cf.hideStyled = d.display.Has || d.visibility.Has || d.clip.Has
	cf.display, cf.displayMedia, cf.baseDisplay = d.display.V, d.display.Media, d.base.V

	if d.display.V == "none" || d.clip.V == "hide" {
		cf.hidden = true
	}
	switch d.visibility.V {
	case "hidden", "collapse":
		cf.invisible = true
	case "visible":
		cf.invisible = false
	}
	if cf.key == "" {
		cf.key = strings.Join(cf.families, "\x00")
	}
	cf.mono = monospaced(cf.families)
	return cf
}

// fontVal is a font property's value read from a var() substitution (fontVar).
type fontVal struct {
	families []string
	weight   int
	style    string
}

// fontVar reads a font property given by var() once vars are substituted; values are
// read once per page.
func (a *estimator) fontVar(prop, value string, vars style.Vars) ([]string, int, string) {
	v, ok := style.Subst(value, vars)
	if !ok {
		return nil, 0, ""
	}
	key := prop + ":" + v
	if a.fontVals == nil {
		a.fontVals = map[string]fontVal{}
	}
	fv, ok := a.fontVals[key]
	if !ok {
		fv.families, fv.weight, fv.style = parse.FontValue(prop, v)
		a.fontVals[key] = fv
	}
	return fv.families, fv.weight, fv.style
}

// background records that rule i gives element n a background image. The rule's image is
// resolved once per page (ruleBG): the rule set itself is shared and not changed.
func (a *estimator) background(n *html.Node, rules []style.Rule, i int) {
	r := &rules[i]
	bg, done := a.ruleBG[i]
	if !done {
		if a.ruleBG == nil {
			a.ruleBG = map[int]string{}
		}
		a.ruleBG[i] = ""
		u := r.Decl.URLs[len(r.Decl.URLs)-1]
		p, ok := a.page.Resolve(r.Sheet, u)
		if !ok {
			return
		}
		bg = p
		a.ruleBG[i] = bg
		a.found = append(a.found, &Background{Node: n, URL: p, Rule: r})
	}
	if bg != "" {
		a.bgs = append(a.bgs, Background{Node: n, URL: bg, Rule: r, large: r.Decl.Large, spec: r.Spec, order: r.Order, media: r.Decl.Media})
	}
}
