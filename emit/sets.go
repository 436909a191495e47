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
//     A pattern "P*" covers the paths starting with P only when every path either host
//     would match with it has the same set; other paths get rules of their own (see
//     headers.go and docs/servers.md).

package emit

import (
	"regexp"
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
		if !strings.HasPrefix(p, "/") {
			continue // no URL names it
		}
		if !seen[p] {
			seen[p] = true
			hs.pages = append(hs.pages, pageSet{page: p, pinned: unsafePagePath(p) != ""})
			hs.count[0]++
		}
	}
	sort.Slice(hs.pages, func(i, j int) bool { return hs.pages[i].page < hs.pages[j].page })
	return hs
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

// headersRule is one rule of the _headers section: a request path, or with splat the
// pattern path+"*", and the set it gives.
type headersRule struct {
	path  string // escaped
	splat bool
	set   int
	pages int    // pages it covers
	page  string // the first of them (for warnings)
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

// placeholderRE finds what Cloudflare reads as a placeholder anywhere in a rule's path
// (Netlify only at the start of a segment).
var placeholderRE = regexp.MustCompile(`:[A-Za-z]`)

// planSplats finds the _headers rules: the fewest rules such that every request path of a
// page with hints matches exactly one rule, with its set, and a path without hints none,
// on both hosts. It walks the request paths as a trie of their lower-case bytes: a subtree
// whose paths all share one set becomes one rule "P*", P their longest common prefix,
// provided every known path either host would match with it is in the subtree (Netlify
// ignores case, and reads "/d/*" as "/d" followed by anything) and no set's value holds
// ":splat" (Cloudflare substitutes it). Other paths get a rule each. Pages whose paths
// cannot be a rule ("*", a placeholder) are returned in skipped. Rules come most pages
// first.
func planSplats(hs *hintSets, basePath string) (rules []headersRule, skipped []string) {
	type reqPath struct {
		lower, path, page string
		set               int
	}
	var all []reqPath
	known := map[string]bool{}
	for _, ps := range hs.pages {
		for _, rp := range headersPaths(ps.page, basePath) {
			known[strings.ToLower(rp)] = true
		}
	}
	for _, ps := range hs.pages {
		paths := headersPaths(ps.page, basePath)
		alias := !strings.HasSuffix(ps.page, "/index.html") && len(paths) == 2
		for i, rp := range paths {
			// Netlify reads the rule "/about" as "/about" or "/about/": the pretty alias
			// is left out where "/about/" is a page of its own.
			if alias && i == 1 && known[strings.ToLower(rp)+"/"] {
				continue
			}
			all = append(all, reqPath{lower: strings.ToLower(rp), path: rp, page: ps.page, set: ps.set})
		}
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].lower != all[j].lower {
			return all[i].lower < all[j].lower
		}
		return all[i].path < all[j].path
	})
	// uniform[i] is the end of the run of entries from i on that share entry i's set.
	uniform := make([]int, len(all))
	for i := len(all) - 1; i >= 0; i-- {
		uniform[i] = i + 1
		if i+1 < len(all) && all[i+1].set == all[i].set {
			uniform[i] = uniform[i+1]
		}
	}
	splattable := make([]bool, len(hs.sets))
	for i, links := range hs.sets {
		splattable[i] = !strings.Contains(strings.Join(links, ""), ":splat")
	}
	unusable := func(p string) bool { return strings.Contains(p, "*") || placeholderRE.MatchString(p) }
	rangeOf := func(prefix string) (int, int) {
		lo := sort.Search(len(all), func(i int) bool { return all[i].lower >= prefix })
		hi := lo + sort.Search(len(all)-lo, func(i int) bool { return !strings.HasPrefix(all[lo+i].lower, prefix) })
		return lo, hi
	}
	pagesIn := func(lo, hi int) int {
		n := 0
		for i := lo; i < hi; i++ {
			if i == lo || all[i].page != all[i-1].page {
				n++ // a page's paths sort next to each other but for its pretty alias: close enough for ordering
			}
		}
		return n
	}
	bad := map[string]bool{}
	var cover func(lo, hi, depth int)
	cover = func(lo, hi, depth int) {
		if lo >= hi || uniform[lo] >= hi && all[lo].set == 0 {
			return
		}
		if uniform[lo] >= hi && hi-lo > 1 && splattable[all[lo].set] {
			p := all[lo].path
			for _, r := range all[lo+1 : hi] {
				n := 0
				for n < len(p) && n < len(r.path) && p[n] == r.path[n] {
					n++
				}
				p = p[:n]
			}
			n := strings.ToLower(p)
			if strings.HasSuffix(n, "/") {
				n = n[:len(n)-1]
			}
			nlo, nhi := rangeOf(n)
			ok := !unusable(p) && len(p) > 0
			for i := nlo; ok && i < nhi; i++ {
				ok = all[i].set == all[lo].set && strings.HasPrefix(all[i].path, p)
			}
			if ok {
				rules = append(rules, headersRule{path: p, splat: true, set: all[lo].set, pages: pagesIn(nlo, nhi), page: all[lo].page})
				return
			}
		}
		// Split below the range's common prefix: the path equal to it (if any) first.
		if d := commonPrefixLen(all[lo].lower, all[hi-1].lower); d > depth {
			depth = d
		}
		i := lo
		for ; i < hi && len(all[i].lower) == depth; i++ {
		}
		if i-lo > 1 {
			// Paths that differ only in case: Netlify cannot tell their rules apart.
			for _, r := range all[lo:i] {
				if r.set != 0 {
					for _, r := range all[lo:i] {
						bad[r.page] = true
					}
					break
				}
			}
		} else if i > lo {
			switch r := all[lo]; {
			case r.set == 0:
			case unusable(r.path):
				bad[r.page] = true
			default:
				rules = append(rules, headersRule{path: r.path, set: r.set, pages: 1, page: r.page})
			}
		}
		for i < hi {
			j := i + 1
			for j < hi && all[j].lower[depth] == all[i].lower[depth] {
				j++
			}
			cover(i, j, depth+1)
			i = j
		}
	}
	cover(0, len(all), 0)
	// A page skipped for one path loses the rules of its others: all or none.
	kept := rules[:0]
	for _, r := range rules {
		if r.splat || !bad[r.page] {
			kept = append(kept, r)
		}
	}
	rules = kept
	for p := range bad {
		skipped = append(skipped, p)
	}
	sort.Strings(skipped)
	sort.SliceStable(rules, func(i, j int) bool { return rules[i].pages > rules[j].pages })
	return rules, skipped
}

// commonPrefixLen is the length of the longest common prefix of a and b.
func commonPrefixLen(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}
