package firstscreen

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/preloadgen/preloadgen/parse"
	"github.com/preloadgen/preloadgen/style"
)

// stylesLikeEveryRule checks that each element the cascade of a styled has the style
// computed from its parent's and from the rules that match it, each rule tried on it
// (what the paths, the memos and sibling sharing must not change).
func stylesLikeEveryRule(t *testing.T, name string, a *estimator) {
	t.Helper()
	rules := a.page.Rules.Rules
	for n := range a.doc.Root.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		cf, ok := a.fonts.lookup(n)
		if !ok {
			continue
		}
		inh := rootFont()
		if n.Parent.Type == html.ElementNode {
			p, ok := a.fonts.lookup(n.Parent)
			if !ok {
				t.Fatalf("%s: %s is styled, its parent is not", name, parse.Describe(n))
			}
			inh = *p
		}
		var matched []int
		for i := range rules {
			if rules[i].Sel.Match(n) {
				matched = append(matched, i)
			}
		}
		if want := a.computeFont(n, inh, rules, matched); !reflect.DeepEqual(*cf, want) {
			var sels []string
			for _, i := range matched {
				sels = append(sels, rules[i].Sel.String())
			}
			t.Errorf("%s: %s (under %s): the cascade's style %+v, from every rule (%q) %+v", name, parse.Describe(n), parse.Describe(n.Parent), *cf, sels, want)
		}
	}
}

// estimatePages makes the estimate of each page in turn, the pages applying one rule
// set (that of the first page) as the pages of a run that share their stylesheets do,
// and checks each element's style against every rule.
func estimatePages(t *testing.T, css string, pages ...string) {
	t.Helper()
	var rs *style.RuleSet
	for i, page := range pages {
		site := memSite{"/s.css": []byte(css), "/index.html": []byte(`<!doctype html><html><head><link rel=stylesheet href=/s.css></head><body>` + page)}
		p := testPage(t, site, "/index.html")
		if rs == nil {
			rs = p.Rules
		}
		p.Rules = rs
		a := newEstimator(p)
		a.matchStyles()
		if a.cut != "" {
			t.Fatalf("page %d: %s", i+1, a.cut)
		}
		stylesLikeEveryRule(t, fmt.Sprintf("page %d", i+1), a)
	}
}

// TestCascadeLikeEveryRule: the cascade gives each element the style of the rules that
// match it, on pages that repeat paths (within a page and from page to page), under
// rules that look at an element's place among its siblings, its siblings and its
// content, and past elements that share a sibling's style.
func TestCascadeLikeEveryRule(t *testing.T) {
	lists := strings.Repeat(`<div class=nav><ul><li>a</li><li class=x>b</li><li>c</li></ul></div>`, 3)
	for _, tc := range []struct {
		name, css string
		pages     []string
	}{
		{"first and last child", `li:first-child { font-weight: 700 } li:last-child { font-style: italic } .nav li { margin-top: 3px }`,
			[]string{lists, lists + `<ul><li>one</li></ul>`, `<div class=nav><ul><li>a</li><li>b</li></ul></div>` + lists}},
		{"siblings and places", `li + li { font-weight: 300 } .x ~ li { font-style: italic } li:nth-child(2n) { margin-top: 1px } ul :only-child { font-size: 20px }`,
			[]string{lists, `<ul><li>only</li></ul>` + lists, lists}},
		{"content", `li:empty { display: none } div:has(> ul) { font-weight: 600 } ul > :first-child:last-child { font-size: 10px }`,
			[]string{lists + `<ul><li></li><li>x</li></ul>`, `<div><ul><li></li></ul></div>` + lists}},
		{"ancestors and ids", `#main li { font-weight: 800 } .nav > ul > li { font-style: oblique } div li.x { font-family: X } [data-k=v] li { margin-bottom: 2px }`,
			[]string{`<main id=main>` + lists + `</main>` + lists, lists + `<div data-k=v>` + lists + `</div>`, `<div id=other>` + lists + `</div>`}},
		// The keys of a path are kept from the page that had it first (pathNode.keys):
		// ids no selector names may be that page's.
		{"ids no selector names, from page to page", `#main .nav li { font-weight: 800 } div#u2 li, .nav li.x { font-style: italic }`,
			[]string{`<main id=main><div id=u1 class=nav><ul><li>a</li><li class=x>b</li></ul></div></main>`,
				`<main id=main><div id=u3 class=nav><ul><li>a</li><li class=x>b</li></ul></div></main><div id=u2 class=nav><ul><li>c</li></ul></div>`,
				`<main id=other><div id=u4 class=nav><ul><li>a</li></ul></div></main>`}},
		{"forms", `button:disabled { font-style: italic } fieldset :enabled { font-weight: 700 }`,
			[]string{`<fieldset disabled><legend><button>a</button></legend><legend><button>b</button></legend></fieldset>`,
				`<fieldset><legend><button>a</button></legend><legend><button>b</button></legend></fieldset><fieldset disabled><legend><button>c</button></legend></fieldset>`}},
	} {
		t.Run(tc.name, func(t *testing.T) { estimatePages(t, tc.css, tc.pages...) })
	}
}

// FuzzCascade compares the cascade's styles against every rule tried on each element,
// over fuzzed selectors (one a line, each with its own declarations) and two pages that
// apply them in turn, twice.
func FuzzCascade(f *testing.F) {
	f.Add("li:first-child\nli:last-child\n.nav li", `<div class=nav><ul><li>a</li><li class=x>b</li><li>c</li></ul></div>`, `<ul><li>a</li><li>b</li></ul><ul><li>a</li><li>b</li><li>c</li></ul>`)
	f.Add("li + li\n.x ~ li\nli:nth-child(2n)\nul :only-child", `<ul><li>a</li><li class=x>b</li><li>c</li></ul>`, `<ul><li>only</li></ul><ul><li class=x>a</li><li>b</li></ul>`)
	f.Add("li:empty\ndiv:has(> ul)\nul > :first-child:last-child", `<div><ul><li></li><li>x</li></ul></div>`, `<ul><li>x</li></ul>`)
	f.Add("#main li\n.nav > ul > li\n[data-k=v] li\na:link", `<main id=main><div class=nav><ul><li><a href=x>a</a></li></ul></div></main>`, `<div data-k=v><ul><li><a>b</a></li></ul></div>`)
	f.Add("button:disabled\nfieldset :enabled\n:lang(en) i", `<fieldset disabled><legend><button>a</button></legend><legend><button>b</button></legend></fieldset>`, `<p lang=en><i>x</i></p>`)
	f.Fuzz(func(t *testing.T, sels, page1, page2 string) {
		if len(sels) > 300 || len(page1) > 2000 || len(page2) > 2000 || strings.ContainsAny(sels, "{}") {
			return
		}
		var css strings.Builder
		for i, sel := range strings.Split(sels, "\n") {
			fmt.Fprintf(&css, "%s { margin-top: %dpx; font-weight: %d }\n", sel, i+1, (i%9+1)*100)
		}
		// Each page twice: a path a page had first is kept for the next pages then.
		estimatePages(t, css.String(), page1, page2, page1, page2)
	})
}

// TestCascadeBoundPerPage: a page counts the rule tests of each path it has against its
// own bound (Page.MaxWork), whichever page matched the path first: the cascade stops at
// the same element, and styles the page the same, whether or not pages applying the
// same rules came before it.
func TestCascadeBoundPerPage(t *testing.T) {
	css := `.nav li { font-weight: 700 } li.x { font-style: italic } div li { margin-top: 1px } * { margin-bottom: 0 } ul :first-child { font-size: 20px }`
	lists := strings.Repeat(`<div class=nav><ul><li>a</li><li class=x>b</li><li>c</li></ul></div>`, 3)
	page := lists + `<main><div><ul><li class=x>d</li></ul></div>` + lists + `</main>`
	styles := func(rs *style.RuleSet, maxWork int, pages ...string) (cut string, work int, fonts []computedFont) {
		for _, pg := range pages {
			site := memSite{"/s.css": []byte(css), "/index.html": []byte(`<!doctype html><html><head><link rel=stylesheet href=/s.css></head><body>` + pg)}
			p := testPage(t, site, "/index.html")
			if rs != nil {
				p.Rules = rs
			}
			rs = p.Rules
			p.MaxWork = maxWork
			a := newEstimator(p)
			a.matchStyles()
			cut, work, fonts = a.cut, a.styleWork, nil
			for n := range a.doc.Root.Descendants() {
				if cf, ok := a.fonts.lookup(n); ok {
					fonts = append(fonts, *cf)
				}
			}
		}
		return cut, work, fonts
	}
	_, all, _ := styles(nil, 0, page)
	for _, bound := range []int{all / 4, all / 2, all - 1} {
		cut, work, fonts := styles(nil, bound, page)
		if cut == "" {
			t.Fatalf("bound %d of %d: not reached", bound, all)
		}
		for _, before := range [][]string{{page}, {lists}, {page, lists}} {
			cut2, work2, fonts2 := styles(nil, bound, append(before, page)...)
			if cut2 != cut || work2 != work || !reflect.DeepEqual(fonts2, fonts) {
				t.Errorf("bound %d after %d pages: %q (%d tests), alone %q (%d)", bound, len(before), cut2, work2, cut, work)
			}
		}
	}
}
