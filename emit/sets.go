// Hint sets: the pages' header hints grouped by what they send, and the rules that give each
// page its set in the fewest entries.
//
// A site's pages share their header hints: a theme's stylesheet and fonts are the same on
// every page, so a 32,000-page documentation site has a handful of distinct sets. Each
// format therefore names each set once and maps pages to sets, and the map is written as
// rules over directories with per-page exceptions, so its size follows the sets and the
// exceptions, not the page count.
//
// Two plans, for two kinds of host:
//   - planOverride, for servers whose rules have a precedence we control (nginx's exact keys
//     before its regexps, Caddy's handlers in written order, the Go table's exact paths
//     before their directories): a directory rule gives its set to every page below it
//     (files ending in .html, and their directory URLs) that no deeper rule or exact entry
//     names. A tree walk finds the fewest rules plus exceptions.
//   - planSplats, for _headers, whose hosts apply every matching rule: rules never overlap.
//     A splat covers a directory only when every page any host would match with it has the
//     same set; other pages get rules of their own (see headers.go).

package emit

import (
	"sort"
	"strings"
)

// hintSets is every page's header hints, grouped by set.
type hintSets struct {
	sets  [][]string // Link values of each set; sets[0] is the empty set (no hints)
	count []int      // pages per set
	pages []pageSet  // every page, sorted by path
}

// pageSet is a page (its site path) and the index of its set.
type pageSet struct {
	page string
	set  int
	// pinned: the page cannot be named in a rule (unsafePagePath), so no directory rule
	// may give it a set other than 0.
	pinned bool
}

// groupSets groups pls by their Link values. others are the other pages (without header
// hints, not analysed, or with a path no rule can name; pls's pages may be among them):
// they get set 0, which rules covering their directory must respect. Sets are numbered by page count, most pages first, ties by
// the first page's path, so the numbering is a function of the input.
func groupSets(pls []pageLinks, others []string) *hintSets {
	type group struct {
		links []string
		first string
		n     int
	}
	byKey := map[string]*group{}
	var groups []*group
	keyOf := make([]*group, len(pls))
	for i, pl := range pls {
		k := strings.Join(pl.Links, "\n")
		g := byKey[k]
		if g == nil {
			g = &group{links: pl.Links, first: pl.Page}
			byKey[k] = g
			groups = append(groups, g)
		}
		g.n++
		if pl.Page < g.first {
			g.first = pl.Page
		}
		keyOf[i] = g
	}
	sort.Slice(groups, func(i, j int) bool {
		if groups[i].n != groups[j].n {
			return groups[i].n > groups[j].n
		}
		return groups[i].first < groups[j].first
	})
	hs := &hintSets{sets: [][]string{nil}, count: []int{0}}
	index := map[*group]int{}
	for i, g := range groups {
		index[g] = i + 1
		hs.sets = append(hs.sets, g.links)
		hs.count = append(hs.count, g.n)
	}
	seen := make(map[string]bool, len(pls)+len(others))
	for i, pl := range pls {
		hs.pages = append(hs.pages, pageSet{page: pl.Page, set: index[keyOf[i]]})
		seen[pl.Page] = true
	}
	for _, p := range others {
		if !seen[p] {
			seen[p] = true
			hs.pages = append(hs.pages, pageSet{page: p, pinned: unsafePagePath(p) != ""})
			hs.count[0]++
		}
	}
	sort.Slice(hs.pages, func(i, j int) bool { return hs.pages[i].page < hs.pages[j].page })
	return hs
}

// setOf returns the set of each page, by site path.
func (hs *hintSets) setOf() map[string]int {
	m := make(map[string]int, len(hs.pages))
	for _, p := range hs.pages {
		m[p.page] = p.set
	}
	return m
}

// coverable reports whether a directory rule can cover the page: its file name ends in
// ".html" (the patterns every format writes for a directory match that suffix exactly).
func coverable(page string) bool { return strings.HasSuffix(page, ".html") }

// dirRule gives set to every coverable page under dir (a site path ending in "/") that no
// deeper rule or exact entry names.
type dirRule struct {
	dir string
	set int
}

// plan is the rules of one format: directory rules, shallowest first, and exact entries for
// the pages the directory rules do not give their set (including set 0, for a page without
// hints under a directory rule), sorted by page.
type plan struct {
	dirs  []dirRule
	exact []pageSet
}

// dirNode is a directory in planOverride's walk.
type dirNode struct {
	path     string
	children []*dirNode
	leaves   []pageSet // coverable pages directly in this directory

	// The walk's results: the fewest rules and exceptions for this subtree when the set
	// inherited from above is c, without a rule here (noRule[c]; noRuleOther for a set no
	// page below has) and with the best rule here (1 + noRule[ruleSet]).
	noRule      map[int]int
	noRuleOther int
	ruleSet     int
	ruleCost    int
}

func (n *dirNode) cost(c int) int {
	v, ok := n.noRule[c]
	if !ok {
		v = n.noRuleOther
	}
	return min(v, n.ruleCost)
}

// planOverride finds directory rules and exact entries that give every page its set, with
// the fewest of them in total, for formats where deeper rules and exact entries take
// precedence. Pages outside every rule get set 0.
func planOverride(hs *hintSets) plan {
	var p plan
	root := &dirNode{path: "/"}
	nodes := map[string]*dirNode{"/": root}
	var node func(dir string) *dirNode
	node = func(dir string) *dirNode {
		if n := nodes[dir]; n != nil {
			return n
		}
		parent := node(dir[:strings.LastIndexByte(dir[:len(dir)-1], '/')+1])
		n := &dirNode{path: dir}
		parent.children = append(parent.children, n)
		nodes[dir] = n
		return n
	}
	for _, ps := range hs.pages {
		if !coverable(ps.page) {
			if ps.set != 0 {
				p.exact = append(p.exact, ps)
			}
			continue
		}
		n := node(ps.page[:strings.LastIndexByte(ps.page, '/')+1])
		n.leaves = append(n.leaves, ps)
	}
	// A pinned page costs more than any plan that leaves it alone.
	pin := 2*len(hs.pages) + 2
	var walk func(n *dirNode)
	walk = func(n *dirNode) {
		base := 0
		n.noRule = map[int]int{}
		for _, l := range n.leaves {
			w := 1
			if l.pinned {
				w = pin
			}
			base += w
			n.noRule[l.set] -= w // no mismatch for the leaf's own set
		}
		for _, ch := range n.children {
			walk(ch)
			other := min(ch.noRuleOther, ch.ruleCost)
			base += other
			for c := range ch.noRule {
				n.noRule[c] += ch.cost(c) - other
			}
		}
		n.noRuleOther = base
		n.ruleCost = -1
		for c, d := range n.noRule {
			n.noRule[c] = base + d
			if r := 1 + base + d; n.ruleCost < 0 || r < n.ruleCost || r == n.ruleCost && c < n.ruleSet {
				n.ruleCost, n.ruleSet = r, c
			}
		}
		if n.ruleCost < 0 { // no page below: a rule is never worth it
			n.ruleCost = 1 + base
		}
	}
	walk(root)
	var emit func(n *dirNode, inherited int)
	emit = func(n *dirNode, inherited int) {
		v, ok := n.noRule[inherited]
		if !ok {
			v = n.noRuleOther
		}
		if n.ruleCost < v {
			p.dirs = append(p.dirs, dirRule{dir: n.path, set: n.ruleSet})
			inherited = n.ruleSet
		}
		for _, l := range n.leaves {
			if l.set != inherited && !l.pinned {
				p.exact = append(p.exact, l)
			}
		}
		sort.Slice(n.children, func(i, j int) bool { return n.children[i].path < n.children[j].path })
		for _, ch := range n.children {
			emit(ch, inherited)
		}
	}
	emit(root, 0)
	sort.Slice(p.exact, func(i, j int) bool { return p.exact[i].page < p.exact[j].page })
	return p
}

// resolve returns the set plan gives a page, by the precedence planOverride assumes.
func (p plan) resolve(page string) int {
	for _, e := range p.exact {
		if e.page == page {
			return e.set
		}
	}
	if !coverable(page) {
		return 0
	}
	best, set := -1, 0
	for _, d := range p.dirs {
		if strings.HasPrefix(page, d.dir) && len(d.dir) > best {
			best, set = len(d.dir), d.set
		}
	}
	return set
}

// splatRule is a _headers rule "<dir>*" giving set to every request path under dir.
type splatRule struct {
	dir   string // escaped request path, ending in "/"
	set   int
	pages int // pages it covers
}

// pathRule is a _headers rule for one request path of one page.
type pathRule struct {
	path string // escaped request path
	page string // the page's site path
	set  int
}

// headersPaths lists the request paths the _headers hosts serve a page at, escaped: /dir/
// and /dir/index.html for a directory index, and /about besides /about.html, since both
// hosts serve pretty URLs.
func headersPaths(page, basePath string) []string {
	paths := requestPaths(page, basePath)
	if lower := strings.ToLower(page); strings.HasSuffix(lower, ".html") && !strings.HasSuffix(lower, "/index.html") {
		paths = append(paths, strings.TrimSuffix(basePath, "/")+page[:len(page)-len(".html")])
	}
	for i, p := range paths {
		paths[i] = escapedPath(p)
	}
	return paths
}

// planSplats finds the _headers rules: splats for the topmost directories whose pages all
// share one set, and a rule per request path for every other page with hints. No request
// path of a page matches two rules, on either host (see the file note): a splat "/d/*" is
// chosen only when every page path that Netlify's pattern for it matches (any path whose
// lower-case form starts with "/d", Netlify matching case-insensitively and the slash being
// optional) starts with "/d/" exactly, as Cloudflare's pattern requires, and has the same
// set. Rules come splats first, most pages first, then the pages' rules; pages whose path
// cannot be a rule are returned in skipped.
func planSplats(hs *hintSets, basePath string) (splats []splatRule, rules []pathRule, skipped []string) {
	type reqPath struct {
		lower, path, page string
		set               int
	}
	var all []reqPath
	dirs := map[string]bool{}
	for _, ps := range hs.pages {
		for _, rp := range headersPaths(ps.page, basePath) {
			all = append(all, reqPath{lower: strings.ToLower(rp), path: rp, page: ps.page, set: ps.set})
		}
		if ps.set != 0 {
			d := escapedPath(strings.TrimSuffix(basePath, "/") + ps.page)
			for i := strings.LastIndexByte(d, '/'); i >= 0; i = strings.LastIndexByte(d[:i], '/') {
				dirs[d[:i+1]] = true
			}
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].lower < all[j].lower })
	// uniform[i] is the end of the run of entries from i on that share entry i's set.
	uniform := make([]int, len(all))
	for i := len(all) - 1; i >= 0; i-- {
		uniform[i] = i + 1
		if i+1 < len(all) && all[i+1].set == all[i].set {
			uniform[i] = uniform[i+1]
		}
	}
	var cands []string
	for d := range dirs {
		cands = append(cands, d)
	}
	sort.Strings(cands) // a directory sorts before the directories below it
	var chosen []string
	covered := func(p string) bool {
		// chosen is sorted: the only candidate ancestor is the last one not after p.
		i := sort.SearchStrings(chosen, p+"\x00")
		return i > 0 && strings.HasPrefix(p, chosen[i-1])
	}
	base := escapedPath(strings.TrimSuffix(basePath, "/") + "/")
	for _, d := range cands {
		if !strings.HasPrefix(d, base) || strings.Contains(d, "*") || strings.Contains(d, "/:") || covered(d) {
			continue
		}
		q := strings.ToLower(strings.TrimSuffix(d, "/"))
		lo := sort.Search(len(all), func(i int) bool { return all[i].lower >= q })
		hi := lo + sort.Search(len(all)-lo, func(i int) bool { return !strings.HasPrefix(all[lo+i].lower, q) })
		if lo == hi || uniform[lo] < hi || all[lo].set == 0 {
			continue
		}
		exact := true
		pages := map[string]bool{}
		for _, r := range all[lo:hi] {
			if !strings.HasPrefix(r.path, d) {
				exact = false
				break
			}
			pages[r.page] = true
		}
		if !exact {
			continue
		}
		chosen = append(chosen, d)
		sort.Strings(chosen)
		splats = append(splats, splatRule{dir: d, set: all[lo].set, pages: len(pages)})
	}
	sort.SliceStable(splats, func(i, j int) bool { return splats[i].pages > splats[j].pages })
	bad := map[string]bool{}
	for _, ps := range hs.pages {
		if ps.set == 0 {
			continue
		}
		paths := headersPaths(ps.page, basePath)
		if covered(paths[0]) {
			continue
		}
		for _, rp := range paths {
			if strings.Contains(rp, "*") || strings.Contains(rp, "/:") {
				bad[ps.page] = true
			}
		}
		if bad[ps.page] {
			skipped = append(skipped, ps.page)
			continue
		}
		for _, rp := range paths {
			rules = append(rules, pathRule{path: rp, page: ps.page, set: ps.set})
		}
	}
	return splats, rules, skipped
}
