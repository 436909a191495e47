package firstscreen

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/preloadgen/preloadgen/parse"
	"github.com/preloadgen/preloadgen/style"
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

// checkTailProbe fails t when the estimate of a page read in two parts differs with its
// first part laid out before its tail is styled (layoutNeedsTail) and after.
func checkTailProbe(t *testing.T, site memSite, page string) {
	t.Helper()
	p := testPageParsed(t, site, page, parse.ParseHTML)
	if !p.Doc.Split {
		return
	}
	got, want := estimateWith(p, true), estimateWith(p, false)
	if want.NeedsTail {
		if !got.NeedsTail {
			t.Fatalf("%s: the tail is not needed when the layout is made first", page)
		}
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s: laid out before the tail is styled:\n%+v\nafter:\n%+v", page, got, want)
	}
}

// TestTailProbe: laying a page read in two parts out before its tail is styled changes
// nothing of its estimate (the layout reads nothing of the tail's styles): on pages
// whose tail holds backgrounds, fonts and hidden elements, and on the corpus's pages.
func TestTailProbe(t *testing.T) {
	text := strings.Repeat("<p>Words of the first screens, enough of them to cut the page after.</p>\n", 400)
	css := `@font-face{font-family:T;src:url(/t.woff2)} .late{font-family:T;background:url(/bg.png)} .row{display:flex} .hid{display:none} h1{font-size:40px}`
	for _, body := range []string{
		`<main><h1>The title</h1>` + text + `<div class="late">tail</div><img src="/a.png" width=900 height=600></main>`,
		`<div class="row"><main><h1>The title</h1>` + text + `</main><div class="late">side</div></div>`,
		`<nav>` + strings.Repeat(`<a href="/x">A link</a> `, 300) + `</nav><main>` + text + `<p class="hid late">x</p></main>`,
		`<header class="late" style="height:300px">Band</header><main><img src="/a.png" width=1200 height=500><h1>T</h1>` + text + `<p class="late">x</p></main>`,
		`<div class="row"><aside class="late">s</aside><main>m</main></div><main><h1 class="late">The title</h1>` + text + `<div class="row"><p class="late">x</p></div></main>`,
		`<main><h1>The title</h1><pre class="late">` + strings.Repeat("code line\n", 50) + `</pre>` + text + `<pre class="late">tail</pre></main>`,
	} {
		site := memSite{
			"/index.html": []byte(`<!doctype html><html><head><link rel="stylesheet" href="/s.css"></head><body>` + body + `</body></html>`),
			"/s.css":      []byte(css), "/t.woff2": []byte("x"), "/bg.png": []byte("x"), "/a.png": []byte("x"),
		}
		checkTailProbe(t, site, "/index.html")
	}
	for _, c := range corpusSites(t) {
		for _, p := range c.pages {
			checkTailProbe(t, c.site, p)
		}
	}
}

// TestTailProbeRealSites is TestTailProbe on a sample of the real documentation sites
// (realSitePages) read in two parts, as a run first reads them.
func TestTailProbeRealSites(t *testing.T) {
	if testing.Short() {
		t.Skip("reads hundreds of pages")
	}
	for _, root := range []string{"/usr/share/doc/python3-doc/html", "/usr/share/doc/python-scipy-doc/html", "/usr/share/doc/rust-doc/html"} {
		t.Run(root, func(t *testing.T) {
			pages := realSitePages(t, root)
			dir, err := filepath.EvalSymlinks(root)
			if err != nil {
				t.Fatal(err)
			}
			cache := style.NewCache()
			split := 0
			for k, pg := range pages {
				if k%10 != 0 {
					continue // 50 pages of the sample
				}
				data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(pg.path)))
				if err != nil {
					t.Fatal(err)
				}
				doc, err := parse.ParseHTML(data)
				if err != nil || !doc.Split {
					continue
				}
				split++
				p := &Page{Doc: doc, Rules: cache.RuleSet(pg.sheets), Site: memSite{}, Resolve: resolveIn(pg.path)}
				got, want := estimateWith(p, true), estimateWith(p, false)
				if want.NeedsTail != got.NeedsTail || !want.NeedsTail && !reflect.DeepEqual(got, want) {
					t.Fatalf("%s: laid out before the tail is styled:\n%+v\nafter:\n%+v", pg.path, got, want)
				}
			}
			if split == 0 {
				t.Fatal("no page of the sample was read in two parts")
			}
		})
	}
}

// FuzzTailProbe: TestTailProbe on any rules and markup, around enough text that the
// page is read in two parts.
func FuzzTailProbe(f *testing.F) {
	f.Add(`.late{font-family:T;background:url(/bg.png)} .row{display:flex}`, `<div class="row"><p class="late">x</p></div>`)
	f.Add(`h1{font-size:40px} @media (max-width:700px){.late{display:none}}`, `<h1 class="late">T</h1><img src="/a.png" width=900 height=600>`)
	text := strings.Repeat("<p>Words of the first screens, enough of them to cut the page after.</p>\n", 400)
	f.Fuzz(func(t *testing.T, css, body string) {
		site := memSite{
			"/index.html": []byte(`<!doctype html><html><head><style>` + css + `</style></head><body><main>` + body + text + body + `</main></body></html>`),
			"/bg.png":     []byte("x"), "/a.png": []byte("x"),
		}
		checkTailProbe(t, site, "/index.html")
	})
}
