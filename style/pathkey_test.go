package style

import (
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/preloadgen/preloadgen/parse"
)

// TestPlaceKeyed: an element's key holds whether it is its parent's first or last
// element child where a selector may read that of it, and only there; the match of each
// path is still that of trying every rule (indexMatchesAll).
func TestPlaceKeyed(t *testing.T) {
	// Under each parent, a first and a last child of one tag and attributes: their keys
	// differ where their places are keyed.
	page := `<!doctype html><body>` +
		`<table><tr><th><p>a</p><p>b</p></th><td><p>a</p><p>b</p></td></tr></table>` +
		`<div class=side><p>a</p><p>b</p></div><section><p>a</p><p>b</p></section>` +
		`<ul><li><a>a</a><a>b</a></li><li><a>c</a><a>d</a></li></ul>` +
		`<my-el><p>a</p><p>b</p></my-el><aside><p class=x>a</p><p class=x>b</p></aside>`
	for _, c := range []struct {
		css   string
		keyed []string // the parent tags whose children's places are keyed: "ul" for the list items
	}{
		{`p { margin-top: 1px }`, nil},
		{`th > :first-child { margin-top: 0 }`, []string{"th"}},
		{`td > :last-child, th > p:first-child { margin-top: 0 }`, []string{"td", "th", "div", "section", "my-el", "aside"}},
		{`li:first-child { margin-top: 0 }`, []string{"ul"}},
		{`ul li:first-child a { margin-top: 0 }`, []string{"ul"}},
		{`li:not(:first-child) > p { margin-top: 0 }`, []string{"ul"}},
		{`:not(li) > ul > li:first-child > :first-child { margin-top: 0 }`, []string{"ul", "li"}},
		{`div.side > :last-child { margin-top: 0 }`, []string{"div"}},
		{`my-el > :only-child { margin-top: 0 }`, []string{"my-el"}},
		// Where no tag is asked for, any element's place may be read.
		{`.x:first-child { margin-top: 0 }`, []string{"th", "td", "div", "section", "ul", "li", "my-el", "aside"}},
		{`td :first-child { margin-top: 0 }`, []string{"th", "td", "div", "section", "ul", "li", "my-el", "aside"}},
		{`p:not(div > :first-child) { margin-top: 0 }`, []string{"th", "td", "div", "section", "ul", "li", "my-el", "aside"}},
		{`p:has(b:last-child) { margin-top: 0 }`, []string{"th", "td", "div", "section", "ul", "li", "my-el", "aside"}},
		// :nth-child() is tried on each element: no place is keyed.
		{`p:nth-child(1) { margin-top: 0 }`, nil},
	} {
		rs := BuildRuleSet([]Sheet{{Sheet: parse.ParseCSS([]byte(c.css))}})
		doc, err := html.Parse(strings.NewReader(page))
		if err != nil {
			t.Fatal(err)
		}
		indexMatchesAll(t, c.css, rs, doc)
		parents := map[string]bool{}
		for n := range doc.Descendants() {
			first, last := n.FirstChild, n.LastChild
			if n.Type != html.ElementNode || first == nil || first == last || first.Type != html.ElementNode || n.Data == "tr" || n.Data == "body" || n.Data == "html" {
				continue
			}
			if parents[n.Data] {
				continue
			}
			parents[n.Data] = true
			keyed := string(rs.AppendKey(nil, first)) != string(rs.AppendKey(nil, last))
			if want := contains(c.keyed, n.Data); keyed != want {
				t.Errorf("%s: the places of <%s>'s children keyed: %v, want %v", c.css, n.Data, keyed, want)
			}
		}
		if len(parents) != 8 {
			t.Fatalf("%d parents", len(parents))
		}
	}
}
