package graph

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"

	"github.com/preloadgen/preloadgen/parse"
)

// shortTextOfFields is shortText as it was written first: every word of the text joined,
// then cut.
func shortTextOfFields(text string) string {
	text = strings.Join(strings.Fields(text), " ")
	if len(text) > 60 {
		cut := 60
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut] + "..."
	}
	return text
}

var shortTextTests = []struct{ in, want string }{
	{"", ""},
	{"  \n\t ", ""},
	{"Hello", "Hello"},
	{"  Hello,\n\t  world  ", "Hello, world"},
	{"a\u00a0b\u0085c\u2003d", "a b c d"},
	{strings.Repeat("x", 60), strings.Repeat("x", 60)},
	{strings.Repeat("x", 61), strings.Repeat("x", 60) + "..."},
	{strings.Repeat("word ", 40), strings.Repeat("word ", 12) + "..."},
	{"Браузер узнаёт о ресурсах страницы волнами: сначала то, что названо в HTML", "Браузер узнаёт о ресурсах страни..."},
	{strings.Repeat("a", 59) + "ü tail", strings.Repeat("a", 59) + "..."},
	{"bad \xff\xfe bytes", "bad \xff\xfe bytes"},
}

func TestShortText(t *testing.T) {
	for _, tt := range shortTextTests {
		if got := shortText(tt.in); got != tt.want {
			t.Errorf("shortText(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got, want := shortText(tt.in), shortTextOfFields(tt.in); got != want {
			t.Errorf("shortText(%q) = %q, the joined words cut give %q", tt.in, got, want)
		}
	}
}

func FuzzShortText(f *testing.F) {
	for _, tt := range shortTextTests {
		f.Add(tt.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := shortText(s), shortTextOfFields(s); got != want {
			t.Errorf("shortText(%q) = %q, the joined words cut give %q", s, got, want)
		}
	})
}

// checkShortTextOf fails t when shortTextOf of an element of the page whose body is body
// differs from shortText of its whole text.
func checkShortTextOf(t *testing.T, body string) {
	t.Helper()
	doc, err := html.Parse(strings.NewReader("<!doctype html><body>" + body))
	if err != nil {
		t.Fatal(err)
	}
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		if got, want := shortTextOf(n), shortText(parse.Text(n)); got != want {
			t.Fatalf("%q, <%s>: shortTextOf %q, want %q", body, n.Data, got, want)
		}
	}
}

// TestShortTextOf: the cut of an element's text read only as far as it needs is the cut
// of its whole text: long text in many elements, white space over the checks, characters
// of more bytes at the cut and cut between text nodes, scripts and styles left out.
func TestShortTextOf(t *testing.T) {
	for _, body := range []string{
		`<pre>` + strings.Repeat(`<span class="kw">fn</span> <span>main</span>() {}`+"\n", 400) + `</pre>`,
		`<p>` + strings.Repeat(" ", 1000) + `a` + strings.Repeat("\n\t", 700) + `b</p>`,
		`<p>` + strings.Repeat("\u00a0", 300) + strings.Repeat("ü", 200) + `</p>`,
		`<p>` + strings.Repeat("x", 59) + "\xe6\xbc<b>\xa2</b>" + strings.Repeat("y", 300) + `</p>`,
		`<p>` + strings.Repeat("<b>\xe6</b>\xbc\xa2 ", 100) + `</p>`,
		`<div>` + strings.Repeat("<script>var x = 1;</script><style>p{}</style>", 50) + strings.Repeat("w ", 200) + `</div>`,
		`<p>short</p>`,
	} {
		checkShortTextOf(t, body)
	}
}

// FuzzShortTextOf: shortTextOf agrees with shortText of the whole text on any markup,
// repeated to run past the checks (TestShortTextOf).
func FuzzShortTextOf(f *testing.F) {
	f.Add("<b>\xe6</b>\xbc\xa2 ", 100)
	f.Add("<p>a b</p>  ", 30)
	f.Fuzz(func(t *testing.T, body string, n int) {
		if n < 0 || n > 200 || len(body)*n > 1<<16 {
			return
		}
		checkShortTextOf(t, strings.Repeat(body, n))
	})
}
