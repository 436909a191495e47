package parse

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// longPage wraps body in a page whose first screens hold enough text for a cut.
func longPage(body string) []byte {
	var b strings.Builder
	b.WriteString("<!doctype html><html><head><meta charset=utf-8><link rel=stylesheet href=/a.css></head><body><main>\n")
	for b.Len() < splitMinBytes {
		b.WriteString("<p>Some article text that fills the first screens of the page, plainly.</p>\n")
	}
	b.WriteString(body)
	b.WriteString("\n</main></body></html>")
	return []byte(b.String())
}

func refList(d *Document) []string {
	var out []string
	for _, r := range d.Refs {
		out = append(out, r.Kind.String()+" "+r.URL+" "+r.Srcset+" "+strings.TrimSpace(r.Text))
	}
	return out
}

func TestSplitFindsTheSameRefs(t *testing.T) {
	src := longPage(`<section class="more"><h2>Later</h2>
<img src="/lazy.jpg" loading=lazy width=800 height=400>
<picture><source type="image/avif" srcset="/p.avif 1x"><img src="/p.jpg" loading="lazy"></picture>
<template><img src="/in-template.jpg"></template>
<svg><image href="/svg.png"/></svg>
<style>@import "/late.css";</style>
<div style="background-image:url('/bg.jpg')">x</div>
<video poster="/poster.jpg"></video>
<p>Entities &amp; &#1071; text</p>
</section>
<script type="module" src="/entry.js"></script>
<script type="module">import "/inline.js";</script>
<script async src="/a.js"></script>`)
	split, err := ParseHTML(src)
	if err != nil {
		t.Fatal(err)
	}
	if !split.Split || split.TailLen() == 0 {
		t.Fatalf("a long page should be read in two parts")
	}
	full, err := ParseHTMLFull(src)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := refList(split), refList(full); !reflect.DeepEqual(got, want) {
		t.Errorf("refs differ:\nsplit %q\nfull  %q", got, want)
	}
	var text strings.Builder
	for ev := range split.TailEvents() {
		text.Write(ev.Text)
	}
	if !strings.Contains(text.String(), "Entities & Я text") {
		t.Errorf("tail text not decoded: %q", text.String())
	}
	if strings.Contains(text.String(), "import") {
		t.Errorf("script text leaked into the tail's text")
	}
}

func TestNoCutInsideTableOrFormatting(t *testing.T) {
	for _, open := range []string{"<table><tr><td>", "<b>", "<a href=x>", "<template>"} {
		var b strings.Builder
		b.WriteString("<!doctype html><body>" + open)
		for b.Len() < 2*splitMinBytes {
			b.WriteString("<div>text text text text text text text text text text text</div>\n")
		}
		d, err := ParseHTML([]byte(b.String()))
		if err != nil {
			t.Fatal(err)
		}
		if d.Split {
			t.Errorf("cut made with %s open", open)
		}
	}
}

func FuzzParseSplit(f *testing.F) {
	for _, s := range []string{
		`<img src=a.jpg><script type=module>import "x"</script>`,
		`<picture><source srcset="a.avif 1x" type=image/avif><img src=a.jpg></picture>`,
		`<template><img src=x></template><svg><image href=y /></svg>`, `<p>&amp;&#x42F;</p></main></body>`,
		`<script>`, `<style>a{}</style><div style="background:url(z)">`, `</p></div></li><li><dd>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		d, err := ParseHTML(longPage(body))
		if err != nil {
			return
		}
		for _, r := range d.Refs {
			if r.Node == nil || r.Kind == 0 {
				t.Fatalf("bad ref %+v", r)
			}
		}
		for ev := range d.TailEvents() {
			if (ev.Node == nil) == (ev.Text == nil) {
				t.Fatalf("tail event must be an element or text: %+v", ev)
			}
		}
	})
}

// The tail's lexer lowercases names in place; ParseHTML must leave the caller's bytes (the
// page the rewriter preserves) exactly as they were.
func TestParseHTMLLeavesInputUnchanged(t *testing.T) {
	src := longPage(strings.Repeat(`<DIV CLASS="Note" onClick="go()"><P>Upper-case markup, as old editors write it.</P></DIV >
<IMG SRC="/x.png" LOADING=lazy>
`, 200))
	orig := append([]byte(nil), src...)
	d, err := ParseHTML(src)
	if err != nil {
		t.Fatal(err)
	}
	if !d.Split {
		t.Fatal("page was not read in two parts; the test needs a tail")
	}
	if string(src) != string(orig) {
		i := 0
		for i < len(src) && src[i] == orig[i] {
			i++
		}
		t.Fatalf("input changed at byte %d: %q, was %q", i, src[i:min(i+40, len(src))], orig[i:min(i+40, len(orig))])
	}
}

// structure writes the elements under n (tags, ids and classes, nested), stopping at
// stop's children where it gives one (Document.TailStart).
func structure(b *strings.Builder, n *html.Node, stop func(*html.Node) *html.Node) {
	end := (*html.Node)(nil)
	if stop != nil {
		end = stop(n)
	}
	for c := n.FirstChild; c != nil && c != end; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		b.WriteString("<" + c.Data)
		if id := Attr(c, "id"); id != "" {
			b.WriteString("#" + id)
		}
		if cl := Attr(c, "class"); cl != "" {
			b.WriteString("." + cl)
		}
		b.WriteString(">")
		structure(b, c, stop)
		b.WriteString("</>")
	}
}

// splitAndWhole reads src in two parts (ParseHTML; the test fails when it is not split)
// and whole (ParseHTMLFull).
func splitAndWhole(t *testing.T, src []byte) (d, full *Document) {
	t.Helper()
	d, err := ParseHTML(src)
	if err != nil {
		t.Fatal(err)
	}
	if !d.Split {
		t.Fatal("the page was not read in two parts; the test needs a tail")
	}
	full, err = ParseHTMLFull(src)
	if err != nil {
		t.Fatal(err)
	}
	return d, full
}

// TestTailAttached: the tail's elements hang under the DOM's elements open at the cut;
// attached, the page has the whole DOM's structure of elements, and detached, the first
// part is as it was.
func TestTailAttached(t *testing.T) {
	src := longPage(`<section class="more"><h2>Later</h2><ul><li>one<li>two</ul>
<div class="a"><p>x</p><p>y<div id="z"></div></div><img src="/i.jpg"><hr>
<pre class="code"><span class="kw">fn</span> <span>main</span></pre></section><p>last`)
	d, full := splitAndWhole(t, src)
	var before, attached, whole, after strings.Builder
	structure(&before, d.Root, nil)
	detach := d.AttachTail()
	structure(&attached, d.Root, nil)
	detach()
	structure(&after, d.Root, nil)
	structure(&whole, full.Root, nil)
	if attached.String() != whole.String() {
		t.Errorf("attached tail:\n%s\nwhole DOM:\n%s", attached.String(), whole.String())
	}
	if after.String() != before.String() || before.String() == whole.String() {
		t.Errorf("detached, the first part is not as it was (or the tail was never apart)")
	}
	// While attached, a walk that stops at the tail sees the first part only.
	var stopped strings.Builder
	detach = d.AttachTail()
	structure(&stopped, d.Root, d.TailStart)
	detach()
	if stopped.String() != before.String() {
		t.Errorf("a walk stopping at TailStart sees more than the first part")
	}
}

// TestDrops: the tail tells which attributes it did not keep.
func TestDrops(t *testing.T) {
	d, err := ParseHTML(longPage(`<div data-x="1" title="t" class="c" open>x</div>`))
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]bool{"data-x": true, "title": true, "class": false, "open": false, "alt": false} {
		if got := d.Drops(func(n string) bool { return n == name }); got != want {
			t.Errorf("Drops(%s) = %v, want %v", name, got, want)
		}
	}
}

// FuzzAttachTail: however the tail is written, attaching it links every child to its
// parent and its siblings both ways, and detaching it leaves the first part as it was.
func FuzzAttachTail(f *testing.F) {
	for _, s := range []string{
		`<div><p>a<p>b</div><ul><li>x<li>y</ul>`, `</main></body><p>after`, `<pre><span>x</span></pre>`,
		`<template><p>t</template><p>x`, `<dl><dt>a<dd>b</dl></div></li>`, `</html><div>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		d, err := ParseHTML(longPage(body))
		if err != nil || !d.Split {
			return
		}
		var before, after strings.Builder
		structure(&before, d.Root, nil)
		detach := d.AttachTail()
		var check func(n *html.Node)
		check = func(n *html.Node) {
			var prev *html.Node
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				// The shared text mark is no element's own: it is one's only child.
				if c == d.tail.mark {
					if c.Parent != nil || c.PrevSibling != nil || c.NextSibling != nil || n.FirstChild != c || n.LastChild != c {
						t.Fatalf("the shared text mark under <%s> is not its only child, or is linked", n.Data)
					}
				} else if c.Parent != n || c.PrevSibling != prev {
					t.Fatalf("bad links under <%s> at %+v", n.Data, c)
				}
				prev = c
				check(c)
			}
			if n.LastChild != prev {
				t.Fatalf("<%s>: last child is not the last of its children", n.Data)
			}
		}
		check(d.Root)
		detach()
		structure(&after, d.Root, nil)
		if before.String() != after.String() {
			t.Fatalf("detached, the first part changed")
		}
	})
}

// tailAttrPage is a tail whose elements carry none, some and more than eight of the
// attributes the tail keeps, among others it drops, with entities in their values.
var tailAttrPage = `<div data-x="1" onclick="go()"><p>none kept</p></div>
<img src="/a.jpg" alt="A" srcset="/a.jpg 1x, /a2.jpg 2x" sizes="100vw" width="10" height="20" loading="lazy"
 fetchpriority="high" class="hero big" id="h" style="color:red" title="t" data-y lang="en" hidden>
<link rel="preload" as="image" href="/b.jpg?x=1&amp;y=2" imagesrcset="/b.jpg 1x" imagesizes="50vw" media="(min-width:1px)"
 type="image/jpeg" crossorigin="anonymous" integrity="sha384-x" nonce="n" blocking="render" onload="x()">
<details open class="d"><summary>s</summary></details><script async defer nomodule src="/s.js" type="module"></script>
<p CLASS="Upper" ID="Mixed" Data-Z="z">case</p>
<pre><span class="kw">a</span><span class="kw">b</span><span class="kw" id="c">c</span><span class="kw" title="d">d</span><span class="kw">e</span><span id="c">f</span><span id="9">g</span><span id="x&amp;y">h</span><span id="">i</span></pre>`

// TestTailKeepsAttributes: a tail element has the whole DOM's attributes that the tail
// keeps (TailKeeps), in their order and with their values, and no others.
func TestTailKeepsAttributes(t *testing.T) {
	src := longPage(tailAttrPage)
	d, full := splitAndWhole(t, src)
	var want [][]html.Attribute
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			var kept []html.Attribute
			for _, a := range c.Attr {
				if TailKeeps(a.Key) && a.Namespace == "" {
					kept = append(kept, a)
				}
			}
			want = append(want, kept)
			walk(c)
		}
	}
	// The tail's elements are the whole DOM's last ones, in document order.
	walk(full.Root)
	var got [][]html.Attribute
	for ev := range d.TailEvents() {
		if ev.Node != nil {
			got = append(got, ev.Node.Attr)
		}
	}
	if len(got) == 0 || len(got) > len(want) {
		t.Fatalf("%d tail elements, %d in the whole DOM", len(got), len(want))
	}
	want = want[len(want)-len(got):]
	many := false
	for i := range got {
		many = many || len(got[i]) > 8
		if len(got[i]) != len(want[i]) || len(got[i]) > 0 && !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("tail element %d: attributes %q, the whole DOM's kept ones %q", i, got[i], want[i])
		}
	}
	if !many {
		t.Error("no tail element keeps more than eight attributes; the test needs one")
	}
}

// TestMayCut holds MayCut to what ParseHTML does: a page it says may not be cut is read
// whole, as ParseHTMLFull reads it.
func TestMayCut(t *testing.T) {
	long := longPage("<p>after the cut</p>")
	short := long[:splitMinBytes-1]
	for _, tc := range []struct {
		src  []byte
		want bool
	}{{long, true}, {short, false}, {[]byte("<p>x"), false}, {nil, false}} {
		if got := MayCut(tc.src); got != tc.want {
			t.Errorf("MayCut(%d bytes) = %v, want %v", len(tc.src), got, tc.want)
		}
		d, err := ParseHTML(tc.src)
		if err != nil {
			t.Fatal(err)
		}
		if d.Split && !MayCut(tc.src) {
			t.Errorf("ParseHTML cut a page of %d bytes that MayCut says may not be", len(tc.src))
		}
		if !MayCut(tc.src) {
			full, err := ParseHTMLFull(tc.src)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := render(t, d.Root), render(t, full.Root); got != want {
				t.Errorf("%d bytes: ParseHTML and ParseHTMLFull differ", len(tc.src))
			}
		}
	}
	if d, _ := ParseHTML(long); !d.Split {
		t.Errorf("the long page was not cut: the test needs one that is")
	}
}

func render(t *testing.T, n *html.Node) string {
	var b strings.Builder
	if err := html.Render(&b, n); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestTailEventsMatchWhole: the tail's events, kept in chunks with their text where it is
// in the page or decoded (tailEvents), are the whole DOM's last elements and runs of text
// that is not all white space, in document order, under the same parents: over more
// events than a few chunks hold, with character references, text before and after child
// elements, and texts the tail does not tell (<title>, <textarea>, ...).
func TestTailEventsMatchWhole(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<section class="more"><pre class="rust"><code>`)
	for i := 0; b.Len() < 3*chunkRoom*16; i++ {
		fmt.Fprintf(&b, "<span class=\"kw\">fn</span> <span class=\"ident c%d\">f%d</span>(<span class=\"op\">&amp;</span>x &lt; %d) {\n", i%7, i, i)
		if i%500 == 0 {
			b.WriteString(`<a class="l">see <b>here</b> and &#x42F; there</a>&nbsp;<textarea>no</textarea>`)
		}
	}
	b.WriteString(`</code></pre></section><p class="last">the end &amp; after`)
	tailMatchesWhole(t, longPage(b.String()), 3*chunkRoom)
}

// tailMatchesWhole reads src in two parts and whole, and fails unless the tail's events
// (at least min) are the whole DOM's last elements and runs of text, and the attached
// tail has the whole DOM's structure of elements, each with text that is not all white
// space (a mark of it) where the whole DOM's has some.
func tailMatchesWhole(t *testing.T, src []byte, min int) {
	t.Helper()
	d, full := splitAndWhole(t, src)
	desc := func(n *html.Node) string { return n.Data + "." + Attr(n, "class") }
	// Runs of text in a row under one parent are told as one, without white space: the
	// tree builder joins text that an end tag it drops split, and the tail does not, nor
	// does it tell runs of white space alone.
	type event struct {
		text  bool
		s, in string
	}
	add := func(evs []event, e event) []event {
		if e.text {
			e.s = strings.Join(strings.Fields(e.s), "")
		}
		if l := len(evs) - 1; e.text && l >= 0 && evs[l].text && evs[l].in == e.in {
			evs[l].s += e.s
			return evs
		}
		return append(evs, e)
	}
	var want []event
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.ElementNode:
				want = add(want, event{s: desc(c), in: desc(n)})
				walk(c)
			case html.TextNode:
				switch n.DataAtom {
				case atom.Script, atom.Style, atom.Title, atom.Textarea, atom.Noscript, atom.Noembed, atom.Noframes, atom.Xmp, atom.Iframe:
					continue
				}
				if strings.TrimSpace(c.Data) != "" || strings.Contains(c.Data, "\u00a0") {
					want = add(want, event{text: true, s: c.Data, in: desc(n)})
				}
			}
		}
	}
	walk(full.Root)
	var got []event
	for ev := range d.TailEvents() {
		if ev.Node != nil {
			if ev.Parent != ev.Node.Parent {
				t.Fatalf("element %s: Parent is not the node's parent", desc(ev.Node))
			}
			got = add(got, event{s: desc(ev.Node), in: desc(ev.Parent)})
		} else {
			got = add(got, event{text: true, s: string(ev.Text), in: desc(ev.Parent)})
		}
	}
	if d.TailLen() < len(got) || len(got) < min || len(got) > len(want) {
		t.Fatalf("%d tail events (TailLen %d), %d in the whole DOM; the test needs at least %d", len(got), d.TailLen(), len(want), min)
	}
	want = want[len(want)-len(got):]
	for i := range got {

		if got[i] != want[i] {
			t.Fatalf("tail event %d is %+v, the whole DOM's %+v", i, got[i], want[i])
		}
	}
	detach := d.AttachTail()
	defer detach()
	var attached, whole strings.Builder
	withText(&attached, d.Root, d.tail.mark)
	withText(&whole, full.Root, nil)
	if attached.String() != whole.String() {
		t.Fatalf("attached tail:\n%s\nwhole DOM:\n%s", attached.String(), whole.String())
	}
}

// withText writes the elements under n as structure does, with a "+" after each that has
// text that is not all white space (or a mark of it: the tail's shared one, or another).
func withText(b *strings.Builder, n, mark *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		b.WriteString("<" + c.Data + "." + Attr(c, "class"))
		for t := c.FirstChild; t != nil; t = t.NextSibling {
			if t.Type == html.TextNode && (t == mark || strings.TrimSpace(t.Data) != "") {
				b.WriteString("+")
				break
			}
		}
		b.WriteString(">")
		if c.DataAtom != atom.Script && c.DataAtom != atom.Style {
			withText(b, c, mark)
		}
		b.WriteString("</>")
	}
}

// tailPieces are the pieces FuzzTailMatchesWhole writes tails of: markup that the tail's
// simple rules read as the tree builder does (no formatting element, which the tree
// builder reopens), and near misses of the forms read fast.
var tailPieces = []string{
	`<span class="kw">`, `<span class="a b">`, `<span class="">`, `<span class=kw>`, `<span id="x" class="y">`,
	`<span class="q&amp;r">`, `<span class="kw"x>`, `<span  class="kw">`, `<SPAN CLASS="Kw">`, `<span class="kw" >`,
	`</span>`, `</span >`, `</SPAN>`, `</spans>`, `</span x>`, `x`, ` `, "\n", `&amp;`, `&lt;`, `&nbsp;`, ` < `,
	`<!-- c -->`, `<br>`, `<kbd>`, `</kbd>`, `<var class="v">`, `</var>`, `"`, `>`, `fn`, `<span class="kw">fn</span>`,
	`<span class="string">&quot;a&quot;</span>`, `<span class="kw"> </span>`, `<span class="kw"></span>`,
	`<span/>`, `<span class="kw"/>`, `<var class="v" />`, `<br/>`, `<span class="kw"/>fn</span>`,
	`<span id="7">7</span>`, `<span id="a&amp;b">`, `<span id="">`, `<span id=7>`, `<span id="7"/>`, `<span idx="7">`,
}

// FuzzTailMatchesWhole: a tail of spans and text, written in the forms that are read fast
// (classSpan) and near them, is the whole DOM's (tailMatchesWhole).
func FuzzTailMatchesWhole(f *testing.F) {
	f.Add([]byte{0, 31, 10, 15, 32, 9})
	f.Add([]byte{1, 15, 10, 2, 10, 3, 16, 10, 5, 17, 10, 19, 10, 33, 34, 35, 36})
	// <span/> opens a span (the flag means nothing on an HTML element).
	f.Add([]byte{35, 15, 0, 30, 10, 10, 36, 15, 37, 10, 39, 15})
	f.Fuzz(func(t *testing.T, pieces []byte) {
		if len(pieces) > 400 {
			return // (html.Parse fails on more than 512 elements open)
		}
		var b strings.Builder
		b.WriteString(`<section class="more"><pre class="rust"><code>`)
		for _, p := range pieces {
			b.WriteString(tailPieces[int(p)%len(tailPieces)])
		}
		b.WriteString(`</code></pre></section>`)
		tailMatchesWhole(t, longPage(b.String()), 3)
	})
}

// TestHasText holds hasText to the test it stands for, bytes.TrimSpace.
func TestHasText(t *testing.T) {
	for _, s := range []string{"", " ", "\t\n\v\f\r ", "x", " x ", "\u00a0", " \u00a0\u2003 ", "\u0085", " \u00a0x", "\x1c", "\x00",
		"\xff", " \xc2", "é", "\n\n    fn", "\u3000", "\u200b"} {
		if got, want := hasText([]byte(s)), len(bytes.TrimSpace([]byte(s))) > 0; got != want {
			t.Errorf("hasText(%q) = %v, bytes.TrimSpace says %v", s, got, want)
		}
	}
}

// FuzzHasText: hasText is bytes.TrimSpace's answer, whatever the bytes.
func FuzzHasText(f *testing.F) {
	f.Add([]byte(" \u00a0 x"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, want := hasText(b), len(bytes.TrimSpace(b)) > 0; got != want {
			t.Fatalf("hasText(%q) = %v, bytes.TrimSpace says %v", b, got, want)
		}
	})
}

// FuzzAppendUnescaped: where appendUnescaped decodes text, it is html.UnescapeString's
// decoding, after what dst held.
func FuzzAppendUnescaped(f *testing.F) {
	for _, s := range []string{"a &amp; b", "&quot;x&quot;", "-&gt;", "&lt;&#39;&", "&amp", "&ampx;", "&#x27;", "&nbsp;", "&&lt;", "&#39"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := appendUnescaped([]byte("pre"), []byte(s))
		if !ok {
			return
		}
		if want := "pre" + html.UnescapeString(s); string(got) != want {
			t.Fatalf("%q: %q, want %q", s, got, want)
		}
	})
}

// TestCutBeforeLongPre: a <pre> of longPreBytes or more (a source view's line numbers)
// begins the tail even when less than cutText characters of text came before it, and
// the source view's tail is then a view of both <pre>s; a shorter one is parsed into
// the first part, as the cut waits for cutText characters.
func TestCutBeforeLongPre(t *testing.T) {
	page := func(numBytes int) []byte {
		var b strings.Builder
		b.WriteString("<!doctype html><html><head><title>t</title></head><body><main><h1>src/lib.rs</h1><div class=wrap><pre class=nums>")
		for i := 1; b.Len() < numBytes; i++ {
			fmt.Fprintf(&b, "<span id=\"%d\">%d</span>\n", i, i)
		}
		b.WriteString("</pre><pre class=code><code>")
		for b.Len() < numBytes+splitMinBytes {
			b.WriteString(`<span class="kw">fn</span> <span class="ident">main</span>() {}` + "\n")
		}
		b.WriteString("</code></pre></div></main></body></html>")
		return []byte(b.String())
	}
	pres := func(n *html.Node) (classes []string) {
		for c := range n.Descendants() {
			if c.Type == html.ElementNode && c.DataAtom == atom.Pre {
				classes = append(classes, Attr(c, "class"))
			}
		}
		return classes
	}
	for _, tc := range []struct {
		numBytes int
		first    []string // the <pre>s of the first part
		view     bool
	}{
		{longPreBytes + 200, nil, true},
		{longPreBytes / 2, []string{"nums"}, true},
	} {
		d, err := ParseHTML(page(tc.numBytes))
		if err != nil {
			t.Fatal(err)
		}
		if !d.Split {
			t.Fatalf("%d bytes of line numbers: the page was not cut", tc.numBytes)
		}
		if got := pres(d.Root); !reflect.DeepEqual(got, tc.first) {
			t.Errorf("%d bytes of line numbers: the first part holds the <pre>s %q, want %q", tc.numBytes, got, tc.first)
		}
		if d.HasView() != tc.view {
			t.Errorf("%d bytes of line numbers: HasView %v, want %v", tc.numBytes, d.HasView(), tc.view)
		}
	}
}

// TestHasLongPre: a page holds a long <pre> when one of its <pre>s runs to longPreBytes or
// more, whatever <pre>s and other tags come before it.
func TestHasLongPre(t *testing.T) {
	code := strings.Repeat(`<span class="kw">fn</span> <span class="ident">f</span>();`+"\n", longPreBytes/40)
	short := `<pre class="rust">fn f() {}</pre>`
	for _, c := range []struct {
		name, src string
		want      bool
	}{
		{"none", `<p>text</p>`, false},
		{"short", short + `<p>` + strings.Repeat("x", longPreBytes) + `</p>`, false},
		{"long", `<pre>` + code + `</pre>`, true},
		{"long with attributes", `<pre class="rust">` + code + `</pre>`, true},
		{"long after short ones", short + short + `<pre class="src-line-numbers">` + code + `</pre>`, true},
		{"long, never closed", `<pre>` + code, true},
		{"not a pre", `<prefix>` + code + `</prefix>`, false},
		{"closed just before the bound", `<pre>` + code[:longPreBytes-10] + `</pre>` + code, false},
		{"start tag cut", `<pre class="rust"`, false},
	} {
		if got := HasLongPre([]byte(c.src)); got != c.want {
			t.Errorf("%s: HasLongPre = %v, want %v", c.name, got, c.want)
		}
	}
}

// FuzzHasLongPre holds HasLongPre to a plain reading of its rule: some "<pre" followed by
// '>', white space or '/' has, after the next '>', longPreBytes without "</pre". The
// input is repeated to reach longPreBytes.
func FuzzHasLongPre(f *testing.F) {
	f.Add([]byte(`<pre>x`), uint8(0))
	f.Add([]byte(`<pre class="a">x</pre><pre>y`), uint8(3))
	f.Add([]byte(`<prefix>x</pre>`), uint8(1))
	f.Fuzz(func(t *testing.T, piece []byte, tail uint8) {
		if len(piece) == 0 {
			return
		}
		src := append(bytes.Repeat(piece, longPreBytes/len(piece)+1), piece[:int(tail)%len(piece)]...)
		if got, want := HasLongPre(src), hasLongPrePlain(src); got != want {
			t.Fatalf("HasLongPre = %v, the plain reading %v (piece %q)", got, want, piece)
		}
	})
}

func hasLongPrePlain(src []byte) bool {
	for i := 0; i+4 <= len(src); i++ {
		if string(src[i:i+4]) != "<pre" {
			continue
		}
		j := i + 4
		if j == len(src) || !(src[j] == '>' || src[j] == '/' || isSpaceByte(src[j])) {
			continue
		}
		k := bytes.IndexByte(src[j:], '>')
		if k < 0 {
			return false
		}
		rest := src[j+k+1:]
		if len(rest) >= longPreBytes && !bytes.Contains(rest[:longPreBytes], []byte("</pre")) {
			return true
		}
	}
	return false
}
