package verify

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/preloadgen/preloadgen"
	"github.com/preloadgen/preloadgen/internal/testenv"
)

// One browser serves every test of the package; each site gets its run once.
var (
	shared struct {
		sync.Mutex
		b    *chrome
		err  error
		runs map[string]*Result
	}
)

func TestMain(m *testing.M) {
	code := m.Run()
	if shared.b != nil {
		shared.b.close()
	}
	os.Exit(code)
}

// needChrome returns Chromium's path, skipping the test when it is missing (failing under CI).
func needChrome(t *testing.T) string {
	t.Helper()
	p, err := FindChrome(os.Getenv("PRELOADGEN_CHROME"))
	if err != nil {
		testenv.Missing(t, "%v", err)
	}
	// The floors and verdicts below were measured with the Liberation fonts drawing the
	// generic families (fonts.go); DejaVu's wider letters move the near ties.
	if !HaveLiberation() {
		testenv.Missing(t, "the Liberation fonts are not installed (Debian: fonts-liberation2)")
	}
	return p
}

// verifySite returns the run over dir, made once with the shared browser.
func verifySite(t *testing.T, dir string) *Result {
	t.Helper()
	return verifyWith(t, Options{Dir: dir})
}

// verifyWith runs o with the shared browser, once per directory.
func verifyWith(t *testing.T, o Options) *Result {
	t.Helper()
	return verifyRun(t, o, false)
}

// verifyRun is verifyWith; again runs the directory anew even when it ran before.
func verifyRun(t *testing.T, o Options, again bool) *Result {
	t.Helper()
	dir := o.Dir
	chromePath := needChrome(t)
	shared.Lock()
	defer shared.Unlock()
	if r := shared.runs[dir]; r != nil && !again {
		return r
	}
	if shared.b == nil && shared.err == nil {
		shared.b, shared.err = startBrowser(context.Background(), chromePath)
	}
	if shared.err != nil {
		t.Fatal(shared.err)
	}
	// A site's loads take a minute on an idle machine; a busy one (load averages of 50 on
	// two cores, other test suites and measure runs) has taken over five.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	o.Tabs = 3
	r, err := run(ctx, shared.b, o)
	if err != nil {
		t.Fatal(err)
	}
	if shared.runs == nil {
		shared.runs = map[string]*Result{}
	}
	shared.runs[dir] = r
	return r
}

func describeCheck(c Check) string {
	return fmt.Sprintf("%s %s: %s\n  browser: %s\n  guess:   %s %s", c.Page, c.Viewport, c.Verdict, c.Browser, DescribeGuess(c.Guess), c.Error)
}

// TestFixtures holds the verdicts measured on the fixture sites (Chromium 156) as the
// baseline. A check listed here must keep its verdict or get a better one; a check not
// listed must be "same element".
func TestFixtures(t *testing.T) {
	rank := map[Verdict]int{SameElement: 4, Ancestor: 3, SameKind: 2, DifferentKind: 1, NoLCP: 0}
	known := map[string]Verdict{
		// The second paragraph is longer than the first, the first has the longer lines:
		// the two are within a few percent of each other, and Chromium's answer varies
		// between loads (the Inter faces swap in at another moment).
		"blog /about/index.html phone":   SameKind,
		"blog /about/index.html desktop": SameKind,
		// The intro paragraph and a post's summary paragraph (inside the <li> guessed)
		// are within a few percent of each other on both screens.
		"blog /posts/index.html phone":   SameKind,
		"blog /posts/index.html desktop": SameKind,
		// The article's first paragraphs are within a few percent of each other; Chromium
		// reports one or the other from load to load (seen on a phone in a CI run).
		"blog /posts/russian-notes/index.html phone":   SameKind,
		"blog /posts/russian-notes/index.html desktop": SameKind,
		// On a phone the article's first paragraph paints about as much as the headline,
		// set in its display cut, that wraps to three lines.
		"blog /posts/typography/index.html phone": SameKind,
		// On a desktop Chromium's answer varies with the machine's load: the display-cut
		// headline when idle, the first paragraph when busy (the headline's first paint then
		// comes at another moment of its font's load).
		"blog /posts/typography/index.html desktop": SameKind,
	}
	// Checks where Chromium reports one of two elements, as a web font is or is not ready
	// at the first paint (a race of the font's decoding with the first frame, which the
	// machine's load decides). When it reports the element named here, the check is
	// logged, not held; when it reports the other, the check is held as above.
	races := map[string]string{
		// The lede set in Inter wraps to three lines and paints 42,228 px², more than the
		// header band's 33,600 (its 600x56 tile stretched across 1350 px); set in the
		// fallback it wraps to two and paints 25,912, and the band is the LCP. Chromium
		// reports the first paint's size only. Inter was ready at the first paint in 2 of
		// 14 loads at 50x CPU throttling, in none of 6 on an idle machine.
		"app /settings/index.html desktop": "html>body>main:nth-of-type(1)>p:nth-of-type(1)",
	}
	for _, site := range []string{"blog", "gallery", "app"} {
		t.Run(site, func(t *testing.T) {
			r := verifySite(t, filepath.Join("..", "fixtures", site))
			if len(r.Checks) == 0 {
				t.Fatal("no checks")
			}
			for _, c := range r.Checks {
				t.Log(describeCheck(c))
				if c.Error != "" {
					t.Errorf("%s %s: %s", c.Page, c.Viewport, c.Error)
					continue
				}
				key := site + " " + c.Page + " " + c.Viewport
				if alt, ok := races[key]; ok && c.Browser != nil && c.Browser.Path == alt {
					t.Logf("%s: Chromium reported the race's other element; not held", key)
					continue
				}
				want, ok := known[key]
				if !ok {
					want = SameElement
				}
				if rank[c.Verdict] < rank[want] {
					t.Errorf("%s %s %s: %s, want %s or better", site, c.Page, c.Viewport, c.Verdict, want)
				}
				if c.Browser != nil && c.Browser.Kind != "text" && want == SameElement && !c.ImageRight {
					t.Errorf("%s %s %s: image not right", site, c.Page, c.Viewport)
				}
			}
		})
	}
}

// TestBasePath: a site built for a URL prefix is served under it, and the URLs Chromium
// reports are compared as site paths.
func TestBasePath(t *testing.T) {
	dir := t.TempDir()
	var buf bytes.Buffer
	im := image.NewRGBA(image.Rect(0, 0, 600, 400))
	for i := range im.Pix {
		im.Pix[i] = byte(i * 7)
	}
	if err := png.Encode(&buf, im); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "img"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "img", "hero.png"), buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	page := `<!doctype html><meta name="viewport" content="width=device-width"><title>t</title>
<h1>Docs</h1><img src="/docs/img/hero.png" width="600" height="400" style="width:100%;height:auto"><p>Text.</p>`
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	r := verifyWith(t, Options{Dir: dir, Analysis: preloadgen.Options{Source: preloadgen.Source{BasePath: "/docs/"}}})
	for _, c := range r.Checks {
		if c.Error != "" || c.Browser == nil || c.Browser.URL != "/img/hero.png" || !c.ImageRight || c.Verdict != SameElement {
			t.Errorf("%s", describeCheck(c))
		}
	}
}

// agreementTable writes the table: site x viewport.
func agreementTable(names []string, results map[string]*Result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-18s %-8s %5s  %-14s %-14s %-14s\n", "SITE", "VIEWPORT", "PAGES", "IMAGE RIGHT", "TEXT AS TEXT", "SAME ELEMENT")
	for _, n := range names {
		for _, s := range results[n].Summary {
			fmt.Fprintf(&b, "%-18s %-8s %5d  %-14s %-14s %-14s\n", n, s.Viewport, s.Pages,
				Fraction(s.ImageRight, s.Images), Fraction(s.TextAsText, s.Texts), Fraction(s.SameElement, s.Pages))
		}
	}
	return b.String()
}

// TestCorpusAgreement prints the agreement table for every generator's site under
// corpus/site/* (and the fixtures) and holds each generator to the agreement measured so
// far, so it can only improve. The targets are at least 95% image right, 95% text as text
// and 85% same element (same element or nearest ancestor).
func TestCorpusAgreement(t *testing.T) {
	// Floors measured with Chromium 156, over both viewports: image right, text as text,
	// same element, in percent. A generator not listed is held to 0 (it is new: measure
	// it and add it).
	floors := map[string][3]float64{
		// The corpus sites change as the corpus grows: re-measure when they do. The
		// floors are what the guess of this commit measured (Chromium 156, the Liberation
		// fonts for the generic families), a few points lower where Chromium's own answer
		// varies between loads.
		// astro varies between runs (phone: hero image against the first paragraph,
		// within 2 % of each other, with the web font in or not at first paint).
		"astro":            {88, 50, 83},
		"docusaurus":       {100, 100, 81},
		"nextjs":           {100, 100, 100},
		"nuxt":             {50, 0, 25}, // the 404 and SPA fallback pages are rendered by scripts; the home page's LCP is a data: SVG or a paragraph, from load to load
		"eleventy":         {100, 100, 91},
		"fixtures/app":     {100, 100, 100},
		"fixtures/blog":    {100, 100, 57}, // paragraphs within a few percent of each other, decided differently from load to load
		"fixtures/gallery": {100, 100, 100},
		"hugo":             {100, 100, 100},
		"jekyll":           {100, 100, 80}, // the welcome post: two paragraphs within 3 % of each other
		"mkdocs":           {100, 100, 100},
		"sphinx":           {100, 100, 80},
		"sveltekit":        {100, 100, 100},
		"vitepress":        {100, 66, 75}, // the 404 page is rendered by scripts
	}
	sites := map[string]string{}
	for _, f := range []string{"app", "blog", "gallery"} {
		sites["fixtures/"+f] = filepath.Join("..", "fixtures", f)
	}
	dirs, _ := filepath.Glob(filepath.Join("..", "corpus", "site", "*"))
	for _, d := range dirs {
		if st, err := os.Stat(d); err == nil && st.IsDir() {
			sites[filepath.Base(d)] = d
		}
	}
	var names []string
	for n := range sites {
		names = append(names, n)
	}
	sort.Strings(names)
	results := map[string]*Result{}
	for _, n := range names {
		results[n] = verifySite(t, sites[n])
	}
	t.Log("\n" + agreementTable(names, results))
	for _, n := range names {
		var dis []string
		for _, c := range results[n].Disagreements() {
			dis = append(dis, describeCheck(c))
		}
		if len(dis) > 0 {
			t.Logf("%s disagreements:\n%s", n, strings.Join(dis, "\n"))
		}
		// Chromium's own answer varies from load to load (a web font or a background image
		// in or not at a paint; late frames on a busy machine): a site below its floor is
		// loaded again, up to twice, and judged by its best run.
		var miss []string
		for try := 0; ; try++ {
			miss = belowFloor(n, results[n], floors[n])
			if len(miss) == 0 || try == 2 {
				break
			}
			t.Logf("%s: %s; loading it again", n, strings.Join(miss, ", "))
			results[n] = verifyRun(t, Options{Dir: sites[n]}, true)
		}
		for _, m := range miss {
			t.Errorf("%s: %s", n, m)
		}
	}
}

// belowFloor lists the ratios of r (over both viewports) under floor.
func belowFloor(site string, r *Result, floor [3]float64) []string {
	all := r.Summary[len(r.Summary)-1]
	ir, tt, se := all.Ratios()
	var out []string
	for i, got := range []float64{ir, tt, se} {
		if 100*got+0.5 < floor[i] {
			out = append(out, fmt.Sprintf("%s %.0f%%, below the %.0f%% measured before", []string{"image right", "text as text", "same element"}[i], 100*got, floor[i]))
		}
	}
	return out
}
