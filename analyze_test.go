package preloadgen_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"encoding/json"

	"github.com/preloadgen/preloadgen"
	"github.com/preloadgen/preloadgen/emit"
	"github.com/preloadgen/preloadgen/graph"
	"github.com/preloadgen/preloadgen/internal/treecopy"
)

func analyzeMap(t *testing.T, files map[string]string, opts preloadgen.Options) *preloadgen.Result {
	t.Helper()
	m := fstest.MapFS{}
	for name, body := range files {
		m[name] = &fstest.MapFile{Data: []byte(body), Mode: 0o644}
	}
	opts.Source.FS = m
	opts.Source.Dir = "site"
	res, err := preloadgen.Analyze(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func page(t *testing.T, res *preloadgen.Result, p string) *graph.Page {
	t.Helper()
	for _, pg := range res.Pages {
		if pg.Path == p {
			return pg
		}
	}
	t.Fatalf("page %s not analysed; have %d pages", p, len(res.Pages))
	return nil
}

func hint(pg *graph.Page, url string) *graph.Hint {
	for i := range pg.Hints {
		if pg.Hints[i].URL == url {
			return &pg.Hints[i]
		}
	}
	return nil
}

func resource(pg *graph.Page, url string) *graph.Resource {
	for _, r := range pg.Resources {
		if r.URL == url {
			return r
		}
	}
	return nil
}

const fontsCSS = `
@font-face { font-family: "Inter"; font-weight: 400; font-display: swap;
  src: url(/f/inter-latin-400.woff2) format("woff2"); unicode-range: U+0000-00FF, U+2000-206F; }
@font-face { font-family: "Inter"; font-weight: 400; font-display: swap;
  src: url(/f/inter-cyrillic-400.woff2) format("woff2"); unicode-range: U+0400-045F; }
@font-face { font-family: "Inter"; font-weight: 700; font-display: swap;
  src: url(/f/inter-latin-700.woff2) format("woff2"); unicode-range: U+0000-00FF; }
@font-face { font-family: "Inter"; font-weight: 400; font-style: italic; font-display: swap;
  src: url(/f/inter-latin-400i.woff2) format("woff2"); unicode-range: U+0000-00FF; }
@font-face { font-family: "Display"; font-weight: 800; font-display: block;
  src: url(/f/display.woff2) format("woff2"); }
body { font-family: Inter, sans-serif }
h2 { font-weight: 700 }
.display { font-family: Display, serif; font-weight: 800 }
`

func blogSite() map[string]string {
	return map[string]string{
		"css/main.css":               `@import "base.css"; @import url(print-extra.css) print; body{color:#111}`,
		"css/base.css":               `@import "fonts.css";`,
		"css/fonts.css":              fontsCSS,
		"css/print.css":              `body{color:#000}`,
		"css/print-extra.css":        `body{color:#000}`,
		"f/inter-latin-400.woff2":    "x",
		"f/inter-cyrillic-400.woff2": "x",
		"f/inter-latin-700.woff2":    "x",
		"f/inter-latin-400i.woff2":   "x",
		"f/display.woff2":            "x",
		"img/hero.jpg":               strings.Repeat("j", 50000),
		"img/hero-800.jpg":           "j",
		"img/lazy.jpg":               "j",
		"index.html": `<!doctype html><html><head><meta charset="utf-8"><title>Home</title>
<link rel="stylesheet" href="/css/main.css"><link rel="stylesheet" href="/css/print.css" media="print">
</head><body><header><img src="/img/hero.jpg" srcset="/img/hero-800.jpg 800w, /img/hero.jpg 1600w" sizes="100vw" width="1600" height="900" alt=""></header>
<h1>Hello</h1><p>Plain latin text.</p><img src="/img/lazy.jpg" loading="lazy" width="400" height="300"></body></html>`,
		"text/index.html": `<!doctype html><html><head><meta charset="utf-8"><title>Text</title>
<link rel="stylesheet" href="../css/main.css"></head><body>
<h1 class="display">A long display headline that is the largest block of text</h1>
<p>Short.</p><h2>Bold part</h2></body></html>`,
		"ru/index.html": `<!doctype html><html><head><meta charset="utf-8"><title>Ru</title>
<link rel="stylesheet" href="/css/main.css"></head><body><p>Привет, мир</p></body></html>`,
	}
}

func TestAnalyzeBlogRules(t *testing.T) {
	res := analyzeMap(t, blogSite(), preloadgen.Options{})

	home := page(t, res, "/index.html")
	if home.LCP == nil || home.LCP.Kind != "image" || home.LCP.URL != "/img/hero.jpg" {
		t.Fatalf("home LCP = %+v", home.LCP)
	}
	// The @import chain is hinted in the HTML; the depth-1 stylesheet only in headers.
	for _, u := range []string{"/css/base.css", "/css/fonts.css"} {
		h := hint(home, u)
		if h == nil || !h.HTML || !h.Header || h.As != "style" {
			t.Errorf("%s: hint = %+v, want html+header as=style", u, h)
		}
	}
	if h := hint(home, "/css/main.css"); h == nil || h.HTML || !h.Header {
		t.Errorf("depth-1 stylesheet: hint = %+v, want header only", h)
	}
	// The LCP image is the one depth-1 HTML exception, with high priority and its srcset.
	h := hint(home, "/img/hero.jpg")
	if h == nil || !h.HTML || h.FetchPriority != "high" || h.ImageSrcset == "" || h.ImageSizes != "100vw" || h.As != "image" {
		t.Errorf("LCP hint = %+v", h)
	}
	// Print CSS, lazy images, unused weights, styles and subsets are never hinted.
	for _, u := range []string{"/css/print.css", "/css/print-extra.css", "/img/lazy.jpg", "/f/inter-cyrillic-400.woff2", "/f/inter-latin-400i.woff2", "/f/display.woff2"} {
		if h := hint(home, u); h != nil {
			t.Errorf("%s must not be hinted: %+v", u, h)
		}
	}
	// Fonts yield to the LCP image: low priority, not in Early Hints.
	f := hint(home, "/f/inter-latin-400.woff2")
	if f == nil || !f.HTML || f.Header || f.FetchPriority != "low" {
		t.Errorf("font on an image page: %+v", f)
	}
	if f != nil && (f.CrossOrigin != "anonymous" || f.Type != "font/woff2" || f.As != "font") {
		t.Errorf("font hint attributes: %+v", f)
	}
	if r := resource(home, "/f/inter-cyrillic-400.woff2"); r == nil || r.Needed || !strings.Contains(r.Why, "unicode-range") {
		t.Errorf("cyrillic subset: %+v", r)
	}

	text := page(t, res, "/text/index.html")
	if text.LCP == nil || text.LCP.Kind != "text" || text.LCP.Font != "/f/display.woff2" || !text.LCP.Blocking {
		t.Fatalf("text LCP = %+v", text.LCP)
	}
	if text.Hints[0].Priority != 0 {
		t.Errorf("blocking CSS must come first: %+v", text.Hints[0])
	}
	d := hint(text, "/f/display.woff2")
	if d == nil || d.Priority != 1 || !d.HTML || !d.Header || d.FetchPriority != "" {
		t.Errorf("LCP font hint = %+v", d)
	}
	// The page spells its references relatively, so its hints are relative too.
	if d != nil && d.Href != "../f/display.woff2" {
		t.Errorf("href = %q, want ../f/display.woff2", d.Href)
	}
	if hint(text, "/f/inter-latin-700.woff2") == nil {
		t.Errorf("h2 uses Inter 700: want a hint")
	}

	ru := page(t, res, "/ru/index.html")
	if hint(ru, "/f/inter-cyrillic-400.woff2") == nil {
		t.Errorf("Cyrillic text needs the cyrillic subset")
	}
	if hint(ru, "/f/inter-latin-400.woff2") == nil {
		t.Errorf("the comma is in the latin subset: want it hinted")
	}
}

func TestAnalyzeModules(t *testing.T) {
	files := map[string]string{
		"index.html": `<!doctype html><html><head><meta charset="utf-8">
<script type="module" crossorigin src="/assets/index.js"></script>
<script defer src="/assets/legacy.js"></script>
<link rel="modulepreload" href="/assets/already.js">
</head><body><h1>App</h1><p>Some text for the page.</p>
<script type="module">import { track } from "/assets/analytics.js"; track();</script></body></html>`,
		"assets/index.js":     `import "./vendor.js"; import "./already.js"; const r = () => import("./route.js"); new URL("./worker.js", import.meta.url); import "https://cdn.example/x.js"; import "react";`,
		"assets/vendor.js":    `import "./runtime.js"; export const v = 1;`,
		"assets/runtime.js":   `import "./utils.js";`,
		"assets/utils.js":     `import "./vendor.js"; export const u = 1;`,
		"assets/already.js":   `export const a = 1;`,
		"assets/route.js":     `export default 1;`,
		"assets/worker.js":    `self.onmessage = () => {};`,
		"assets/legacy.js":    `window.x = 1;`,
		"assets/analytics.js": `import "./beacon.js"; export function track() {}`,
		"assets/beacon.js":    `export const b = 1;`,
	}
	res := analyzeMap(t, files, preloadgen.Options{})
	pg := page(t, res, "/index.html")
	want := map[string]int{"/assets/vendor.js": 2, "/assets/runtime.js": 3, "/assets/utils.js": 4, "/assets/beacon.js": 2}
	for u, depth := range want {
		h := hint(pg, u)
		if h == nil || h.Rel != "modulepreload" || !h.HTML || h.Depth != depth {
			t.Errorf("%s: hint = %+v, want html modulepreload at depth %d", u, h, depth)
			continue
		}
		if u != "/assets/beacon.js" && h.CrossOrigin != "anonymous" {
			t.Errorf("%s: crossorigin not copied from the entry script: %+v", u, h)
		}
	}
	for _, u := range []string{"/assets/route.js", "/assets/worker.js", "/assets/legacy.js", "/assets/already.js", "/assets/index.js", "/assets/analytics.js"} {
		if h := hint(pg, u); h != nil && h.HTML {
			t.Errorf("%s must not get an HTML hint: %+v", u, h)
		}
	}
	if len(pg.External) != 1 || pg.External[0] != "https://cdn.example" {
		t.Errorf("external = %v", pg.External)
	}
	var notes string
	for _, n := range pg.Notes {
		notes += n.File + ": " + n.Message + "\n"
	}
	if !strings.Contains(notes, `bare specifier "react"`) {
		t.Errorf("bare specifier not reported: %s", notes)
	}
	// With -prefetch the dynamic chunk gets rel=prefetch, in the HTML only.
	res = analyzeMap(t, files, preloadgen.Options{Policy: graph.Policy{Prefetch: true}})
	pg = page(t, res, "/index.html")
	if h := hint(pg, "/assets/route.js"); h == nil || h.Rel != "prefetch" || !h.HTML || h.Header {
		t.Errorf("prefetch hint = %+v", h)
	}
}

func TestAnalyzeBudget(t *testing.T) {
	files := blogSite()
	res := analyzeMap(t, files, preloadgen.Options{Policy: graph.Policy{MaxPreloads: 1}})
	pg := page(t, res, "/text/index.html")
	var html int
	for _, h := range pg.Hints {
		if h.HTML && h.Priority > 1 {
			html++
		}
	}
	if html > 1 {
		t.Errorf("budget of 1 exceeded: %+v", pg.Hints)
	}
	// What the LCP needs is never cut by the budget.
	if hint(pg, "/f/display.woff2") == nil || hint(pg, "/css/fonts.css") == nil {
		t.Errorf("LCP needs were cut: %+v", pg.Hints)
	}
}

// TestAnalyzeBudgetCountsOwnPreloads: the page's own preloads share the budget with the
// tags a build adds (audit's hint-budget counts both), so together they stay within it.
func TestAnalyzeBudgetCountsOwnPreloads(t *testing.T) {
	for _, tc := range []struct {
		name string
		own  int // the page's own image preloads
		max  int
	}{{"none", 0, 6}, {"some", 2, 6}, {"one left", 5, 6}, {"full", 6, 6}, {"over", 8, 6}, {"tight", 1, 2}} {
		t.Run(tc.name, func(t *testing.T) {
			files := blogSite()
			var own strings.Builder
			for i := range tc.own {
				name := fmt.Sprintf("img/own-%d.jpg", i)
				files[name] = "j"
				fmt.Fprintf(&own, `<link rel="preload" href="/%s" as="image">`, name)
			}
			files["text/index.html"] = strings.Replace(files["text/index.html"], "</head>", own.String()+"</head>", 1)
			pg := page(t, analyzeMap(t, files, preloadgen.Options{Policy: graph.Policy{MaxPreloads: tc.max}}), "/text/index.html")
			var tags int
			for _, h := range pg.Hints {
				if h.HTML {
					tags++
				}
			}
			if tc.own == 0 {
				if tags == 0 {
					t.Fatalf("no tags at all: %+v", pg.Hints)
				}
				return
			}
			if want := max(tc.max-tc.own, 0); tc.own+tags > max(tc.max, tc.own) || tags > want {
				t.Errorf("%d own preloads and %d tags added, budget %d: %+v", tc.own, tags, tc.max, pg.Hints)
			}
			if tc.own < tc.max && tags == 0 {
				t.Errorf("room for %d tags, none added: %+v", tc.max-tc.own, pg.Hints)
			}
		})
	}
}

func TestAnalyzeSpellingsAndBase(t *testing.T) {
	files := map[string]string{
		"docs/page.html": `<!doctype html><head><base href="/docs/">
<link rel="stylesheet" href="./a.css"><link rel="stylesheet" href="a.css"></head><body><p>x</p></body>`,
		"docs/a.css": `@import "b.css"; @import "./b.css"; @import "/docs/b.css";`,
		"docs/b.css": `p { color: red }`,
	}
	res := analyzeMap(t, files, preloadgen.Options{})
	pg := page(t, res, "/docs/page.html")
	var n int
	for _, h := range pg.Hints {
		if h.URL == "/docs/b.css" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("want exactly one hint for /docs/b.css, got %d: %+v", n, pg.Hints)
	}
	if h := hint(pg, "/docs/b.css"); h == nil || h.Href != "./b.css" {
		t.Errorf("href relative to <base>: %+v", h)
	}
}

func TestAnalyzeBadInput(t *testing.T) {
	files := map[string]string{
		"index.html": "<!doctype html><head><link rel=stylesheet href=/a.css><link rel=stylesheet href=/gone.css>" +
			"<script type=module src=/m.js></script></head><body><p>\xff\xfe text</p>",
		"a.css": "@import 'b.css';\nh1 { color: red; ) }\n",
		"b.css": "p{}",
		"m.js":  "import './n.js';\nlet = ;\n",
		"n.js":  "export const n = 1;",
	}
	res := analyzeMap(t, files, preloadgen.Options{})
	var all []string
	for _, d := range res.Diagnostics {
		all = append(all, d.String())
	}
	joined := strings.Join(all, "\n")
	for _, want := range []string{"a.css:2:", "m.js:2:", "missing file /gone.css"} {
		if !strings.Contains(joined, want) {
			t.Errorf("diagnostics lack %q:\n%s", want, joined)
		}
	}
	pg := page(t, res, "/index.html")
	if hint(pg, "/b.css") == nil {
		t.Errorf("what precedes a CSS error must still be used: %+v", pg.Hints)
	}
	if hint(pg, "/gone.css") != nil {
		t.Errorf("a missing file must never be hinted")
	}
}

func TestAnalyzeFontFormatOrder(t *testing.T) {
	// The browser takes the first src it supports: a woff listed first is what it fetches.
	files := map[string]string{
		"index.html": `<!doctype html><head><style>@font-face{font-family:F;font-display:block;src:url(/f.woff) format("woff"),url(/f.woff2) format("woff2")} p{font-family:F}</style></head><body><p>Text of the page</p></body>`,
		"f.woff":     "x", "f.woff2": "x",
	}
	res := analyzeMap(t, files, preloadgen.Options{})
	pg := page(t, res, "/index.html")
	if h := hint(pg, "/f.woff"); h == nil || h.Type != "font/woff" {
		t.Errorf("want the woff hinted with its type: %+v", pg.Hints)
	}
	if hint(pg, "/f.woff2") != nil {
		t.Errorf("the woff2 is never fetched: must not be hinted")
	}
}

func TestAnalyzeSymlinkLoop(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte("<p>x</p>"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(dir, filepath.Join(dir, "loop")); err != nil {
		t.Skip("no symlinks:", err)
	}
	if err := os.Symlink(filepath.Join(dir, "index.html"), filepath.Join(dir, "link.html")); err != nil {
		t.Fatal(err)
	}
	res, err := preloadgen.Analyze(context.Background(), preloadgen.Options{Source: preloadgen.Source{Dir: dir}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Pages) != 1 {
		t.Errorf("pages = %d, want 1 (symlinks are not followed)", len(res.Pages))
	}
}

func TestAnalyzeExternalNeverPreloaded(t *testing.T) {
	files := map[string]string{
		"index.html": `<!doctype html><head><link rel=stylesheet href="https://fonts.example/css?family=X"><link rel=stylesheet href="//cdn.example/a.css"></head><body><img src="https://img.example/hero.jpg" width=1600 height=900></body>`,
	}
	pg := page(t, analyzeMap(t, files, preloadgen.Options{}), "/index.html")
	if len(pg.Hints) != 0 {
		t.Errorf("hints for other origins: %+v", pg.Hints)
	}
	if strings.Join(pg.External, " ") != "https://cdn.example https://fonts.example https://img.example" {
		t.Errorf("external = %v", pg.External)
	}
}

func TestAnalyzeYieldBudget(t *testing.T) {
	files := blogSite()
	files["f/inter-latin-400.woff2"] = strings.Repeat("x", 20000) // larger than one congestion window
	res := analyzeMap(t, files, preloadgen.Options{})
	pg := page(t, res, "/ru/index.html")
	if h := hint(pg, "/f/inter-latin-400.woff2"); h != nil {
		t.Errorf("a swap font the LCP does not wait for, over the yield budget, was hinted: %+v", h)
	}
	if r := resource(pg, "/f/inter-latin-400.woff2"); r == nil || !strings.Contains(r.Why, "budget for such hints") {
		t.Errorf("the reason is not reported: %+v", r)
	}
	if h := hint(pg, "/f/inter-cyrillic-400.woff2"); h == nil || h.FetchPriority != "low" {
		t.Errorf("the small subset fits and yields: %+v", h)
	}
	// A larger budget lets it in; the LCP's own needs never depend on it.
	res = analyzeMap(t, files, preloadgen.Options{Policy: graph.Policy{YieldBytes: 64 << 10}})
	if hint(page(t, res, "/ru/index.html"), "/f/inter-latin-400.woff2") == nil {
		t.Errorf("-yield-bytes 65536 should admit the 20 KB font")
	}
	files["f/display.woff2"] = strings.Repeat("x", 50000)
	res = analyzeMap(t, files, preloadgen.Options{})
	if h := hint(page(t, res, "/text/index.html"), "/f/display.woff2"); h == nil || !h.HTML {
		t.Errorf("the font the LCP text waits for must be hinted whatever its size: %+v", h)
	}
}

// An Analysis hands its pages on in path order, as Analyze lists them, with the same
// diagnostics; breaking out of the loop stops the run.
func TestAnalysisPagesInOrder(t *testing.T) {
	dir := filepath.Join("fixtures", "blog")
	whole, err := preloadgen.Analyze(context.Background(), preloadgen.Options{Source: preloadgen.Source{Dir: dir}})
	if err != nil {
		t.Fatal(err)
	}
	a, err := preloadgen.NewAnalysis(preloadgen.Options{Source: preloadgen.Source{Dir: dir}, Workers: 4}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for p, err := range a.Pages(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, p.Path)
		if len(p.HTML) == 0 {
			t.Errorf("%s: no bytes handed on", p.Path)
		}
	}
	var want []string
	for _, p := range whole.Pages {
		want = append(want, p.Path)
	}
	if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(a.Paths(), want) {
		t.Errorf("order %v (paths %v), want %v", got, a.Paths(), want)
	}
	if len(a.Diagnostics()) != 0 || len(whole.Diagnostics) != 0 {
		t.Errorf("diagnostics %v, want %v", a.Diagnostics(), whole.Diagnostics)
	}
	b, err := preloadgen.NewAnalysis(preloadgen.Options{Source: preloadgen.Source{Dir: dir}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for range b.Pages(context.Background()) {
		n++
		break
	}
	if n != 1 {
		t.Errorf("break: %d pages seen", n)
	}
	for p, err := range b.Pages(context.Background()) {
		if p != nil || err == nil {
			t.Errorf("a second run: %v, %v; want an error", p, err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	c, _ := preloadgen.NewAnalysis(preloadgen.Options{Source: preloadgen.Source{Dir: dir}}, nil)
	for p, err := range c.Pages(ctx) {
		if p != nil || !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled: %v, %v; want nil and context.Canceled", p, err)
		}
	}
}

// A build reports every page it analysed and writes them all into the manifest. (The
// analysis used to take hooks; with Options.Each set, Build returned no pages and wrote an
// empty manifest.)
func TestBuildReportsEveryPage(t *testing.T) {
	site := filepath.Join(t.TempDir(), "site")
	treecopy.Copy(t, filepath.Join("fixtures", "blog"), site)
	cfg := filepath.Join(t.TempDir(), "cfg")
	res, err := preloadgen.Build(context.Background(), preloadgen.BuildOptions{Options: preloadgen.Options{Source: preloadgen.Source{Dir: site}}, ConfigDir: cfg})
	if err != nil {
		t.Fatal(err)
	}
	pages, _, err := preloadgen.Pages(os.DirFS(site), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Pages) != len(pages) || len(res.Analysis.Pages) != len(pages) {
		t.Errorf("%d pages reported, %d analysed, %d in the site", len(res.Pages), len(res.Analysis.Pages), len(pages))
	}
	var manifest map[string]any
	b, err := os.ReadFile(filepath.Join(cfg, emit.ManifestFile))
	if err == nil {
		err = json.Unmarshal(b, &manifest)
	}
	if err != nil || len(manifest) == 0 {
		t.Errorf("manifest %s: %v", b, err)
	}
}

// The font budget holds for the LCP's own fonts: a headline in a script split into many
// unicode-range subsets used to get a preload for every subset it touches.
func TestAnalyzeLCPFontsWithinFontBudget(t *testing.T) {
	var css, text strings.Builder
	files := map[string]string{}
	for i := 0; i < 12; i++ {
		cp := 0x4E00 + i*0x100
		fmt.Fprintf(&css, "@font-face{font-family:Noto;font-weight:700;font-display:block;src:url(/f/noto-%d.woff2) format(woff2);unicode-range:U+%X-%X}\n", i, cp, cp+0xFF)
		files[fmt.Sprintf("f/noto-%d.woff2", i)] = strings.Repeat("f", 30000)
		text.WriteRune(rune(cp + 1))
		text.WriteRune(rune(cp + 2))
	}
	files["css/fonts.css"] = css.String()
	files["css/main.css"] = `@import "fonts.css"; h1{font-family:Noto;font-weight:700;font-size:48px}`
	files["index.html"] = `<!doctype html><html><head><meta charset="utf-8"><title>t</title>
<link rel="stylesheet" href="/css/main.css"></head><body><h1>` + strings.Repeat(text.String(), 3) + `</h1><p>x</p></body></html>`
	for _, max := range []int{0, 3, 5} {
		o := preloadgen.Options{Policy: graph.Policy{MaxFonts: max}}
		want := max
		if max == 0 {
			want = 3 // the default
		}
		pg := page(t, analyzeMap(t, files, o), "/index.html")
		if pg.LCP == nil || pg.LCP.Kind != "text" {
			t.Fatalf("LCP = %+v, want the headline", pg.LCP)
		}
		n := 0
		for _, h := range pg.Hints {
			if h.As == "font" {
				n++
			}
		}
		if n != want {
			t.Errorf("MaxFonts %d: %d font hints, want %d", max, n, want)
		}
	}
	if pg := page(t, analyzeMap(t, files, preloadgen.Options{Policy: graph.Policy{MaxFonts: -1}}), "/index.html"); len(pg.Hints) > 0 {
		for _, h := range pg.Hints {
			if h.As == "font" {
				t.Errorf("MaxFonts -1 (none): font hint %s", h.URL)
			}
		}
	}
}

// TestAnalyzeSaving: the saving of a page's tags is in milliseconds on the Early Hints'
// link model: a 3-deep @import chain of small files saves two round trips on either link,
// and behind 400 KB of parser-blocking head scripts it is hidden on the slow link (the
// first paint waits for their bytes) and smaller on the fast one.
func TestAnalyzeSaving(t *testing.T) {
	rtt := graph.DefaultPolicy().EarlyRTT.Milliseconds()
	for _, tc := range []struct {
		name        string
		script      int // bytes of a blocking head script, 0 for none
		slowMin     int64
		slowMax     int64
		fastMin     int64
		fastMax     int64
		bound       bool
		scriptBytes int64
	}{
		{"chain only", 0, 2 * rtt, 2*rtt + 20, 2 * rtt, 2*rtt + 5, false, 0},
		{"behind scripts", 400_000, 0, 0, 0, 2 * rtt, true, 400_000},
		{"small script", 2_000, 2*rtt - 15, 2 * rtt, 2*rtt - 5, 2 * rtt, false, 2_000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{
				"a.css": `@import "b.css"; p{color:red}`,
				"b.css": `@import "c.css";`,
				"c.css": `h1{color:blue}`,
				"index.html": `<!doctype html><html><head><title>T</title><link rel="stylesheet" href="/a.css">` +
					map[bool]string{true: `<script src="/s.js"></script>`, false: ""}[tc.script > 0] +
					`</head><body><h1>Hello</h1><p>Text.</p></body></html>`,
			}
			if tc.script > 0 {
				files["s.js"] = strings.Repeat("x", tc.script)
			}
			pg := page(t, analyzeMap(t, files, preloadgen.Options{}), "/index.html")
			s := pg.Saving
			if s.SlowMS < tc.slowMin || s.SlowMS > tc.slowMax || s.FastMS < tc.fastMin || s.FastMS > tc.fastMax {
				t.Errorf("saving %+v: want slow %d..%d ms, fast %d..%d ms", s, tc.slowMin, tc.slowMax, tc.fastMin, tc.fastMax)
			}
			if s.ChainMS != 2*rtt {
				t.Errorf("chain saving %d ms, want %d (two round trips)", s.ChainMS, 2*rtt)
			}
			if s.Bound != tc.bound || s.ScriptBytes != tc.scriptBytes {
				t.Errorf("saving %+v: want bytes-bound %v, %d script bytes", s, tc.bound, tc.scriptBytes)
			}
		})
	}
}
