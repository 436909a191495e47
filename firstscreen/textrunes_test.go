package firstscreen

import (
	"slices"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/preloadgen/preloadgen/parse"
)

// wantTextRunes is textRunes the plain way: parse.Text's characters other than white
// space, each once, in the order they first come.
func wantTextRunes(n *html.Node) []rune {
	var out []rune
	for _, r := range parse.Text(n) {
		if !unicode.IsSpace(r) && !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out
}

// checkTextRunes fails t when textRunes of the body of page body differs from
// wantTextRunes.
func checkTextRunes(t *testing.T, body string) {
	t.Helper()
	doc, err := html.Parse(strings.NewReader("<!doctype html><body>" + body))
	if err != nil {
		t.Fatal(err)
	}
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		if got, want := textRunes(n), wantTextRunes(n); !slices.Equal(got, want) {
			t.Fatalf("%q, <%s>: textRunes %q, want %q", body, n.Data, string(got), string(want))
		}
	}
}

// TestTextRunes: the characters of an element's text, each once in the order of their
// first coming, as parse.Text's string holds them: across elements, without the text of
// scripts and styles, and with a character cut between two text nodes read whole.
func TestTextRunes(t *testing.T) {
	for _, body := range []string{
		`<pre><span>1</span>
<span>2</span>
<span>10</span></pre>`,
		`<p>Ünïcödé ünïcödé 漢字 漢</p>`,
		`<p>a<script>zzz</script>b<style>q{}</style><noscript>n</noscript><template>t</template>c</p>`,
		"<p>\xe6\xbc<b>\xa2</b>x</p>",           // 漢 cut in two text nodes
		"<p>\xe6<b></b>\xbc<i>\xa2\xe5</i></p>", // cut in three, and cut at the end
		"<p>\xff\xfe a \x80</p>",                // bytes that begin no character
		"<p> \t\u00a0\u2003x\u3000</p>",         // spaces of several kinds
	} {
		checkTextRunes(t, body)
	}
}

// FuzzTextRunes: textRunes agrees with parse.Text on any markup (TestTextRunes).
func FuzzTextRunes(f *testing.F) {
	f.Add("<p>\xe6\xbc<b>\xa2</b>x<script>y</script></p>")
	f.Add("<pre><span>1</span>\n<span>2</span></pre>")
	f.Fuzz(func(t *testing.T, body string) {
		checkTextRunes(t, body)
	})
}

// FuzzRunesOf: runesOf, which textRunes reads a long text node with, gives what
// textRunesOf gives a character at a time, whatever bytes the text has.
func FuzzRunesOf(f *testing.F) {
	f.Add("fn main() {\n    println!(\"±\");\n}\n")
	f.Add("\xe6\xbc\xa2 \u00a0x\xff\xe6\xbc")
	f.Fuzz(func(t *testing.T, s string) {
		p := &html.Node{Type: html.ElementNode, Data: "pre", DataAtom: atom.Pre}
		p.AppendChild(&html.Node{Type: html.TextNode, Data: s})
		if got, want := runesOf(s), textRunesOf(p); !slices.Equal(got, want) {
			t.Fatalf("%q: runesOf %q, want %q", s, string(got), string(want))
		}
	})
}
