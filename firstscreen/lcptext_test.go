package firstscreen

import (
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/preloadgen/preloadgen/parse"
)

// TestTextCreditedToItsBlock: Chromium credits text to the nearest block that lays it out
// and sizes it by that text alone. A <li> holding a nested list is as large as its own
// line; bare text in a <div> or <main> makes that element the candidate; an inline
// element laid out as a block (by a rule, or as the item of a flex container) is one of
// its own; preformatted code is as wide as its longest line and as tall as its lines.
func TestTextCreditedToItsBlock(t *testing.T) {
	long := strings.Repeat("A sentence of plain words that wraps in the column. ", 4)
	menu := `<ul class="menu"><li><a href="/a">Tutorial - Basics</a><ul>` +
		strings.Repeat(`<li><a href="/b">Create a document for the site</a></li>`, 8) + `</ul></li></ul>`
	tests := []struct {
		name, css, body string
		want            string // the guessed element, then the start of its text
	}{
		{"nested list: the outer item has one line", ``,
			`<aside>` + menu + `</aside><main><h1>Deploy</h1><p>` + long + `</p></main>`,
			"p " + long[:20]},
		{"bare text in a div", ``,
			`<main><h2>Posts</h2><div class="summary">` + long + `<a href="/p">Read more</a></div><p>Short one.</p></main>`,
			"div.summary " + long[:20]},
		{"bare text in main beside headings", ``,
			`<main id="content"><h1>Posts</h1>` + long + `<h2>Post 3</h2></main>`,
			"main#content Posts"},
		{"a link laid out as a block by its rule", `.postlist-link{display:block;font-size:2rem}`,
			`<main><h1>Latest 3 Posts</h1><ol><li><a class="postlist-link" href="/p">This is my fifth post, with a photo.</a> <time>September 30, 2018</time></li></ol></main>`,
			"a.postlist-link This is my fifth post"},
		{"an inline link stays its item's", ``,
			`<main><h1>Latest</h1><ol><li class="item"><a href="/p">This is my fifth post, with a photo, and a longer title.</a> <time>September 30, 2018</time></li></ol></main>`,
			"li.item This is my fifth post"},
		{"items of a flex container are blocks", `.row{display:flex}`,
			`<main><div class="row"><span class="name">Yangshun Tay and a much longer name than the rest of the row</span><small>Ex-Meta</small></div><p>Short.</p></main>`,
			"span.name Yangshun Tay"},
		{"code: lines as written, not wrapped prose", ``,
			`<main><h1>API</h1><p>` + long + `</p><pre>{
  "nav": [
    { "text": "Home" }
  ]
}</pre></main>`,
			"p " + long[:20]},
		{"as many lines: the longer text", ``,
			`<main><p>Welcome to the official Astro blog starter template. This template serves as a lightweight, minimally-styled starting point for anyone looking to build a personal website, blog, or portfolio with Astro.</p>` +
				`<p>This template comes with a few integrations already configured in your astro.config.mjs file. You can customize your setup with Astro Integrations to add tools like Tailwind, React, or Vue to your project.</p></main>`,
			"p This template comes"},
		{"a tall code block paints more than a short line", ``,
			`<main><h1>Examples</h1><p>Here is some code:</p><pre><code class="language-js">` +
				strings.Repeat("export default { data () { return { msg: 'Highlighted!' } } }\n", 12) + `</code></pre></main>`,
			"pre export default"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := guessView(t, map[string]string{
				"/index.html": `<!doctype html><html><head><link rel="stylesheet" href="/s.css"></head><body>` + tt.body + `</body></html>`,
				"/s.css":      tt.css,
			})
			if g.Kind != KindText {
				t.Fatalf("guess = %+v, want text", g)
			}
			el, text, _ := strings.Cut(tt.want, " ")
			if g.Element != el || !strings.HasPrefix(g.Text, text) {
				t.Errorf("LCP %s %q, want %s %q", g.Element, g.Text, el, text)
			}
		})
	}
}

// TestFirstScreenByLayout: what is in the first screen is told by stacking the page's
// blocks and images, not by a count of characters: an image after a few short
// paragraphs is still in view, and text is weighed by the part of it inside the screen
// (a long paragraph far down paints nothing there).
func TestFirstScreenByLayout(t *testing.T) {
	short := strings.Repeat(`<p>A short line of text here, and a few more words.</p>`, 14)
	long := strings.Repeat("A sentence of plain words that wraps in the column. ", 6)
	tests := []struct {
		name, body string
		kind       Kind   // the kind of the guess
		what       string // and its URL or the start of its text
	}{
		{"hero after short paragraphs", `<main><h1>Welcome</h1>` + short + `<p><img src="/banner.jpg" width="1500" height="500" loading="lazy" alt=""></p><p>The end.</p></main>`,
			KindImage, "/banner.jpg"},
		{"image below the first screen", `<main><h1>Welcome</h1>` + strings.Repeat(`<p>`+long+`</p>`, 24) + `<p><img src="/banner.jpg" width="1500" height="500" alt=""></p></main>`,
			KindText, "A sentence"},
		{"a long paragraph below the first screen", `<main><h1>Welcome</h1><p>The first paragraph of the page is short but in view, yes.</p>` +
			strings.Repeat(`<h2>Section</h2><p>One line.</p>`, 14) + `<p class="late">` + strings.Repeat(long, 3) + `</p></main>`,
			KindText, "The first paragraph"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := guessView(t, map[string]string{
				"/index.html": `<!doctype html><html><body>` + tt.body + `</body></html>`,
				"/banner.jpg": strings.Repeat("j", 90000),
			})
			if g.Kind != tt.kind {
				t.Fatalf("guess = %+v, want kind %v", g, tt.kind)
			}
			if got := g.URL + g.Text; !strings.HasPrefix(got, tt.what) {
				t.Errorf("LCP %s %q, want %q", g.Element, got, tt.what)
			}
		})
	}
}

// TestSmallImageAgainstText: an image too small to be a hero is still the LCP when it
// paints more than any text (a logo in the content, 180x38, over one short line); not when
// it is lazy, part of the navigation or the header, or flat (under 0.05 bits a pixel).
func TestSmallImageAgainstText(t *testing.T) {
	logo := strings.Repeat("<path d='M0 0h10v10z'/>", 60) // about 1.4 KB
	tests := []struct {
		name, body, file string
		image            bool
	}{
		{"logo over a short line", `<main><img src="/logo.svg" width="180" height="38" alt="Logo"><ol><li>Get started by editing app/page.tsx.</li></ol></main>`, logo, true},
		{"text that paints more", `<main><img src="/logo.svg" width="180" height="38" alt="Logo"><p>` + strings.Repeat("Words that fill a line. ", 10) + `</p></main>`, logo, false},
		{"lazy", `<main><img src="/logo.svg" width="180" height="38" loading="lazy" alt="Logo"><ol><li>Get started by editing app/page.tsx.</li></ol></main>`, logo, false},
		{"in the header", `<header><img src="/logo.svg" width="180" height="38" alt="Logo"></header><main><ol><li>Get started by editing app/page.tsx.</li></ol></main>`, logo, false},
		{"flat", `<main><img src="/logo.svg" width="180" height="38" alt="Logo"><ol><li>Get started by editing app/page.tsx.</li></ol></main>`, "<svg/>", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := guessView(t, map[string]string{
				"/index.html": `<!doctype html><html><body>` + tt.body + `</body></html>`,
				"/logo.svg":   tt.file,
			})
			if got := g.Kind == KindImage && g.URL == "/logo.svg"; got != tt.image {
				t.Fatalf("LCP %s %s %q; want the image=%v", g.Kind, g.Element, g.Text, tt.image)
			}
			if tt.image && g.Unsure == "" {
				t.Error("a small image taken over text is a sure guess; want unsure")
			}
		})
	}
}

// TestSkipLinkNotLCP: a skip link (kept outside the viewport until it has the focus) paints
// nothing in the first screen, so neither it nor the block holding it is the guess.
func TestSkipLinkNotLCP(t *testing.T) {
	for _, class := range []string{"skipToContent_fXgn", "skip-link", "skip-to-content", "skiplink"} {
		t.Run(class, func(t *testing.T) {
			g := guessView(t, map[string]string{
				"/index.html": `<!doctype html><html><head><link rel="stylesheet" href="/s.css"></head><body>` +
					`<div role="region" aria-label="Skip to main content"><a class="` + class + `" href="#main">Skip to main content</a></div>` +
					`<main id="main"><h1>Tags</h1></main></body></html>`,
				"/s.css": `.` + class + `{position:fixed;top:1rem;left:100%}`,
			})
			if g.Text != "Tags" {
				t.Errorf("guess = %+v, want the h1", g)
			}
		})
	}
}

// TestWalkAttrs: the walk's one pass over an element's attributes reads what parse.Attr
// reads of each: the first of its name, outside namespaces.
func TestWalkAttrs(t *testing.T) {
	for _, attrs := range [][]html.Attribute{
		nil,
		{{Key: "class", Val: "a b"}, {Key: "style", Val: "color:red"}},
		{{Key: "class", Val: "first"}, {Key: "class", Val: "sr-only"}, {Key: "style", Val: ""}, {Key: "style", Val: "display:none"}},
		{{Namespace: "xlink", Key: "class", Val: "ns"}, {Key: "hidden"}, {Namespace: "xml", Key: "style", Val: "x"}},
		{{Namespace: "xlink", Key: "hidden"}, {Key: "id", Val: "x"}},
	} {
		n := &html.Node{Type: html.ElementNode, Data: "div", Attr: attrs}
		hidden, class, styled := walkAttrs(n)
		_, wantHidden := parse.AttrOK(n, "hidden")
		if hidden != wantHidden || class != parse.Attr(n, "class") || styled != (parse.Attr(n, "style") != "") {
			t.Errorf("%v: hidden %v, class %q, styled %v", attrs, hidden, class, styled)
		}
	}
}
