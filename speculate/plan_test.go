package speculate

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// hostile is a page whose links try every way out of the site; the good ones are /a/ and
// /b.html (and /c/ in the site-wide file, linked from another page).
const hostile = `<!doctype html><title>home</title>
<a href="/a/">a</a>
<a href="b.html">b</a>
<a href="https://other.example/elsewhere/">other origin</a>
<a href="//other.example/elsewhere/">protocol-relative</a>
<a href="/\other.example/elsewhere/">backslash</a>
<a href="javascript:location='/a/'">js</a>
<a href="java&#10;script:alert(1)">js with a newline</a>
<a href="/files/report.pdf">download by name</a>
<a href="/index.xml">feed</a>
<a href="/css/site.css">asset</a>
<a href="/404.html">404</a>
<a href="/search.html">search</a>
<a href="/docs/search/">search in a section</a>
<a href="/missing/">missing</a>
<a href="/a/?page=2">query</a>
<a href="/../../etc/passwd">climb</a>
<a href="/a/%2e%2e/%2e%2e/secret/">encoded climb</a>
<a href="/private/">excluded by the user</a>
<a href="/index.html">this page</a>
<a href="#top">fragment</a>
`

func testPlan(t *testing.T, o Options, pages map[string]string) *Plan {
	t.Helper()
	var list []string
	for p := range pages {
		list = append(list, p)
	}
	read := func(p string) ([]byte, error) {
		if s, ok := pages[p]; ok {
			return []byte(s), nil
		}
		return nil, fmt.Errorf("%s: no such page", p)
	}
	plan, err := NewPlan(context.Background(), read, list, o, nil)
	if err != nil {
		t.Fatal(err)
	}
	return plan
}

// paths returns the href_matches pathnames of each kind of rule in rules.
func paths(t *testing.T, rules string) map[string][]string {
	t.Helper()
	var rs map[string][]struct {
		Source string `json:"source"`
		Where  struct {
			And []struct {
				HrefMatches []struct {
					Pathname string  `json:"pathname"`
					Search   *string `json:"search"`
				} `json:"href_matches"`
				Not *struct {
					Selector string `json:"selector_matches"`
				} `json:"not"`
			} `json:"and"`
		} `json:"where"`
		Eagerness string `json:"eagerness"`
	}
	if err := json.Unmarshal([]byte(rules), &rs); err != nil {
		t.Fatalf("%v: %s", err, rules)
	}
	out := map[string][]string{}
	for kind, list := range rs {
		for _, r := range list {
			if r.Source != "document" || len(r.Where.And) != 2 || r.Where.And[1].Not == nil || !strings.Contains(r.Where.And[1].Not.Selector, "nofollow") {
				t.Fatalf("%s rule has not the expected shape: %s", kind, rules)
			}
			for _, m := range r.Where.And[0].HrefMatches {
				out[kind] = append(out[kind], m.Pathname)
				if m.Search == nil || *m.Search != "" {
					t.Errorf("%s: pattern %s matches queries", kind, m.Pathname)
				}
			}
			out[kind+" eagerness"] = []string{r.Eagerness}
		}
	}
	return out
}

func hostileSite() map[string]string {
	return map[string]string{
		"/index.html":             hostile,
		"/a/index.html":           `<a href="../c/">c</a><a href="/">home</a>`,
		"/b.html":                 `<p>b`,
		"/c/index.html":           `<p>c`,
		"/404.html":               `<a href="/">home</a>`,
		"/search.html":            `<script src="/searchindex.js"></script>`,
		"/docs/search/index.html": `<p>search`,
		"/private/index.html":     `<p>private`,
	}
}

func TestPlanHostileLinks(t *testing.T) {
	plan := testPlan(t, Options{Mode: Prefetch, Exclude: []string{"/private/**"}}, hostileSite())
	pr := plan.Inline("/index.html")
	if pr.Script == "" || pr.Skipped != "" {
		t.Fatalf("no rules: %+v", pr)
	}
	got := paths(t, pr.Script)
	want := map[string][]string{"prefetch": {"/a/", "/b.html"}, "prefetch eagerness": {"moderate"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("inline rules of the hostile page: %v, want %v\n%s", got, want, pr.Script)
	}
	// The 404 page links home: it gets rules; the site-wide set has every page linked.
	if got := paths(t, plan.Inline("/404.html").Script)["prefetch"]; !reflect.DeepEqual(got, []string{"/"}) {
		t.Errorf("404 page: %v", got)
	}
	if plan.File() != nil {
		t.Errorf("inline delivery wrote a file")
	}
	plan = testPlan(t, Options{Mode: Prefetch, Via: ViaHeader, Exclude: []string{"/private/**"}}, hostileSite())
	if got := paths(t, string(plan.File()))["prefetch"]; !reflect.DeepEqual(got, []string{"/", "/a/", "/b.html", "/c/", "/index.html"}) {
		t.Errorf("site-wide rules: %v", got)
	}
	if plan.Inline("/index.html").Script != "" {
		t.Errorf("header delivery wrote inline rules")
	}
}

func TestPlanBasePath(t *testing.T) {
	plan := testPlan(t, Options{Mode: Prefetch, BasePath: "/docs/"}, map[string]string{
		"/index.html":   `<a href="/docs/a/">in</a><a href="/a/">outside the base path</a><a href="a/">relative</a>`,
		"/a/index.html": `<p>a`,
	})
	if got := paths(t, plan.Inline("/index.html").Script)["prefetch"]; !reflect.DeepEqual(got, []string{"/docs/a/"}) {
		t.Errorf("base path: %v", got)
	}
}

func TestPlanPrerender(t *testing.T) {
	plan := testPlan(t, Options{Mode: Prerender, NoPrerender: []string{"/js/analytics*.js", "https://stats.example/**"}}, map[string]string{
		"/index.html":   `<a href="/a/">a</a><a href="/b/">b</a><a href="/c/">c</a>`,
		"/a/index.html": `<script src="../js/analytics.min.js"></script>`,
		"/b/index.html": `<script src="https://stats.example/t.js"></script>`,
		"/c/index.html": `<script src="/js/app.js"></script>`,
	})
	got := paths(t, plan.Inline("/index.html").Script)
	want := map[string][]string{
		"prefetch": {"/a/", "/b/", "/c/"}, "prefetch eagerness": {"moderate"},
		"prerender": {"/c/"}, "prerender eagerness": {"conservative"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestPlanRespectsPages(t *testing.T) {
	plan := testPlan(t, Options{Mode: Prefetch}, map[string]string{
		"/index.html":   `<script type="speculationrules">{"prefetch":[{"source":"list","urls":["/a/"]}]}</script><a href="/a/">a</a>`,
		"/a/index.html": `<meta http-equiv="Content-Security-Policy" content="script-src 'self'"><a href="/">home</a>`,
		"/b/index.html": `<base href="https://cdn.example/"><a href="/">home</a>`,
		"/c/index.html": `<meta http-equiv="Content-Security-Policy" content="script-src 'self' 'inline-speculation-rules'"><a href="/">home</a>`,
	})
	if pr := plan.Inline("/index.html"); pr.Script != "" || !strings.Contains(pr.Skipped, "of its own") {
		t.Errorf("page with its own rules: %+v", pr)
	}
	if pr := plan.Inline("/a/index.html"); pr.Script != "" || !strings.Contains(pr.Skipped, "'sha256-") {
		t.Errorf("page under CSP: %+v", pr)
	}
	if pr := plan.Inline("/b/index.html"); pr.Script != "" {
		t.Errorf("page with a cross-origin base: %+v", pr)
	}
	if pr := plan.Inline("/c/index.html"); pr.Script == "" {
		t.Errorf("page whose CSP allows the rules: %+v", pr)
	}
	if got := plan.OwnRules(); !reflect.DeepEqual(got, []string{"/index.html"}) {
		t.Errorf("OwnRules = %v", got)
	}
}

// A page that loads a client-side router gets no rules: the router would not use them.
func TestPlanRouter(t *testing.T) {
	plan := testPlan(t, Options{Mode: Prefetch}, map[string]string{
		"/index.html":   `<meta name="generator" content="VitePress v1.6.4"><a href="/a/">a</a>`,
		"/a/index.html": `<a href="/">home</a>`,
	})
	if pr := plan.Inline("/index.html"); pr.Script != "" || pr.Router != "VitePress" {
		t.Errorf("router page: %+v", pr)
	}
	if pr := plan.Inline("/a/index.html"); pr.Script == "" {
		t.Errorf("page without a router: %+v", pr)
	}
	if got := plan.Routed(); len(got) != 1 || got[0] != "/index.html" {
		t.Errorf("Routed = %v", got)
	}
}

func TestRulesDeterministicAndEscaped(t *testing.T) {
	o := Options{Mode: Prefetch, Eagerness: Conservative, AllowQuery: true}
	a := string(o.build([]string{"/b/", "/a/<script>/", "/x(1)/"}, nil))
	b := string(o.build([]string{"/x(1)/", "/a/<script>/", "/b/"}, nil))
	if a != b {
		t.Errorf("order changes the rules:\n%s\n%s", a, b)
	}
	if strings.Contains(a, "<") || !strings.Contains(a, `"pathname":"/x\\(1\\)/"`) || strings.Contains(a, `"search"`) || !strings.Contains(a, `"eagerness":"conservative"`) {
		t.Errorf("rules: %s", a)
	}
}

// TestScans: a plan with Scans reads only the pages marked changed since the last one (a
// page, or the pages under a directory), forgets pages the site no longer has, and writes
// the same rules as a plan that reads every page.
func TestScans(t *testing.T) {
	pages := map[string]string{
		"/index.html":      `<a href="/a/">a</a><a href="/docs/x.html">x</a>`,
		"/a/index.html":    `<a href="/">home</a>`,
		"/docs/x.html":     `<a href="y.html">y</a>`,
		"/docs/y.html":     `<a href="x.html">x</a>`,
		"/docsfoo/z.html":  `<a href="/">home</a>`,
		"/docs/sub/w.html": `<a href="/a/">a</a>`,
	}
	read := map[string]int{}
	reader := func(p string) ([]byte, error) {
		read[p]++
		if s, ok := pages[p]; ok {
			return []byte(s), nil
		}
		return nil, fmt.Errorf("%s: no such page", p)
	}
	list := func() []string {
		var l []string
		for p := range pages {
			l = append(l, p)
		}
		return l
	}
	o := Options{Mode: Prefetch, Via: ViaHeader}
	scans := NewScans()
	plan := func(want ...string) *Plan {
		t.Helper()
		clear(read)
		p, err := NewPlan(context.Background(), reader, list(), o, scans)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for pg := range read {
			got = append(got, pg)
		}
		sort.Strings(got)
		sort.Strings(want)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("read %v, want %v", got, want)
		}
		return p
	}
	plan(list()...)
	plan()
	scans.Changed("docs") // the directory: not /docsfoo
	plan("/docs/x.html", "/docs/y.html", "/docs/sub/w.html")
	pages["/index.html"] = `<a href="/docsfoo/z.html">z</a>`
	delete(pages, "/docs/y.html") // gone: no change reported for it, the page list says so
	scans.Changed("/index.html")
	p := plan("/index.html")
	if _, ok := scans.facts["/docs/y.html"]; ok {
		t.Error("the removed page's facts are kept")
	}
	fresh, err := NewPlan(context.Background(), reader, list(), o, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(p.File()), string(fresh.File()); got != want {
		t.Errorf("rules from kept facts:\n%s\nfrom every page read:\n%s", got, want)
	}
}
