package parse

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// sameDOM returns "" when a and b are the same tree node by node, else where they differ.
func sameDOM(a, b *html.Node, path string) string {
	if a.Type != b.Type || a.Data != b.Data || a.DataAtom != b.DataAtom || a.Namespace != b.Namespace {
		return fmt.Sprintf("%s: %v %q %q != %v %q %q", path, a.Type, a.Data, a.Namespace, b.Type, b.Data, b.Namespace)
	}
	if len(a.Attr) != len(b.Attr) {
		return fmt.Sprintf("%s <%s>: attributes %v != %v", path, a.Data, a.Attr, b.Attr)
	}
	for i := range a.Attr {
		if a.Attr[i] != b.Attr[i] {
			return fmt.Sprintf("%s <%s>: attribute %v != %v", path, a.Data, a.Attr[i], b.Attr[i])
		}
	}
	ca, cb := a.FirstChild, b.FirstChild
	for i := 0; ca != nil || cb != nil; i++ {
		if ca == nil || cb == nil {
			return fmt.Sprintf("%s/%s: child %d: %v != %v", path, a.Data, i, ca, cb)
		}
		if ca.Parent != a || cb.Parent != b {
			return fmt.Sprintf("%s/%s: child %d has the wrong parent", path, a.Data, i)
		}
		if d := sameDOM(ca, cb, fmt.Sprintf("%s/%s[%d]", path, a.Data, i)); d != "" {
			return d
		}
		ca, cb = ca.NextSibling, cb.NextSibling
	}
	return ""
}

// checkExact compares parseExact's DOM of src, when it makes one, with html.Parse's.
func checkExact(t *testing.T, name string, src []byte) bool {
	t.Helper()
	got, ok := parseExact(src)
	if !ok {
		return false
	}
	want, err := html.Parse(bytes.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	if d := sameDOM(got, want, ""); d != "" {
		t.Errorf("%s: the fast DOM differs from html.Parse's: %s", name, d)
	}
	checkListed(t, name, src)
	return true
}

// checkListed holds parseExactDoc's Document, its refs read from the elements the
// builder listed, to the one Document.walk reads of the same DOM.
func checkListed(t *testing.T, name string, src []byte) {
	t.Helper()
	got, ok := parseExactDoc(src, nil)
	if !ok {
		t.Fatalf("%s: parseExact reads the page fast but parseExactDoc does not", name)
	}
	want := &Document{Root: got.Root}
	want.walk(got.Root, false, nil)
	if got.Lang != want.Lang || got.BaseURL != want.BaseURL || got.CSP != want.CSP || got.Elements != want.Elements {
		t.Errorf("%s: lang %q base %q CSP %q %d elements, walk: %q %q %q %d", name,
			got.Lang, got.BaseURL, got.CSP, got.Elements, want.Lang, want.BaseURL, want.CSP, want.Elements)
	}
	if len(got.Refs) != len(want.Refs) {
		t.Errorf("%s: %d refs, walk: %d", name, len(got.Refs), len(want.Refs))
		return
	}
	for i := range got.Refs {
		if got.Refs[i] != want.Refs[i] {
			t.Errorf("%s: ref %d: %+v, walk: %+v", name, i, got.Refs[i], want.Refs[i])
		}
	}
}

func TestBodyDOMMatchesParser(t *testing.T) {
	var pages []string
	for _, pat := range []string{"../corpus/site/*", "../fixtures/*", "testdata"} {
		dirs, _ := filepath.Glob(pat)
		for _, dir := range dirs {
			filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
				if err == nil && !e.IsDir() && (strings.HasSuffix(p, ".html") || strings.HasSuffix(p, ".htm")) {
					pages = append(pages, p)
				}
				return nil
			})
		}
	}
	// A sample of real documentation sites when they are on this machine.
	const real = "/tmp/preloadgen-realsites/sites"
	if sites, _ := filepath.Glob(filepath.Join(real, "*")); len(sites) > 0 && !testing.Short() {
		for _, site := range sites {
			n := 0
			filepath.WalkDir(site+"/", func(p string, e os.DirEntry, err error) error {
				if err == nil && !e.IsDir() && strings.HasSuffix(p, ".html") {
					if n%37 == 0 {
						pages = append(pages, p)
					}
					n++
				}
				return nil
			})
		}
	}
	if len(pages) == 0 {
		t.Fatal("no pages")
	}
	fast := 0
	for _, p := range pages {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if checkExact(t, p, src) {
			fast++
		}
	}
	t.Logf("%d of %d pages read fast", fast, len(pages))
}

func TestBodyDOMBailsOut(t *testing.T) {
	head := "<!doctype html><html><head><title>t</title></head><body>"
	for _, tc := range []struct {
		body string
		fast bool
	}{
		{"<div><p>a<p>b</div><ul><li>x<li>y</ul>", true},
		{"<p>a &amp; b &copy c<!-- c --><pre>\nx</pre>", true},
		{"<a href='?a=1&copy=2'>x</a>", false},
		{"<a href='?a=1&b=2'>x</a>", true},
		{"<table><tr><td>x</table>", true},
		{"<p>a<table><colgroup><col><col></colgroup><thead><tr><th><b>h</b><tbody><tr><td><table><td>n</table></table>z", true},
		{"<table>x</table>", false},
		{"<table><caption>c</caption></table>", false},
		{"<table><tr><td><b>x</td></tr></table>", true},
		{"<table><div>x</div></table>", false},
		{"<p><b>x</p>y", false},
		{"<b><i>x</b></i>", false},
		{"<a>x<a>y", true},
		{"<a>x<span><a>y", false},
		{"<a>x<table><tr><td><a>y</table>", false},
		{"<svg><path/></svg>", true},
		{"<p><svg viewbox='0 0 1 1'><clippath xlink:href='#a'/><g><path d=x></g></svg>y", true},
		{"<svg><title>x</title></svg>", false},
		{"<svg><foreignObject><div>x</div></foreignObject></svg>", false},
		{"<svg><p>x</svg>", false},
		{"<div><svg><g></div>", false},
		{"<math><mi>x</mi></math>", false},
		{"<form><input></form>", true},
		{"<form><div></form>", false},
		{"<a href=\"?a&amp;b=1&notit;&amp=\">x</a>", false},
		{"<a href=\"?a&amp;b=1&lt;\">x</a>", true},
		{"</p>", true},
		{"<div>a</p>b</div>", true},
		{"<template>x</template>", false},
		{"a\r\nb", false},
		{"<?pi?>", false},
		{"<div></div></body></html>\n", true},
		{"</body>x", false},
		{"<h1>a<h2>b</h1><dl><dt>a<dd>b</dl><hr>", true},
		{"<script>a<!--b</script>", false},
		{"<span>a</div>b</span>", true},
		// The start tags build opens without start's questions (startIn), in places
		// their rules do something.
		{"<ul><li>a<li>b<ul><li>c</ul></ul><dl><dt>a<dd>b<dt>c</dl>", true},
		{"<p>a<div>b<p>c<ul><li>d</ul><dl><dd>e</dl></div>", true},
		{"<a/>x<li/>y<p/>z<div/>w<dd/>v", true},
		{"<li>a<div><li>b</div>", true},
	} {
		src := []byte(head + tc.body)
		if got := checkExact(t, tc.body, src); got != tc.fast {
			t.Errorf("%q: read fast %v, want %v", tc.body, got, tc.fast)
		}
	}
}

// TestHeadDOMMatchesParser: the heads bodyBuilder builds itself (head) make html.Parse's
// DOM, and the others are parsed by x/net/html, then the body read fast.
func TestHeadDOMMatchesParser(t *testing.T) {
	for _, tc := range []struct {
		head string
		own  bool // built by head
	}{
		{"<!doctype html><html lang=en><head><meta charset=utf-8><title>a &amp; b</title></head>", true},
		{"<!DOCTYPE html>\n<html>\n<head>\n <link rel=stylesheet href=a.css>\n <script src=a.js></script>\n</head>\n", true},
		{"<!DOCTYPE HTML><html><head><!-- c --><style>p{}</style><noscript><link href=n.css></noscript></head>", true},
		{"<!doctype html><!-- c --><html><!-- d --><head></head><!-- e -->", true},
		{"<!doctype html><meta charset=utf-8><title>t</title>", true},
		{"<!doctype html>", true},
		{"", true},
		{"<html><head><base href=/><meta name=a content=b /></head>", true},
		{"<!doctype html><html><head><script>a<!--b</script></head>", false},
		{"<!-- c --><!doctype html><html><head></head>", false},
		{"<!-- c --><!DOCTYPE HTML><html><head></head>", false},
		{"<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" \"x\"><html><head></head>", false},
		{"<!doctype html><html><head></head><link href=a.css>", false},
		{"<!doctype html><html><head><template>x</template></head>", false},
		{"<!doctype html><html><head><title>a</title></head><html lang=x>", false},
		{"\ufeff<!doctype html><html><head></head>", false},
	} {
		// (A table in a <p> tells quirks mode.)
		for _, body := range []string{"<body class=b><p>a<b>b</b>", "<body class=b><p>a<table><tr><td>x</table>"} {
			src := []byte(tc.head + body)
			b := &bodyBuilder{src: src, s: string(src)}
			b.sc = newScanner(src)
			b.sc.comments = true
			if own := b.head(); own != tc.own {
				t.Errorf("%q: built by head %v, want %v", tc.head, own, tc.own)
			}
			checkExact(t, tc.head+body, src)
		}
	}
}

func FuzzBodyDOMMatchesParser(f *testing.F) {
	for _, s := range []string{
		"<!doctype html><html><head><title>t</title></head><body><div class=a><p>x<p>y</div>",
		"<html><body><ul><li>a<li><code>b</code></ul><pre>\nz</pre>",
		"<body><h1>a</h1><!--c--><dl><dt>x<dd>y</dl></body>\n</html>\n<!--e-->",
		"<body><span id=a ID=b>&lt;&amp&#65;</span><script>if(a<b)x()</script>",
		"<!doctype html><body><table class=t>\n<colgroup><col width=1></colgroup><tr><td>a<td><p>b</table><p>c",
		"<body><svg viewBox='0 0 2 2' class=i><clipPath id=c><rect/></clipPath><use xlink:href='#c'/></svg><b>x</b>",
		"<!DOCTYPE HTML>\n<html lang=en>\n <head>\n  <!-- c -->\n  <meta charset=utf-8 />\n  <title>a&lt;b</title>\n  <noscript><link href=n.css></noscript>\n </head>\n <body>\n<p>a<table><td>x</table>",
		"<!-- a --><html><!-- b --><head></head><!-- c -->\n<body>",
		// The open <p>s and <a>s the builder counts, closed every way it closes them.
		"<!doctype html><body><div><p>x</div><ul><li>a</ul><p>y<h1>z</h1>",
		"<!doctype html><body><p>a<button><p>b</button><div>c</div>",
		"<!doctype html><body><a href=x>1<a href=y>2</a><p><a>3</a></p>",
		"<!doctype html><body><p>a<table><tr><td><p>b<a>c</table><p>d<a>e",
		"<!doctype html><body><dl><dt><p>a<dd>b</dl><p>c<li>d",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		checkExact(t, "input", src)
	})
}

func TestBodyDOMQuirksTable(t *testing.T) {
	// Without a doctype a page is in quirks mode, where <table> does not close a <p>.
	if checkExact(t, "quirks", []byte("<html><body><p>a<table><tr><td>x</table>")) {
		t.Error("a table in quirks mode read fast")
	}
}

// BenchmarkParseHTMLFull compares the whole DOM built with the fast body reader against
// html.Parse on the corpus's pages and, when present, a real documentation site's.
func BenchmarkParseHTMLFull(b *testing.B) {
	var pages [][]byte
	for _, pat := range []string{"../corpus/site/*", "/tmp/preloadgen-realsites/sites/sphinx-pydata"} {
		dirs, _ := filepath.Glob(pat)
		for _, dir := range dirs {
			filepath.WalkDir(dir+"/", func(p string, e os.DirEntry, err error) error {
				if err == nil && !e.IsDir() && strings.HasSuffix(p, ".html") && len(pages) < 400 {
					if src, err := os.ReadFile(p); err == nil {
						pages = append(pages, src)
					}
				}
				return nil
			})
		}
	}
	if len(pages) == 0 {
		b.Skip("no pages")
	}
	size := 0
	for _, p := range pages {
		size += len(p)
	}
	b.Run("fast", func(b *testing.B) {
		b.SetBytes(int64(size))
		for b.Loop() {
			for _, p := range pages {
				if _, err := ParseHTMLFull(p); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("x-net-html", func(b *testing.B) {
		b.SetBytes(int64(size))
		for b.Loop() {
			for _, p := range pages {
				if _, err := html.Parse(bytes.NewReader(p)); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}

// TestTagAtom holds tagAtom to atom.Lookup, for the names it knows and others.
func TestTagAtom(t *testing.T) {
	for _, name := range []string{"span", "a", "code", "li", "p", "em", "div", "b", "abbr", "spans", "", "Span", "svg", "foreignobject", "x-y"} {
		if got, want := tagAtom([]byte(name)), atom.Lookup([]byte(name)); got != want {
			t.Errorf("tagAtom(%q) = %v, want %v", name, got, want)
		}
	}
}

// TestSameName holds sameName to comparing the strings.
func TestSameName(t *testing.T) {
	for _, d := range []string{"", "a", "p", "span", "spam", "div", "code", "h1"} {
		for _, name := range []string{"", "a", "b", "span", "spa", "spans", "div", "cod", "h1", "h2"} {
			if got, want := sameName(d, []byte(name)), d == name; got != want {
				t.Errorf("sameName(%q, %q) = %v", d, name, got)
			}
		}
	}
}

// TestListedAtoms: the listed atoms have places of their own in listedTable, and
// isListed is true of them (and of 0) only.
func TestListedAtoms(t *testing.T) {
	seen := map[uint32]atom.Atom{}
	for _, a := range listedAtoms {
		if b, ok := seen[listedHash(a)]; ok {
			t.Errorf("%v and %v share place %d", a, b, listedHash(a))
		}
		seen[listedHash(a)] = a
	}
	for _, name := range []string{"base", "meta", "link", "script", "style", "img", "source", "video", "html",
		"span", "a", "code", "li", "p", "em", "div", "template", "noscript", "picture", "head", "body", "title",
		"table", "tr", "td", "svg", "pre", "h1", "ul", "section", "nav", "button", "input", "iframe", "audio", "x-y", ""} {
		a := atom.Lookup([]byte(name))
		if got, want := isListed(a), a == 0 || slices.Contains(listedAtoms, a); got != want {
			t.Errorf("isListed(%q) = %v, want %v", name, got, want)
		}
	}
}

// TestNodesReused parses pages one after another in the memory of one NodePool, as a
// run's analysis does: each DOM is html.Parse's, a page's nodes are in the last page's
// slabs, and what is given back holds nothing of the page.
func TestNodesReused(t *testing.T) {
	var pages [][]byte
	for _, pat := range []string{"../corpus/site/*/*.html", "../fixtures/*/*.html", "testdata/*.html"} {
		names, _ := filepath.Glob(pat)
		for _, name := range names {
			src, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			pages = append(pages, src)
		}
	}
	// A page of more nodes than a Nodes keeps, between the others.
	big := []byte("<!doctype html><html><head><title>t</title></head><body>" + strings.Repeat("<p class=x>a <b>b</b></p>\n", maxReusedSlabs*256/3) + "</body></html>")
	pages = slices.Insert(pages, len(pages)/2, big)
	if len(pages) < 10 {
		t.Fatalf("only %d pages", len(pages))
	}
	var pool NodePool
	var last *html.Node // the first node of the last page's first reused slab
	reused := 0
	for i, src := range pages {
		ns := pool.Get()
		d, err := ParseHTMLFullIn(src, ns)
		if err != nil {
			t.Fatal(err)
		}
		want, err := html.Parse(bytes.NewReader(src))
		if err != nil {
			t.Fatal(err)
		}
		if diff := sameDOM(d.Root, want, ""); diff != "" {
			t.Errorf("page %d: the DOM in reused nodes differs from html.Parse's: %s", i, diff)
		}
		if len(ns.slabs) > maxReusedSlabs || len(ns.attrs) > maxReusedSlabs {
			t.Errorf("page %d: %d and %d slabs kept, more than %d", i, len(ns.slabs), len(ns.attrs), maxReusedSlabs)
		}
		if ns.used > 0 {
			if &ns.slabs[0][0] == last {
				reused++
			}
			last = &ns.slabs[0][0]
		}
		pool.Put(ns)
		if ns.used != 0 {
			t.Fatalf("page %d: %d slabs still in use after Put", i, ns.used)
		}
		for _, s := range ns.attrs {
			for _, a := range s[:cap(s)] {
				if a != (html.Attribute{}) {
					t.Fatalf("page %d: an attribute given back holds %+v", i, a)
				}
			}
		}
		for _, s := range ns.slabs {
			for j := range s {
				if n := &s[j]; n.Parent != nil || n.FirstChild != nil || n.NextSibling != nil || n.Data != "" || n.Attr != nil || n.Type != 0 {
					t.Fatalf("page %d: a node given back holds %+v", i, *n)
				}
			}
		}
	}
	if reused == 0 {
		t.Error("no page had the last page's nodes")
	}
}

// FuzzNodesReused parses two pages one after the other in the memory of one NodePool
// (each made long enough to take its slabs from it: its input repeated): the second's
// DOM is html.Parse's.
func FuzzNodesReused(f *testing.F) {
	f.Add([]byte("<!doctype html><body><div class=a><p>x<b>y</b></div>"), []byte("<ul><li><a href=x>a</a><li>b</ul>"))
	f.Add([]byte("<p class=x id=y title=z>a"), []byte("<svg viewBox='0 0 2 2'><rect/></svg><i>x</i>"))
	f.Fuzz(func(t *testing.T, a, b []byte) {
		if len(a) == 0 || len(b) == 0 {
			return
		}
		long := func(s []byte) []byte { return bytes.Repeat(s, 8<<10/len(s)+1) }
		var pool NodePool
		ns := pool.Get()
		ParseHTMLFullIn(long(a), ns) // (an error: html.Parse's, nested too deep)
		pool.Put(ns)
		src := long(b)
		want, err := html.Parse(bytes.NewReader(src))
		if err != nil {
			return // nested too deep
		}
		d, err := ParseHTMLFullIn(src, ns) // (what pool.Get would give back)
		if err != nil {
			t.Fatal(err)
		}
		if diff := sameDOM(d.Root, want, ""); diff != "" {
			t.Errorf("the DOM in reused nodes differs from html.Parse's: %s", diff)
		}
	})
}
