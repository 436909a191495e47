package firstscreen

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/preloadgen/preloadgen/parse"
)

// nodePath names element n by its tag and class and its place under the root (the
// index among its parent's element children at each level), the same in any DOM of
// the page.
func nodePath(n *html.Node) string {
	if n == nil {
		return "-"
	}
	var out []string
	for ; n != nil && n.Type == html.ElementNode; n = n.Parent {
		i := 0
		for s := n.PrevSibling; s != nil; s = s.PrevSibling {
			if s.Type == html.ElementNode {
				i++
			}
		}
		out = append(out, fmt.Sprintf("%s.%s[%d]", n.Data, parse.Attr(n, "class"), i))
	}
	return strings.Join(out, "<")
}

// guessString writes what a guess says of the page, its elements by nodePath, and a
// text guess's text.
func guessString(g Guess) string {
	s := fmt.Sprintf("%v %s media=%q why=%q unsure=%q lazy=%v marked=%q fonts=%v", g.Kind, nodePath(g.Node), g.Media,
		g.MediaWhy, g.Unsure, g.Lazy, g.Marked, g.Fonts)
	if g.Image != nil {
		s += " image=" + g.Image.URL
	}
	if g.Background != nil {
		s += " background=" + g.Background.URL
	}
	if g.Phone != nil {
		s += " phone=" + nodePath(g.Phone.Node)
	}
	if g.RunnerUp != nil {
		s += " runner-up=" + nodePath(g.RunnerUp.Node)
	}
	if g.Kind == KindText {
		var text strings.Builder
		for t := range parse.TextNodes(g.Node) {
			text.WriteString(t)
		}
		s += fmt.Sprintf(" text=%d:%.80q", text.Len(), text.String())
	}
	return s
}

// viewedAsWhole estimates page read in two parts and read whole, and fails when the
// estimate made from the parts is not the whole page's; it reports whether that
// estimate was made from the tail's view (parse.Document.AttachView). The parts are
// read with an element for each inline element of the view (parse.ParseHTML), and with
// those read as kinds (parse.ParseHTMLKinds), which must give the same estimate unless
// it needs the elements (Result.NeedsNodes).
func viewedAsWhole(t *testing.T, site memSite, page string) bool {
	t.Helper()
	viewed, _ := viewedAsWholeKinds(t, site, page)
	return viewed
}

// viewedAsWholeKinds is viewedAsWhole; it also reports whether the estimate from the
// parts read with kinds needed an element for each (Result.NeedsNodes).
func viewedAsWholeKinds(t *testing.T, site memSite, page string) (viewed, needsNodes bool) {
	t.Helper()
	whole := testPageParsed(t, site, page, parse.ParseHTMLFull)
	want := Estimate(whole)
	for i, parseHTML := range []func([]byte) (*parse.Document, error){parse.ParseHTML, parse.ParseHTMLKinds} {
		split := testPageParsed(t, site, page, parseHTML)
		got := Estimate(split)
		if got.NeedsNodes {
			if len(split.Doc.ViewKinds()) == 0 {
				t.Fatalf("%s: needs an element for each of the view's inline elements, but has none read as kinds", page)
			}
			needsNodes = true
			continue
		}
		v := sameEstimate(t, page, split, got, want)
		if i == 0 {
			viewed = v
		} else if v != viewed {
			t.Fatalf("%s: estimated from the tail's view with kinds: %v, with an element for each: %v", page, v, viewed)
		}
	}
	return viewed, needsNodes
}

// sameEstimate fails when got, the estimate of the page read in two parts (split), is
// not want, the whole page's; it reports whether got was made from the tail's view.
func sameEstimate(t *testing.T, page string, split *Page, got, want Result) bool {
	t.Helper()
	if got.NeedsTail {
		return false
	}
	if g, w := guessString(got.Guess), guessString(want.Guess); g != w {
		t.Fatalf("%s: the guess read in two parts:\n%s\nread whole:\n%s", page, g, w)
	}
	if !reflect.DeepEqual(got.Used, want.Used) || got.Cut != want.Cut || !reflect.DeepEqual(got.Notes, want.Notes) {
		t.Fatalf("%s: read in two parts: faces %v, cut %q, notes %q; whole: %v, %q, %q", page, got.Used, got.Cut, got.Notes, want.Used, want.Cut, want.Notes)
	}
	if g, w := bgURLs(got), bgURLs(want); !reflect.DeepEqual(g, w) {
		t.Fatalf("%s: backgrounds read in two parts %v, whole %v", page, g, w)
	}
	return split.Doc.HasView()
}

// sourceView is a rustdoc source view (testdata/sourceview) with its stylesheets, at
// their places on the site; extra is added to its last stylesheet.
func sourceView(t *testing.T, extra string) memSite {
	t.Helper()
	site := memSite{}
	for name, at := range map[string]string{
		"simd.rs.html":        "/src/core/up/up/stdarch/crates/core_arch/src/simd.rs.html",
		"normalize1.63.0.css": "/normalize1.63.0.css",
		"rustdoc1.63.0.css":   "/rustdoc1.63.0.css",
		"light1.63.0.css":     "/light1.63.0.css",
	} {
		b, err := os.ReadFile(filepath.Join("testdata", "sourceview", name))
		if err != nil {
			t.Fatal(err)
		}
		site[at] = b
	}
	site["/light1.63.0.css"] = append(site["/light1.63.0.css"], extra...)
	site["/bg.png"] = []byte("x")
	return site
}

// TestSourceViewInParts: a source view read in two parts (its flex row of line numbers
// and code open at the cut) gets the estimate it gets read whole, from the tail's view
// of its code, without its whole DOM; where the code's elements are laid out otherwise
// than as the <pre>'s text (a font size, a box, a background of their own), the
// estimate needs the tail, and the page is read whole.
func TestSourceViewInParts(t *testing.T) {
	const page = "/src/core/up/up/stdarch/crates/core_arch/src/simd.rs.html"
	for _, tt := range []struct {
		name, css string
		viewed    bool
		nodes     bool // read as kinds, it needs an element for each (Result.NeedsNodes)
	}{
		{"as built", "", true, false},
		{"bold keywords", ".kw{font-weight:bold}", true, false},
		{"larger code", "pre.rust{font-size:20px;line-height:2}", true, false},
		{"narrow column", ".source .content{max-width:300px}", true, false},
		{"larger keywords", ".kw{font-size:20px}", false, false},
		{"keywords as blocks", ".kw{display:block}", false, false},
		{"keywords as inline blocks", ".kw{display:inline-block}", false, false},
		{"padded names", ".ident{padding:0 4px}", false, false},
		{"hidden names", ".ident{display:none}", false, false},
		{"keywords with a background", ".kw{background:url(/bg.png)}", false, false},
		// Rules that tell the code's <span>s apart by their places or content: read
		// as kinds, the page needs an element for each (Result.NeedsNodes); an
		// attribute they all lack does not.
		{"every other span", "span:nth-child(2n){font-weight:bold}", true, true},
		{"a span after a span", "span+span{font-style:italic}", true, true},
		{"spans with ids", "[id]{font-weight:bold}", true, false},
		{"keywords after a keyword", ".kw~.kw{font-weight:bold}", true, true},
		{"empty spans", ".kw:empty{display:none}", true, true},
		{"code with a keyword", "code:has(.kw){font-weight:bold}", true, true},
		{"a larger first keyword", ".rust>code>:first-child{font-size:30px}", false, true},
		// The same of the spans in the code's #[...] attribute spans, which are read as
		// the first of their class with kinds.
		{"bold attribute names", ".attribute .ident{font-weight:bold}", true, false},
		{"larger attribute names", ".attribute .ident{font-size:20px}", false, false},
		{"an attribute after an attribute", ".attribute+.attribute{font-style:italic}", true, true},
		{"names in every other attribute", ".attribute:nth-child(2n) .ident{font-weight:bold}", true, true},
		{"attributes with a name", ".attribute:has(.ident){font-weight:bold}", true, true},
		{"larger names in every other attribute", ".attribute:nth-child(2n) .ident{font-size:20px}", false, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			site := sourceView(t, tt.css)
			doc, err := parse.ParseHTML(site[page])
			if err != nil || !doc.HasView() {
				t.Fatalf("the page has no view of its tail (err %v)", err)
			}
			viewed, needsNodes := viewedAsWholeKinds(t, site, page)
			if viewed != tt.viewed {
				t.Fatalf("estimated from the view: %v, want %v", viewed, tt.viewed)
			}
			if needsNodes != tt.nodes {
				t.Fatalf("read with kinds, needs an element for each: %v, want %v", needsNodes, tt.nodes)
			}
		})
	}
	// The code, in the tail, is the guess.
	p := testPageParsed(t, sourceView(t, ""), page, parse.ParseHTML)
	r := Estimate(p)
	if _, ok := p.Doc.InView(r.Guess.Node); r.Guess.Kind != KindText || parse.Attr(r.Guess.Node, "class") != "rust" || !ok {
		t.Fatalf("guess %s, want the code's <pre>, of the tail's view", guessString(r.Guess))
	}
}

// TestSourceViewLineNumbers: a source view whose line numbers, <span id>s, are long
// enough to be in the tail gets the estimate it gets read whole, its line numbers read
// as one kind; where a selector may look at their ids, read so, it needs an element
// for each (Result.NeedsNodes).
func TestSourceViewLineNumbers(t *testing.T) {
	var lines strings.Builder
	lines.WriteString(`<div class="example-wrap"><pre class="line-numbers">`)
	for i := 1; lines.Len() < 70<<10; i++ {
		fmt.Fprintf(&lines, "<span id=\"%d\">%d</span>\n", i, i)
	}
	lines.WriteString("</pre>")
	code := strings.Repeat(`<span class="kw">fn</span> <span class="ident">f</span>() {}`+"\n", 200)
	for _, tt := range []struct {
		name, css string
		nodes     bool
	}{
		{"no id read", "", false},
		{"an id named", "#vars{font-weight:bold}", false},
		{"a line's id named", "#\\31 0{font-weight:bold}", true}, // (an escape: any id may be named)
		{"ids read", "[id]{font-weight:bold}", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			site := memSite{
				"/index.html": []byte(`<!doctype html><html><head><link rel="stylesheet" href="/s.css"></head><body class="rustdoc source"><main><section class="content">` +
					lines.String() + `<pre class="rust"><code>` + code + `</code></pre></div></section></main><div id="vars"></div></body></html>`),
				"/s.css": []byte(`.rustdoc{display:flex} .example-wrap{display:inline-flex;width:100%} pre{font-family:monospace;padding:14px} .example-wrap>pre{margin:0} ` + tt.css),
			}
			doc, err := parse.ParseHTMLKinds(site["/index.html"])
			if err != nil || !doc.HasView() || len(doc.ViewKinds()) != 2 {
				t.Fatalf("the line numbers and the code are not read as kinds (err %v)", err)
			}
			viewed, needsNodes := viewedAsWholeKinds(t, site, "/index.html")
			if !viewed || needsNodes != tt.nodes {
				t.Fatalf("estimated from the view %v, needs an element for each %v; want true, %v", viewed, needsNodes, tt.nodes)
			}
		})
	}
}

// TestSourceViewsRealSite: source views of a real rustdoc site, read in two parts, get
// the estimate they get read whole, most of them from their tail's view.
func TestSourceViewsRealSite(t *testing.T) {
	const root = "/tmp/preloadgen-realsites/sites/rustdoc" // when it is on this machine
	var pages []string
	filepath.WalkDir(filepath.Join(root, "src"), func(p string, e os.DirEntry, err error) error {
		if err == nil && !e.IsDir() && strings.HasSuffix(p, ".rs.html") {
			if info, err := e.Info(); err == nil && info.Size() >= 24<<10 && info.Size() < 1<<20 {
				pages = append(pages, p)
			}
		}
		return nil
	})
	if len(pages) == 0 || testing.Short() {
		t.Skipf("no source views under %s", root)
	}
	site := memSite{}
	for _, css := range []string{"normalize1.63.0.css", "rustdoc1.63.0.css", "light1.63.0.css"} {
		b, err := os.ReadFile(filepath.Join(root, css))
		if err != nil {
			t.Fatal(err)
		}
		site["/"+css] = b
	}
	viewed, n := 0, 0
	for i, p := range pages {
		if i%12 != 0 {
			continue
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(root, p)
		at := path.Join("/", filepath.ToSlash(rel))
		site[at] = b
		n++
		if viewedAsWhole(t, site, at) {
			viewed++
		}
		delete(site, at)
	}
	if viewed < n*9/10 {
		t.Fatalf("%d of %d source views estimated from their tail's view", viewed, n)
	}
	t.Logf("%d of %d source views estimated from their tail's view", viewed, n)
}

// viewPieces are the pieces FuzzSourceView writes a source view's code of.
var viewPieces = []string{
	`<span class="kw">fn</span>`, `<span class="ident">x</span>`, `<span class="op">&amp;</span>`, " ", "\n", "    ",
	"x", "&lt;", `<span class="kw">`, `</span>`, `<a href="#l">`, `</a>`, `<b>`, `</b>`, `<em class="e">`, `</em>`,
	`<span class="ident">a_very_long_name_of_something_that_runs_on</span>`, `<span style="color:red">`, `<br>`,
	`<div>`, `</div>`, `<span hidden>`, "\t", "é", `<!-- c -->`, `<img src="/bg.png" width=900 height=600>`,
	`<span class="attribute">#[<span class="ident">a</span>]</span>`, `<span class="attribute">`,
	`<span class="attribute">#![<span class="ident">b</span>(<span class="op">=</span> <span class="string">&quot;é&quot;</span>)]</span>`,
}

// viewRules are the rules FuzzSourceView styles its source view with: some that lay the
// code's elements out as its text, some that do not.
var viewRules = []string{
	".kw{font-size:20px}", ".kw{display:block}", ".ident{padding:2px}", "pre.rust{font-size:18px}", ".e{display:none}",
	"code{font-size:90%}", ".kw{background:url(/bg.png)}", ".example-wrap{flex-wrap:wrap}", "span{margin:0 2px}",
	".kw{font-weight:bold}", "a{display:inline-block}", ".kw:empty{display:none}", ".rust>code>:first-child{font-size:30px}",
	"@media (max-width:700px){.kw{font-size:30px}}", ".line-numbers{width:50px}", "pre.rust{flex-grow:1}",
	".ident{visibility:hidden}", "em{position:absolute}", ".op{line-height:3}", "pre.rust{padding:0;margin:40px}",
	".sr-only{color:red}", "pre.rust{display:none}", "code{display:block;height:900px}",
	// Rules that tell the code's elements apart by their places or content.
	"span:nth-child(2n){font-weight:bold}", "span+span{font-style:italic}", "[id]{font-size:30px}", ".kw~.ident{font-size:30px}",
	"code:has(.kw+.op){font-weight:bold}", ".ident:last-child{display:block}",
	".attribute+.attribute{font-size:30px}", ".attribute:nth-child(2n) .ident{font-size:30px}",
	".attribute .ident{font-size:20px}", ".attribute .string{display:block}", ".attribute{font-style:italic}",
}

// FuzzSourceView: a source view whose code is any markup of the pieces, under any
// rules, gets from its parts the estimate it gets read whole (viewedAsWhole), its
// <span class>es read as kinds or not.
func FuzzSourceView(f *testing.F) {
	f.Add(".kw{color:red}", []byte{9}, []byte{0, 3, 1, 4, 2, 4, 16, 4})
	f.Add("pre.rust{padding:0}", []byte{0, 3}, []byte{0, 4, 8, 6, 9, 4})
	f.Add(".e{margin:4px}", []byte{4, 10, 15}, []byte{14, 6, 15, 4, 10, 6, 11})
	var lines strings.Builder
	lines.WriteString(`<div class="example-wrap"><pre class="line-numbers">`)
	for i := 1; lines.Len() < 70<<10; i++ {
		fmt.Fprintf(&lines, "<span id=\"%d\">%d</span>\n", i, i)
	}
	lines.WriteString("</pre>")
	f.Fuzz(func(t *testing.T, css string, rules, pieces []byte) {
		if len(pieces) > 300 || len(rules) > 20 {
			return
		}
		var code, sheet strings.Builder
		for _, p := range pieces {
			code.WriteString(viewPieces[int(p)%len(viewPieces)])
		}
		for _, r := range rules {
			sheet.WriteString(viewRules[int(r)%len(viewRules)] + " ")
		}
		site := memSite{
			"/index.html": []byte(`<!doctype html><html><head><link rel="stylesheet" href="/s.css"></head><body class="rustdoc source"><main><section class="content">` +
				lines.String() + `<pre class="rust"><code>` + code.String() + `</code></pre></div></section></main><div id="vars"></div></body></html>`),
			"/s.css":  []byte(`.rustdoc{display:flex} .example-wrap{display:inline-flex;width:100%} pre{font-family:monospace;padding:14px} .example-wrap>pre{margin:0} ` + sheet.String() + css),
			"/bg.png": []byte("x"),
		}
		viewedAsWhole(t, site, "/index.html")
	})
}
