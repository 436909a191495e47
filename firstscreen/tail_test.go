package firstscreen

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/preloadgen/preloadgen/parse"
)

// TestTailMatchesAsWhole: a long page is read in two parts (parse/tail.go), and selectors
// that look at siblings, places among them and content match its tail's elements, and its
// first part's, as they match the whole DOM: the faces its text uses and the backgrounds
// its elements get are the same either way.
func TestTailMatchesAsWhole(t *testing.T) {
	var head strings.Builder
	head.WriteString(`<header class="top"><h1>A long page</h1></header><main><div class="intro">`)
	for head.Len() < 30<<10 {
		head.WriteString("<p>Words of the first screens, enough of them to cut the page after.</p>\n")
	}
	faces := `@font-face{font-family:A;src:url(/a.woff2)} @font-face{font-family:B;src:url(/b.woff2)}
@font-face{font-family:C;src:url(/c.woff2)} `
	for _, tt := range []struct {
		name, css, tail string
	}{
		{"adjacent sibling in the tail", `.x + .y{font-family:A}`,
			`<div class="x">one</div><div class="y">two</div>`},
		{"general sibling in the tail", `.x ~ .y{font-family:A} .y ~ .x{font-family:B}`,
			`<p class="x">one</p><p>two</p><p class="y">three</p>`},
		{"sibling across the cut", `.intro > p + .late{font-family:A} .intro > p:first-child + .late{font-family:B}`,
			`<div class="late">late</div>`},
		{"last child of the first part is not the last", `.intro > p:last-child{font-family:A} .intro > :last-child{font-family:B}`,
			`<p>more</p><hr>`},
		{"nth-child counts the first part", `.intro > p:nth-child(2n){font-family:A} .intro > div:nth-of-type(1){font-family:B} .intro > div:nth-last-child(2){font-family:C}`,
			`<div>late one</div><div>late two</div><hr>`},
		{"empty", `.badge:empty{background:url(/e.png)} .box:empty{background:url(/f.png)} .badge{font-family:A}`,
			`<span class="badge">5</span><span class="badge"> </span><div class="box"><b></b></div>`},
		{"empty after the text", `.e:empty{background:url(/e.png)} .e:empty + .e{font-family:A} .e > i:first-child{font-family:B} .e > i:only-child{font-family:C}`,
			`<p class="e">text<i>i</i></p><p class="e"><i>i</i>text</p><p class="e"></p><p class="e">text alone</p><p class="e"><i></i></p>`},
		{"descendants in the tail", `.late .deep em{font-family:A} .intro div em{font-family:B} main .intro p > em{font-family:C}`,
			`<div class="late"><div><p class="deep"><em>x</em></p></div></div><div hidden><em>h</em></div><p><em>y</em></p>`},
		{"has", `main:has(.late){font-family:A} .intro:has(> hr){font-family:B} .top:has(.late){font-family:C}`,
			`<div class="late">x</div><hr>`},
		{"only child", `.list > li:only-child{font-family:A} .intro > p:only-of-type{font-family:B}`,
			`<ul class="list"><li>one</li><li>two</li></ul>`},
		{"attribute the tail keeps", `details[open] > p{font-family:A} [hidden] + p{font-family:B}`,
			`<details open><summary>s</summary><p>in</p></details><div hidden></div><p>after</p>`},
		{"not", `.intro > :not(p){font-family:A} .intro > p:not(:first-child){font-family:B}`,
			`<div>late</div>`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			site := memSite{
				"/index.html": []byte(`<!doctype html><html><head><link rel="stylesheet" href="/s.css"></head><body>` +
					head.String() + tt.tail + `</div></main></body></html>`),
				"/s.css":   []byte(faces + tt.css),
				"/a.woff2": []byte("x"), "/b.woff2": []byte("x"), "/c.woff2": []byte("x"), "/e.png": []byte("x"), "/f.png": []byte("x"),
			}
			split := testPageParsed(t, site, "/index.html", parse.ParseHTML)
			if !split.Doc.Split {
				t.Fatal("the page was not read in two parts; the test needs a tail")
			}
			whole := testPageParsed(t, site, "/index.html", parse.ParseHTMLFull)
			got, want := Estimate(split), Estimate(whole)
			if !reflect.DeepEqual(got.Used, want.Used) {
				t.Errorf("faces used: read in parts %v, whole %v", got.Used, want.Used)
			}
			if g, w := bgURLs(got), bgURLs(want); !slices.Equal(g, w) {
				t.Errorf("backgrounds: read in parts %v, whole %v", g, w)
			}
		})
	}
}

func bgURLs(r Result) []string {
	var out []string
	for _, b := range r.Backgrounds {
		out = append(out, b.URL)
	}
	return out
}

// TestNeedsTail: a page read in two parts whose first part leaves the first screen to its
// tail (a long navigation before the content, laid out as one line), or whose flex row
// goes on in the tail, is reported as needing its tail (graph then reads it whole); one
// whose first part fills the first screen is not.
func TestNeedsTail(t *testing.T) {
	nav := `<nav>` + strings.Repeat(`<a href="/x">A link of the site's navigation</a> `, 120) + `</nav>`
	text := strings.Repeat("<p>Words of the first screens, enough of them to cut the page after.</p>\n", 400)
	for _, tt := range []struct {
		name, css, body string
		needs           bool
	}{
		{"navigation first", ``, nav + `<main><h1>The title</h1>` + text + `</main>`, true},
		{"text first", ``, `<main><h1>The title</h1>` + text + `</main>`, false},
		{"flex row open at the cut", `.row{display:flex} .side{width:200px}`,
			`<div class="row"><main><h1>The title</h1>` + text + `</main><div class="side">side</div></div>`, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			site := memSite{
				"/index.html": []byte(`<!doctype html><html><head><link rel="stylesheet" href="/s.css"></head><body>` + tt.body + `</body></html>`),
				"/s.css":      []byte(tt.css),
			}
			p := testPageParsed(t, site, "/index.html", parse.ParseHTML)
			if !p.Doc.Split {
				t.Fatal("the page was not read in two parts; the test needs a tail")
			}
			if got := Estimate(p).NeedsTail; got != tt.needs {
				t.Errorf("NeedsTail = %v, want %v", got, tt.needs)
			}
		})
	}
}
