package style

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/preloadgen/preloadgen/parse"
)

// indexMatchesAll checks that the indexed match gives, for every element of doc, exactly
// the rules that trying every rule gives, in the same order, that an element that
// shares a sibling's style (Siblings) would have matched the sibling's rules, and that
// the part of the match of the first element of its path (its key, AppendKey, and its
// ancestors') with the rules tried on each element (MatchRest) gives the same, and that
// a LazyFilter asked for its filter where a path is new gives the filter pushed on the
// way in and out of every element. The paths of memo keys (AppendMemoKey) are checked so
// too.
func indexMatchesAll(t *testing.T, name string, rs *RuleSet, root *html.Node) (elements, tried int) {
	t.Helper()
	f := &AncestorFilter{}
	lazy := &LazyFilter{}
	type pathKey struct {
		parent int
		key    string
	}
	type path struct {
		id int
		pm PathMatch
	}
	paths := map[pathKey]path{}
	// The paths of memo keys (AppendMemoKey), which elements of different keys share.
	memoPaths := map[pathKey]path{}
	var walk func(n *html.Node, parent, memoParent int)
	walk = func(n *html.Node, parent, memoParent int) {
		var sib Siblings[[]int]
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			// Siblings that sameAttrs finds alike have one fingerprint.
			for d := n.FirstChild; d != c; d = d.NextSibling {
				if d.Type == html.ElementNode && d.Data == c.Data && d.Namespace == c.Namespace && rs.sameAttrs(d.Attr, c.Attr) && rs.fingerprint(d) != rs.fingerprint(c) {
					t.Errorf("%s: <%s %v> and <%s %v> are alike, their fingerprints are not", name, d.Data, d.Attr, c.Data, c.Attr)
				}
			}
			shared, _, isShared := sib.Find(rs, c)
			k := KeysOf(c)
			var work int
			got := rs.Match(c, &k, f, nil, &work)
			if isShared && !slices.Equal(shared, got) {
				t.Errorf("%s: <%s class=%q id=%q> shares a sibling's rules %v, matches %v", name, c.Data, parse.Attr(c, "class"), parse.Attr(c, "id"), shared, got)
			}
			sib.Add(c, &k, got)
			var want []int
			for i := range rs.Rules {
				if rs.Rules[i].Sel.Match(c) {
					want = append(want, i)
				}
			}
			elements++
			if !slices.Equal(got, want) {
				var gs, ws []string
				for _, i := range got {
					gs = append(gs, rs.Rules[i].Sel.String())
				}
				for _, i := range want {
					ws = append(ws, rs.Rules[i].Sel.String())
				}
				t.Errorf("%s: <%s class=%q id=%q>: index matched %q, every rule %q", name, c.Data, parse.Attr(c, "class"), parse.Attr(c, "id"), gs, ws)
			}
			pk := pathKey{parent, string(rs.AppendKey(nil, c))}
			p, ok := paths[pk]
			if !ok {
				if *lazy.Filter() != *f {
					t.Errorf("%s: <%s>: the lazy filter is not the filter of its ancestors", name, c.Data)
				}
				p = path{id: len(paths) + 1, pm: rs.MatchPath(c, &k, f, &work)}
				paths[pk] = p
			}
			if got := rs.MatchRest(c, &ElemKeys{}, &p.pm, nil); !slices.Equal(got, want) {
				t.Errorf("%s: <%s class=%q id=%q>: the match of its path %v, every rule %v", name, c.Data, parse.Attr(c, "class"), parse.Attr(c, "id"), got, want)
			}
			mk := pathKey{memoParent, string(rs.AppendMemoKey(nil, c))}
			mp, ok := memoPaths[mk]
			if !ok {
				mp = path{id: len(memoPaths) + 1, pm: rs.MatchPath(c, &k, f, &work)}
				memoPaths[mk] = mp
			}
			if got := rs.MatchRest(c, &ElemKeys{}, &mp.pm, nil); !slices.Equal(got, want) {
				t.Errorf("%s: <%s class=%q id=%q>: the match of its memo key's path %v, every rule %v", name, c.Data, parse.Attr(c, "class"), parse.Attr(c, "id"), got, want)
			}
			f.Push(&k, 1)
			lazy.Enter(&k)
			walk(c, p.id, mp.id)
			f.Push(&k, -1)
			lazy.Leave()
		}
	}
	walk(root, 0, 0)
	if *lazy.Filter() != *f || lazy.depth != 0 {
		t.Errorf("%s: the lazy filter is not empty after the walk", name)
	}
	return elements, len(rs.Rules)
}

func TestRuleSetMatchesLikeEveryRule(t *testing.T) {
	css := `
		#main { font-size: 20px }
		div#main.wide > p { font-weight: 700 }
		.a .b { font-style: italic }
		.a > .b.c { font-size: 12px }
		ul li a { font-weight: 300 }
		.x + .y { display: none }
		.x ~ .y .z { display: block }
		section .y .z { display: flex }
		:root { --s: 1px }
		html body { margin-top: 0 }
		* { box-sizing: border-box }
		[data-theme=dark] .a { font-family: Dark }
		.a:not(.b) { font-family: NotB }
		p:first-child { line-height: 2 }
		svg foreignObject { width: 1px }
		.md\:flex { display: flex }
		#x1, .q, em { font-style: italic }
		.a\ b { width: 2px }
		table.docutils { margin-top: 1px }
		li > :first-child, dd > :last-child { margin-bottom: 0 }
		:not(li) > ul > li:first-child > :first-child { padding-top: 1px }
		.b:last-child:first-child { padding-left: 3px }
		P.c { width: 3px }
		[type="checkbox"], [hidden], input[type=radio i], [data-x!=y] { height: 1px }
		:root, p:root { line-height: 1 }`
	page := `<!doctype html><html data-theme=dark><body>
		<div id=main class="wide  a"><p>one</p><p class="b c">two</p>
		<ul><li><a>link</a></li></ul></div>
		<section><div class=x></div><div class="y"><span class="z b">z</span></div></section>
		<div class="a	b a"><em class="md:flex">e</em><span class=b>s</span></div>
		<svg><foreignObject><p class=q id=x1>f</p></foreignObject></svg>
		<div class="a b"><i class="b c" id="x1 y">i</i></div>
		<table class=docutils><tr><td><code class=docutils>c</code></td></tr></table>
		<ul><li><a>first</a> <ul><li><b>x</b></li><li>y<i>z</i></li></ul></li><li><em>e</em></li></ul>
		<dl><dd><p>a</p>text<p class=b>b</p></dd><dd><span class=b>only</span></dd></dl>
		<input type=checkbox><input type=RADIO><p hidden data-x=y>h</p><p data-x=z>x</p>
		</body></html>`
	rs := BuildRuleSet([]Sheet{{Sheet: parse.ParseCSS([]byte(css))}})
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	indexMatchesAll(t, "table", rs, doc)
	// The index must know the shape of cascadia's selectors: were it to read none, every
	// rule would be universal and the cascade as slow as trying them all.
	if len(rs.universe) > 8 || len(rs.byID) == 0 || len(rs.byClass) == 0 || len(rs.byTag) == 0 {
		t.Errorf("index: %d universal, %d ids, %d classes, %d tags", len(rs.universe), len(rs.byID), len(rs.byClass), len(rs.byTag))
	}
	for _, r := range rs.Rules {
		if r.Sel.String() == ".a .b" && len(r.anc) != 1 {
			t.Errorf(".a .b: %d ancestor hashes, want 1", len(r.anc))
		}
		// What Match checks before it asks cascadia must be read too.
		switch sel := r.Sel.String(); sel {
		case ":root", "p:root":
			if !r.root {
				t.Errorf("%s: root not read", sel)
			}
		case `[data-x!="y"]`, "[hidden]":
			if want := map[string]string{`[data-x!="y"]`: "", "[hidden]": "hidden"}[sel]; r.attr != want {
				t.Errorf("%s: attr %q, want %q", sel, r.attr, want)
			}
		case "div#main.wide > p", ":not(li) > ul > li:first-child > :first-child":
			if want := map[string]string{"div#main.wide > p": "div", ":not(li) > ul > li:first-child > :first-child": "li"}[sel]; r.parentTag != want {
				t.Errorf("%s: parent tag %q, want %q", sel, r.parentTag, want)
			}
		case "table.docutils", "li > :first-child", "dd > :last-child":
			if want := (Rule{tag: "table"}); sel == "table.docutils" && r.tag != want.tag ||
				sel == "li > :first-child" && (!r.first || r.last) || sel == "dd > :last-child" && (r.first || !r.last) {
				t.Errorf("%s: tag %q, first %v, last %v", sel, r.tag, r.first, r.last)
			}
		}
	}
}

// TestRuleSetOnCorpus compares the indexed match with trying every rule on real
// generators' pages, with all of each site's stylesheets applied.
func TestRuleSetOnCorpus(t *testing.T) {
	sites, _ := filepath.Glob("../corpus/site/*")
	if len(sites) == 0 {
		t.Fatal("no corpus sites")
	}
	for _, site := range sites {
		var sheets []Sheet
		var pages []string
		filepath.WalkDir(site, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			switch filepath.Ext(p) {
			case ".css":
				b, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				sheets = append(sheets, Sheet{Path: p, Sheet: parse.ParseCSS(b)})
			case ".html":
				if len(pages) < 4 {
					pages = append(pages, p)
				}
			}
			return nil
		})
		rs := BuildRuleSet(sheets)
		for _, p := range pages {
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := html.Parse(strings.NewReader(string(b)))
			if err != nil {
				t.Fatal(err)
			}
			n, rules := indexMatchesAll(t, p, rs, doc)
			t.Logf("%s: %d elements, %d rules", p, n, rules)
			if n == 0 || rules == 0 {
				t.Errorf("%s: %d elements, %d rules", p, n, rules)
			}
		}
	}
}

// TestKeysChunks: keys handed out from chunks are those KeysOf gives, and stay so while
// later elements fill the chunks past their size.
func TestKeysChunks(t *testing.T) {
	var b strings.Builder
	b.WriteString("<body>")
	for i := range 3 * keysChunk {
		fmt.Fprintf(&b, `<p id="p%d" class="a%d  b c a%d" x=1>`, i, i, i)
	}
	b.WriteString(`<p class="` + strings.Repeat("w ", 2*keysChunk) + `">`)
	doc, err := html.Parse(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	var ks Keys
	var nodes []*html.Node
	var got []ElemKeys
	for n := range doc.Descendants() {
		if n.Type == html.ElementNode {
			nodes = append(nodes, n)
			got = append(got, ks.Of(n))
		}
	}
	for i, n := range nodes {
		if want := KeysOf(n); !reflect.DeepEqual(got[i], want) {
			t.Fatalf("<%s %v>: keys %+v, want %+v", n.Data, n.Attr, got[i], want)
		}
		// The hashes made with the keys are those of their tag, ids and classes.
		var f, g AncestorFilter
		f.Push(&got[i], 1)
		bare := got[i]
		bare.hashes = nil
		g.Push(&bare, 1)
		if f != g {
			t.Fatalf("<%s %v>: the filter of the keys' hashes is not that of the keys", n.Data, n.Attr)
		}
	}
}

// FuzzRuleSetMatch compares the indexed match, with all it checks before asking
// cascadia, against trying every rule, over fuzzed selectors and pages.
func FuzzRuleSetMatch(f *testing.F) {
	f.Add(`:not(li) > ul > li:first-child > :first-child`, `<ul><li><a>x</a><b>y</b></li><li><i>z</i></li></ul><ol><li><p>o</p></li></ol>`)
	f.Add(`.docutils.container, div.cap + div, p.t ~ *`, `<div class="docutils container">a</div><div class=cap></div>x<!--c--><div>b</div><p class=t></p><i></i>`)
	f.Add(`div[class*="high-"], [data-x^=z], [data-x$=y], [a=b i], [c~=d]`, `<div class="high-a">a</div><p data-x=zy>b</p><p a=B c="e d">c</p>`)
	f.Add(`.a > .b + .c ~ :last-child, :not(p) > :first-child:last-child`, `<div class=a><p class=b></p><p class=c></p><p></p></div><span><b></b></span>`)
	f.Add(`button:disabled, fieldset :enabled, :lang(en) i, a:link`, `<fieldset disabled><legend><button>a</button></legend><legend><button>b</button></legend></fieldset><p lang=en><i>x</i><a href=y>y</a></p>`)
	f.Add(`th > :first-child, .side > :last-child, li:not(:first-child) > p, p.x:only-child, #m:last-child, p:not(div > :first-child)`, `<table><tr><th><p>a</p><p>b</p></th></tr></table><div class=side><p class=x>c</p><p id=m>d</p></div><ul><li><p>e</p></li><li><p>f</p></li></ul>`)
	f.Add(`my-el > :only-child, td :first-child, p:not(div > :last-child), li:not(:first-child) a, dl > dd:last-child > :last-child`, `<my-el><p>a</p></my-el><table><tr><td><b><i>x</i></b><p>y</p></td></tr></table><div><p>z</p><p>w</p></div><ul><li><a>1</a></li><li><a>2</a></li></ul><dl><dd><p>3</p></dd><dd><p>4</p><p>5</p></dd></dl>`)
	f.Add(`.a:not(.b), p[class|='x' i], [class$="q\"\\"], [class], [class=""], i[class~=c], [class!=d]`, `<p class="a z">1</p><p class="z a b">2</p><p class="X-1 a">3</p><i class='q"\'>4</i><i class="c  d">5</i><b class>6</b><b>7</b><p class=d>8</p>`)
	f.Fuzz(func(t *testing.T, sels, page string) {
		if len(sels) > 300 || len(page) > 2000 {
			return
		}
		rs := BuildRuleSet([]Sheet{{Sheet: parse.ParseCSS([]byte(strings.ReplaceAll(sels, "{", "") + " { margin-top: 1px }"))}})
		doc, err := html.Parse(strings.NewReader(page))
		if err != nil {
			return
		}
		indexMatchesAll(t, "fuzz", rs, doc)
	})
}

// TestPathMatchSharedByCousins: elements of the same path under different parents (a
// nested list's items and links) share their path's match, the rules that look at their
// places tried on each.
func TestPathMatchSharedByCousins(t *testing.T) {
	css := `ul li a { font-weight: 300 }
		:not(li) > ul > li:first-child > :first-child { padding-top: 1px }
		li + li > a { font-style: italic }
		a[href] { font-size: 12px }
		[lang|=en] a { font-family: En }`
	page := `<!doctype html><body><ul>` + strings.Repeat(`<li><a href=/x id=a1>x</a><ul><li><a>y</a></li><li lang=en><a href=/y>z</a></li></ul></li>`, 3) + `</ul>`
	rs := BuildRuleSet([]Sheet{{Sheet: parse.ParseCSS([]byte(css))}})
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	indexMatchesAll(t, "cousins", rs, doc)
	// The ids no selector names are not part of an element's key; the attributes a
	// selector reads are.
	var as []*html.Node
	var find func(n *html.Node)
	find = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Data == "a" {
				as = append(as, c)
			}
			find(c)
		}
	}
	find(doc)
	if len(as) != 9 {
		t.Fatalf("%d links", len(as))
	}
	key := func(n *html.Node) string { return string(rs.AppendKey(nil, n)) }
	if k1, k2 := key(as[1]), key(as[2]); k1 == k2 {
		t.Errorf("a link with href and one without have the same key %q", k1)
	}
	as[3].Attr = []html.Attribute{{Key: "href", Val: "/x"}} // in the same place as as[0]
	if k0, k1 := key(as[0]), key(as[3]); k0 != k1 {
		t.Errorf("links apart only in an id no selector names: keys %q and %q", k0, k1)
	}
}

// TestRuleSetDisabledInLegend: :disabled and :enabled look at an ancestor's siblings (a
// control in a disabled fieldset's first legend is enabled, in a later one disabled), so
// two elements of the same path may differ: such rules are tried on each element.
func TestRuleSetDisabledInLegend(t *testing.T) {
	css := `button:disabled { font-style: italic } fieldset :enabled { font-weight: 700 }`
	page := `<!doctype html><body><fieldset disabled><legend><button>a</button></legend>` +
		`<legend><button>b</button></legend><p><button>c</button></p></fieldset>`
	rs := BuildRuleSet([]Sheet{{Sheet: parse.ParseCSS([]byte(css))}})
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	indexMatchesAll(t, "legend", rs, doc)
}

// TestIndexSpace: indexSpace finds what strings.IndexAny finds of cascadia's whitespace,
// for every byte before, in and after a class name.
func TestIndexSpace(t *testing.T) {
	for b := range 256 {
		for _, s := range []string{string(rune(b)), "a" + string(byte(b)), "ab" + string(byte(b)) + "c d", "x\fy" + string(byte(b))} {
			if got, want := indexSpace(s), strings.IndexAny(s, " \t\r\n\f"); got != want {
				t.Errorf("indexSpace(%q) = %d, IndexAny %d", s, got, want)
			}
		}
	}
}

// TestReadsAttr: the names readsAttr finds are those of attrs, whether they are few
// (a list) or many (the map), and none when no selector reads one.
func TestReadsAttr(t *testing.T) {
	names := []string{"type", "href", "title", "data-x", "lang", "rel", "dir", "role", "alt", "name"}
	for _, k := range []int{0, 1, 2, maxAttrList, maxAttrList + 1, len(names)} {
		var sels []string
		for _, n := range names[:k] {
			sels = append(sels, "p["+n+"]")
		}
		css := "p { margin-top: 1px }"
		if k > 0 {
			css = strings.Join(sels, ", ") + " { margin-top: 1px }"
		}
		rs := BuildRuleSet([]Sheet{{Sheet: parse.ParseCSS([]byte(css))}})
		if len(rs.attrs) != k {
			t.Fatalf("%d names: the rule set reads %v", k, rs.attrs)
		}
		for _, n := range append(names, "class", "id", "typ", "types", "") {
			if got, want := rs.readsAttr(n), rs.attrs[n]; got != want {
				t.Errorf("%d names: readsAttr(%q) = %v, want %v", k, n, got, want)
			}
		}
	}
}
