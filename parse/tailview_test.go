package parse

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// viewPage is a page long enough to be read in two parts whose cut comes right before
// tail: what precedes it is one paragraph, or head when given.
func viewPage(head, tail string) []byte {
	if head == "" {
		head = "<p>" + strings.Repeat("Some article text that fills the first screens of the page, plainly. ", 400) + "</p>\n"
	}
	return []byte("<!doctype html><html><head><meta charset=utf-8></head><body><main>\n" + head + tail + "\n</main></body></html>")
}

// lineNumbers is the head of a source view's page: a flex row open at the cut, its line
// numbers before it.
func lineNumbers() string {
	var b strings.Builder
	b.WriteString(`<div class="example-wrap"><pre class="line-numbers">`)
	for i := 1; b.Len() < 30<<10; i++ {
		fmt.Fprintf(&b, "<span id=\"%d\">%d</span>\n", i, i)
	}
	b.WriteString("</pre>")
	return b.String()
}

// viewString writes the elements under n (tag and class) and the text outside
// preformatted elements, without white space at its ends; a preformatted element is
// written with its whole text, then its elements. pre gives that text.
func viewString(b *strings.Builder, n *html.Node, pre func(*html.Node) string) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			if s := strings.TrimSpace(c.Data); s != "" {
				b.WriteString("'" + s + "'")
			}
		case html.ElementNode:
			b.WriteString("<" + c.Data + "." + Attr(c, "class") + " " + Attr(c, "id"))
			if c.DataAtom == atom.Pre || c.DataAtom == atom.Listing {
				b.WriteString("|" + pre(c) + "|>")
				elementsOnly(b, c)
			} else {
				b.WriteString(">")
				if c.DataAtom != atom.Script && c.DataAtom != atom.Style {
					viewString(b, c, pre)
				}
			}
			b.WriteString("</>")
		}
	}
}

func elementsOnly(b *strings.Builder, n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			b.WriteString("<" + c.Data + "." + Attr(c, "class") + ">")
			elementsOnly(b, c)
			b.WriteString("</>")
		}
	}
}

func allText(n *html.Node) string {
	var b strings.Builder
	for s := range TextNodes(n) {
		b.WriteString(s)
	}
	return b.String()
}

// viewMatchesWhole checks a page whose tail has a view (HasView) against its whole DOM:
// with the tail attached, its elements are the whole DOM's, the text of each
// preformatted element of the view's first level is the whole DOM's text of that
// element, and with the view attached, that text is its one child. It reports whether
// the page had a view.
func viewMatchesWhole(t *testing.T, src []byte) bool {
	t.Helper()
	d, err := ParseHTML(src)
	if err != nil {
		t.Fatal(err)
	}
	if !d.HasView() {
		return false
	}
	full, err := ParseHTMLFull(src)
	if err != nil {
		t.Fatal(err)
	}
	var want, got strings.Builder
	viewString(&want, full.Root, allText)
	viewed := map[*html.Node]string{}
	detach := d.AttachView()
	for i := range d.view.elems {
		e := &d.view.elems[i]
		if !e.pre {
			if e.n.FirstChild != nil {
				t.Fatalf("%s of the view's first level has children", e.n.Data)
			}
			continue
		}
		viewed[e.n] = allText(e.n)
		if e.n.FirstChild != e.node || e.node != nil && (e.node.NextSibling != nil || e.node.Parent != e.n) {
			t.Fatalf("the view's %s does not hold its text alone", e.n.Data)
		}
		chars := 0
		for s := range TextNodes(e.n) {
			chars += len(strings.TrimSpace(s))
		}
		if _, ok := d.InView(e.n); !ok {
			t.Fatalf("InView does not know the view's %s", e.n.Data)
		}
	}
	detach()
	detach = d.AttachTail()
	viewString(&got, d.Root, func(n *html.Node) string {
		if s, ok := viewed[n]; ok {
			return s
		}
		return allText(n)
	})
	detach()
	if got.String() != want.String() {
		t.Fatalf("the view:\n%s\nthe whole DOM:\n%s", got.String(), want.String())
	}
	kindsMatchNodes(t, src, d)
	return true
}

// kindsMatchNodes checks src read with the <span class>es of its tail's view as kinds
// (ParseHTMLKinds) against d, src read with an element for each: the view and its text
// are d's, each element of the view's preformatted elements stands for one class under
// its parent, and the characters of the texts of the elements of each tag and class
// (other than white space) are d's.
func kindsMatchNodes(t *testing.T, src []byte, d *Document) {
	t.Helper()
	k, err := ParseHTMLKinds(src)
	if err != nil {
		t.Fatal(err)
	}
	if !k.HasView() || len(k.view.elems) != len(d.view.elems) {
		t.Fatal("read with kinds, the page has another view")
	}
	for i := range d.view.elems {
		e, f := &d.view.elems[i], &k.view.elems[i]
		if e.pre != f.pre || (e.node == nil) != (f.node == nil) || e.node != nil && e.node.Data != f.node.Data || e.chars != f.chars {
			t.Fatalf("read with kinds, the view's %s has another text", e.n.Data)
		}
	}
	// The characters of each preformatted element's text are those the parser kept
	// (ViewChars), once the view is attached.
	detach := k.AttachView()
	for i := range k.view.elems {
		f := &k.view.elems[i]
		chars, ok := k.ViewChars(f.n)
		if ok != (f.node != nil) {
			t.Fatalf("ViewChars of the view's %s: %v, its text node %v", f.n.Data, ok, f.node != nil)
		}
		if ok && runeSet(string(chars)) != runeSet(f.node.Data) {
			t.Fatalf("ViewChars of the view's %s: %q, its text has %q", f.n.Data, runeSet(string(chars)), runeSet(f.node.Data))
		}
	}
	detach()
	if len(k.view.elems) > 0 {
		if _, ok := k.ViewChars(k.view.elems[0].n); ok {
			t.Fatal("ViewChars of an element of the view not attached")
		}
	}
	for i := 1; i < len(k.view.kparents); i++ {
		if k.view.kparents[i-1].ref >= k.view.kparents[i].ref {
			t.Fatal("the elements with kinds are not in document order")
		}
	}
	for _, kp := range k.view.kparents {
		seen := map[string]bool{}
		for _, kd := range kp.kinds {
			if kd.n.Parent != kp.Node || seen[kd.class] || Attr(kd.n, "class") != kd.class {
				t.Fatalf("kind %q under %s is not its class's one element", kd.class, kp.Node.Data)
			}
			seen[kd.class] = true
		}
	}
	if got, want := spanChars(t, k), spanChars(t, d); !reflect.DeepEqual(got, want) {
		t.Fatalf("the characters of the elements' texts by tag and class, read with kinds:\n%v\nwith an element for each:\n%v", got, want)
	}
}

// runeSet returns the characters of s other than white space, each once, in order.
func runeSet(s string) string {
	var rs []rune
	for _, r := range s {
		if !unicode.IsSpace(r) && !slices.Contains(rs, r) {
			rs = append(rs, r)
		}
	}
	slices.Sort(rs)
	return string(rs)
}

// spanChars returns the characters other than white space of the texts of the elements
// of d's tail, by tag and class: of the kinds (KindText), of the elements with kinds
// (OwnText) and of the tail's events.
func spanChars(t *testing.T, d *Document) map[string]string {
	sets := map[string]map[rune]bool{}
	add := func(class string, text []byte) {
		for _, r := range string(text) {
			if unicode.IsSpace(r) {
				continue
			}
			if sets[class] == nil {
				sets[class] = map[rune]bool{}
			}
			sets[class][r] = true
		}
	}
	for _, kp := range d.ViewKinds() {
		add(kp.Node.Data+"."+Attr(kp.Node, "class"), kp.OwnText())
		for _, kd := range kp.kinds {
			text, ok := kp.KindText(kd.n)
			if !ok {
				t.Fatalf("KindText does not know kind %q", kd.class)
			}
			add("span."+kd.class, text)
		}
	}
	for ev := range d.TailEvents() {
		if ev.Node == nil {
			add(ev.Parent.Data+"."+Attr(ev.Parent, "class"), ev.Text)
		}
	}
	out := map[string]string{}
	for c, set := range sets {
		rs := make([]rune, 0, len(set))
		for r := range set {
			rs = append(rs, r)
		}
		slices.Sort(rs)
		out[c] = string(rs)
	}
	return out
}

// TestTailView: a source view's tail (a <pre> of highlighted code beside the line
// numbers, an empty <div> after) has a view that is the whole DOM's; near misses have
// none.
func TestTailView(t *testing.T) {
	code := strings.Repeat(`<span class="kw">fn</span> <span class="ident">f</span>() {}`+"\n    ", 20)
	for _, tt := range []struct {
		name, head, tail string
		view             bool
	}{
		{"source view", lineNumbers(), `<pre class="rust"><code>` + code + `</code></pre></div><div id="vars" data-x="y"></div>`, true},
		{"source view, text after", lineNumbers(), `<pre class="rust"><code>` + code + `</code></pre></div><p>x</p>`, false},
		{"content in the flex row", lineNumbers(), `<pre class="rust"><code>` + code + `</code></pre><div>x</div></div>`, false},
		{"references", "", `<pre class="rust"><code>a &amp;&amp; b &lt; <span class="op">&amp;</span></code></pre>`, true},
		{"comment", "", `<pre class="rust">a<!-- c -->b <a href="#x">x</a></pre>`, true},
		{"empty elements", "", `<div id="a"> </div><span class="x"></span><p></p>`, true},
		{"first line break", "", "<pre>\nfn x</pre>", false},
		{"carriage return", "", "<pre>fn\r\nx</pre>", false},
		{"block inside", "", `<pre><div>x</div></pre>`, false},
		{"text in an empty element", "", `<div>x</div>`, false},
		{"text in a container", "", `<pre>x</pre>y`, false},
		{"line break element", "", `<pre>x<br>y</pre>`, false},
		{"style attribute", "", `<pre>x<span style="display:block">y</span></pre>`, false},
		{"hidden", "", `<pre hidden>x</pre>`, false},
		{"misnested", "", `<pre><b><i>x</b></i></pre>`, false},
		{"nested links", "", `<pre><a href="#a">x<a href="#b">y</a></a></pre>`, false},
		{"unmatched end tag", "", `<pre>x</spans>y</pre>`, false},
		{"after body", "", `<pre>x</pre></main></body><div>y</div>`, false},
		{"template", "", `<p></p><template><p>x</p></template>`, false},
		{"image", "", `<p></p><img src="/a.png">`, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			src := viewPage(tt.head, tt.tail)
			d, _ := ParseHTML(src)
			if !d.Split {
				t.Fatal("not read in two parts")
			}
			if got := viewMatchesWhole(t, src); got != tt.view {
				t.Fatalf("HasView = %v, want %v", got, tt.view)
			}
		})
	}
}

// TestTailViewKinds: a source view's code read with kinds (ParseHTMLKinds) has an
// element for each class of its <span class>es under its <code>, and those under a
// <span> of its own under that <span>, up to maxKinds classes under one parent; a tail
// that turns out to have no view is read again without kinds.
func TestTailViewKinds(t *testing.T) {
	code := strings.Repeat(`<span class="kw">fn</span> <span class="ident">f</span>() <span class="attribute">#[<span class="ident">cfg</span>]</span> {}`+"\n    ", 20)
	k, err := ParseHTMLKinds(viewPage(lineNumbers(), `<pre class="rust"><code>`+code+`</code></pre></div>`))
	if err != nil || !k.HasView() {
		t.Fatalf("no view (err %v)", err)
	}
	kinds := map[string]int{}
	for _, kp := range k.ViewKinds() {
		kinds[kp.Node.Data+"."+Attr(kp.Node, "class")] += len(kp.kinds)
	}
	if want := map[string]int{"code.": 2, "span.attribute": 1}; !reflect.DeepEqual(kinds, want) {
		t.Fatalf("kinds by parent %v, want %v", kinds, want)
	}
	// A <span class> that holds elements is read as the first of its class under its
	// parent when what it holds is text and spans of that one's kinds, or of a later
	// one's that could not be read so (a few of those are kept); otherwise, or at
	// anything else inside, it is an element of its own.
	for _, tt := range []struct {
		name, code string
		parents    int // elements with kinds of class attribute, of the code three times
	}{
		{"alike", `<span class="attribute">#[<span class="ident">a</span>]</span> <span class="attribute">#![<span class="ident">b</span>(<span class="ident">c</span>)]</span>`, 1},
		{"a kind the first has not", `<span class="attribute">#[<span class="ident">a</span>]</span> <span class="attribute">#[<span class="ident">b</span> <span class="op">=</span> <span class="string">&quot;c&quot;</span>]</span> <span class="attribute">#[<span class="op">=</span>]</span> <span class="attribute">#[<span class="ident">a</span>]</span>`, 2},
		{"a link inside", `<span class="attribute">#[<span class="ident">a</span>]</span> <span class="attribute">#[<a href="#x">x</a>]</span>`, 1},
		{"an element inside", `<span class="attribute">#[<span class="ident">a</span>]</span> <span class="attribute">#[<span class="ident">a</span><span class="lit"><span class="ident">b</span></span>]</span>`, 4},
		{"another attribute", `<span class="attribute">#[<span class="ident">a</span>]</span> <span class="attribute" id="x">#[<span class="ident">a</span>]</span> <span  class="attribute">#[<span class="ident">a</span>]</span>`, 7},
		{"a reference in the class", `<span class="attr&#105;bute">#[<span class="ident">a</span>]</span> <span class="attr&#105;bute">#[<span class="ident">a</span>]</span>`, 6},
		{"under another parent", `<span class="attribute">#[<span class="ident">a</span>]</span> <b><span class="kw">x</span><span class="attribute">#[<span class="ident">a</span>]</span></b>`, 4},
		{"text with references", `<span class="attribute">#[<span class="ident">a</span>]</span> <span class="attribute">&lt;é&gt;<span class="ident">&amp;a</span>&#1234;</span>`, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code := strings.Repeat(`<span class="kw">fn</span> `+tt.code+"\n", 3)
			src := viewPage(lineNumbers(), `<pre class="rust"><code>`+code+`</code></pre></div>`)
			k, err := ParseHTMLKinds(src)
			if err != nil || !k.HasView() {
				t.Fatalf("no view (err %v)", err)
			}
			parents := 0
			for _, kp := range k.ViewKinds() {
				if strings.HasPrefix(Attr(kp.Node, "class"), "attr") {
					parents++
				}
			}
			if parents != tt.parents {
				t.Errorf("%d attribute spans with kinds, want %d", parents, tt.parents)
			}
			if !viewMatchesWhole(t, src) {
				t.Fatal("no view read with an element for each")
			}
		})
	}
	// Past maxKinds classes under one parent, spans are elements of their own.
	var many strings.Builder
	for i := range 2 * maxKinds {
		fmt.Fprintf(&many, `<span class="c%d">x</span> `, i)
	}
	k, err = ParseHTMLKinds(viewPage(lineNumbers(), `<pre class="rust"><code>`+many.String()+`</code></pre></div>`))
	if kp := k.ViewKinds(); err != nil || len(kp) != 1 || len(kp[0].kinds) != maxKinds {
		t.Fatalf("kinds of %d classes under one parent: %d parents (err %v)", 2*maxKinds, len(kp), err)
	}
	kindsMatchNodes(t, viewPage(lineNumbers(), `<pre class="rust"><code>`+many.String()+`</code></pre></div>`), mustParse(t, viewPage(lineNumbers(), `<pre class="rust"><code>`+many.String()+`</code></pre></div>`)))
	k, err = ParseHTMLKinds(viewPage(lineNumbers(), `<pre class="rust"><code>`+code+`</code></pre></div><p>x</p>`))
	if err != nil || k.HasView() || len(k.ViewKinds()) > 0 {
		t.Fatalf("a tail without a view has kinds (err %v)", err)
	}
}

func mustParse(t *testing.T, src []byte) *Document {
	t.Helper()
	d, err := ParseHTML(src)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestTailViewRustdoc: the source views of a real rustdoc site have views that are
// their whole DOMs'.
func TestTailViewRustdoc(t *testing.T) {
	dir := "/tmp/preloadgen-realsites/sites/rustdoc/src" // when it is on this machine
	var pages []string
	filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err == nil && !e.IsDir() && strings.HasSuffix(p, ".rs.html") && len(pages) < 400 {
			pages = append(pages, p)
		}
		return nil
	})
	if len(pages) == 0 || testing.Short() {
		t.Skipf("no source views under %s", dir)
	}
	viewed := 0
	for i, p := range pages {
		if i%8 != 0 {
			continue
		}
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if viewMatchesWhole(t, src) {
			viewed++
		}
	}
	if viewed == 0 {
		t.Fatal("no source view had a view")
	}
}

// viewPieces are the pieces FuzzTailView writes tails of.
var viewPieces = []string{
	`<pre class="rust">`, `</pre>`, `<code>`, `</code>`, `<span class="kw">`, `</span>`, `<span class="kw">fn</span>`,
	`<span class="s">&quot;a&quot;</span>`, `<a href="#l">`, `</a>`, `<b>`, `</b>`, `<i>`, `</i>`, `<em>`, `</em>`,
	`<div id="v">`, `</div>`, `<p>`, `</p>`, `<br>`, `<listing>`, `</listing>`, "\n", " ", "x", "&amp;", "&lt;",
	"\r\n", "\x00", "\xe2\x82", "\xac", "é", `</body>`, `</html>`, `<template>`, `</template>`, `<img src="/a.png">`,
	`<!-- c -->`, `<span style="color:red">`, `<span hidden>`, `<section>`, `</section>`, `</spans>`, `<kbd>`, `</kbd>`,
	`<span class="kw"></span>`, `<span class="kw"> </span>`, `<table>`, `<script>x</script>`, "<pre>\n",
	`<span id="7">7</span>`, `<span id="8">&amp;</span>`, `<span class="op">±</span>`, `<span class="op">&lt;é</span>`,
	`<span class="attr">`, `<span class="attr">#[<span class="kw">fn</span>]</span>`,
	`<span class="attr">#[<span class="kw">a</span> <span class="op">&lt;é</span>]</span>`, `<span class="attr">&amp;x</span>`,
}

// FuzzTailView: whatever the tail, a view (HasView) is the whole DOM's (viewMatchesWhole).
func FuzzTailView(f *testing.F) {
	f.Add([]byte{0, 2, 6, 23, 7, 24, 4, 26, 5, 3, 1, 16, 17})
	f.Add([]byte{0, 8, 26, 9, 10, 11, 1, 46, 47})
	f.Add([]byte{0, 28, 26, 1, 0, 30, 31, 1, 33, 16, 17})
	f.Fuzz(func(t *testing.T, pieces []byte) {
		if len(pieces) > 400 {
			return // (html.Parse fails on more than 512 elements open)
		}
		var b strings.Builder
		for _, p := range pieces {
			b.WriteString(viewPieces[int(p)%len(viewPieces)])
		}
		viewMatchesWhole(t, viewPage(lineNumbers(), b.String()))
	})
}

// TestNoCutPastReopenedFormatting: where a formatting element was closed out of order
// (by another element's end tag, or an implied one), the tree builder opens it again
// where text or an element comes next, which a tail does not: no cut is made past it,
// and the page is read whole.
func TestNoCutPastReopenedFormatting(t *testing.T) {
	for _, head := range []string{
		lineNumbers() + "<em></div><div>",
		"<p><b>bold<p>" + lineNumbers(),
		lineNumbers() + "<span><i>x</span></div><div>",
		"<ul><li><a href=x>one<li>two</ul>" + lineNumbers(),
	} {
		src := viewPage(head, `<pre class="rust">x</pre></div>`)
		d, err := ParseHTML(src)
		if err != nil {
			t.Fatal(err)
		}
		if d.Split {
			t.Errorf("%q...%q: read in two parts", head[:30], head[len(head)-30:])
		}
	}
	// Closed in order, they leave the cut where it was.
	d, _ := ParseHTML(viewPage(lineNumbers()+"<em>x</em></div><div>", `<pre class="rust">x</pre></div>`))
	if !d.Split {
		t.Error("a page whose formatting elements are closed in order is not read in two parts")
	}
}
